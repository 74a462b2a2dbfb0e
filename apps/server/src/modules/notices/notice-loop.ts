// The official loop (issue 5) in one place for the composition root: deliveries, notices, rectification, appeals
// and re-tests, their routes and their jobs — so services.ts, http/routes.ts and jobs/registry.ts each take one line.
import type { Clock } from '../../clock'
import type { Config } from '../../config'
import type { Database } from '../../db/client'
import type { WanganApp } from '../../http/app'
import type { JobDefinition, JobQueue } from '../../jobs/job-queue'
import type { Secrets } from '../../secrets'
import type { Services } from '../../services'
import { registerAppealRoutes } from '../appeals/appeals.routes'
import { AppealsService } from '../appeals/appeals.service'
import type { AuditService } from '../audit/audit.service'
import { registerDeliveryRoutes } from '../delivery/delivery.routes'
import { DeliveryService } from '../delivery/delivery.service'
import type { FilesService } from '../files/files.service'
import type { FindingsService } from '../findings/findings.service'
import { registerRectificationRoutes } from '../rectification/rectification.routes'
import { RectificationService } from '../rectification/rectification.service'
import { registerRetestRoutes } from '../retests/retests.routes'
import { RetestsService } from '../retests/retests.service'
import { registerNoticeRoutes } from './notices.routes'
import { NoticesService } from './notices.service'

export type NoticeLoopServices = {
  delivery: DeliveryService
  notices: NoticesService
  rectification: RectificationService
  appeals: AppealsService
  retests: RetestsService
}

export function createNoticeLoopServices(deps: {
  database: Database
  clock: Clock
  config: Config
  secrets: Secrets
  jobs: JobQueue
  audit: AuditService
  files: FilesService
  findings: FindingsService
}): NoticeLoopServices {
  const delivery = new DeliveryService(deps)
  const notices = new NoticesService({ ...deps, delivery })
  return {
    delivery,
    notices,
    rectification: new RectificationService({ ...deps, notices }),
    appeals: new AppealsService({ ...deps, notices }),
    retests: new RetestsService({ ...deps, notices }),
  }
}

export function registerNoticeLoopRoutes(app: WanganApp, services: Services): void {
  registerDeliveryRoutes(app, services)
  registerNoticeRoutes(app, services)
  registerRectificationRoutes(app, services)
  registerAppealRoutes(app, services)
  registerRetestRoutes(app, services)
}

export function noticeLoopJobs(services: Services): JobDefinition[] {
  return [services.delivery.dispatchJob, services.notices.escalationJob] as JobDefinition[]
}
