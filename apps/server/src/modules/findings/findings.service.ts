// Findings: testers submit them inside the testing window, reviewers verify, reject or merge them, and every later
// step (notice, rectification, re-test, appeal) goes through the same state machine (findings.workflow.ts) via
// `transition`. Visibility follows SPEC §2 (campaign-scope.ts): a team sees its own findings, the regulator's side
// its campaigns', an organisation its own from the notice on.
import { createHash } from 'node:crypto'
import type { AssetMatcher } from '@wangan/rules/registry'
import { and, asc, eq, sql } from 'drizzle-orm'
import { ORGANISATION_ROLES, TEAM_ROLES } from '../../access/roles'
import type { Clock } from '../../clock'
import type { Actor, RequestContext } from '../../context'
import type { Database, Executor, Tx } from '../../db/client'
import {
  campaigns,
  findingComments,
  findingDrafts,
  findingEvents,
  findingEvidence,
  findings,
  files,
  organisations,
  regions,
  scanImports,
  teams,
} from '../../db/schema'
import { inTransaction } from '../../db/transaction'
import {
  AppError,
  conflict,
  forbidden,
  notFound,
  validationFailed,
  type ErrorDetail,
} from '../../http/errors'
import { escapeLike, type AuditService } from '../audit/audit.service'
import { requireActor } from '../auth/auth.service'
import {
  CAMPAIGN_REGION_ROLES,
  isCampaignRegionInScope,
  visibleFindingsCondition,
} from '../campaigns/campaign-scope'
import { isInWindow } from '../campaigns/campaign-templates'
import { assertTestingOpen, type CampaignRow, type CampaignsService } from '../campaigns/campaigns.service'
import type { FilesService, TStoredFile } from '../files/files.service'
import { suggestsSensitive, type DataLeakCategory } from './data-leak-categories'
import { cvssProblem, scoreVector, targetIdentity, titleKey } from './finding-identity'
import { orderedId } from './ordered-id'
import {
  duplicateCandidates,
  listConditions,
  listFindings,
  type DuplicateProbe,
  type SummaryRow,
} from './findings.repository'
import type {
  TFindingDetail,
  TFindingSummary,
  TListFindingsQuery,
  TSubmitFindingRequest,
} from './findings.schemas'
import {
  applyTransition,
  availableActions,
  FINAL_STATUSES,
  type FindingAction,
  type FindingEvent,
  type FindingPatch,
  type FindingSeverity,
  type TransitionInput,
  type WorkflowFinding,
} from './findings.workflow'

export type FindingRow = typeof findings.$inferSelect

/** The registry's matcher over a set of organisations (services.assets). */
export type TargetMatcherSource = {
  matcher(
    scope?: { organisationIds?: readonly string[]; includeSubordinates?: boolean },
    executor?: Executor,
  ): Promise<AssetMatcher>
}

/** A validated submission, before it is placed in a campaign. */
export type PreparedFinding = {
  kind: FindingRow['kind']
  title: string
  descriptionMd: string
  reproductionMd: string
  target: string
  targetHost: string | null
  targetLocation: string | null
  organisationId: string | null
  cvssVector: string | null
  cvssVersion: string | null
  cvssBase: number | null
  severity: FindingSeverity
  severitySource: 'cvss' | 'tester'
  cve: string[]
  cwe: number | null
  webshellPaths: string[]
  dataCategories: string[]
  recordCount: number | null
  isSensitive: boolean | null
  sourceLevel: 'city' | 'province'
}

const NOT_FOUND = '漏洞 finding '
/** Actions a person takes on a finding that are not workflow transitions but appear on its timeline. */
const ORGANISATION_TIMELINE_FROM = 'notify'

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } } | null
  return e?.code === '23505' || e?.cause?.code === '23505'
}

function requestHash(input: TSubmitFindingRequest): string {
  const { clientRequestId: _key, ...rest } = input
  const canonical = JSON.stringify(rest, Object.keys(rest).sort())
  return createHash('sha256').update(canonical).digest('hex')
}

