// Forms of a campaign (seed 000 附件4–6): an organisation's liaison drafts, attaches the stamped scan, submits; the
// regulator's side reads them, returns one with a reason, sets the deadlines, exports them; reminders are recorded
// before a deadline for those who have not filed. The submitted forms feed the scores: 自查情况 (yixing-2021), the
// service evaluations and self-inspection clients of the testing-company standard (campaign-scoring.ts).
import { serviceEvaluationGrade } from '@wangan/rules/scoring'
import { and, asc, count, eq, inArray, sql } from 'drizzle-orm'
import { ORGANISATION_ROLES } from '../../access/roles'
import { HOUR, type Clock } from '../../clock'
import type { Actor, RequestContext } from '../../context'
import type { Database, Executor } from '../../db/client'
import {
  campaignFormAttachments,
  campaignFormDeadlines,
  campaignFormReminders,
  campaignForms,
  campaignPhases,
  campaignTargets,
  files,
  organisations,
  regions,
  teams,
  testingCompanies,
} from '../../db/schema'
import {
  AppError,
  conflict,
  forbidden,
  notFound,
  validationFailed,
  type ErrorDetail,
} from '../../http/errors'
import type { JobDefinition, JobQueue } from '../../jobs/job-queue'
import { defineJob } from '../../jobs/job-queue'
import { type AuditService } from '../audit/audit.service'
import { requireActor } from '../auth/auth.service'
import { isCampaignRegionInScope } from '../campaigns/campaign-scope'
import type { CampaignsService } from '../campaigns/campaigns.service'
import type { FilesService, TStoredFile } from '../files/files.service'
import { z } from 'zod'
import {
  CONTENT_SCHEMAS,
  FORM_KINDS,
  type FormKind,
  type TCampaignForms,
  type TCreateFormRequest,
  type TForm,
  type TFormDeadline,
  type TFormSummary,
  type TSetDeadlineRequest,
  type TUpdateFormRequest,
} from './forms.schemas'

type FormRow = typeof campaignForms.$inferSelect
type CampaignRow = Awaited<ReturnType<CampaignsService['loadVisible']>>

const NOT_FOUND = '材料 form '
const DAY = 24 * HOUR

/** When a campaign's phases give no better date: the self-inspection report by the end of that phase (seed 000:
 * 4月30日前 after 4月20日), the evaluation and the summary by the start of the summary phase (seed 000: 6月25日前,
 * before the July summary). */
const DEFAULT_DEADLINE_PHASE: Record<
  FormKind,
  { phase: 'self_inspection' | 'summary'; edge: 'end' | 'start' }
> = {
  self_inspection: { phase: 'self_inspection', edge: 'end' },
  service_evaluation: { phase: 'summary', edge: 'start' },
  work_summary: { phase: 'summary', edge: 'start' },
}

const ZReminderPayload = z.object({
  campaignId: z.uuid(),
  kind: z.enum(FORM_KINDS),
  dueAt: z.string(),
})

export class FormsService {
  readonly reminderJob: JobDefinition<typeof ZReminderPayload>

  constructor(
    private readonly deps: {
      database: Database
      clock: Clock
      audit: AuditService
      files: FilesService
      jobs: JobQueue
      campaigns: CampaignsService
    },
  ) {
    this.reminderJob = defineJob({
      name: 'forms.deadline-reminder',
      payload: ZReminderPayload,
      retryLimit: 5,
      retryDelaySeconds: 60,
      expireInSeconds: 300,
      handle: (payload) =>
        this.remind(payload.campaignId, payload.kind, new Date(payload.dueAt)).then(() => {}),
    })
  }

  // ---- access ----

  private isRegulatorSide(actor: Actor, campaign: CampaignRow): boolean {
    return isCampaignRegionInScope(actor, campaign.regionPath)
  }

  private async campaignFor(executor: Executor, actor: Actor, campaignId: string): Promise<CampaignRow> {
    const campaign = await this.deps.campaigns.loadVisible(executor, actor, campaignId)
    if (!this.isRegulatorSide(actor, campaign) && !ORGANISATION_ROLES.includes(actor.role))
      throw notFound('专项行动 campaign ')
    return campaign
  }

