// Classified protection 2.0 (等保 2.0): one entry point for the module's services, built once in services.ts.
import {
  gradingAspectGuidance,
  gradingMatrix,
  harmDegreeGuidance,
  harmDegrees,
  harmedObjectGuidance,
  harmedObjects,
  securityLevelGuidance,
} from '@wangan/rules/grading'
import type { Clock } from '../../clock'
import type { Database } from '../../db/client'
import type { AuditService } from '../audit/audit.service'
import type { FilesService } from '../files/files.service'
import { DengbaoAssessmentsService } from './dengbao-assessments.service'
import { DengbaoDeadlinesService } from './dengbao-deadlines.service'
import { DengbaoExpertsService } from './dengbao-experts.service'
import { DengbaoGradingService } from './dengbao-grading.service'
import { DengbaoSystemsService } from './dengbao-systems.service'
import { DengbaoTransferService } from './dengbao-transfer.service'

export class DengbaoService {
  readonly deadlines: DengbaoDeadlinesService
  readonly systems: DengbaoSystemsService
  readonly grading: DengbaoGradingService
  readonly assessments: DengbaoAssessmentsService
  readonly transfer: DengbaoTransferService
  readonly experts: DengbaoExpertsService

  constructor(deps: { database: Database; clock: Clock; audit: AuditService; files: FilesService }) {
    this.deadlines = new DengbaoDeadlinesService(deps)
    this.systems = new DengbaoSystemsService({ ...deps, deadlines: this.deadlines })
    const shared = { ...deps, deadlines: this.deadlines, systems: this.systems }
    this.grading = new DengbaoGradingService(shared)
    this.assessments = new DengbaoAssessmentsService(shared)
    this.transfer = new DengbaoTransferService(shared)
    this.experts = new DengbaoExpertsService(deps)
  }

  /** The grading wizard's texts (GB/T 22240-2020, paraphrased: see docs/interpretations/compliance.md). */
  guidance() {
    return {
      objects: harmedObjects.map((id) => ({ id, ...harmedObjectGuidance[id] })),
      degrees: harmDegrees.map((id) => ({ id, ...harmDegreeGuidance[id] })),
      levels: ([1, 2, 3, 4, 5] as const).map((level) => ({ level, ...securityLevelGuidance[level] })),
      aspects: (['business', 'service'] as const).map((id) => ({ id, ...gradingAspectGuidance[id] })),
      matrix: gradingMatrix,
      notice:
        '以上说明为 GB/T 22240-2020 相关定义的简要转述，以标准原文为准 (condensed readings of the standard; the standard wins)',
    }
  }
}