/** Checks and normalises a submission: the CVSS vector (naming the bad metric), severity, kind-specific details. */
export function prepareFinding(input: TSubmitFindingRequest): PreparedFinding {
  const problems: ErrorDetail[] = []
  const placed = targetIdentity(input.target)
  if (!placed.ok) problems.push({ path: 'body.target', message: placed.reason })
  let cvss: ReturnType<typeof scoreVector> | null = null
  if (input.cvssVector) {
    try {
      cvss = scoreVector(input.cvssVector)
    } catch (error) {
      const problem = cvssProblem(error)
      if (!problem) throw error
      problems.push({ path: 'body.cvssVector', message: `CVSS 向量无效 (invalid CVSS vector): ${problem}` })
    }
    if (input.severity && cvss && input.severity !== cvss.severity)
      problems.push({
        path: 'body.severity',
        message: `危害等级由 CVSS 评分决定（${cvss.severity}），审核人员可调整 (the severity follows the CVSS band; a reviewer may adjust it)`,
      })
  } else if (!input.severity)
    problems.push({
      path: 'body.severity',
      message: '无 CVSS 向量时须选择危害等级 (choose a severity when there is no CVSS vector)',
    })
  if (input.kind === 'data_leak' && !input.dataLeak)
    problems.push({
      path: 'body.dataLeak',
      message: '数据泄露须填写泄露类别和条数 (a data leak needs its categories and record count)',
    })
  if (input.kind !== 'data_leak' && input.dataLeak)
    problems.push({ path: 'body.dataLeak', message: '只有数据泄露可填写泄露详情 (only for data leaks)' })
  if (input.kind === 'unreported_asset' && !input.organisationId)
    problems.push({
      path: 'body.organisationId',
      message: '漏报/错报资产须指明所属单位 (name the organisation that did not report the asset)',
    })
  if (problems.length) throw validationFailed(problems)
  const leak = input.dataLeak
  return {
    kind: input.kind,
    title: input.title,
    descriptionMd: input.descriptionMd,
    reproductionMd: input.reproductionMd ?? '',
    target: input.target,
    targetHost: placed.ok ? placed.identity.host : null,
    targetLocation: placed.ok ? placed.identity.location : null,
    organisationId: input.organisationId ?? null,
    cvssVector: cvss?.vector ?? null,
    cvssVersion: cvss?.version ?? null,
    cvssBase: cvss?.base ?? null,
    severity: cvss?.severity ?? input.severity!,
    severitySource: cvss ? 'cvss' : 'tester',
    cve: [...new Set(input.cve ?? [])],
    cwe: input.cwe ?? null,
    webshellPaths: [...new Set(input.webshellPaths ?? [])],
    dataCategories: leak ? [...new Set(leak.categories)] : [],
    recordCount: leak?.recordCount ?? null,
    isSensitive: leak ? (leak.isSensitive ?? suggestsSensitive(leak.categories as DataLeakCategory[])) : null,
    sourceLevel: input.sourceLevel ?? 'city',
  }
}

export class FindingsService {
  constructor(
    private readonly deps: {
      database: Database
      clock: Clock
      audit: AuditService
      files: FilesService
      campaigns: CampaignsService
      assets: TargetMatcherSource
    },
  ) {}

  // ---- reading ----

  private presentSummary(row: SummaryRow, actor: Actor): TFindingSummary {
    const forOrganisation = ORGANISATION_ROLES.includes(actor.role)
    return {
      id: row.id,
      campaignId: row.campaignId,
      // An organisation is told what was found, not which company found it.
      teamId: forOrganisation ? null : row.teamId,
      teamName: forOrganisation ? null : row.teamName,
      organisationId: row.organisationId,
      organisationName: row.organisationName,
      target: row.target,
      kind: row.kind,
      title: row.title,
      severity: row.severity,
      cvssBase: row.cvssBase === null ? null : Number(row.cvssBase),
      cvssVersion: row.cvssVersion,
      status: row.status,
      appeal: row.appeal,
      duplicateOfId: forOrganisation ? null : row.duplicateOfId,
      possibleDuplicateOfId:
        forOrganisation || TEAM_ROLES.includes(actor.role) ? null : row.possibleDuplicateOfId,
      submittedAt: row.submittedAt.toISOString(),
      verifiedAt: row.verifiedAt?.toISOString() ?? null,
      version: row.version,
    }
  }

  async list(ctx: RequestContext, query: TListFindingsQuery) {
    const actor = requireActor(ctx)
    const db = this.deps.database.db
    let page: Awaited<ReturnType<typeof listFindings>> | null = null
    if (query.campaignId && CAMPAIGN_REGION_ROLES.includes(actor.role) && actor.regionPath) {
      // The review queue of one campaign of the actor's region: all its findings are visible, so the statement
      // needs no visibility sub-selects, only a one-time check that the campaign is in the region (cheaper to plan
      // and to run on every page). An empty answer may also mean "not your region's campaign": then the general
      // rule decides (a provincial campaign's findings on this region's organisations).
      const inScope = sql`exists (select 1 from ${campaigns} inner join ${regions} on ${regions.id} = ${campaigns.regionId} where ${campaigns.id} = ${query.campaignId} and ${regions.path} like ${`${escapeLike(actor.regionPath)}%`})`
      const fast = await listFindings(db, listConditions(inScope, query), query)
      if (fast.rows.length > 0 || fast.total > 0) page = fast
    }
    const { rows, total, totalCapped } =
      page ?? (await listFindings(db, listConditions(visibleFindingsCondition(actor), query), query))
    return {
      items: rows.map((r) => this.presentSummary(r, actor)),
      total,
      totalCapped,
      page: query.page,
      pageSize: query.pageSize,
    }
  }