  /** A form the actor may read: the regulator's side of its campaign, or its organisation's people. */
  private async loadForm(executor: Executor, actor: Actor, id: string, forUpdate = false) {
    let query = executor
      .select({
        form: campaignForms,
        organisationName: organisations.name,
        organisationPath: organisations.path,
      })
      .from(campaignForms)
      .innerJoin(organisations, eq(organisations.id, campaignForms.organisationId))
      .where(eq(campaignForms.id, id))
      .$dynamic()
    if (forUpdate) query = query.for('update', { of: campaignForms })
    const [found] = await query
    if (!found) throw notFound(NOT_FOUND)
    const campaign = await this.deps.campaigns
      .loadVisible(executor, actor, found.form.campaignId)
      .catch(() => null)
    if (!campaign) throw notFound(NOT_FOUND)
    const regulatorSide = this.isRegulatorSide(actor, campaign)
    const own =
      ORGANISATION_ROLES.includes(actor.role) &&
      !!actor.organisationPath &&
      found.organisationPath.startsWith(actor.organisationPath)
    if (!regulatorSide && !own) throw notFound(NOT_FOUND)
    return { ...found, campaign, regulatorSide, own }
  }

  private requireLiaison(actor: Actor, own: boolean): void {
    if (actor.role !== 'org_liaison' || !own)
      throw forbidden('只有本单位联络员可以填写和报送 (only the organisation’s liaison fills in and submits)')
  }

  // ---- deadlines ----

  async deadlines(executor: Executor, campaignId: string): Promise<TFormDeadline[]> {
    const stored = await executor
      .select()
      .from(campaignFormDeadlines)
      .where(eq(campaignFormDeadlines.campaignId, campaignId))
    const phases = await executor
      .select()
      .from(campaignPhases)
      .where(eq(campaignPhases.campaignId, campaignId))
    return FORM_KINDS.map((kind) => {
      const row = stored.find((candidate) => candidate.kind === kind)
      if (row)
        return {
          kind,
          dueAt: row.dueAt.toISOString(),
          remindDaysBefore: row.remindDaysBefore,
          isDefault: false,
          version: row.version,
        }
      const rule = DEFAULT_DEADLINE_PHASE[kind]
      const phase = phases.find((candidate) => candidate.kind === rule.phase)
      const at = phase ? (rule.edge === 'start' ? (phase.startsAt ?? phase.endsAt) : phase.endsAt) : null
      return {
        kind,
        dueAt: (at ?? new Date(0)).toISOString(),
        remindDaysBefore: 3,
        isDefault: true,
        version: 0,
      }
    })
  }

