// Notices (通报): a regulator issues one to an organisation for verified findings of a campaign — the document
// number taken from the region's counter, the findings moved to `notified` through the findings workflow, and the
// deliveries (platform, SMS and e-mail to the liaison) queued, all in one transaction. The liaison acknowledges it
// (签收); a notice left unacknowledged is escalated to the organisation's leader once. The regulator's side sees a
// deadline board, the organisation an inbox of what it has to do.
import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import { ORGANISATION_ROLES } from '../../access/roles'
import { visibleOrganisationsCondition } from '../../access/scope'
import { HOUR } from '../../clock'
import type { Clock } from '../../clock'
import { systemContext, type Actor, type RequestContext } from '../../context'
import type { Database, Executor, Tx } from '../../db/client'
import {
  appeals,
  campaigns,
  deliveries,
  files,
  findingEvidence,
  findings,
  noticeFindings,
  noticeNumberCounters,
  noticeRegionSettings,
  notices,
  noticeUploads,
  organisationContacts,
  organisations,
  rectificationReports,
  regions,
  retests,
  type NoticeFindingSnapshot,
} from '../../db/schema'
import { AppError, conflict, forbidden, notFound, validationFailed } from '../../http/errors'
import { defineJob, type JobQueue } from '../../jobs/job-queue'
import { chineseDate } from '../../reports/official-document'
import type { AuditService } from '../audit/audit.service'
import { requireActor } from '../auth/auth.service'
import { isCampaignRegionInScope, visibleFindingsCondition } from '../campaigns/campaign-scope'
import type { DeliveryRequest, DeliveryService } from '../delivery/delivery.service'
import { presentDelivery } from '../delivery/delivery.service'
import type { MessageKind } from '../delivery/message-kinds'
import { contactRequests } from '../delivery/contact-requests'
import type { FilesService, TStoredFile } from '../files/files.service'
import type { FindingsService } from '../findings/findings.service'
import { renderNoticeDocument } from './notice-document'
import { visibleNoticesCondition } from './notice-scope'
import {
  beijingDateTime,
  beijingYear,
  bracketOf,
  formatDocumentNumber,
  mergeTemplates,
  numberPatternProblems,
  renderSms,
  renderTemplate,
  smsSegments,
  templateProblems,
  TEMPLATE_VARIABLES,
  VARIABLE_LABELS,
  type NoticeTemplates,
} from './notice-templates'
import type {
  TIssueNoticeRequest,
  TListNoticesQuery,
  TNoticeDetail,
  TNoticeSettings,
  TNoticeSettingsRequest,
  TNoticeSummary,
} from './notices.schemas'

const NOT_FOUND = '通报 notice '
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

export type NoticeRow = typeof notices.$inferSelect

/** The settings a region uses: its own, its nearest ancestor's, or the built-in defaults. */
export type EffectiveSettings = {
  numberPattern: string
  issuer: string
  platformName: string
  platformUrl: string | null
  escalateAfterHours: number
  deadlineHours: number
  templates: NoticeTemplates
  /** The region whose row these are (null: defaults); numbering counts per this region. */
  sourceRegionId: string | null
  sourceRegionName: string | null
  version: number
}

function defaultSettings(
  regionName: string,
): Omit<EffectiveSettings, 'sourceRegionId' | 'sourceRegionName' | 'version'> {
  return {
    numberPattern: '网安通〔{year}〕{n}号',
    issuer: `${regionName}委网信办`,
    platformName: '网络安全监管平台',
    platformUrl: null,
    escalateAfterHours: 24,
    deadlineHours: 72,
    templates: mergeTemplates(null),
  }
}

const round1 = (n: number) => Math.round(n * 10) / 10

export class NoticesService {
  /** Escalation: one job per notice at its due time; it escalates once, unless the notice was acknowledged. */
  readonly escalationJob
  private readonly documents = new Map<string, Promise<string>>()

  constructor(
    private readonly deps: {
      database: Database
      clock: Clock
      audit: AuditService
      files: FilesService
      findings: FindingsService
      delivery: DeliveryService
      jobs: JobQueue
    },
  ) {
    this.escalationJob = defineJob({
      name: 'notice.escalate',
      payload: z.object({ noticeId: z.uuid() }),
      // An early run (the database clock ahead of ours) fails and is retried after a minute.
      retryLimit: 12,
      retryDelaySeconds: 60,
      expireInSeconds: 120,
      handle: async ({ noticeId }) => {
        const result = await this.escalateIfDue(noticeId)
        if (result === 'not_due') throw new Error(`notice ${noticeId} is not due for escalation yet`)
      },
    })
    deps.delivery.registerAttachmentSource('notice_document', async (noticeId) => {
      const { file, content } = await this.documentOf(noticeId)
      return { filename: file.originalName, content, contentType: DOCX }
    })
  }

  // ---- settings and templates (per region) ----

  /** The settings in force for a region (walks up to the nearest ancestor with its own row). */
  async effectiveSettings(executor: Executor, regionId: string): Promise<EffectiveSettings> {
    const [region] = await executor.select().from(regions).where(eq(regions.id, regionId))
    if (!region) throw notFound('行政区划 region ')
    const chain = region.path.split('/').filter(Boolean)
    const rows = await executor
      .select({ settings: noticeRegionSettings, regionName: regions.name, regionPath: regions.path })
      .from(noticeRegionSettings)
      .innerJoin(regions, eq(regions.id, noticeRegionSettings.regionId))
      .where(inArray(noticeRegionSettings.regionId, chain))
    const nearest = rows.sort((a, b) => b.regionPath.length - a.regionPath.length)[0]
    if (!nearest)
      return { ...defaultSettings(region.name), sourceRegionId: null, sourceRegionName: null, version: 0 }
    const s = nearest.settings
    return {
      numberPattern: s.numberPattern,
      issuer: s.issuer,
      platformName: s.platformName,
      platformUrl: s.platformUrl,
      escalateAfterHours: s.escalateAfterHours,
      deadlineHours: s.deadlineHours,
      templates: mergeTemplates(s.templates),
      sourceRegionId: s.regionId,
      sourceRegionName: nearest.regionName,
      version: s.version,
    }
  }

  private actorRegion(actor: Actor): string {
    if (!actor.regionId) throw forbidden('您的账户未关联行政区划 (your account has no region)')
    return actor.regionId
  }

