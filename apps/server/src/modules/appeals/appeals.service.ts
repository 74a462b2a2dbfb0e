// 申诉: the organisation contests a notified finding (not its asset, a false positive) with a reason and attachments;
// a reviewer of the campaign's region upholds the finding or withdraws it — a withdrawn finding leaves every score —
// and the decision is sent to the organisation like any other message of the notice.
import { and, desc, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm'
import type { Clock } from '../../clock'
import type { RequestContext } from '../../context'
import type { Database } from '../../db/client'
import { appeals, files, findings, notices, noticeFindings, organisations } from '../../db/schema'
import { conflict, notFound, validationFailed } from '../../http/errors'
import type { AuditService } from '../audit/audit.service'
import { requireActor } from '../auth/auth.service'
import type { FindingsService } from '../findings/findings.service'
import { visibleNoticesCondition } from '../notices/notice-scope'
import type {
  TAppealDecisionRequest,
  TAppealRequest,
  TAppealView,
  TNoticeDetail,
} from '../notices/notices.schemas'
import type { NoticesService } from '../notices/notices.service'

export class AppealsService {
  constructor(
    private readonly deps: {
      database: Database
      clock: Clock
      audit: AuditService
      findings: FindingsService
      notices: NoticesService
    },
  ) {}

  async submit(ctx: RequestContext, noticeId: string, input: TAppealRequest): Promise<TNoticeDetail> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const { notice } = await this.deps.notices.loadVisible(tx, actor, noticeId, true)
      this.deps.notices.assertOrganisationActor(actor)
      const [link] = await tx
        .select()
        .from(noticeFindings)
        .where(and(eq(noticeFindings.noticeId, noticeId), eq(noticeFindings.findingId, input.findingId)))
      if (!link)
        throw validationFailed([
          { path: 'body.findingId', message: '不是本通报中的问题 (not a finding of this notice)' },
        ])
      await this.deps.notices.assertUploads(tx, noticeId, input.fileIds, 'body.fileIds')
      const now = this.deps.clock.now()
      // The workflow allows one appeal, on a notified or returned finding (ILLEGAL_TRANSITION otherwise).
      await this.deps.findings.transition(
        ctx,
        input.findingId,
        'appeal',
        { reason: input.reason, ground: input.ground },
        { tx },
      )
      const [appeal] = await tx
        .insert(appeals)
        .values({
          noticeId,
          findingId: input.findingId,
          ground: input.ground,
          reason: input.reason,
          fileIds: [...new Set(input.fileIds)],
          submittedBy: actor.userId,
          submittedByName: actor.displayName,
          submittedAt: now,
        })
        .returning({ id: appeals.id })
      await this.deps.audit.record(tx, ctx, {
        action: 'appeal.submitted',
        objectType: 'appeal',
        objectId: appeal!.id,
        summary: {
          noticeId,
          documentNumber: notice.documentNumber,
          findingId: input.findingId,
          ground: input.ground,
        },
      })
    })
    return this.deps.notices.get(ctx, noticeId)
  }

  async decide(ctx: RequestContext, appealId: string, input: TAppealDecisionRequest): Promise<TAppealView> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const [row] = await tx
        .select({ appeal: appeals, title: sql<string>`${noticeFindings.snapshot}->>'title'` })
        .from(appeals)
        .innerJoin(notices, eq(notices.id, appeals.noticeId))
        .innerJoin(noticeFindings, eq(noticeFindings.findingId, appeals.findingId))
        .where(and(eq(appeals.id, appealId), visibleNoticesCondition(actor)))
        .for('update', { of: appeals })
      if (!row) throw notFound('申诉 appeal ')
      const { appeal } = row
      if (appeal.version !== input.version) throw conflict()
      if (appeal.decision) throw conflict(`申诉已处理 (${appeal.decision}) (the appeal was already decided)`)
      const now = this.deps.clock.now()
      // Upholding keeps the finding; withdrawing grants the appeal and takes the finding out of every score.
      // The workflow checks the reviewer's role and region.
      await this.deps.findings.transition(
        ctx,
        appeal.findingId,
        input.decision === 'uphold' ? 'uphold_appeal' : 'withdraw',
        { reason: input.reason },
        { tx },
      )
      const decision = input.decision === 'uphold' ? 'upheld' : 'withdrawn'
      await tx
        .update(appeals)
        .set({
          decision,
          decisionReason: input.reason,
          decidedBy: actor.userId,
          decidedByName: actor.displayName,
          decidedAt: now,
          version: sql`${appeals.version} + 1`,
        })
        .where(eq(appeals.id, appealId))
      await this.deps.notices.notifyOrganisation(tx, {
        noticeId: appeal.noticeId,
        kind: 'appeal_decided',
        eventKey: `appeal:${appeal.id}`,
        extra: {
          finding: row.title,
          decision:
            decision === 'withdrawn'
              ? `申诉成立，该问题已撤销（${input.reason}）`
              : `维持原判，请继续整改（${input.reason}）`,
        },
        email: true,
      })
      await this.deps.audit.record(tx, ctx, {
        action: 'appeal.decided',
        objectType: 'appeal',
        objectId: appealId,
        summary: { findingId: appeal.findingId, decision, ground: appeal.ground },
      })
    })
    const [view] = await this.views(ctx, sql`${appeals.id} = ${appealId}`, 1, 0)
    if (!view) throw notFound('申诉 appeal ')
    return view
  }

  async list(
    ctx: RequestContext,
    query: { status: 'pending' | 'decided' | 'all'; page: number; pageSize: number },
  ) {
    const filter =
      query.status === 'pending'
        ? isNull(appeals.decision)
        : query.status === 'decided'
          ? isNotNull(appeals.decision)
          : sql`true`
    const items = await this.views(ctx, filter, query.pageSize, (query.page - 1) * query.pageSize)
    const actor = requireActor(ctx)
    const [total] = await this.deps.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(appeals)
      .innerJoin(notices, eq(notices.id, appeals.noticeId))
      .where(and(filter, visibleNoticesCondition(actor)))
    return { items, total: Number(total?.n ?? 0), page: query.page, pageSize: query.pageSize }
  }

  private async views(
    ctx: RequestContext,
    filter: SQL | undefined,
    limit: number,
    offset: number,
  ): Promise<TAppealView[]> {
    const actor = requireActor(ctx)
    const db = this.deps.database.db
    const rows = await db
      .select({
        appeal: appeals,
        documentNumber: notices.documentNumber,
        organisationName: organisations.name,
        title: sql<string>`${noticeFindings.snapshot}->>'title'`,
        findingStatus: findings.status,
      })
      .from(appeals)
      .innerJoin(notices, eq(notices.id, appeals.noticeId))
      .innerJoin(organisations, eq(organisations.id, notices.organisationId))
      .innerJoin(noticeFindings, eq(noticeFindings.findingId, appeals.findingId))
      .innerJoin(findings, eq(findings.id, appeals.findingId))
      .where(and(filter, visibleNoticesCondition(actor)))
      .orderBy(desc(appeals.submittedAt))
      .limit(limit)
      .offset(offset)
    const fileIds = [...new Set(rows.flatMap((r) => r.appeal.fileIds))]
    const fileRows = fileIds.length ? await db.select().from(files).where(inArray(files.id, fileIds)) : []
    return rows.map(({ appeal, documentNumber, organisationName, title, findingStatus }) => ({
      id: appeal.id,
      noticeId: appeal.noticeId,
      documentNumber,
      organisationName,
      findingId: appeal.findingId,
      findingTitle: title,
      findingStatus,
      ground: appeal.ground,
      reason: appeal.reason,
      submittedAt: appeal.submittedAt.toISOString(),
      submittedByName: appeal.submittedByName,
      files: appeal.fileIds.flatMap((fid) => {
        const f = fileRows.find((x) => x.id === fid)
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
      decision: appeal.decision,
      decisionReason: appeal.decisionReason,
      decidedAt: appeal.decidedAt?.toISOString() ?? null,
      decidedByName: appeal.decidedByName,
      version: appeal.version,
    }))
  }
}