  /** A finding the actor may see, with its campaign's region path; anything else is "not found". */
  private async loadVisible(
    executor: Executor,
    actor: Actor,
    id: string,
    forUpdate = false,
  ): Promise<{ finding: FindingRow; campaign: CampaignRow; regionPath: string }> {
    let query = executor
      .select({ finding: findings, campaign: campaigns, regionPath: regions.path })
      .from(findings)
      .innerJoin(campaigns, eq(campaigns.id, findings.campaignId))
      .innerJoin(regions, eq(regions.id, campaigns.regionId))
      .where(and(eq(findings.id, id), visibleFindingsCondition(actor)))
      .$dynamic()
    if (forUpdate) query = query.for('update', { of: findings })
    const [found] = await query
    if (!found) throw notFound(NOT_FOUND)
    return found
  }

  private isTeamOf(actor: Actor, finding: FindingRow): boolean {
    return TEAM_ROLES.includes(actor.role) && actor.teamId === finding.teamId
  }

  async get(ctx: RequestContext, id: string, executor?: Executor): Promise<TFindingDetail> {
    const actor = requireActor(ctx)
    const db = executor ?? this.deps.database.db
    const { finding, campaign, regionPath } = await this.loadVisible(db, actor, id)
    const [names] = await db
      .select({ organisationName: organisations.name, teamName: teams.name })
      .from(findings)
      .leftJoin(organisations, eq(organisations.id, findings.organisationId))
      .leftJoin(teams, eq(teams.id, findings.teamId))
      .where(eq(findings.id, id))
    const forOrganisation = ORGANISATION_ROLES.includes(actor.role)
    const evidenceRows = await db
      .select({ evidence: findingEvidence, file: files })
      .from(findingEvidence)
      .innerJoin(files, eq(files.id, findingEvidence.fileId))
      .where(eq(findingEvidence.findingId, id))
      .orderBy(asc(findingEvidence.createdAt), asc(findingEvidence.id))
    let events = await db
      .select()
      .from(findingEvents)
      .where(eq(findingEvents.findingId, id))
      .orderBy(asc(findingEvents.at), asc(findingEvents.id))
    if (forOrganisation) {
      // The organisation's story starts with the notice; who reviewed what before it is internal.
      const start = events.findIndex((e) => e.action === ORGANISATION_TIMELINE_FROM)
      events = start < 0 ? [] : events.slice(start)
    }
    const inScope = isCampaignRegionInScope(actor, regionPath)
    const isTeam = this.isTeamOf(actor, finding)
    const wf = toWorkflow(finding)
    const summary = this.presentSummary(
      {
        ...finding,
        organisationName: names?.organisationName ?? null,
        teamName: names?.teamName ?? null,
      },
      actor,
    )
    return {
      ...summary,
      assetId: finding.assetId,
      targetHost: finding.targetHost,
      descriptionMd: finding.descriptionMd,
      reproductionMd: finding.reproductionMd,
      cvssVector: finding.cvssVector,
      severitySource: finding.severitySource,
      severityReason: finding.severityReason,
      cve: finding.cve,
      cwe: finding.cwe,
      webshellPaths: finding.webshellPaths,
      dataLeak:
        finding.kind === 'data_leak'
          ? {
              categories: finding.dataCategories,
              recordCount: finding.recordCount,
              isSensitive: finding.isSensitive,
            }
          : null,
      sourceLevel: finding.sourceLevel,
      notifiedAt: finding.notifiedAt?.toISOString() ?? null,
      rectificationSubmittedAt: finding.rectificationSubmittedAt?.toISOString() ?? null,
      fixedAt: finding.fixedAt?.toISOString() ?? null,
      notFixedRetests: finding.notFixedRetests,
      withdrawnAt: finding.withdrawnAt?.toISOString() ?? null,
      evidence: evidenceRows.map((r) => ({
        id: r.evidence.id,
        fileId: r.file.id,
        originalName: r.file.originalName,
        mediaType: r.file.mediaType,
        size: Number(r.file.size),
        createdAt: r.evidence.createdAt.toISOString(),
      })),
      timeline: events.map((e) => ({
        id: e.id,
        at: e.at.toISOString(),
        actorName:
          forOrganisation && e.actorRole && TEAM_ROLES.includes(e.actorRole as Actor['role'])
            ? null
            : e.actorName,
        actorRole: e.actorRole,
        action: e.action,
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        note: e.note,
      })),
      availableActions:
        inScope || ORGANISATION_ROLES.includes(actor.role) ? availableActions(wf, actor.role) : [],
      canAddEvidence:
        isTeam &&
        finding.status === 'submitted' &&
        campaign.status === 'active' &&
        isInWindow(campaign, this.deps.clock.now()),
      canComment: isTeam || inScope,
      canAdjustSeverity: inScope && actor.role === 'reviewer' && !FINAL_STATUSES.includes(finding.status),
    }
  }

