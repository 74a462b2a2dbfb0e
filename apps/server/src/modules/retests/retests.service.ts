// 复测: the retesters' queue of submitted rectifications, each with the report, the shell paths confirmed removed and
// the tester's original evidence; a verdict `fixed` closes the finding (fix time = the report's time, SPEC §3),
// `not_fixed` returns it with a reason, counts one more not-fixed re-test (yixing-2021 deducts for each) and tells
// the organisation again.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm'
import type { Clock } from '../../clock'
import type { RequestContext } from '../../context'
import type { Database } from '../../db/client'
import {
  campaigns,
  files,
  findings,
  noticeFindings,
  notices,
  noticeUploads,
  organisations,
  rectificationReports,
  retests,
} from '../../db/schema'
import { AppError, notFound, validationFailed } from '../../http/errors'
import type { AuditService } from '../audit/audit.service'
import { requireActor } from '../auth/auth.service'
import { visibleFindingsCondition } from '../campaigns/campaign-scope'
import type { FindingsService } from '../findings/findings.service'
import type { TNoticeDetail, TRetestRequest } from '../notices/notices.schemas'
import type { NoticesService } from '../notices/notices.service'

export class RetestsService {
  constructor(
    private readonly deps: {
      database: Database
      clock: Clock
      audit: AuditService
      findings: FindingsService
      notices: NoticesService
    },
  ) {}

  async queue(
    ctx: RequestContext,
    query: { campaignId?: string | undefined; page: number; pageSize: number },
  ) {
    const actor = requireActor(ctx)
    const db = this.deps.database.db
    const where = and(
      eq(findings.status, 'rectification_submitted'),
      visibleFindingsCondition(actor),
      query.campaignId ? eq(findings.campaignId, query.campaignId) : undefined,
    )
    const [rows, [total]] = await Promise.all([
      db
        .select({
          finding: findings,
          link: noticeFindings,
          notice: notices,
          organisationName: organisations.name,
          campaignName: campaigns.name,
        })
        .from(findings)
        .innerJoin(noticeFindings, eq(noticeFindings.findingId, findings.id))
        .innerJoin(notices, eq(notices.id, noticeFindings.noticeId))
        .innerJoin(organisations, eq(organisations.id, notices.organisationId))
        .innerJoin(campaigns, eq(campaigns.id, findings.campaignId))
        .where(where)
        .orderBy(asc(findings.rectificationSubmittedAt), asc(findings.id))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
      db
        .select({ n: sql<number>`count(*)::int` })
        .from(findings)
        .innerJoin(noticeFindings, eq(noticeFindings.findingId, findings.id))
        .where(where),
    ])
    const findingIds = rows.map((r) => r.finding.id)
    const noticeIds = [...new Set(rows.map((r) => r.notice.id))]
    const [reports, evidence, previous, uploads] = await Promise.all([
      noticeIds.length
        ? db
            .select()
            .from(rectificationReports)
            .where(inArray(rectificationReports.noticeId, noticeIds))
            .orderBy(desc(rectificationReports.submittedAt))
        : [],
      this.deps.notices.evidenceOf(db, findingIds),
      findingIds.length
        ? db
            .select()
            .from(retests)
            .where(inArray(retests.findingId, findingIds))
            .orderBy(asc(retests.createdAt))
        : [],
      noticeIds.length
        ? db
            .select({ noticeId: noticeUploads.noticeId, file: files })
            .from(noticeUploads)
            .innerJoin(files, eq(files.id, noticeUploads.fileId))
            .where(inArray(noticeUploads.noticeId, noticeIds))
        : [],
    ])
    const items = rows.flatMap(({ finding, link, notice, organisationName, campaignName }) => {
      const report = reports.find((r) => r.noticeId === notice.id && r.findingIds.includes(finding.id))
      if (!report) return []
      return [
        {
          findingId: finding.id,
          findingTitle: link.snapshot.title,
          kind: finding.kind,
          severity: finding.severity,
          target: finding.target,
          webshellPaths: finding.webshellPaths,
          version: finding.version,
          organisationName,
          campaignName,
          noticeId: notice.id,
          documentNumber: notice.documentNumber,
          notifiedAt: finding.notifiedAt?.toISOString() ?? null,
          rectificationSubmittedAt: finding.rectificationSubmittedAt?.toISOString() ?? null,
          notFixedRetests: finding.notFixedRetests,
          report: {
            id: report.id,
            submittedAt: report.submittedAt.toISOString(),
            submittedByName: report.submittedByName,
            summaryMd: report.summaryMd,
            removedWebshellPaths: report.removedWebshellPaths,
            findingIds: report.findingIds,
            files: report.fileIds.flatMap((fid) => {
              const f = uploads.find((u) => u.noticeId === notice.id && u.file.id === fid)?.file
              return f
                ? [
                    {
                      id: f.id,
                      originalName: f.originalName,
                      mediaType: f.mediaType,
                      size: Number(f.size),
                      createdAt: f.createdAt.toISOString(),
                    },
                  ]
                : []
            }),
          },
          evidence: evidence
            .filter((e) => e.findingId === finding.id)
            .map((e) => ({
              id: e.id,
              originalName: e.originalName,
              mediaType: e.mediaType,
              size: Number(e.size),
            })),
          previousRetests: previous
            .filter((p) => p.findingId === finding.id)
            .map((p) => ({
              id: p.id,
              findingId: p.findingId,
              reportId: p.reportId,
              result: p.result,
              reason: p.reason,
              retesterName: p.retesterName,
              createdAt: p.createdAt.toISOString(),
            })),
        },
      ]
    })
    return { items, total: Number(total?.n ?? 0), page: query.page, pageSize: query.pageSize }
  }