  async setDeadline(
    ctx: RequestContext,
    campaignId: string,
    kind: FormKind,
    input: TSetDeadlineRequest,
  ): Promise<TFormDeadline[]> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const campaign = await this.deps.campaigns.loadManaged(tx, actor, campaignId)
      const [existing] = await tx
        .select()
        .from(campaignFormDeadlines)
        .where(and(eq(campaignFormDeadlines.campaignId, campaignId), eq(campaignFormDeadlines.kind, kind)))
        .for('update')
      if ((existing?.version ?? undefined) !== input.version) throw conflict()
      const dueAt = new Date(input.dueAt)
      const now = this.deps.clock.now()
      if (existing)
        await tx
          .update(campaignFormDeadlines)
          .set({
            dueAt,
            remindDaysBefore: input.remindDaysBefore,
            updatedAt: now,
            version: existing.version + 1,
          })
          .where(and(eq(campaignFormDeadlines.campaignId, campaignId), eq(campaignFormDeadlines.kind, kind)))
      else
        await tx
          .insert(campaignFormDeadlines)
          .values({ campaignId, kind, dueAt, remindDaysBefore: input.remindDaysBefore, updatedAt: now })
      if (input.remindDaysBefore > 0)
        await this.deps.jobs.enqueue(
          tx,
          this.reminderJob,
          { campaignId, kind, dueAt: dueAt.toISOString() },
          {
            key: `${campaignId}:${kind}:${dueAt.toISOString()}:${input.remindDaysBefore}`,
            startAfter: new Date(Math.max(now.getTime(), dueAt.getTime() - input.remindDaysBefore * DAY)),
          },
        )
      await this.deps.audit.record(tx, ctx, {
        action: 'forms.deadline_set',
        objectType: 'campaign',
        objectId: campaign.id,
        summary: {
          kind,
          dueAt: [existing?.dueAt.toISOString() ?? null, dueAt.toISOString()],
          remindDaysBefore: input.remindDaysBefore,
        },
      })
    })
    return this.deadlines(this.deps.database.db, campaignId)
  }

  // ---- who owes what ----

  private async targets(executor: Executor, campaignId: string) {
    return executor
      .select({
        id: campaignTargets.organisationId,
        name: campaignTargets.organisationName,
        path: organisations.path,
      })
      .from(campaignTargets)
      .innerJoin(organisations, eq(organisations.id, campaignTargets.organisationId))
      .where(eq(campaignTargets.campaignId, campaignId))
      .orderBy(asc(campaignTargets.organisationName))
  }

  /** The roster companies a campaign's organisations may name or evaluate: its region's and the regions' above, and
   * those of its teams. */
  async companies(executor: Executor, campaign: CampaignRow) {
    return executor
      .select({ id: testingCompanies.id, name: testingCompanies.name })
      .from(testingCompanies)
      .where(
        sql`${testingCompanies.regionId} in (select ${regions.id} from ${regions} where ${campaign.regionPath} like ${regions.path} || '%')
          or ${testingCompanies.id} in (select ${teams.companyId} from ${teams} where ${teams.campaignId} = ${campaign.id})`,
      )
      .orderBy(asc(testingCompanies.name))
  }

  /** Forms owed per kind: every target a report and a summary; an evaluation of each roster company a target's
   * submitted self-inspection report names (seed 000: 如引入…技术支撑机构, 需对…服务情况进行评价). */
  private async board(
    executor: Executor,
    campaignId: string,
    forms: FormRow[],
    visible: (path: string) => boolean,
  ) {
    const targets = (await this.targets(executor, campaignId)).filter((target) => visible(target.path))
    const deadlines = await this.deadlines(executor, campaignId)
    const reminded = await executor
      .select({ kind: campaignFormReminders.kind, organisationId: campaignFormReminders.organisationId })
      .from(campaignFormReminders)
      .where(eq(campaignFormReminders.campaignId, campaignId))
    const companyNames = new Map(
      (
        await executor
          .select({ id: testingCompanies.id, name: testingCompanies.name })
          .from(testingCompanies)
          .where(
            inArray(testingCompanies.id, [
              ...new Set(forms.flatMap((form) => form.serviceCompanyIds)),
              '00000000-0000-0000-0000-000000000000',
            ]),
          )
      ).map((row) => [row.id, row.name]),
    )
    return FORM_KINDS.map((kind) => {
      const due = new Date(deadlines.find((d) => d.kind === kind)!.dueAt)
      const submitted = forms.filter((form) => form.kind === kind && form.status === 'submitted')
      const isReminded = (organisationId: string) =>
        reminded.some((row) => row.kind === kind && row.organisationId === organisationId)
      let owed: { organisationId: string; organisationName: string; companyId: string | null }[]
      if (kind === 'service_evaluation') {
        owed = forms
          .filter((form) => form.kind === 'self_inspection' && form.status === 'submitted')
          .flatMap((form) =>
            form.serviceCompanyIds.map((companyId) => ({
              organisationId: form.organisationId,
              organisationName: targets.find((t) => t.id === form.organisationId)?.name ?? '',
              companyId,
            })),
          )
          .filter((entry) => targets.some((target) => target.id === entry.organisationId))
      } else
        owed = targets.map((target) => ({
          organisationId: target.id,
          organisationName: target.name,
          companyId: null,
        }))
      const missing = owed.filter(
        (entry) =>
          !submitted.some(
            (form) =>
              form.organisationId === entry.organisationId &&
              (entry.companyId === null || form.companyId === entry.companyId),
          ),
      )
      return {
        kind,
        expected: owed.length,
        submitted: owed.length - missing.length,
        late: submitted.filter((form) => form.submittedAt && form.submittedAt.getTime() > due.getTime())
          .length,
        missing: missing.map((entry) => ({
          ...entry,
          companyName: entry.companyId ? (companyNames.get(entry.companyId) ?? null) : null,
          reminded: isReminded(entry.organisationId),
        })),
      }
    })
  }

  /** Who has filed what, over every target (for the dashboard and the summary report). */
  async boardOf(executor: Executor, campaignId: string) {
    const forms = await executor.select().from(campaignForms).where(eq(campaignForms.campaignId, campaignId))
    return this.board(executor, campaignId, forms, () => true)
  }

  // ---- presenting ----

  private async summaries(
    executor: Executor,
    rows: { form: FormRow; organisationName: string }[],
    deadlines: TFormDeadline[],
  ) {
    const ids = rows.map((row) => row.form.id)
    const attachmentCounts = ids.length
      ? await executor
          .select({ formId: campaignFormAttachments.formId, n: count() })
          .from(campaignFormAttachments)
          .where(inArray(campaignFormAttachments.formId, ids))
          .groupBy(campaignFormAttachments.formId)
      : []
    const companyIds = [...new Set(rows.map((row) => row.form.companyId).filter((id): id is string => !!id))]
    const companies = companyIds.length
      ? await executor
          .select({ id: testingCompanies.id, name: testingCompanies.name })
          .from(testingCompanies)
          .where(inArray(testingCompanies.id, companyIds))
      : []
    return rows.map(({ form, organisationName }): TFormSummary => {
      const due = deadlines.find((d) => d.kind === form.kind)
      return {
        id: form.id,
        campaignId: form.campaignId,
        kind: form.kind,
        organisationId: form.organisationId,
        organisationName,
        companyId: form.companyId,
        companyName: companies.find((c) => c.id === form.companyId)?.name ?? null,
        status: form.status,
        overallScore: form.overallScore,
        grade: form.overallScore === null ? null : serviceEvaluationGrade(form.overallScore),
        submittedAt: form.submittedAt?.toISOString() ?? null,
        submittedByName: form.submittedByName,
        isLate: !!(form.submittedAt && due && form.submittedAt.getTime() > Date.parse(due.dueAt)),
        attachmentCount: Number(attachmentCounts.find((a) => a.formId === form.id)?.n ?? 0),
        updatedAt: form.updatedAt.toISOString(),
        version: form.version,
      }
    })
  }

  private missingFields(
    kind: FormKind,
    content: Record<string, unknown>,
    row: Pick<FormRow, 'companyId' | 'serviceCompanyIds'>,
  ) {
    const result = CONTENT_SCHEMAS[kind].complete.safeParse(content)
    const missing: { path: string; message: string }[] = result.success
      ? []
      : result.error.issues.map((issue) => ({
          path: ['content', ...issue.path.map(String)].join('.'),
          message: issue.code === 'invalid_type' ? '必填 (required)' : issue.message,
        }))
    if (kind === 'service_evaluation' && !row.companyId)
      missing.push({
        path: 'companyId',
        message: '请选择被评价的技术支撑单位 (choose the company evaluated)',
      })
    return missing
  }

  private async present(executor: Executor, actor: Actor, id: string): Promise<TForm> {
    const { form, organisationName, campaign, regulatorSide, own } = await this.loadForm(executor, actor, id)
    const deadlines = await this.deadlines(executor, form.campaignId)
    const [summary] = await this.summaries(executor, [{ form, organisationName }], deadlines)
    const attachments = await executor
      .select({
        id: campaignFormAttachments.id,
        fileId: files.id,
        originalName: files.originalName,
        mediaType: files.mediaType,
        size: files.size,
        createdAt: campaignFormAttachments.createdAt,
      })
      .from(campaignFormAttachments)
      .innerJoin(files, eq(files.id, campaignFormAttachments.fileId))
      .where(eq(campaignFormAttachments.formId, id))
      .orderBy(asc(campaignFormAttachments.createdAt), asc(campaignFormAttachments.id))
    const serviceCompanies = form.serviceCompanyIds.length
      ? await executor
          .select({ id: testingCompanies.id, name: testingCompanies.name })
          .from(testingCompanies)
          .where(inArray(testingCompanies.id, form.serviceCompanyIds))
      : []
    const editable = form.status !== 'submitted' && campaign.status !== 'closed'
    return {
      ...summary!,
      campaignName: campaign.name,
      serviceCompanyIds: form.serviceCompanyIds,
      serviceCompanyNames: form.serviceCompanyIds.map(
        (cid) => serviceCompanies.find((c) => c.id === cid)?.name ?? cid,
      ),
      content: form.content,
      returnReason: form.returnReason,
      attachments: attachments.map((a) => ({
        ...a,
        size: Number(a.size),
        createdAt: a.createdAt.toISOString(),
      })),
      missing: this.missingFields(form.kind, form.content, form),
      canEdit: editable && actor.role === 'org_liaison' && own,
      canReturn: form.status === 'submitted' && actor.role === 'regulator' && regulatorSide,
      dueAt: deadlines.find((d) => d.kind === form.kind)?.dueAt ?? null,
    }
  }

  // ---- reading ----

  async list(ctx: RequestContext, campaignId: string, kind?: FormKind): Promise<TCampaignForms> {
    const actor = requireActor(ctx)
    const db = this.deps.database.db
    const campaign = await this.campaignFor(db, actor, campaignId)
    const regulatorSide = this.isRegulatorSide(actor, campaign)
    const visible = (path: string) =>
      regulatorSide || (!!actor.organisationPath && path.startsWith(actor.organisationPath))
    const rows = (
      await db
        .select({
          form: campaignForms,
          organisationName: organisations.name,
          organisationPath: organisations.path,
        })
        .from(campaignForms)
        .innerJoin(organisations, eq(organisations.id, campaignForms.organisationId))
        .where(eq(campaignForms.campaignId, campaignId))
        .orderBy(asc(organisations.name), asc(campaignForms.kind), asc(campaignForms.id))
    ).filter((row) => visible(row.organisationPath))
    const deadlines = await this.deadlines(db, campaignId)
    const forms = rows.filter((row) => !kind || row.form.kind === kind)
    const targets = await this.targets(db, campaignId)
    return {
      campaignId,
      campaignName: campaign.name,
      deadlines,
      forms: await this.summaries(db, forms, deadlines),
      board: await this.board(
        db,
        campaignId,
        rows.map((row) => row.form),
        visible,
      ),
      companies: await this.companies(db, campaign),
      myOrganisations:
        actor.role === 'org_liaison'
          ? targets.filter((t) => visible(t.path)).map((t) => ({ id: t.id, name: t.name }))
          : [],
      canManage: actor.role === 'regulator' && regulatorSide,
    }
  }

  async get(ctx: RequestContext, id: string): Promise<TForm> {
    return this.present(this.deps.database.db, requireActor(ctx), id)
  }

  // ---- writing ----

  private parseDraft(kind: FormKind, content: Record<string, unknown>): Record<string, unknown> {
    const result = CONTENT_SCHEMAS[kind].draft.safeParse(content)
    if (!result.success)
      throw validationFailed(
        result.error.issues.map((issue) => ({
          path: ['body', 'content', ...issue.path.map(String)].join('.'),
          message: issue.message,
        })),
      )
    return result.data as Record<string, unknown>
  }

  private async checkCompanies(executor: Executor, campaign: CampaignRow, ids: string[], path: string) {
    if (!ids.length) return
    const known = new Set((await this.companies(executor, campaign)).map((c) => c.id))
    const problems: ErrorDetail[] = ids
      .filter((id) => !known.has(id))
      .map((id) => ({ path, message: `不在本行动可选的技术支撑机构名录中 (not on the roster): ${id}` }))
    if (problems.length) throw validationFailed(problems)
  }

  private overallScoreOf(kind: FormKind, content: Record<string, unknown>): number | null {
    if (kind !== 'service_evaluation') return null
    const score = content.overallScore
    return typeof score === 'number' ? score : null
  }

  async create(ctx: RequestContext, campaignId: string, input: TCreateFormRequest): Promise<TForm> {
    const actor = requireActor(ctx)
    const id = await this.deps.database.db.transaction(async (tx) => {
      const campaign = await this.campaignFor(tx, actor, campaignId)
      if (campaign.status === 'closed')
        throw new AppError('CONFLICT', '专项行动已结束 (the campaign is closed)')
      const organisationId = input.organisationId ?? actor.organisationId
      if (!organisationId)
        throw validationFailed([{ path: 'body.organisationId', message: '必填 (required)' }])
      const [target] = await tx
        .select({ id: campaignTargets.organisationId, path: organisations.path })
        .from(campaignTargets)
        .innerJoin(organisations, eq(organisations.id, campaignTargets.organisationId))
        .where(
          and(eq(campaignTargets.campaignId, campaignId), eq(campaignTargets.organisationId, organisationId)),
        )
      const own = !!target && !!actor.organisationPath && target.path.startsWith(actor.organisationPath)
      if (!own) {
        if (this.isRegulatorSide(actor, campaign) && !target)
          throw validationFailed([
            { path: 'body.organisationId', message: '不是本行动的检测对象 (not a target of the campaign)' },
          ])
        if (!this.isRegulatorSide(actor, campaign)) throw notFound('检测对象 target ')
      }
      this.requireLiaison(actor, own)
      if (input.kind === 'service_evaluation' && !input.companyId)
        throw validationFailed([
          { path: 'body.companyId', message: '请选择被评价的技术支撑单位 (choose the company)' },
        ])
      if (input.kind !== 'service_evaluation' && input.companyId)
        throw validationFailed([
          { path: 'body.companyId', message: '只有服务评价表有被评价单位 (only for evaluations)' },
        ])
      if (input.kind !== 'self_inspection' && input.serviceCompanyIds?.length)
        throw validationFailed([
          {
            path: 'body.serviceCompanyIds',
            message: '只有自查情况报告填写技术服务单位 (only for self-inspection)',
          },
        ])
      await this.checkCompanies(tx, campaign, input.companyId ? [input.companyId] : [], 'body.companyId')
      await this.checkCompanies(tx, campaign, input.serviceCompanyIds ?? [], 'body.serviceCompanyIds')
      const content = this.parseDraft(input.kind, input.content ?? {})
      const now = this.deps.clock.now()
      const [row] = await tx
        .insert(campaignForms)
        .values({
          campaignId,
          kind: input.kind,
          organisationId,
          companyId: input.companyId ?? null,
          serviceCompanyIds: [...new Set(input.serviceCompanyIds ?? [])],
          overallScore: this.overallScoreOf(input.kind, content),
          content,
          createdBy: actor.userId,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing()
        .returning({ id: campaignForms.id })
      if (!row)
        throw new AppError(
          'CONFLICT',
          '本单位已有这份材料，请打开并修改 (the organisation already has this form)',
          {
            reason: 'form_exists',
          },
        )
      await this.deps.audit.record(tx, ctx, {
        action: 'forms.created',
        objectType: 'campaign_form',
        objectId: row.id,
        summary: { campaignId, kind: input.kind, organisationId, companyId: input.companyId ?? null },
      })
      return row.id
    })
    return this.get(ctx, id)
  }

  async update(ctx: RequestContext, id: string, input: TUpdateFormRequest): Promise<TForm> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const { form, campaign, own } = await this.loadForm(tx, actor, id, true)
      this.requireLiaison(actor, own)
      if (form.version !== input.version) throw conflict()
      if (form.status === 'submitted')
        throw new AppError(
          'CONFLICT',
          '已报送的材料不能修改，需监管人员退回 (submitted; the regulator must return it first)',
        )
      if (campaign.status === 'closed')
        throw new AppError('CONFLICT', '专项行动已结束 (the campaign is closed)')
      if (form.kind !== 'service_evaluation' && input.companyId)
        throw validationFailed([
          { path: 'body.companyId', message: '只有服务评价表有被评价单位 (only for evaluations)' },
        ])
      if (form.kind !== 'self_inspection' && input.serviceCompanyIds?.length)
        throw validationFailed([
          {
            path: 'body.serviceCompanyIds',
            message: '只有自查情况报告填写技术服务单位 (only for self-inspection)',
          },
        ])
      await this.checkCompanies(tx, campaign, input.companyId ? [input.companyId] : [], 'body.companyId')
      await this.checkCompanies(tx, campaign, input.serviceCompanyIds ?? [], 'body.serviceCompanyIds')
      const content = this.parseDraft(form.kind, input.content)
      const patch = {
        content,
        overallScore: this.overallScoreOf(form.kind, content),
        ...(input.companyId ? { companyId: input.companyId } : {}),
        ...(input.serviceCompanyIds ? { serviceCompanyIds: [...new Set(input.serviceCompanyIds)] } : {}),
      }
      const updated = await tx
        .update(campaignForms)
        .set({ ...patch, updatedAt: this.deps.clock.now(), version: form.version + 1 })
        .where(and(eq(campaignForms.id, id), eq(campaignForms.version, form.version)))
        .returning({ id: campaignForms.id })
        .catch((error: unknown) => {
          const e = error as { code?: string; cause?: { code?: string } }
          if (e.code === '23505' || e.cause?.code === '23505')
            throw new AppError(
              'CONFLICT',
              '本单位已评价过该单位 (this company is already evaluated by the organisation)',
            )
          throw error
        })
      if (!updated.length) throw conflict()
      await this.deps.audit.record(tx, ctx, {
        action: 'forms.updated',
        objectType: 'campaign_form',
        objectId: id,
        summary: {
          kind: form.kind,
          sections: Object.keys(content),
          ...(patch.overallScore !== form.overallScore
            ? { overallScore: [form.overallScore, patch.overallScore] }
            : {}),
        },
      })
    })
    return this.get(ctx, id)
  }

  async submit(ctx: RequestContext, id: string, version: number): Promise<TForm> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const { form, campaign, own } = await this.loadForm(tx, actor, id, true)
      this.requireLiaison(actor, own)
      if (form.version !== version) throw conflict()
      if (form.status === 'submitted') throw new AppError('CONFLICT', '已报送 (already submitted)')
      if (campaign.status === 'closed')
        throw new AppError('CONFLICT', '专项行动已结束 (the campaign is closed)')
      const missing = this.missingFields(form.kind, form.content, form)
      if (missing.length)
        throw validationFailed(
          missing,
          `材料尚未填写完整：${missing.length} 处 (the form is incomplete: ${missing.map((m) => m.path).join(', ')})`,
        )
      const now = this.deps.clock.now()
      await tx
        .update(campaignForms)
        .set({
          status: 'submitted',
          submittedAt: now,
          submittedBy: actor.userId,
          submittedByName: actor.displayName,
          returnReason: null,
          updatedAt: now,
          version: form.version + 1,
        })
        .where(eq(campaignForms.id, id))
      await this.deps.audit.record(tx, ctx, {
        action: 'forms.submitted',
        objectType: 'campaign_form',
        objectId: id,
        summary: { kind: form.kind, organisationId: form.organisationId, overallScore: form.overallScore },
      })
    })
    return this.get(ctx, id)
  }

  async returnForm(
    ctx: RequestContext,
    id: string,
    input: { version: number; reason: string },
  ): Promise<TForm> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const { form, regulatorSide } = await this.loadForm(tx, actor, id, true)
      if (actor.role !== 'regulator' || !regulatorSide)
        throw forbidden('只有本区域的监管人员可以退回 (only the region’s regulator returns a form)')
      if (form.version !== input.version) throw conflict()
      if (form.status !== 'submitted') throw new AppError('CONFLICT', '尚未报送 (not submitted)')
      await tx
        .update(campaignForms)
        .set({
          status: 'returned',
          returnReason: input.reason,
          updatedAt: this.deps.clock.now(),
          version: form.version + 1,
        })
        .where(eq(campaignForms.id, id))
      await this.deps.audit.record(tx, ctx, {
        action: 'forms.returned',
        objectType: 'campaign_form',
        objectId: id,
        summary: { kind: form.kind, reason: input.reason },
      })
    })
    return this.get(ctx, id)
  }

  // ---- attachments ----

  async assertCanAttach(ctx: RequestContext, id: string): Promise<void> {
    const actor = requireActor(ctx)
    const { form, own } = await this.loadForm(this.deps.database.db, actor, id)
    this.requireLiaison(actor, own)
    if (form.status === 'submitted') throw new AppError('CONFLICT', '已报送的材料不能修改 (submitted)')
  }

  async attach(ctx: RequestContext, id: string, file: TStoredFile): Promise<TForm> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const { form, own } = await this.loadForm(tx, actor, id, true)
      this.requireLiaison(actor, own)
      if (form.status === 'submitted') throw new AppError('CONFLICT', '已报送的材料不能修改 (submitted)')
      await tx
        .insert(campaignFormAttachments)
        .values({ formId: id, fileId: file.id, addedBy: actor.userId, createdAt: this.deps.clock.now() })
        .onConflictDoNothing()
      await tx
        .update(campaignForms)
        .set({ updatedAt: this.deps.clock.now(), version: form.version + 1 })
        .where(eq(campaignForms.id, id))
      await this.deps.audit.record(tx, ctx, {
        action: 'forms.attachment_added',
        objectType: 'campaign_form',
        objectId: id,
        summary: { fileId: file.id, name: file.originalName, mediaType: file.mediaType, size: file.size },
      })
    })
    return this.get(ctx, id)
  }

  async removeAttachment(ctx: RequestContext, id: string, attachmentId: string): Promise<TForm> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const { form, own } = await this.loadForm(tx, actor, id, true)
      this.requireLiaison(actor, own)
      if (form.status === 'submitted') throw new AppError('CONFLICT', '已报送的材料不能修改 (submitted)')
      const removed = await tx
        .delete(campaignFormAttachments)
        .where(and(eq(campaignFormAttachments.id, attachmentId), eq(campaignFormAttachments.formId, id)))
        .returning({ fileId: campaignFormAttachments.fileId })
      if (!removed.length) throw notFound('附件 attachment ')
      await tx
        .update(campaignForms)
        .set({ updatedAt: this.deps.clock.now(), version: form.version + 1 })
        .where(eq(campaignForms.id, id))
      await this.deps.audit.record(tx, ctx, {
        action: 'forms.attachment_removed',
        objectType: 'campaign_form',
        objectId: id,
        summary: { fileId: removed[0]!.fileId },
      })
    })
    return this.get(ctx, id)
  }

  async readAttachment(ctx: RequestContext, id: string, attachmentId: string) {
    const actor = requireActor(ctx)
    const db = this.deps.database.db
    await this.loadForm(db, actor, id)
    const [row] = await db
      .select({ fileId: campaignFormAttachments.fileId })
      .from(campaignFormAttachments)
      .where(and(eq(campaignFormAttachments.id, attachmentId), eq(campaignFormAttachments.formId, id)))
    if (!row) throw notFound('附件 attachment ')
    return this.deps.files.read(row.fileId)
  }

  // ---- documents ----

  /** One form for its DOCX (after the access check). */
  async forDocument(ctx: RequestContext, id: string): Promise<TForm> {
    return this.get(ctx, id)
  }

  /** Every form of a kind, for the XLSX export (regulator's side). */
  async forExport(ctx: RequestContext, campaignId: string, kind: FormKind) {
    const actor = requireActor(ctx)
    const db = this.deps.database.db
    const campaign = await this.campaignFor(db, actor, campaignId)
    if (!this.isRegulatorSide(actor, campaign)) throw forbidden()
    const rows = await db
      .select({ form: campaignForms, organisationName: organisations.name })
      .from(campaignForms)
      .innerJoin(organisations, eq(organisations.id, campaignForms.organisationId))
      .where(and(eq(campaignForms.campaignId, campaignId), eq(campaignForms.kind, kind)))
      .orderBy(asc(organisations.name), asc(campaignForms.id))
    const deadlines = await this.deadlines(db, campaignId)
    const summaries = await this.summaries(db, rows, deadlines)
    const companies = await this.companies(db, campaign)
    return {
      campaign,
      rows: rows.map((row, index) => ({
        summary: summaries[index]!,
        content: row.form.content,
        serviceCompanyNames: row.form.serviceCompanyIds.map(
          (cid) => companies.find((c) => c.id === cid)?.name ?? cid,
        ),
      })),
    }
  }

  // ---- reminders ----

  /**
   * Records a reminder for every organisation that owes a form of this kind and has not submitted it, unless the
   * deadline moved since the job was scheduled. In-platform: the organisation sees it on its forms page. Returns
   * how many were recorded. (SMS and e-mail belong to the notification module, whose deliveries are bound to notices;
   * docs/interpretations/scoring.md says how a reminder would hand over.)
   */
  async remind(campaignId: string, kind: FormKind, dueAt: Date): Promise<number> {
    return this.deps.database.db.transaction(async (tx) => {
      const deadlines = await this.deadlines(tx, campaignId)
      const current = deadlines.find((d) => d.kind === kind)
      if (!current || Date.parse(current.dueAt) !== dueAt.getTime()) return 0
      const forms = await tx.select().from(campaignForms).where(eq(campaignForms.campaignId, campaignId))
      const board = await this.board(tx, campaignId, forms, () => true)
      const owed = [...new Set(board.find((row) => row.kind === kind)!.missing.map((m) => m.organisationId))]
      if (!owed.length) return 0
      const now = this.deps.clock.now()
      const inserted = await tx
        .insert(campaignFormReminders)
        .values(owed.map((organisationId) => ({ campaignId, kind, organisationId, dueAt, remindedAt: now })))
        .onConflictDoNothing()
        .returning({ id: campaignFormReminders.id })
      return inserted.length
    })
  }
}
