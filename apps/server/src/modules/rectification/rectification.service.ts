// 整改报告: the organisation's liaison reports what was done — for the whole notice or some of its findings — with the
// shell-script paths removed and attachments (a stamped, scanned PDF is fine). The findings move to
// `rectification_submitted` through the findings workflow; the report's time is what a later `fixed` re-test makes the
// fix time (SPEC §3).
import type { Clock } from '../../clock'
import type { RequestContext } from '../../context'
import type { Database } from '../../db/client'
import { rectificationReports } from '../../db/schema'
import { AppError, validationFailed } from '../../http/errors'
import type { AuditService } from '../audit/audit.service'
import { requireActor } from '../auth/auth.service'
import type { FindingsService } from '../findings/findings.service'
import type { TNoticeDetail, TRectificationRequest } from '../notices/notices.schemas'
import type { NoticesService } from '../notices/notices.service'

const AWAITING = ['notified', 'returned'] as const

export class RectificationService {
  constructor(
    private readonly deps: {
      database: Database
      clock: Clock
      audit: AuditService
      findings: FindingsService
      notices: NoticesService
    },
  ) {}

  async submit(ctx: RequestContext, noticeId: string, input: TRectificationRequest): Promise<TNoticeDetail> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const { notice } = await this.deps.notices.loadVisible(tx, actor, noticeId, true)
      this.deps.notices.assertOrganisationActor(actor)
      const rows = await this.deps.notices.findingsOf(tx, noticeId)
      const awaiting = rows.filter((r) => (AWAITING as readonly string[]).includes(r.finding.status))
      let covered = awaiting
      if (input.findingIds) {
        const ids = [...new Set(input.findingIds)]
        const problems = ids.flatMap((id, i) => {
          const row = rows.find((r) => r.finding.id === id)
          if (!row)
            return [
              { path: `body.findingIds.${i}`, message: '不是本通报中的问题 (not a finding of this notice)' },
            ]
          return []
        })
        if (problems.length) throw validationFailed(problems)
        covered = ids.map((id) => rows.find((r) => r.finding.id === id)!)
      }
      if (!covered.length)
        throw new AppError('CONFLICT', '本通报没有待整改的问题 (nothing in this notice awaits rectification)')
      // Seed 001: the shell scripts named in the notice must be removed — each one is confirmed in the report.
      const required = [...new Set(covered.flatMap((r) => r.finding.webshellPaths))]
      const removed = [...new Set(input.removedWebshellPaths)]
      const missing = required.filter((p) => !removed.includes(p))
      const unknown = removed.filter((p) => !required.includes(p))
      const problems = [
        ...missing.map((p) => ({
          path: 'body.removedWebshellPaths',
          message: `须确认已删除 ${p} (confirm that ${p} was removed)`,
        })),
        ...unknown.map((p) => ({
          path: 'body.removedWebshellPaths',
          message: `通报未列出此路径：${p} (the notice does not list ${p})`,
        })),
      ]
      if (problems.length) throw validationFailed(problems)
      await this.deps.notices.assertUploads(tx, noticeId, input.fileIds, 'body.fileIds')
      const now = this.deps.clock.now()
      const [report] = await tx
        .insert(rectificationReports)
        .values({
          noticeId,
          submittedBy: actor.userId,
          submittedByName: actor.displayName,
          submittedAt: now,
          summaryMd: input.summaryMd,
          removedWebshellPaths: removed,
          findingIds: covered.map((r) => r.finding.id),
          fileIds: [...new Set(input.fileIds)],
        })
        .returning({ id: rectificationReports.id })
      // The workflow refuses a finding that is not awaiting rectification (ILLEGAL_TRANSITION naming its state).
      for (const r of covered)
        await this.deps.findings.transition(
          ctx,
          r.finding.id,
          'submit_rectification',
          { submittedAt: now, reportId: report!.id },
          { tx },
        )
      await this.deps.audit.record(tx, ctx, {
        action: 'rectification.submitted',
        objectType: 'notice',
        objectId: noticeId,
        summary: {
          documentNumber: notice.documentNumber,
          reportId: report!.id,
          findingIds: covered.map((r) => r.finding.id),
          removedWebshellPaths: removed.length,
          files: input.fileIds.length,
        },
      })
    })
    return this.deps.notices.get(ctx, noticeId)
  }
}