  async record(ctx: RequestContext, input: TRetestRequest): Promise<TNoticeDetail> {
    const actor = requireActor(ctx)
    const reason = input.reason?.trim() ?? ''
    if (input.result === 'not_fixed' && !reason)
      throw validationFailed([
        { path: 'body.reason', message: '复测未通过须填写理由 (a reason is required)' },
      ])
    const noticeId = await this.deps.database.db.transaction(async (tx) => {
      const [visible] = await tx
        .select({ id: findings.id })
        .from(findings)
        .where(and(eq(findings.id, input.findingId), visibleFindingsCondition(actor)))
      if (!visible) throw notFound('问题 finding ')
      const { notice, link } = await this.deps.notices.noticeOfFinding(tx, input.findingId)
      const [report] = await tx
        .select()
        .from(rectificationReports)
        .where(
          and(
            eq(rectificationReports.noticeId, notice.id),
            sql`${input.findingId}::uuid = any(${rectificationReports.findingIds})`,
          ),
        )
        .orderBy(desc(rectificationReports.submittedAt))
        .limit(1)
      if (!report)
        throw new AppError('CONFLICT', '该问题没有整改报告 (no rectification report for this finding)')
      // The workflow checks the state (rectification_submitted), the role, the region and the version.
      const result = await this.deps.findings.transition(
        ctx,
        input.findingId,
        input.result === 'fixed' ? 'retest_fixed' : 'retest_not_fixed',
        input.result === 'fixed' ? (reason ? { note: reason } : {}) : { reason },
        { tx, version: input.version },
      )
      await tx.insert(retests).values({
        findingId: input.findingId,
        noticeId: notice.id,
        reportId: report.id,
        result: input.result,
        reason: reason || null,
        retesterId: actor.userId,
        retesterName: actor.displayName,
        createdAt: this.deps.clock.now(),
      })
      if (input.result === 'not_fixed') {
        const [after] = await tx
          .select({ n: findings.notFixedRetests })
          .from(findings)
          .where(eq(findings.id, input.findingId))
        await this.deps.notices.notifyOrganisation(tx, {
          noticeId: notice.id,
          kind: 'finding_returned',
          eventKey: `returned:${input.findingId}:${after?.n ?? 0}`,
          extra: { finding: link.snapshot.title, reason },
          email: true,
        })
      }
      await this.deps.audit.record(tx, ctx, {
        action: 'retest.recorded',
        objectType: 'finding',
        objectId: input.findingId,
        summary: { noticeId: notice.id, reportId: report.id, result: input.result, status: result.status },
      })
      return notice.id
    })
    return this.deps.notices.get(ctx, noticeId)
  }
}