  // ---- submitting ----

  /**
   * Submits a finding for the caller's team. Idempotent by key (Idempotency-Key header or clientRequestId): a retry
   * returns the first finding; the same key with a different request is a conflict.
   */
  async submit(
    ctx: RequestContext,
    campaignId: string,
    input: TSubmitFindingRequest,
    idempotencyKey?: string,
  ): Promise<{ finding: TFindingDetail; replayed: boolean }> {
    const actor = requireActor(ctx)
    const key = idempotencyKey?.trim() || input.clientRequestId || null
    const hash = requestHash(input)
    if (key) {
      const replay = await this.replay(ctx, actor, key, hash)
      if (replay) return replay
    }
    const prepared = prepareFinding(input)
    try {
      const id = await this.deps.database.db.transaction(async (tx) => {
        const { campaign, teamId } = await this.deps.campaigns.submissionContext(tx, actor, campaignId)
        if (input.fromDraftId) await this.takeDraft(tx, teamId, campaignId, input.fromDraftId)
        const id = await this.insertFinding(tx, ctx, actor, campaign, teamId, prepared, {
          clientRequestId: key,
          clientRequestHash: key ? hash : null,
          draftId: input.fromDraftId ?? null,
        })
        if (input.fromDraftId)
          await tx
            .update(findingDrafts)
            .set({ status: 'submitted', findingId: id, updatedAt: this.deps.clock.now() })
            .where(eq(findingDrafts.id, input.fromDraftId))
        return id
      })
      return { finding: await this.get(ctx, id), replayed: false }
    } catch (error) {
      // Two copies of one request raced: the loser answers with the winner's finding.
      if (key && isUniqueViolation(error)) {
        const replay = await this.replay(ctx, actor, key, hash)
        if (replay) return replay
      }
      throw error
    }
  }

  private async replay(ctx: RequestContext, actor: Actor, key: string, hash: string) {
    const [existing] = await this.deps.database.db
      .select({ id: findings.id, hash: findings.clientRequestHash })
      .from(findings)
      .where(and(eq(findings.submittedBy, actor.userId), eq(findings.clientRequestId, key)))
    if (!existing) return null
    if (existing.hash !== hash)
      throw new AppError(
        'CONFLICT',
        '该幂等键已用于另一次不同的提交 (this idempotency key was used for a different submission)',
        { reason: 'idempotency_key_reused', findingId: existing.id },
      )
    return { finding: await this.get(ctx, existing.id), replayed: true }
  }

  private async takeDraft(tx: Tx, teamId: string, campaignId: string, draftId: string): Promise<void> {
    const [draft] = await tx
      .select({ status: findingDrafts.status })
      .from(findingDrafts)
      .innerJoin(scanImports, eq(scanImports.id, findingDrafts.importId))
      .where(
        and(
          eq(findingDrafts.id, draftId),
          eq(scanImports.teamId, teamId),
          eq(scanImports.campaignId, campaignId),
        ),
      )
      .for('update', { of: findingDrafts })
    if (!draft) throw validationFailed([{ path: 'body.fromDraftId', message: '草稿不存在 (no such draft)' }])
    if (draft.status !== 'pending')
      throw new AppError(
        'CONFLICT',
        `草稿已${draft.status === 'submitted' ? '提交' : '舍弃'} (the draft is ${draft.status})`,
      )
  }

  /** The registry's matcher over the organisations a team reports on (with their subordinate units). */
  async matcherFor(
    tx: Tx,
    campaignId: string,
    teamId: string,
  ): Promise<{ matcher: AssetMatcher; organisationIds: string[] }> {
    const organisationIds = await this.deps.campaigns.targetOrganisationIds(tx, campaignId, teamId)
    const matcher = await this.deps.assets.matcher({ organisationIds, includeSubordinates: true }, tx)
    return { matcher, organisationIds }
  }