  async getSettings(ctx: RequestContext): Promise<TNoticeSettings> {
    const actor = requireActor(ctx)
    const regionId = this.actorRegion(actor)
    const db = this.deps.database.db
    const [region] = await db.select().from(regions).where(eq(regions.id, regionId))
    const effective = await this.effectiveSettings(db, regionId)
    const own = effective.sourceRegionId === regionId
    const numberingRegion = effective.sourceRegionId ?? regionId
    const year = beijingYear(this.deps.clock.now())
    const [counter] = await db
      .select()
      .from(noticeNumberCounters)
      .where(and(eq(noticeNumberCounters.regionId, numberingRegion), eq(noticeNumberCounters.year, year)))
    return {
      regionId,
      regionName: region!.name,
      inheritedFrom: own
        ? null
        : {
            regionId: effective.sourceRegionId,
            regionName: effective.sourceRegionName ?? '系统默认 defaults',
          },
      numberPattern: effective.numberPattern,
      issuer: effective.issuer,
      platformName: effective.platformName,
      platformUrl: effective.platformUrl,
      escalateAfterHours: effective.escalateAfterHours,
      deadlineHours: effective.deadlineHours,
      templates: effective.templates,
      variables: Object.fromEntries(
        Object.entries(TEMPLATE_VARIABLES).map(([kind, names]) => [
          kind,
          names.map((name) => ({ name, label: VARIABLE_LABELS[name] ?? name })),
        ]),
      ),
      nextNumber: formatDocumentNumber(effective.numberPattern, year, (counter?.lastNumber ?? 0) + 1),
      version: own ? effective.version : 0,
    }
  }

  async updateSettings(ctx: RequestContext, input: TNoticeSettingsRequest): Promise<TNoticeSettings> {
    const actor = requireActor(ctx)
    const regionId = this.actorRegion(actor)
    const problems = [
      ...numberPatternProblems(input.numberPattern).map((message) => ({
        path: 'body.numberPattern',
        message,
      })),
      ...Object.entries(input.templates).flatMap(([kind, t]) =>
        (['sms', 'emailSubject', 'emailBody'] as const).flatMap((field) =>
          templateProblems(kind as MessageKind, t[field]).map((message) => ({
            path: `body.templates.${kind}.${field}`,
            message,
          })),
        ),
      ),
    ]
    if (problems.length) throw validationFailed(problems)
    const now = this.deps.clock.now()
    await this.deps.database.db.transaction(async (tx) => {
      const [before] = await tx
        .select()
        .from(noticeRegionSettings)
        .where(eq(noticeRegionSettings.regionId, regionId))
        .for('update')
      if ((before?.version ?? 0) !== input.version) throw conflict()
      const values = {
        numberPattern: input.numberPattern,
        issuer: input.issuer,
        platformName: input.platformName,
        platformUrl: input.platformUrl,
        escalateAfterHours: input.escalateAfterHours,
        deadlineHours: input.deadlineHours,
        templates: input.templates as Record<string, unknown>,
        updatedBy: actor.userId,
        updatedAt: now,
      }
      if (before)
        await tx
          .update(noticeRegionSettings)
          .set({ ...values, version: sql`${noticeRegionSettings.version} + 1` })
          .where(eq(noticeRegionSettings.regionId, regionId))
      else await tx.insert(noticeRegionSettings).values({ regionId, ...values })
      const changed = before
        ? (Object.keys(values) as (keyof typeof values)[]).filter(
            (k) =>
              k !== 'updatedAt' &&
              k !== 'updatedBy' &&
              JSON.stringify(before[k]) !== JSON.stringify(values[k]),
          )
        : ['created']
      await this.deps.audit.record(tx, ctx, {
        action: 'notice.settings_updated',
        objectType: 'region',
        objectId: regionId,
        summary: { changed },
      })
    })
    return this.getSettings(ctx)
  }

  /** Renders a template draft with sample values, before it is saved. */
  previewTemplate(input: { kind: MessageKind; sms: string; emailSubject: string; emailBody: string }) {
    const now = this.deps.clock.now()
    const sample: Record<string, string> = {
      organisation: '市教育局',
      number: '常网安通〔2022〕11号',
      title: '关于市教育局网络安全问题的通报',
      count: '3',
      deadline: beijingDateTime(new Date(now.getTime() + 72 * HOUR)),
      issuer: '中共常州市委网信办',
      platform: '常州市网络安全监管平台',
      url: 'https://wx.jscz.org.cn/wajg',
      date: chineseDate(now),
      hours: '24',
      finding: '后台管理系统 SQL 注入',
      reason: '复测时注入点仍可利用',
      decision: '维持原判',
      system: '教育局门户网站',
      obligation: '等级测评',
      dueDate: '2022年10月31日',
      state: '还有7天到期',
    }
    const sms = renderSms(input.sms, sample)
    return {
      sms: sms.text,
      smsParams: sms.params,
      smsSegments: smsSegments(sms.text),
      emailSubject: renderTemplate(input.emailSubject, sample),
      emailBody: renderTemplate(input.emailBody, sample),
      problems: [input.sms, input.emailSubject, input.emailBody].flatMap((t) =>
        templateProblems(input.kind, t),
      ),
    }
  }

  // ---- issuing ----

  /** Takes the next number of the region and year, under the counter row's lock (held until the notice commits). */
  private async allocateNumber(tx: Tx, regionId: string, year: number): Promise<number> {
    const [row] = await tx
      .insert(noticeNumberCounters)
      .values({ regionId, year, lastNumber: 1 })
      .onConflictDoUpdate({
        target: [noticeNumberCounters.regionId, noticeNumberCounters.year],
        set: { lastNumber: sql`${noticeNumberCounters.lastNumber} + 1` },
      })
      .returning({ n: noticeNumberCounters.lastNumber })
    return row!.n
  }

  async issue(ctx: RequestContext, input: TIssueNoticeRequest): Promise<TNoticeDetail> {
    return this.get(ctx, await this.issueNotice(ctx, input))
  }

  /** Issues the notice and returns its id (the API answers with the detail; seeding does not need it). */
  async issueNotice(ctx: RequestContext, input: TIssueNoticeRequest): Promise<string> {
    const actor = requireActor(ctx)
    const findingIds = [...new Set(input.findingIds)]
    return this.deps.database.db.transaction(async (tx) => {
      const [organisation] = await tx
        .select()
        .from(organisations)
        .where(and(eq(organisations.id, input.organisationId), visibleOrganisationsCondition(actor)))
      if (!organisation) throw notFound('单位 organisation ')
      const rows = await tx
        .select({
          finding: findings,
          campaign: campaigns,
          regionPath: regions.path,
          organisationPath: organisations.path,
          organisationName: organisations.name,
        })
        .from(findings)
        .innerJoin(campaigns, eq(campaigns.id, findings.campaignId))
        .innerJoin(regions, eq(regions.id, campaigns.regionId))
        .leftJoin(organisations, eq(organisations.id, findings.organisationId))
        .where(and(inArray(findings.id, findingIds), visibleFindingsCondition(actor)))
        .for('update', { of: findings })
      const problems = findingIds.flatMap((fid, i) => {
        const row = rows.find((r) => r.finding.id === fid)
        const path = `body.findingIds.${i}`
        if (!row) return [{ path, message: '问题不存在 (no such finding)' }]
        if (row.finding.status !== 'verified')
          return [
            {
              path,
              message: `“${row.finding.title}”状态为 ${row.finding.status}，只能通报已确认的问题 (only verified findings can be notified)`,
            },
          ]
        if (!row.organisationPath?.startsWith(organisation.path))
          return [
            {
              path,
              message: `“${row.finding.title}”不属于${organisation.name}或其直属单位 (the finding belongs to another organisation)`,
            },
          ]
        return []
      })
      if (problems.length) throw validationFailed(problems)
      const campaign = rows[0]!.campaign
      if (rows.some((r) => r.campaign.id !== campaign.id))
        throw validationFailed([
          {
            path: 'body.findingIds',
            message: '一份通报只能包含同一专项行动的问题 (one campaign per notice)',
          },
        ])
      if (!isCampaignRegionInScope(actor, rows[0]!.regionPath))
        throw forbidden('只能通报本区域专项行动的问题 (only your region’s campaigns)')

      const now = this.deps.clock.now()
      const settings = await this.effectiveSettings(tx, campaign.regionId)
      const numberingRegionId = settings.sourceRegionId ?? campaign.regionId
      const year = beijingYear(now)
      const numberSeq = await this.allocateNumber(tx, numberingRegionId, year)
      const documentNumber = formatDocumentNumber(settings.numberPattern, year, numberSeq)
      const deadlineAt = input.deadlineAt
        ? new Date(input.deadlineAt)
        : new Date(now.getTime() + settings.deadlineHours * HOUR)
      if (deadlineAt.getTime() <= now.getTime())
        throw validationFailed([
          {
            path: 'body.deadlineAt',
            message: '整改期限须晚于下发时间 (the deadline must be later than now)',
          },
        ])
      const title = input.title ?? `关于${organisation.name}网络安全问题的通报`
      const [notice] = await tx
        .insert(notices)
        .values({
          campaignId: campaign.id,
          organisationId: organisation.id,
          numberingRegionId,
          documentNumber,
          numberYear: year,
          numberSeq,
          title,
          noteMd: input.noteMd ?? '',
          issuer: settings.issuer,
          issuedAt: now,
          deadlineAt,
          issuedBy: actor.userId,
          issuedByName: actor.displayName,
          escalationDueAt: new Date(now.getTime() + settings.escalateAfterHours * HOUR),
          createdAt: now,
          updatedAt: now,
        })
        .returning()
      const ordered = findingIds.map((fid) => rows.find((r) => r.finding.id === fid)!)
      await tx.insert(noticeFindings).values(
        ordered.map((r, i) => ({
          noticeId: notice!.id,
          findingId: r.finding.id,
          ordinal: i + 1,
          snapshot: {
            title: r.finding.title,
            kind: r.finding.kind,
            severity: r.finding.severity,
            target: r.finding.target,
            cvssBase: r.finding.cvssBase === null ? null : Number(r.finding.cvssBase),
            webshellPaths: r.finding.webshellPaths,
            organisationName: r.organisationName ?? organisation.name,
          } satisfies NoticeFindingSnapshot,
        })),
      )
      for (const r of ordered)
        await this.deps.findings.transition(
          ctx,
          r.finding.id,
          'notify',
          { notifiedAt: now, notificationId: notice!.id },
          { tx },
        )
      const channels = input.channels ?? { sms: true, email: true }
      const values = this.messageValues(settings, notice!, organisation.name, ordered.length)
      await this.deps.delivery.enqueue(tx, {
        noticeId: notice!.id,
        event: 'issued',
        eventKey: 'issued',
        requests: await this.requestsFor(tx, {
          organisationId: organisation.id,
          recipientKind: 'liaison',
          kind: 'notice_issued',
          template: settings.templates.notice_issued,
          values,
          sms: channels.sms,
          email: channels.email,
          attachDocument: true,
        }),
      })
      await this.deps.jobs.enqueue(
        tx,
        this.escalationJob,
        { noticeId: notice!.id },
        { key: `escalate:${notice!.id}`, startAfter: new Date(notice!.escalationDueAt.getTime() + 5_000) },
      )
      await this.deps.audit.record(tx, ctx, {
        action: 'notice.issued',
        objectType: 'notice',
        objectId: notice!.id,
        summary: {
          documentNumber,
          organisationId: organisation.id,
          campaignId: campaign.id,
          findingIds,
          deadlineAt: deadlineAt.toISOString(),
          channels,
        },
      })
      return notice!.id
    })
  }

  /** The variables of every message about this notice. */
  private messageValues(
    settings: EffectiveSettings,
    notice: NoticeRow,
    organisationName: string,
    count: number,
  ): Record<string, string> {
    return {
      organisation: organisationName,
      number: notice.documentNumber,
      title: notice.title,
      count: String(count),
      deadline: beijingDateTime(notice.deadlineAt),
      issuer: notice.issuer,
      platform: settings.platformName,
      url: settings.platformUrl ?? '',
      date: chineseDate(notice.issuedAt),
    }
  }

  /**
   * The deliveries of one message to an organisation's contacts of one kind: the platform inbox always; an SMS per
   * contact with a mobile number, an e-mail per contact with an address — and, when nobody has one, a failed
   * delivery that says so on the notice (a regulator then phones, as today).
   */
  private async requestsFor(
    tx: Tx,
    input: {
      organisationId: string
      recipientKind: 'liaison' | 'leader'
      kind: MessageKind
      template: { sms: string; emailSubject: string; emailBody: string }
      values: Record<string, string>
      sms: boolean
      email: boolean
      attachDocument: boolean
    },
  ): Promise<DeliveryRequest[]> {
    const contacts = await tx
      .select()
      .from(organisationContacts)
      .where(
        and(
          eq(organisationContacts.organisationId, input.organisationId),
          eq(organisationContacts.kind, input.recipientKind),
        ),
      )
      .orderBy(asc(organisationContacts.createdAt))
    const who = input.recipientKind === 'liaison' ? '联络员' : '单位负责人'
    return contactRequests({
      organisationId: input.organisationId,
      platform: { recipientKind: input.recipientKind, recipientName: who },
      recipientKind: input.recipientKind,
      who,
      contacts,
      kind: input.kind,
      sms: renderSms(input.template.sms, input.values),
      sendSms: input.sms,
      email: input.email
        ? {
            subject: renderTemplate(input.template.emailSubject, input.values),
            body: renderTemplate(input.template.emailBody, input.values),
            attachNoticeDocument: input.attachDocument,
          }
        : null,
    })
  }