  /** Is the organisation one of the targets (or a subordinate unit of one)? */
  private async isTargetOrganisation(tx: Tx, organisationId: string, targetIds: string[]): Promise<boolean> {
    if (!targetIds.length) return false
    const [row] = await tx
      .select({ id: organisations.id })
      .from(organisations)
      .where(
        and(
          eq(organisations.id, organisationId),
          sql`exists (select 1 from organisations top where top.id in (${sql.join(
            targetIds.map((t) => sql`${t}::uuid`),
            sql`, `,
          )}) and ${organisations.path} like top.path || '%')`,
        ),
      )
    return !!row
  }

  /**
   * Places a finding: its target matched to an asset and organisation among the team's targets. A target that
   * matches nothing keeps the organisation the tester named (or none: an unreported-asset candidate for review).
   */
  async place(
    tx: Tx,
    campaignId: string,
    teamId: string,
    prepared: PreparedFinding,
    context: { matcher?: AssetMatcher; organisationIds?: string[] } = {},
  ): Promise<{ organisationId: string | null; assetId: string | null }> {
    const { matcher, organisationIds } =
      context.matcher && context.organisationIds
        ? { matcher: context.matcher, organisationIds: context.organisationIds }
        : await this.matcherFor(tx, campaignId, teamId)
    const match = prepared.targetHost ? matcher.match(prepared.target) : null
    if (
      prepared.organisationId &&
      !(await this.isTargetOrganisation(tx, prepared.organisationId, organisationIds))
    )
      throw validationFailed([
        {
          path: 'body.organisationId',
          message: '该单位不是本队的被检测单位 (the organisation is not one of your targets)',
        },
      ])
    if (prepared.kind === 'unreported_asset') {
      // 漏报: no asset; 错报: an asset registered to another organisation.
      const assetId = match && match.organisationId === prepared.organisationId ? match.assetId : null
      return { organisationId: prepared.organisationId, assetId }
    }
    if (match) {
      if (prepared.organisationId && prepared.organisationId !== match.organisationId) {
        const [owner] = await tx
          .select({ name: organisations.name })
          .from(organisations)
          .where(eq(organisations.id, match.organisationId))
        throw validationFailed([
          {
            path: 'body.organisationId',
            message: `目标属于“${owner?.name ?? match.organisationId}”的已登记资产 ${match.matched}；如资产登记有误请提交“漏报/错报资产” (the target is a registered asset of another organisation)`,
          },
        ])
      }
      return { organisationId: match.organisationId, assetId: match.assetId }
    }
    return { organisationId: prepared.organisationId, assetId: null }
  }

  /** Inserts a placed finding with its first timeline event, audited. Used by submissions and draft imports. */
  async insertFinding(
    tx: Tx,
    ctx: RequestContext,
    actor: Actor,
    campaign: CampaignRow,
    teamId: string,
    prepared: PreparedFinding,
    extra: {
      clientRequestId?: string | null
      clientRequestHash?: string | null
      draftId?: string | null
      placement?: { organisationId: string | null; assetId: string | null }
    } = {},
  ): Promise<string> {
    const now = this.deps.clock.now()
    const placement = extra.placement ?? (await this.place(tx, campaign.id, teamId, prepared))
    const probe: DuplicateProbe = {
      id: null,
      campaignId: campaign.id,
      organisationId: placement.organisationId,
      assetId: placement.assetId,
      targetHost: prepared.targetHost,
      targetLocation: prepared.targetLocation,
      titleKey: titleKey(prepared.title),
      kind: prepared.kind,
      cve: prepared.cve,
      cwe: prepared.cwe,
      submittedAt: now,
    }
    const [candidate] = await duplicateCandidates(tx, probe, 1)
    const [row] = await tx
      .insert(findings)
      .values({
        campaignId: campaign.id,
        teamId,
        submittedBy: actor.userId,
        organisationId: placement.organisationId,
        assetId: placement.assetId,
        target: prepared.target,
        targetHost: prepared.targetHost,
        targetLocation: prepared.targetLocation,
        kind: prepared.kind,
        title: prepared.title,
        titleKey: probe.titleKey,
        descriptionMd: prepared.descriptionMd,
        reproductionMd: prepared.reproductionMd,
        cvssVector: prepared.cvssVector,
        cvssVersion: prepared.cvssVersion,
        cvssBase: prepared.cvssBase,
        severity: prepared.severity,
        severitySource: prepared.severitySource,
        cve: prepared.cve,
        cwe: prepared.cwe,
        webshellPaths: prepared.webshellPaths,
        dataCategories: prepared.dataCategories,
        recordCount: prepared.recordCount,
        isSensitive: prepared.isSensitive,
        sourceLevel: prepared.sourceLevel,
        possibleDuplicateOfId: candidate?.row.id ?? null,
        clientRequestId: extra.clientRequestId ?? null,
        clientRequestHash: extra.clientRequestHash ?? null,
        draftId: extra.draftId ?? null,
        submittedAt: now,
        updatedAt: now,
      })
      .returning({ id: findings.id })
    const id = row!.id
    await tx.insert(findingEvents).values({
      id: orderedId(),
      findingId: id,
      at: now,
      actorId: actor.userId,
      actorName: actor.displayName,
      actorRole: actor.role,
      action: 'submit',
      fromStatus: null,
      toStatus: 'submitted',
      note: {
        target: prepared.target,
        ...(placement.organisationId ? {} : { unmatched: true }),
      },
    })
    await this.deps.audit.record(tx, ctx, {
      action: 'finding.submitted',
      objectType: 'finding',
      objectId: id,
      summary: {
        campaignId: campaign.id,
        teamId,
        kind: prepared.kind,
        severity: prepared.severity,
        organisationId: placement.organisationId,
        assetId: placement.assetId,
        ...(extra.draftId ? { draftId: extra.draftId } : {}),
      },
    })
    return id
  }