  /**
   * Tells the organisation about a later event of a notice (a finding returned by a re-test, an appeal decided), in
   * the caller's transaction: platform, SMS and e-mail to the liaison.
   */
  async notifyOrganisation(
    tx: Tx,
    input: {
      noticeId: string
      kind: 'finding_returned' | 'appeal_decided'
      eventKey: string
      extra: Record<string, string>
      email: boolean
    },
  ): Promise<void> {
    const [row] = await tx
      .select({ notice: notices, organisationName: organisations.name, campaignRegionId: campaigns.regionId })
      .from(notices)
      .innerJoin(organisations, eq(organisations.id, notices.organisationId))
      .innerJoin(campaigns, eq(campaigns.id, notices.campaignId))
      .where(eq(notices.id, input.noticeId))
    if (!row) throw notFound(NOT_FOUND)
    const settings = await this.effectiveSettings(tx, row.campaignRegionId)
    const [{ count } = { count: 0 }] = await tx
      .select({ count: sql<number>`count(*)::int` })
      .from(noticeFindings)
      .where(eq(noticeFindings.noticeId, input.noticeId))
    const values = {
      ...this.messageValues(settings, row.notice, row.organisationName, count),
      ...input.extra,
    }
    await this.deps.delivery.enqueue(tx, {
      noticeId: input.noticeId,
      event: input.kind,
      eventKey: input.eventKey,
      requests: await this.requestsFor(tx, {
        organisationId: row.notice.organisationId,
        recipientKind: 'liaison',
        kind: input.kind,
        template: settings.templates[input.kind],
        values,
        sms: true,
        email: input.email,
        attachDocument: false,
      }),
    })
  }

  // ---- acknowledgement and escalation ----