  // ---- the workflow ----

  /**
   * Takes a workflow step (findings.workflow.ts) on a finding the actor may see: locks it, checks the version the
   * caller read (409 CONFLICT when another won), applies the transition, records the event and the audit entry.
   * The notification, rectification and re-test modules call this with their own transaction.
   */
  async transition<A extends FindingAction>(
    ctx: RequestContext,
    id: string,
    action: A,
    input: TransitionInput[A],
    options: { version?: number; tx?: Tx } = {},
  ): Promise<{ id: string; status: FindingRow['status']; version: number }> {
    return inTransaction(this.deps.database, options.tx, async (tx) => {
      const actor = ctx.actor
      const found = actor ? await this.loadVisible(tx, actor, id, true) : await this.loadAny(tx, id)
      const { finding, regionPath } = found
      if (actor && !ORGANISATION_ROLES.includes(actor.role) && !isCampaignRegionInScope(actor, regionPath))
        throw forbidden('此漏洞不属于您所在区域的专项行动 (the finding belongs to another region’s campaign)')
      if (options.version !== undefined && finding.version !== options.version) throw conflict()
      const now = this.deps.clock.now()
      const { patch, event } = applyTransition(
        toWorkflow(finding),
        action,
        { userId: actor?.userId ?? null, role: actor?.role ?? 'system' },
        input,
        now,
      )
      return this.write(tx, ctx, finding, patch, event)
    })
  }

  private async loadAny(tx: Tx, id: string) {
    const [found] = await tx
      .select({ finding: findings, campaign: campaigns, regionPath: regions.path })
      .from(findings)
      .innerJoin(campaigns, eq(campaigns.id, findings.campaignId))
      .innerJoin(regions, eq(regions.id, campaigns.regionId))
      .where(eq(findings.id, id))
      .for('update', { of: findings })
    if (!found) throw notFound(NOT_FOUND)
    return found
  }

  private async write(
    tx: Tx,
    ctx: RequestContext,
    before: FindingRow,
    patch: FindingPatch | Partial<FindingRow>,
    event: Omit<FindingEvent, 'action' | 'actorRole'> & { action: string },
  ) {
    const [row] = await tx
      .update(findings)
      .set({ ...patch, updatedAt: event.at, version: sql`${findings.version} + 1` })
      .where(and(eq(findings.id, before.id), eq(findings.version, before.version)))
      .returning({ id: findings.id, status: findings.status, version: findings.version })
    if (!row) throw conflict()
    await tx.insert(findingEvents).values({
      id: orderedId(),
      findingId: before.id,
      at: event.at,
      actorId: ctx.actor?.userId ?? null,
      actorName: ctx.actor?.displayName ?? ctx.systemActor ?? null,
      actorRole: ctx.actor?.role ?? 'system',
      action: event.action,
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      note: event.note,
    })
    await this.deps.audit.record(tx, ctx, {
      action: `finding.${event.action}`,
      objectType: 'finding',
      objectId: before.id,
      summary: { status: [event.fromStatus, event.toStatus], ...event.note },
    })
    return row
  }

  async verify(
    ctx: RequestContext,
    id: string,
    input: TransitionInput['verify'] & { version: number },
  ): Promise<TFindingDetail> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      if (input.organisationId) {
        const { finding } = await this.loadVisible(tx, actor, id)
        const targets = await this.deps.campaigns.targetOrganisationIds(tx, finding.campaignId)
        if (!(await this.isTargetOrganisation(tx, input.organisationId, targets)))
          throw validationFailed([
            {
              path: 'body.organisationId',
              message: '不是本行动的被检测单位 (not a target of this campaign)',
            },
          ])
      }
      const { version, ...rest } = input
      await this.transition(ctx, id, 'verify', rest, { version, tx })
    })
    return this.get(ctx, id)
  }

  async reject(ctx: RequestContext, id: string, input: { reason: string; version: number }) {
    await this.transition(ctx, id, 'reject', { reason: input.reason }, { version: input.version })
    return this.get(ctx, id)
  }

  async withdraw(ctx: RequestContext, id: string, input: { reason: string; version: number }) {
    await this.transition(ctx, id, 'withdraw', { reason: input.reason }, { version: input.version })
    return this.get(ctx, id)
  }

  /** Marks a finding as a duplicate of an earlier one of the same campaign that is not itself rejected or merged. */
  async markDuplicate(
    ctx: RequestContext,
    id: string,
    input: { duplicateOfId: string; reason?: string | undefined; version: number },
  ): Promise<TFindingDetail> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const { finding } = await this.loadVisible(tx, actor, id)
      const original =
        input.duplicateOfId === id
          ? null
          : await this.loadVisible(tx, actor, input.duplicateOfId).catch((error: unknown) => {
              if (error instanceof AppError && error.code === 'NOT_FOUND') return null
              throw error
            })
      if (!original || original.finding.campaignId !== finding.campaignId)
        throw validationFailed([
          {
            path: 'body.duplicateOfId',
            message: '须为本行动中的另一条漏洞 (must be another finding of this campaign)',
          },
        ])
      if (['rejected', 'duplicate', 'withdrawn'].includes(original.finding.status))
        throw validationFailed([
          {
            path: 'body.duplicateOfId',
            message: `原漏洞状态为 ${original.finding.status}，不能作为原始记录 (a ${original.finding.status} finding cannot be the original)`,
          },
        ])
      await this.transition(
        ctx,
        id,
        'mark_duplicate',
        {
          duplicateOfId: original.finding.id,
          duplicateOfSubmittedAt: original.finding.submittedAt,
          ...(input.reason ? { reason: input.reason } : {}),
        },
        { version: input.version, tx },
      )
    })
    return this.get(ctx, id)
  }

  /** A reviewer's severity adjustment, with its reason, on the timeline. */
  async adjustSeverity(
    ctx: RequestContext,
    id: string,
    input: { severity: FindingSeverity; reason: string; version: number },
  ): Promise<TFindingDetail> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const { finding, regionPath } = await this.loadVisible(tx, actor, id, true)
      if (actor.role !== 'reviewer' || !isCampaignRegionInScope(actor, regionPath))
        throw forbidden('只有本区域的审核人员可以调整危害等级 (only the region’s reviewers adjust severity)')
      if (finding.version !== input.version) throw conflict()
      if (FINAL_STATUSES.includes(finding.status))
        throw new AppError(
          'ILLEGAL_TRANSITION',
          `漏洞已${finding.status}，不能调整危害等级 (cannot adjust the severity of a ${finding.status} finding)`,
          { state: finding.status, action: 'adjust_severity' },
        )
      if (finding.severity === input.severity)
        throw validationFailed([
          { path: 'body.severity', message: '危害等级未改变 (the severity is unchanged)' },
        ])
      const now = this.deps.clock.now()
      await this.write(
        tx,
        ctx,
        finding,
        { severity: input.severity, severitySource: 'reviewer', severityReason: input.reason },
        {
          action: 'adjust_severity',
          at: now,
          actorId: actor.userId,
          fromStatus: finding.status,
          toStatus: finding.status,
          note: { severity: [finding.severity, input.severity], reason: input.reason },
        },
      )
    })
    return this.get(ctx, id)
  }

  async duplicateCandidates(ctx: RequestContext, id: string) {
    const actor = requireActor(ctx)
    const db = this.deps.database.db
    const { finding, regionPath } = await this.loadVisible(db, actor, id)
    if (!isCampaignRegionInScope(actor, regionPath)) return []
    const candidates = await duplicateCandidates(db, {
      id: finding.id,
      campaignId: finding.campaignId,
      organisationId: finding.organisationId,
      assetId: finding.assetId,
      targetHost: finding.targetHost,
      targetLocation: finding.targetLocation,
      titleKey: finding.titleKey,
      kind: finding.kind,
      cve: finding.cve,
      cwe: finding.cwe,
      submittedAt: finding.submittedAt,
    })
    return candidates.map(({ row, reasons }) => ({ ...this.presentSummary(row, actor), reasons }))
  }

  // ---- comments (the team and the regulator's side; never the organisation) ----

  private async loadForDiscussion(executor: Executor, actor: Actor, id: string) {
    const found = await this.loadVisible(executor, actor, id)
    if (!this.isTeamOf(actor, found.finding) && !isCampaignRegionInScope(actor, found.regionPath))
      throw notFound(NOT_FOUND)
    return found
  }

  async listComments(ctx: RequestContext, id: string) {
    const actor = requireActor(ctx)
    const db = this.deps.database.db
    await this.loadForDiscussion(db, actor, id)
    const rows = await db
      .select()
      .from(findingComments)
      .where(eq(findingComments.findingId, id))
      .orderBy(asc(findingComments.createdAt), asc(findingComments.id))
    return rows.map((c) => ({
      id: c.id,
      authorName: c.authorName,
      authorRole: c.authorRole,
      body: c.body,
      createdAt: c.createdAt.toISOString(),
    }))
  }

  async addComment(ctx: RequestContext, id: string, body: string) {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      await this.loadForDiscussion(tx, actor, id)
      const [row] = await tx
        .insert(findingComments)
        .values({
          id: orderedId(),
          findingId: id,
          authorId: actor.userId,
          authorName: actor.displayName,
          authorRole: actor.role,
          body,
          createdAt: this.deps.clock.now(),
        })
        .returning({ id: findingComments.id })
      await this.deps.audit.record(tx, ctx, {
        action: 'finding.commented',
        objectType: 'finding',
        objectId: id,
        summary: { commentId: row!.id, length: body.length },
      })
    })
    return this.listComments(ctx, id)
  }

  // ---- evidence ----

  /** Checks that the caller may attach evidence now: their team's finding, still awaiting review, in the window. */
  async assertCanAddEvidence(ctx: RequestContext, id: string, executor?: Executor): Promise<void> {
    const actor = requireActor(ctx)
    const { finding, campaign } = await this.loadVisible(executor ?? this.deps.database.db, actor, id)
    if (!this.isTeamOf(actor, finding))
      throw forbidden('只有提交漏洞的检测队可以添加证据 (only the submitting team adds evidence)')
    if (finding.status !== 'submitted')
      throw new AppError(
        'ILLEGAL_TRANSITION',
        `漏洞已进入审核流程（${finding.status}），不能再添加证据 (evidence can be added only before review)`,
        { state: finding.status, action: 'add_evidence' },
      )
    assertTestingOpen(campaign, this.deps.clock.now())
  }

  async attachEvidence(ctx: RequestContext, id: string, file: TStoredFile): Promise<TFindingDetail> {
    await this.deps.database.db.transaction(async (tx) => {
      await this.assertCanAddEvidence(ctx, id, tx)
      await tx
        .insert(findingEvidence)
        .values({
          id: orderedId(),
          findingId: id,
          fileId: file.id,
          addedBy: ctx.actor?.userId ?? null,
          createdAt: this.deps.clock.now(),
        })
        .onConflictDoNothing()
      await this.deps.audit.record(tx, ctx, {
        action: 'finding.evidence_added',
        objectType: 'finding',
        objectId: id,
        summary: {
          fileId: file.id,
          originalName: file.originalName,
          mediaType: file.mediaType,
          size: file.size,
        },
      })
    })
    return this.get(ctx, id)
  }

  async removeEvidence(ctx: RequestContext, id: string, evidenceId: string): Promise<TFindingDetail> {
    await this.deps.database.db.transaction(async (tx) => {
      await this.assertCanAddEvidence(ctx, id, tx)
      const [removed] = await tx
        .delete(findingEvidence)
        .where(and(eq(findingEvidence.id, evidenceId), eq(findingEvidence.findingId, id)))
        .returning({ fileId: findingEvidence.fileId })
      if (!removed) throw notFound('证据 evidence ')
      await this.deps.audit.record(tx, ctx, {
        action: 'finding.evidence_removed',
        objectType: 'finding',
        objectId: id,
        summary: { fileId: removed.fileId },
      })
    })
    return this.get(ctx, id)
  }

  /** Evidence is readable by whoever may read the finding. */
  async readEvidence(ctx: RequestContext, id: string, evidenceId: string) {
    const actor = requireActor(ctx)
    const db = this.deps.database.db
    await this.loadVisible(db, actor, id)
    const [row] = await db
      .select({ fileId: findingEvidence.fileId })
      .from(findingEvidence)
      .where(and(eq(findingEvidence.id, evidenceId), eq(findingEvidence.findingId, id)))
    if (!row) throw notFound('证据 evidence ')
    return this.deps.files.read(row.fileId)
  }
}

export function toWorkflow(f: FindingRow): WorkflowFinding {
  return {
    status: f.status,
    appeal: f.appeal,
    organisationId: f.organisationId,
    severity: f.severity,
    submittedAt: f.submittedAt,
    rectificationSubmittedAt: f.rectificationSubmittedAt,
    notFixedRetests: f.notFixedRetests,
  }
}