  async acknowledge(ctx: RequestContext, id: string): Promise<TNoticeDetail> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const { notice } = await this.loadVisible(tx, actor, id, true)
      if (notice.acknowledgedAt) return
      const now = this.deps.clock.now()
      await tx
        .update(notices)
        .set({
          acknowledgedAt: now,
          acknowledgedBy: actor.userId,
          acknowledgedByName: actor.displayName,
          updatedAt: now,
          version: sql`${notices.version} + 1`,
        })
        .where(eq(notices.id, id))
      await this.deps.audit.record(tx, ctx, {
        action: 'notice.acknowledged',
        objectType: 'notice',
        objectId: id,
        summary: {
          documentNumber: notice.documentNumber,
          hoursAfterIssue: round1((now.getTime() - notice.issuedAt.getTime()) / HOUR),
        },
      })
    })
    return this.get(ctx, id)
  }

  /**
   * Escalates an unacknowledged notice to the organisation's leader (SMS, e-mail, platform), once: `escalated_at` is
   * set under the notice's row lock in the same transaction that queues the messages.
   */
  async escalateIfDue(
    noticeId: string,
  ): Promise<'escalated' | 'acknowledged' | 'already' | 'closed' | 'not_due' | 'gone'> {
    const ctx = systemContext('job:notice.escalate')
    return this.deps.database.db.transaction(async (tx) => {
      const [row] = await tx
        .select({
          notice: notices,
          organisationName: organisations.name,
          campaignRegionId: campaigns.regionId,
        })
        .from(notices)
        .innerJoin(organisations, eq(organisations.id, notices.organisationId))
        .innerJoin(campaigns, eq(campaigns.id, notices.campaignId))
        .where(eq(notices.id, noticeId))
        .for('update', { of: notices })
      if (!row) return 'gone'
      const { notice } = row
      if (notice.acknowledgedAt) return 'acknowledged'
      if (notice.escalatedAt) return 'already'
      const now = this.deps.clock.now()
      if (now.getTime() < notice.escalationDueAt.getTime()) return 'not_due'
      const counts = await this.findingCounts(tx, [noticeId])
      const count = counts.get(noticeId) ?? { total: 0, open: 0 }
      if (count.open === 0) return 'closed'
      const settings = await this.effectiveSettings(tx, row.campaignRegionId)
      const values = {
        ...this.messageValues(settings, notice, row.organisationName, count.total),
        hours: String(Math.floor((now.getTime() - notice.issuedAt.getTime()) / HOUR)),
      }
      await this.deps.delivery.enqueue(tx, {
        noticeId,
        event: 'escalation',
        eventKey: 'escalation',
        requests: await this.requestsFor(tx, {
          organisationId: notice.organisationId,
          recipientKind: 'leader',
          kind: 'escalation',
          template: settings.templates.escalation,
          values,
          sms: true,
          email: true,
          attachDocument: true,
        }),
      })
      await tx
        .update(notices)
        .set({ escalatedAt: now, updatedAt: now, version: sql`${notices.version} + 1` })
        .where(eq(notices.id, noticeId))
      await this.deps.audit.record(tx, ctx, {
        action: 'notice.escalated',
        objectType: 'notice',
        objectId: noticeId,
        summary: { documentNumber: notice.documentNumber, hoursAfterIssue: Number(values.hours) },
      })
      return 'escalated'
    })
  }

  /** Escalates every notice that is due now (tests and the CLI; the job does it per notice). */
  async escalateDue(): Promise<number> {
    const due = await this.deps.database.db
      .select({ id: notices.id })
      .from(notices)
      .where(
        and(
          isNull(notices.acknowledgedAt),
          isNull(notices.escalatedAt),
          sql`${notices.escalationDueAt} <= ${this.deps.clock.now().toISOString()}::timestamptz`,
        ),
      )
    let escalated = 0
    for (const { id } of due) if ((await this.escalateIfDue(id)) === 'escalated') escalated++
    return escalated
  }

  // ---- reading ----

  async loadVisible(
    executor: Executor,
    actor: Actor,
    id: string,
    forUpdate = false,
  ): Promise<{
    notice: NoticeRow
    campaignName: string
    campaignRegionPath: string
    organisationName: string
  }> {
    let query = executor
      .select({
        notice: notices,
        campaignName: campaigns.name,
        campaignRegionPath: regions.path,
        organisationName: organisations.name,
      })
      .from(notices)
      .innerJoin(campaigns, eq(campaigns.id, notices.campaignId))
      .innerJoin(regions, eq(regions.id, campaigns.regionId))
      .innerJoin(organisations, eq(organisations.id, notices.organisationId))
      .where(and(eq(notices.id, id), visibleNoticesCondition(actor)))
      .$dynamic()
    if (forUpdate) query = query.for('update', { of: notices })
    const [found] = await query
    if (!found) throw notFound(NOT_FOUND)
    return found
  }

  /** May the actor act for the regulator's side on this notice (retry a delivery, decide)? */
  isRegulatorOf(actor: Actor, campaignRegionPath: string): boolean {
    return isCampaignRegionInScope(actor, campaignRegionPath)
  }

  async assertRegulatorOf(ctx: RequestContext, noticeId: string): Promise<void> {
    const actor = requireActor(ctx)
    const found = await this.loadVisible(this.deps.database.db, actor, noticeId)
    if (!this.isRegulatorOf(actor, found.campaignRegionPath))
      throw forbidden('只有本区域的监管人员可以操作 (only the campaign region’s regulators)')
  }

  private async findingCounts(executor: Executor, noticeIds: string[]) {
    const counts = new Map<string, { total: number; open: number }>()
    if (!noticeIds.length) return counts
    const rows = await executor
      .select({
        noticeId: noticeFindings.noticeId,
        total: sql<number>`count(*)::int`,
        open: sql<number>`(count(*) filter (where ${findings.status} not in ('fixed', 'withdrawn')))::int`,
      })
      .from(noticeFindings)
      .innerJoin(findings, eq(findings.id, noticeFindings.findingId))
      .where(inArray(noticeFindings.noticeId, noticeIds))
      .groupBy(noticeFindings.noticeId)
    for (const r of rows) counts.set(r.noticeId, { total: Number(r.total), open: Number(r.open) })
    return counts
  }

  private async channelSummaries(executor: Executor, noticeIds: string[], forOrganisation: boolean) {
    const out = new Map<string, TNoticeSummary['channels']>()
    if (!noticeIds.length) return out
    const rows = await executor
      .select({
        noticeId: deliveries.noticeId,
        channel: deliveries.channel,
        status: deliveries.status,
        n: sql<number>`count(*)::int`,
        lastError: sql<string | null>`max(${deliveries.lastError})`,
      })
      .from(deliveries)
      .where(inArray(deliveries.noticeId, noticeIds))
      .groupBy(deliveries.noticeId, deliveries.channel, deliveries.status)
    const rank = { failed: 5, retrying: 4, sending: 3, queued: 2, sent: 1 } as const
    for (const id of noticeIds) {
      const mine = rows.filter((r) => r.noticeId === id)
      out.set(
        id,
        (['platform', 'sms', 'email'] as const).map((channel) => {
          const of = mine.filter((r) => r.channel === channel)
          const total = of.reduce((s, r) => s + Number(r.n), 0)
          const count = (status: string) =>
            of.filter((r) => r.status === status).reduce((s, r) => s + Number(r.n), 0)
          const worst = of.sort((a, b) => rank[b.status] - rank[a.status])[0]
          const error = of.find((r) => r.status === 'failed' || r.status === 'retrying')?.lastError ?? null
          return {
            channel,
            status: worst?.status ?? 'none',
            total,
            sent: count('sent'),
            failed: count('failed'),
            pending: count('queued') + count('sending') + count('retrying'),
            lastError: forOrganisation ? null : error,
          }
        }),
      )
    }
    return out
  }

  private async summaries(
    executor: Executor,
    actor: Actor,
    rows: { notice: NoticeRow; campaignName: string; organisationName: string }[],
  ): Promise<TNoticeSummary[]> {
    const ids = rows.map((r) => r.notice.id)
    const [counts, channels] = await Promise.all([
      this.findingCounts(executor, ids),
      this.channelSummaries(executor, ids, ORGANISATION_ROLES.includes(actor.role)),
    ])
    const now = this.deps.clock.now().getTime()
    return rows.map(({ notice, campaignName, organisationName }) => {
      const count = counts.get(notice.id) ?? { total: 0, open: 0 }
      const open = count.open > 0
      const hours = (now - notice.issuedAt.getTime()) / HOUR
      return {
        id: notice.id,
        documentNumber: notice.documentNumber,
        title: notice.title,
        campaignId: notice.campaignId,
        campaignName,
        organisationId: notice.organisationId,
        organisationName,
        issuedAt: notice.issuedAt.toISOString(),
        deadlineAt: notice.deadlineAt.toISOString(),
        issuedByName: notice.issuedByName,
        acknowledgedAt: notice.acknowledgedAt?.toISOString() ?? null,
        escalatedAt: notice.escalatedAt?.toISOString() ?? null,
        status: open ? 'open' : 'closed',
        overdue: open && now > notice.deadlineAt.getTime(),
        hoursSinceIssue: round1(hours),
        bracket: bracketOf(hours),
        findingCount: count.total,
        openFindingCount: count.open,
        channels: channels.get(notice.id) ?? [],
      }
    })
  }

  private openCondition(open: boolean): SQL {
    const exists = sql`exists (select 1 from ${noticeFindings} nf join ${findings} f on f.id = nf.finding_id where nf.notice_id = ${notices.id} and f.status not in ('fixed', 'withdrawn'))`
    return open ? exists : sql`not ${exists}`
  }

  async list(ctx: RequestContext, query: TListNoticesQuery) {
    const actor = requireActor(ctx)
    const db = this.deps.database.db
    const conditions: SQL[] = [visibleNoticesCondition(actor)]
    if (query.campaignId) conditions.push(eq(notices.campaignId, query.campaignId))
    if (query.organisationId) conditions.push(eq(notices.organisationId, query.organisationId))
    if (query.status !== 'all') conditions.push(this.openCondition(query.status === 'open'))
    if (query.q) {
      const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
      conditions.push(
        sql`(${notices.documentNumber} like ${like} or ${notices.title} like ${like} or ${organisations.name} like ${like})`,
      )
    }
    const where = and(...conditions)
    const [rows, [total]] = await Promise.all([
      db
        .select({ notice: notices, campaignName: campaigns.name, organisationName: organisations.name })
        .from(notices)
        .innerJoin(campaigns, eq(campaigns.id, notices.campaignId))
        .innerJoin(organisations, eq(organisations.id, notices.organisationId))
        .where(where)
        .orderBy(desc(notices.issuedAt), desc(notices.id))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
      db
        .select({ n: sql<number>`count(*)::int` })
        .from(notices)
        .innerJoin(organisations, eq(organisations.id, notices.organisationId))
        .where(where),
    ])
    return {
      items: await this.summaries(db, actor, rows),
      total: Number(total?.n ?? 0),
      page: query.page,
      pageSize: query.pageSize,
    }
  }

  async get(ctx: RequestContext, id: string): Promise<TNoticeDetail> {
    const actor = requireActor(ctx)
    const db = this.deps.database.db
    const found = await this.loadVisible(db, actor, id)
    const { notice } = found
    const forOrganisation = ORGANISATION_ROLES.includes(actor.role)
    const [[summary], findingRows, deliveryRows, reportRows, appealRows, retestRows, uploadRows] =
      await Promise.all([
        this.summaries(db, actor, [found]),
        db
          .select({ link: noticeFindings, finding: findings })
          .from(noticeFindings)
          .innerJoin(findings, eq(findings.id, noticeFindings.findingId))
          .where(eq(noticeFindings.noticeId, id))
          .orderBy(asc(noticeFindings.ordinal)),
        db
          .select()
          .from(deliveries)
          .where(eq(deliveries.noticeId, id))
          .orderBy(asc(deliveries.createdAt), asc(deliveries.channel), asc(deliveries.address)),
        db
          .select()
          .from(rectificationReports)
          .where(eq(rectificationReports.noticeId, id))
          .orderBy(asc(rectificationReports.submittedAt)),
        db.select().from(appeals).where(eq(appeals.noticeId, id)).orderBy(asc(appeals.submittedAt)),
        db.select().from(retests).where(eq(retests.noticeId, id)).orderBy(asc(retests.createdAt)),
        db
          .select({ file: files, upload: noticeUploads })
          .from(noticeUploads)
          .innerJoin(files, eq(files.id, noticeUploads.fileId))
          .where(eq(noticeUploads.noticeId, id))
          .orderBy(asc(noticeUploads.createdAt)),
      ])
    const fileRef = (fileId: string) => {
      const f = uploadRows.find((u) => u.file.id === fileId)?.file
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
    }
    const titleOf = (findingId: string) =>
      findingRows.find((r) => r.finding.id === findingId)?.link.snapshot.title ?? findingId
    const findingsView = findingRows.map(({ link, finding }) => ({
      id: finding.id,
      ordinal: link.ordinal,
      title: link.snapshot.title,
      kind: finding.kind,
      severity: finding.severity,
      target: finding.target,
      cvssBase: finding.cvssBase === null ? null : Number(finding.cvssBase),
      webshellPaths: finding.webshellPaths,
      organisationName: link.snapshot.organisationName,
      status: finding.status,
      appeal: finding.appeal,
      notifiedAt: finding.notifiedAt?.toISOString() ?? null,
      rectificationSubmittedAt: finding.rectificationSubmittedAt?.toISOString() ?? null,
      fixedAt: finding.fixedAt?.toISOString() ?? null,
      notFixedRetests: finding.notFixedRetests,
      version: finding.version,
    }))
    const deliveriesView = deliveryRows.map((row) => presentDelivery(row, { forOrganisation }))
    const reportsView = reportRows.map((r) => ({
      id: r.id,
      submittedAt: r.submittedAt.toISOString(),
      submittedByName: r.submittedByName,
      summaryMd: r.summaryMd,
      removedWebshellPaths: r.removedWebshellPaths,
      findingIds: r.findingIds,
      files: r.fileIds.flatMap(fileRef),
    }))
    const appealsView = appealRows.map((a) => ({
      id: a.id,
      noticeId: a.noticeId,
      documentNumber: notice.documentNumber,
      organisationName: found.organisationName,
      findingId: a.findingId,
      findingTitle: titleOf(a.findingId),
      findingStatus: findingRows.find((r) => r.finding.id === a.findingId)?.finding.status ?? 'notified',
      ground: a.ground,
      reason: a.reason,
      submittedAt: a.submittedAt.toISOString(),
      submittedByName: a.submittedByName,
      files: a.fileIds.flatMap(fileRef),
      decision: a.decision,
      decisionReason: a.decisionReason,
      decidedAt: a.decidedAt?.toISOString() ?? null,
      decidedByName: a.decidedByName,
      version: a.version,
    }))
    const retestsView = retestRows.map((r) => ({
      id: r.id,
      findingId: r.findingId,
      reportId: r.reportId,
      result: r.result,
      reason: r.reason,
      retesterName: r.retesterName,
      createdAt: r.createdAt.toISOString(),
    }))
    const actionable = findingsView.filter((f) => f.status === 'notified' || f.status === 'returned')
    const isLiaison = actor.role === 'org_liaison'
    return {
      ...summary!,
      noteMd: notice.noteMd,
      issuer: notice.issuer,
      acknowledgedByName: notice.acknowledgedByName,
      escalationDueAt: notice.escalationDueAt.toISOString(),
      findings: findingsView,
      deliveries: deliveriesView,
      reports: reportsView,
      appeals: appealsView,
      retests: retestsView,
      uploads: uploadRows.map(({ file }) => ({
        id: file.id,
        originalName: file.originalName,
        mediaType: file.mediaType,
        size: Number(file.size),
        createdAt: file.createdAt.toISOString(),
      })),
      timeline: this.timeline(notice, deliveryRows, reportRows, appealRows, retestRows, titleOf),
      canAcknowledge: isLiaison && !notice.acknowledgedAt,
      canRectify: isLiaison && actionable.length > 0,
      canAppeal: isLiaison && actionable.some((f) => f.appeal === null),
      canRetryDeliveries:
        (actor.role === 'regulator' || actor.role === 'reviewer') &&
        this.isRegulatorOf(actor, found.campaignRegionPath),
      version: notice.version,
    }
  }

  private timeline(
    notice: NoticeRow,
    deliveryRows: (typeof deliveries.$inferSelect)[],
    reportRows: (typeof rectificationReports.$inferSelect)[],
    appealRows: (typeof appeals.$inferSelect)[],
    retestRows: (typeof retests.$inferSelect)[],
    titleOf: (findingId: string) => string,
  ): TNoticeDetail['timeline'] {
    const entries: (TNoticeDetail['timeline'][number] & { order: number })[] = []
    const add = (
      at: Date,
      kind: string,
      text: string,
      actorName: string | null,
      findingId: string | null,
      order: number,
    ) => entries.push({ at: at.toISOString(), kind, text, actorName, findingId, order })
    add(notice.issuedAt, 'issued', `下发通报 ${notice.documentNumber}`, notice.issuedByName, null, 0)
    const channelName = { platform: '站内通知', sms: '短信', email: '邮件' } as const
    const eventName: Record<string, string> = {
      issued: '通报',
      escalation: '升级提醒',
      finding_returned: '退回通知',
      appeal_decided: '申诉结果',
    }
    for (const d of deliveryRows) {
      const what = `${eventName[d.event] ?? d.event}${channelName[d.channel]}`
      const to = d.channel === 'platform' ? '' : ` → ${d.recipientName}`
      if (d.sentAt) add(d.sentAt, 'delivered', `${what}已送达${to}`, null, null, 1)
      else if (d.status === 'failed' && d.failedAt)
        add(d.failedAt, 'delivery_failed', `${what}发送失败${to}：${d.lastError ?? ''}`, null, null, 1)
    }
    if (notice.acknowledgedAt)
      add(notice.acknowledgedAt, 'acknowledged', '签收通报', notice.acknowledgedByName, null, 2)
    if (notice.escalatedAt)
      add(notice.escalatedAt, 'escalated', '通报逾期未签收，已升级通知单位负责人', null, null, 2)
    for (const r of reportRows)
      add(
        r.submittedAt,
        'rectification',
        `提交整改报告：${r.findingIds.map(titleOf).join('、')}`,
        r.submittedByName,
        r.findingIds.length === 1 ? r.findingIds[0]! : null,
        3,
      )
    for (const a of appealRows) {
      add(a.submittedAt, 'appeal', `对“${titleOf(a.findingId)}”提出申诉`, a.submittedByName, a.findingId, 3)
      if (a.decidedAt)
        add(
          a.decidedAt,
          'appeal_decided',
          `申诉处理：“${titleOf(a.findingId)}”${a.decision === 'withdrawn' ? '撤销' : '维持原判'}`,
          a.decidedByName,
          a.findingId,
          4,
        )
    }
    for (const r of retestRows)
      add(
        r.createdAt,
        r.result === 'fixed' ? 'retest_fixed' : 'retest_not_fixed',
        r.result === 'fixed'
          ? `复测通过：“${titleOf(r.findingId)}”已修复`
          : `复测未通过：“${titleOf(r.findingId)}”退回整改（${r.reason ?? ''}）`,
        r.retesterName,
        r.findingId,
        4,
      )
    return entries
      .sort((a, b) => a.at.localeCompare(b.at) || a.order - b.order)
      .map(({ order: _order, ...entry }) => entry)
  }

  // ---- the notice document (DOCX) ----

  /** The DOCX of the notice: generated on first use and stored, so every download and e-mail carries the same file. */
  async documentOf(noticeId: string): Promise<{ file: TStoredFile; content: Buffer }> {
    let pending = this.documents.get(noticeId)
    if (!pending) {
      pending = this.ensureDocument(noticeId).finally(() => this.documents.delete(noticeId))
      this.documents.set(noticeId, pending)
    }
    return this.deps.files.read(await pending)
  }

  private async ensureDocument(noticeId: string): Promise<string> {
    const db = this.deps.database.db
    const [row] = await db
      .select({
        notice: notices,
        campaignName: campaigns.name,
        organisationName: organisations.name,
        regionId: campaigns.regionId,
      })
      .from(notices)
      .innerJoin(campaigns, eq(campaigns.id, notices.campaignId))
      .innerJoin(organisations, eq(organisations.id, notices.organisationId))
      .where(eq(notices.id, noticeId))
    if (!row) throw notFound(NOT_FOUND)
    if (row.notice.documentFileId) return row.notice.documentFileId
    const links = await db
      .select()
      .from(noticeFindings)
      .where(eq(noticeFindings.noticeId, noticeId))
      .orderBy(asc(noticeFindings.ordinal))
    const settings = await this.effectiveSettings(db, row.regionId)
    const buffer = await renderNoticeDocument({
      issuer: row.notice.issuer,
      documentNumber: row.notice.documentNumber,
      title: row.notice.title,
      organisationName: row.organisationName,
      campaignName: row.campaignName,
      platformName: settings.platformName,
      issuedAt: row.notice.issuedAt,
      deadlineAt: row.notice.deadlineAt,
      noteMd: row.notice.noteMd,
      findings: links.map((l) => l.snapshot),
    })
    const stored = await this.deps.files.store(systemContext('notice-document'), buffer, {
      originalName: `${row.notice.documentNumber}.docx`,
      purpose: 'document',
    })
    const [updated] = await db
      .update(notices)
      .set({ documentFileId: stored.id })
      .where(and(eq(notices.id, noticeId), isNull(notices.documentFileId)))
      .returning({ id: notices.documentFileId })
    if (updated?.id) return updated.id
    const [again] = await db
      .select({ id: notices.documentFileId })
      .from(notices)
      .where(eq(notices.id, noticeId))
    return again?.id ?? stored.id
  }

  async document(ctx: RequestContext, id: string) {
    const actor = requireActor(ctx)
    await this.loadVisible(this.deps.database.db, actor, id)
    return this.documentOf(id)
  }

  // ---- uploads (stamped PDFs and other attachments of reports and appeals) ----

  async assertCanUpload(ctx: RequestContext, noticeId: string): Promise<void> {
    const actor = requireActor(ctx)
    await this.loadVisible(this.deps.database.db, actor, noticeId)
    if (actor.role !== 'org_liaison') throw forbidden('只有单位联络员可以上传附件 (only the liaison uploads)')
  }

  async recordUpload(ctx: RequestContext, noticeId: string, file: TStoredFile) {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      await this.loadVisible(tx, actor, noticeId)
      await tx
        .insert(noticeUploads)
        .values({ noticeId, fileId: file.id, uploadedBy: actor.userId, createdAt: this.deps.clock.now() })
        .onConflictDoNothing()
      await this.deps.audit.record(tx, ctx, {
        action: 'notice.file_uploaded',
        objectType: 'notice',
        objectId: noticeId,
        summary: {
          fileId: file.id,
          originalName: file.originalName,
          mediaType: file.mediaType,
          size: file.size,
        },
      })
    })
    return {
      id: file.id,
      originalName: file.originalName,
      mediaType: file.mediaType,
      size: file.size,
      createdAt: file.createdAt,
    }
  }

  /** Files of a notice's reports and appeals: readable by whoever may read the notice. */
  async readUpload(ctx: RequestContext, noticeId: string, fileId: string) {
    const actor = requireActor(ctx)
    const db = this.deps.database.db
    await this.loadVisible(db, actor, noticeId)
    const [row] = await db
      .select()
      .from(noticeUploads)
      .where(and(eq(noticeUploads.noticeId, noticeId), eq(noticeUploads.fileId, fileId)))
    if (!row) throw notFound('附件 file ')
    return this.deps.files.read(fileId)
  }

  /** Checks that every cited file was uploaded to this notice. */
  async assertUploads(tx: Tx, noticeId: string, fileIds: string[], path: string): Promise<void> {
    if (!fileIds.length) return
    const rows = await tx
      .select({ fileId: noticeUploads.fileId })
      .from(noticeUploads)
      .where(and(eq(noticeUploads.noticeId, noticeId), inArray(noticeUploads.fileId, fileIds)))
    const known = new Set(rows.map((r) => r.fileId))
    const problems = fileIds
      .map((fid, i) => ({ fid, i }))
      .filter(({ fid }) => !known.has(fid))
      .map(({ i }) => ({
        path: `${path}.${i}`,
        message: '不是本通报上传的附件 (not a file uploaded to this notice)',
      }))
    if (problems.length) throw validationFailed(problems)
  }

  // ---- the deadline board (regulator's side) and the inbox (organisation) ----

  async board(ctx: RequestContext) {
    const actor = requireActor(ctx)
    const db = this.deps.database.db
    const rows = await db
      .select({ notice: notices, campaignName: campaigns.name, organisationName: organisations.name })
      .from(notices)
      .innerJoin(campaigns, eq(campaigns.id, notices.campaignId))
      .innerJoin(organisations, eq(organisations.id, notices.organisationId))
      .where(and(visibleNoticesCondition(actor), this.openCondition(true)))
      .orderBy(asc(notices.issuedAt))
      .limit(1_000)
    const items = await this.summaries(db, actor, rows)
    const brackets = { within24h: 0, within48h: 0, within72h: 0, later: 0 }
    for (const item of items) brackets[item.bracket] += 1
    return {
      now: this.deps.clock.now().toISOString(),
      brackets,
      overdue: items.filter((i) => i.overdue).length,
      unacknowledged: items.filter((i) => !i.acknowledgedAt).length,
      items,
    }
  }

  async inbox(ctx: RequestContext) {
    const actor = requireActor(ctx)
    if (!ORGANISATION_ROLES.includes(actor.role)) throw forbidden()
    const db = this.deps.database.db
    const rows = await db
      .select({ notice: notices, campaignName: campaigns.name, organisationName: organisations.name })
      .from(notices)
      .innerJoin(campaigns, eq(campaigns.id, notices.campaignId))
      .innerJoin(organisations, eq(organisations.id, notices.organisationId))
      .where(visibleNoticesCondition(actor))
      .orderBy(desc(notices.issuedAt))
      .limit(200)
    const summaries = await this.summaries(db, actor, rows)
    summaries.sort((a, b) => (a.status === b.status ? 0 : a.status === 'open' ? -1 : 1))
    const ids = rows.map((r) => r.notice.id)
    const now = this.deps.clock.now().getTime()
    const open = ids.length
      ? await db
          .select({ link: noticeFindings, finding: findings, notice: notices })
          .from(noticeFindings)
          .innerJoin(findings, eq(findings.id, noticeFindings.findingId))
          .innerJoin(notices, eq(notices.id, noticeFindings.noticeId))
          .where(
            and(
              inArray(noticeFindings.noticeId, ids),
              inArray(findings.status, ['notified', 'returned', 'rectification_submitted']),
            ),
          )
          .orderBy(asc(notices.deadlineAt), asc(noticeFindings.ordinal))
      : []
    const noticeMessages = ids.length
      ? await db
          .select({ delivery: deliveries, noticeId: notices.id, documentNumber: notices.documentNumber })
          .from(deliveries)
          .innerJoin(notices, eq(notices.id, deliveries.noticeId))
          .where(and(inArray(deliveries.noticeId, ids), eq(deliveries.channel, 'platform')))
          .orderBy(desc(deliveries.createdAt))
          .limit(50)
      : []
    // Platform messages that are not about a notice (等保 deadline reminders) to the organisations the caller sees.
    const otherMessages = await db
      .select({ delivery: deliveries })
      .from(deliveries)
      .innerJoin(organisations, eq(organisations.id, deliveries.organisationId))
      .where(
        and(
          isNull(deliveries.noticeId),
          eq(deliveries.channel, 'platform'),
          visibleOrganisationsCondition(actor),
        ),
      )
      .orderBy(desc(deliveries.createdAt))
      .limit(50)
    const messages = [
      ...noticeMessages,
      ...otherMessages.map(({ delivery }) => ({ delivery, noticeId: null, documentNumber: null })),
    ]
      .sort((a, b) => b.delivery.createdAt.getTime() - a.delivery.createdAt.getTime())
      .slice(0, 50)
    return {
      now: new Date(now).toISOString(),
      notices: summaries,
      unacknowledged: summaries.filter((s) => !s.acknowledgedAt).length,
      openItems: open.map(({ link, finding, notice }) => ({
        noticeId: notice.id,
        documentNumber: notice.documentNumber,
        noticeTitle: notice.title,
        deadlineAt: notice.deadlineAt.toISOString(),
        overdue: now > notice.deadlineAt.getTime(),
        findingId: finding.id,
        findingTitle: link.snapshot.title,
        severity: finding.severity,
        status: finding.status,
        appeal: finding.appeal,
        action:
          finding.appeal === 'pending'
            ? ('awaiting_appeal' as const)
            : finding.status === 'rectification_submitted'
              ? ('awaiting_retest' as const)
              : ('rectify' as const),
      })),
      messages: messages.map(({ delivery, noticeId, documentNumber }) => ({
        at: delivery.createdAt.toISOString(),
        noticeId,
        documentNumber,
        subjectType: delivery.subjectType,
        kind: delivery.content.kind,
        text: delivery.content.text ?? '',
      })),
    }
  }

  // ---- helpers for the rectification, appeal and re-test modules ----

  /** The notice a finding was notified in, with the finding's snapshot. */
  async noticeOfFinding(executor: Executor, findingId: string) {
    const [row] = await executor
      .select({ link: noticeFindings, notice: notices })
      .from(noticeFindings)
      .innerJoin(notices, eq(notices.id, noticeFindings.noticeId))
      .where(eq(noticeFindings.findingId, findingId))
    if (!row) throw notFound('通报中的问题 finding ')
    return row
  }

  /** The findings of a notice (rows, locked for the caller's transaction when asked). */
  async findingsOf(tx: Tx, noticeId: string) {
    return tx
      .select({ link: noticeFindings, finding: findings })
      .from(noticeFindings)
      .innerJoin(findings, eq(findings.id, noticeFindings.findingId))
      .where(eq(noticeFindings.noticeId, noticeId))
      .orderBy(asc(noticeFindings.ordinal))
      .for('update', { of: findings })
  }

  /** The tester's evidence of findings, for the re-test queue (read through GET /findings/:id/evidence/:id). */
  async evidenceOf(executor: Executor, findingIds: string[]) {
    if (!findingIds.length) return []
    return executor
      .select({
        findingId: findingEvidence.findingId,
        id: findingEvidence.id,
        originalName: files.originalName,
        mediaType: files.mediaType,
        size: files.size,
      })
      .from(findingEvidence)
      .innerJoin(files, eq(files.id, findingEvidence.fileId))
      .where(inArray(findingEvidence.findingId, findingIds))
      .orderBy(asc(findingEvidence.createdAt), asc(findingEvidence.id))
  }

  assertOrganisationActor(actor: Actor): void {
    if (actor.role !== 'org_liaison')
      throw new AppError('FORBIDDEN', '只有单位联络员可以提交 (only the organisation’s liaison submits)')
  }
}
