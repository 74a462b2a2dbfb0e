// Scanner reports uploaded by a team: parsed by @wangan/scanners (streaming, entity-safe XML, bounded memory), each
// finding split per organisation by matching its endpoints to the registry's assets, and stored as drafts the
// tester reviews before submitting them as findings. The original report is kept encrypted beside the drafts.
import { randomUUID } from 'node:crypto'
import { PassThrough, type Readable } from 'node:stream'
import type { AssetMatcher } from '@wangan/rules/registry'
import { parseScan, ScanParseError, type ScanFinding, type ScanTool } from '@wangan/scanners'
import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import { TEAM_ROLES } from '../../access/roles'
import type { Clock } from '../../clock'
import type { Actor, RequestContext } from '../../context'
import type { Database, Executor, Tx } from '../../db/client'
import {
  campaigns,
  findingDrafts,
  organisations,
  regions,
  scanImports,
  type DraftEndpoint,
} from '../../db/schema'
import { AppError, forbidden, notFound, validationFailed } from '../../http/errors'
import type { AuditService } from '../audit/audit.service'
import { requireActor } from '../auth/auth.service'
import { isCampaignRegionInScope } from '../campaigns/campaign-scope'
import type { CampaignsService } from '../campaigns/campaigns.service'
import type { FilesService, TStoredFile } from '../files/files.service'
import { cvssProblem, endpointTarget, scoreVector, targetIdentity } from '../findings/finding-identity'
import type { FindingsService, PreparedFinding } from '../findings/findings.service'
import type { TFindingDraft, TListDraftsQuery, TScanImport } from './scan-imports.schemas'

type ImportRow = typeof scanImports.$inferSelect
type DraftRow = typeof findingDrafts.$inferSelect

/** Drafts per INSERT (one JSON parameter each). */
const INSERT_BATCH = 2_000
const TITLE_MAX = 500
const TEXT_MAX = 20_000

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

/**
 * Splits one scanner finding into drafts: its endpoints grouped by the organisation whose asset each matched (in
 * report order), and one draft for the endpoints that matched nothing.
 */
export function splitByOrganisation(
  finding: ScanFinding,
  matcher: AssetMatcher,
): { organisationId: string | null; endpoints: DraftEndpoint[] }[] {
  const groups = new Map<string | null, DraftEndpoint[]>()
  const seen = new Set<string>()
  for (const e of finding.endpoints) {
    const key = `${e.protocol ?? ''}|${e.host}|${e.port ?? ''}|${e.path ?? ''}`
    // DefectDojo keeps one endpoint per merged record; a draft lists each place once.
    if (seen.has(key)) continue
    seen.add(key)
    const match = matcher.matchEndpoint({
      host: e.host,
      port: e.port,
      scheme: e.protocol,
      path: e.path ? `/${e.path}` : null,
    })
    const organisationId = match?.organisationId ?? null
    const list = groups.get(organisationId) ?? []
    list.push({
      protocol: e.protocol,
      host: e.host,
      port: e.port,
      path: e.path,
      assetId: match?.assetId ?? null,
    })
    groups.set(organisationId, list)
  }
  if (groups.size === 0) return [{ organisationId: null, endpoints: [] }]
  return [...groups.entries()].map(([organisationId, endpoints]) => ({ organisationId, endpoints }))
}

/** A PostgreSQL array literal (`{"a","b"}`), cast to text[] in SQL: cheaper per row than unnesting a JSON array. */
export function textArrayLiteral(items: readonly string[]): string {
  return `{${items.map((item) => `"${item.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`
}

/**
 * Inserts drafts with one JSON parameter per batch (`jsonb_to_recordset`): thousands of rows per statement without
 * thousands of bind parameters, and without building a statement text per row.
 */
async function insertDrafts(tx: Tx, rows: DraftRow[]): Promise<void> {
  const json = JSON.stringify(
    rows.map((d) => ({
      id: d.id,
      import_id: d.importId,
      ordinal: d.ordinal,
      organisation_id: d.organisationId,
      asset_id: d.assetId,
      target: d.target,
      title: d.title,
      severity: d.severity,
      cve: textArrayLiteral(d.cve),
      cwe: d.cwe,
      cvss_vector: d.cvssVector,
      description: d.description,
      solution: d.solution,
      tool_id: d.toolId,
      endpoints: d.endpoints,
      updated_at: d.updatedAt.toISOString(),
    })),
  )
  await tx.execute(sql`
    insert into finding_drafts (id, import_id, ordinal, organisation_id, asset_id, target, title, severity, cve, cwe,
      cvss_vector, description, solution, tool_id, endpoints, status, updated_at)
    select r.id, r.import_id, r.ordinal, r.organisation_id, r.asset_id, r.target, r.title, r.severity,
      r.cve::text[], r.cwe, r.cvss_vector, r.description, r.solution, r.tool_id,
      r.endpoints, 'pending', r.updated_at
    from jsonb_to_recordset(${json}::jsonb) as r(id uuid, import_id uuid, ordinal integer, organisation_id uuid,
      asset_id uuid, target text, title text, severity text, cve text, cwe integer, cvss_vector text,
      description text, solution text, tool_id text, endpoints jsonb, updated_at timestamptz)`)
}

function presentImport(
  row: ImportRow,
  counts: { pending: number; submitted: number; discarded: number },
  perOrganisation: TScanImport['organisations'],
): TScanImport {
  return {
    id: row.id,
    campaignId: row.campaignId,
    teamId: row.teamId,
    fileId: row.fileId,
    fileName: row.fileName,
    tool: row.tool,
    format: row.format,
    findingCount: row.findingCount,
    draftCount: row.draftCount,
    unmatchedDraftCount: row.unmatchedDraftCount,
    pendingCount: counts.pending,
    submittedCount: counts.submitted,
    discardedCount: counts.discarded,
    createdAt: row.createdAt.toISOString(),
    durationMs: row.durationMs,
    organisations: perOrganisation,
  }
}

function presentDraft(row: DraftRow, organisationName: string | null): TFindingDraft {
  return {
    id: row.id,
    importId: row.importId,
    ordinal: row.ordinal,
    organisationId: row.organisationId,
    organisationName,
    assetId: row.assetId,
    target: row.target,
    title: row.title,
    severity: row.severity,
    cve: row.cve,
    cwe: row.cwe,
    cvssVector: row.cvssVector,
    description: row.description,
    solution: row.solution,
    toolId: row.toolId,
    endpoints: row.endpoints,
    status: row.status,
    findingId: row.findingId,
  }
}

/** A draft as a submission: a vulnerability; the scanner's vector when it scores, else the scanner's severity. */
export function draftToFinding(draft: DraftRow): PreparedFinding | { skip: string } {
  let cvss: ReturnType<typeof scoreVector> | null = null
  if (draft.cvssVector) {
    try {
      cvss = scoreVector(draft.cvssVector)
    } catch (error) {
      if (!cvssProblem(error)) throw error
    }
  }
  const severity =
    cvss?.severity ?? (draft.severity === 'info' ? null : (draft.severity as PreparedFinding['severity']))
  if (!severity)
    return { skip: '信息级结果不作为漏洞提交 (informational results are not submitted as findings)' }
  const placed = targetIdentity(draft.target)
  const description = draft.solution
    ? `${draft.description}\n\n**修复建议 Solution**\n\n${draft.solution}`
    : draft.description
  const locations = draft.endpoints.map((e) => `- ${endpointTarget(e)}`).join('\n')
  return {
    kind: 'vulnerability',
    title: clip(draft.title, 200),
    descriptionMd: clip(description, TEXT_MAX),
    reproductionMd: locations ? `**受影响位置 Affected endpoints**\n\n${locations}` : '',
    target: draft.target,
    targetHost: placed.ok ? placed.identity.host : null,
    targetLocation: placed.ok ? placed.identity.location : null,
    organisationId: draft.organisationId,
    cvssVector: cvss?.vector ?? null,
    cvssVersion: cvss?.version ?? null,
    cvssBase: cvss?.base ?? null,
    severity,
    severitySource: cvss ? 'cvss' : 'tester',
    cve: draft.cve,
    cwe: draft.cwe,
    webshellPaths: [],
    dataCategories: [],
    recordCount: null,
    isSensitive: null,
    sourceLevel: 'city',
  }
}

export class ScanImportsService {
  constructor(
    private readonly deps: {
      database: Database
      clock: Clock
      audit: AuditService
      files: FilesService
      campaigns: CampaignsService
      findings: FindingsService
    },
  ) {}

  /**
   * Parses an uploaded report (streamed: also stored encrypted as the original) and stores its findings as drafts,
   * split per organisation. Only the campaign's teams, inside the testing window.
   */
  async importReport(
    ctx: RequestContext,
    campaignId: string,
    source: Readable,
    meta: { fileName: string; tool?: ScanTool | undefined; maxBytes?: number },
  ): Promise<TScanImport> {
    const actor = requireActor(ctx)
    const started = performance.now()
    const db = this.deps.database.db
    const { campaign, teamId } = await this.deps.campaigns.submissionContext(db, actor, campaignId)

    const toParse = new PassThrough({ highWaterMark: 256 * 1024 })
    const toStore = new PassThrough({ highWaterMark: 256 * 1024 })
    source.pipe(toParse)
    source.pipe(toStore)
    // Keeping the original is best effort: a report the file store will not type (a GBK CSV) still imports.
    const storing = this.deps.files
      .store(ctx, toStore, { originalName: meta.fileName, purpose: 'scan_report' })
      .catch((): TStoredFile | null => {
        source.unpipe(toStore)
        toStore.resume()
        return null
      })
    let report: Awaited<ReturnType<typeof parseScan>>
    try {
      report = await parseScan({
        source: toParse,
        ...(meta.tool ? { tool: meta.tool } : {}),
        ...(meta.maxBytes ? { maxBytes: meta.maxBytes } : {}),
      })
    } catch (error) {
      toStore.destroy(error instanceof Error ? error : new Error(String(error)))
      source.unpipe()
      source.resume()
      await storing
      if (error instanceof ScanParseError)
        throw new AppError(
          'VALIDATION_FAILED',
          `扫描报告无法解析 (the report cannot be parsed): ${error.message}`,
          [{ path: 'file', message: error.message, code: error.kind }],
        )
      throw error
    }
    const stored = await storing

    const { matcher } = await this.deps.database.db.transaction((tx) =>
      this.deps.findings.matcherFor(tx, campaign.id, teamId),
    )
    const now = this.deps.clock.now()
    const findingCount = report.findings.length
    const importId = await this.deps.database.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(scanImports)
        .values({
          campaignId: campaign.id,
          teamId,
          fileId: stored?.id ?? null,
          fileName: meta.fileName.slice(0, 200),
          tool: report.tool,
          format: report.format,
          findingCount,
          draftCount: 0,
          unmatchedDraftCount: 0,
          createdBy: actor.userId,
          createdAt: now,
          durationMs: 0,
        })
        .returning({ id: scanImports.id })
      const importId = row!.id
      // Drafts go in as they are made, a batch at a time, and each parsed finding is let go once split: memory
      // stays at the parsed report, not the report plus all its drafts.
      let batch: DraftRow[] = []
      let drafts = 0
      let unmatched = 0
      const findings = report.findings as (ScanFinding | null)[]
      for (let index = 0; index < findings.length; index++) {
        const finding = findings[index]!
        findings[index] = null
        for (const group of splitByOrganisation(finding, matcher)) {
          if (group.organisationId === null) unmatched++
          const first = group.endpoints[0]
          batch.push({
            id: randomUUID(),
            importId,
            ordinal: drafts++,
            organisationId: group.organisationId,
            assetId: group.endpoints.find((e) => e.assetId)?.assetId ?? null,
            target: first ? endpointTarget(first) : '',
            title: clip(finding.title || '(untitled)', TITLE_MAX),
            severity: finding.severity,
            cve: finding.cve,
            cwe: finding.cwe,
            cvssVector: finding.cvss,
            description: clip(finding.description, TEXT_MAX),
            solution: clip(finding.solution, TEXT_MAX),
            toolId: finding.toolId,
            endpoints: group.endpoints,
            status: 'pending',
            findingId: null,
            updatedAt: now,
          })
        }
        if (batch.length >= INSERT_BATCH) {
          await insertDrafts(tx, batch)
          batch = []
        }
      }
      if (batch.length) await insertDrafts(tx, batch)
      await tx
        .update(scanImports)
        .set({
          draftCount: drafts,
          unmatchedDraftCount: unmatched,
          durationMs: Math.round(performance.now() - started),
        })
        .where(eq(scanImports.id, importId))
      await this.deps.audit.record(tx, ctx, {
        action: 'scan_import.created',
        objectType: 'scan_import',
        objectId: importId,
        summary: {
          campaignId: campaign.id,
          teamId,
          fileName: meta.fileName,
          fileId: stored?.id ?? null,
          tool: report.tool,
          findings: findingCount,
          drafts,
          unmatched,
        },
      })
      return importId
    })
    return this.get(ctx, importId)
  }

  /** An import the actor may see: their team's, or any of a campaign in their region. */
  private async loadVisible(
    executor: Executor,
    actor: Actor,
    id: string,
  ): Promise<ImportRow & { regionPath: string }> {
    const [found] = await executor
      .select({ row: scanImports, regionPath: regions.path })
      .from(scanImports)
      .innerJoin(campaigns, eq(campaigns.id, scanImports.campaignId))
      .innerJoin(regions, eq(regions.id, campaigns.regionId))
      .where(eq(scanImports.id, id))
    const visible =
      found &&
      (TEAM_ROLES.includes(actor.role)
        ? actor.teamId === found.row.teamId
        : isCampaignRegionInScope(actor, found.regionPath))
    if (!found || !visible) throw notFound('扫描导入 scan import ')
    return { ...found.row, regionPath: found.regionPath }
  }

  async get(ctx: RequestContext, id: string): Promise<TScanImport> {
    const actor = requireActor(ctx)
    const db = this.deps.database.db
    const row = await this.loadVisible(db, actor, id)
    const [statusRows, orgRows] = await Promise.all([
      db
        .select({ status: findingDrafts.status, n: sql<number>`count(*)::int` })
        .from(findingDrafts)
        .where(eq(findingDrafts.importId, id))
        .groupBy(findingDrafts.status),
      db
        .select({
          organisationId: findingDrafts.organisationId,
          organisationName: organisations.name,
          n: sql<number>`count(*)::int`,
        })
        .from(findingDrafts)
        .leftJoin(organisations, eq(organisations.id, findingDrafts.organisationId))
        .where(eq(findingDrafts.importId, id))
        .groupBy(findingDrafts.organisationId, organisations.name)
        .orderBy(desc(sql`count(*)`)),
    ])
    const count = (s: string) => Number(statusRows.find((r) => r.status === s)?.n ?? 0)
    return presentImport(
      row,
      { pending: count('pending'), submitted: count('submitted'), discarded: count('discarded') },
      orgRows.map((r) => ({
        organisationId: r.organisationId,
        organisationName: r.organisationName,
        drafts: Number(r.n),
      })),
    )
  }

  async list(ctx: RequestContext, campaignId: string): Promise<TScanImport[]> {
    const actor = requireActor(ctx)
    const db = this.deps.database.db
    await this.deps.campaigns.loadVisible(db, actor, campaignId)
    const conditions: SQL[] = [eq(scanImports.campaignId, campaignId)]
    if (TEAM_ROLES.includes(actor.role)) conditions.push(eq(scanImports.teamId, actor.teamId ?? sql`null`))
    const rows = await db
      .select()
      .from(scanImports)
      .where(and(...conditions))
      .orderBy(desc(scanImports.createdAt))
      .limit(200)
    const counts = rows.length
      ? await db
          .select({
            importId: findingDrafts.importId,
            status: findingDrafts.status,
            n: sql<number>`count(*)::int`,
          })
          .from(findingDrafts)
          .where(
            inArray(
              findingDrafts.importId,
              rows.map((r) => r.id),
            ),
          )
          .groupBy(findingDrafts.importId, findingDrafts.status)
      : []
    const count = (id: string, s: string) =>
      Number(counts.find((c) => c.importId === id && c.status === s)?.n ?? 0)
    return rows.map((r) =>
      presentImport(
        r,
        {
          pending: count(r.id, 'pending'),
          submitted: count(r.id, 'submitted'),
          discarded: count(r.id, 'discarded'),
        },
        [],
      ),
    )
  }

  async listDrafts(ctx: RequestContext, id: string, query: TListDraftsQuery) {
    const actor = requireActor(ctx)
    const db = this.deps.database.db
    await this.loadVisible(db, actor, id)
    const conditions: SQL[] = [eq(findingDrafts.importId, id)]
    if (query.status) conditions.push(eq(findingDrafts.status, query.status))
    if (query.organisationId) conditions.push(eq(findingDrafts.organisationId, query.organisationId))
    if (query.unmatched) conditions.push(isNull(findingDrafts.organisationId))
    if (query.severity?.length) conditions.push(inArray(findingDrafts.severity, query.severity))
    const where = and(...conditions)
    const [rows, [count]] = await Promise.all([
      db
        .select({ draft: findingDrafts, organisationName: organisations.name })
        .from(findingDrafts)
        .leftJoin(organisations, eq(organisations.id, findingDrafts.organisationId))
        .where(where)
        .orderBy(asc(findingDrafts.ordinal))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
      db
        .select({ n: sql<number>`count(*)::int` })
        .from(findingDrafts)
        .where(where),
    ])
    return {
      items: rows.map((r) => presentDraft(r.draft, r.organisationName)),
      total: Number(count?.n ?? 0),
      page: query.page,
      pageSize: query.pageSize,
    }
  }

  async getDraft(ctx: RequestContext, id: string, draftId: string): Promise<TFindingDraft> {
    const actor = requireActor(ctx)
    const db = this.deps.database.db
    await this.loadVisible(db, actor, id)
    const [row] = await db
      .select({ draft: findingDrafts, organisationName: organisations.name })
      .from(findingDrafts)
      .leftJoin(organisations, eq(organisations.id, findingDrafts.organisationId))
      .where(and(eq(findingDrafts.id, draftId), eq(findingDrafts.importId, id)))
    if (!row) throw notFound('草稿 draft ')
    return presentDraft(row.draft, row.organisationName)
  }

  private async loadOwn(tx: Tx, actor: Actor, id: string) {
    const row = await this.loadVisible(tx, actor, id)
    if (!TEAM_ROLES.includes(actor.role) || actor.teamId !== row.teamId)
      throw forbidden('只有导入报告的检测队可以处理草稿 (only the importing team handles its drafts)')
    return row
  }

  /** Submits drafts as they are (one finding each). Informational results and drafts already handled are skipped
   * with the reason; everything is one transaction. */
  async submitDrafts(ctx: RequestContext, id: string, draftIds: string[]) {
    const actor = requireActor(ctx)
    return this.deps.database.db.transaction(async (tx) => {
      const imported = await this.loadOwn(tx, actor, id)
      const { campaign, teamId } = await this.deps.campaigns.submissionContext(tx, actor, imported.campaignId)
      const rows = await tx
        .select()
        .from(findingDrafts)
        .where(and(eq(findingDrafts.importId, id), inArray(findingDrafts.id, draftIds)))
        .orderBy(asc(findingDrafts.ordinal))
        .for('update')
      const found = new Set(rows.map((r) => r.id))
      const skipped = draftIds
        .filter((d) => !found.has(d))
        .map((draftId) => ({ draftId, reason: '草稿不存在 (no such draft in this import)' }))
      const submitted: { draftId: string; findingId: string }[] = []
      const context = await this.deps.findings.matcherFor(tx, campaign.id, teamId)
      for (const draft of rows) {
        if (draft.status !== 'pending') {
          skipped.push({
            draftId: draft.id,
            reason: `草稿已${draft.status === 'submitted' ? '提交' : '舍弃'} (already ${draft.status})`,
          })
          continue
        }
        const prepared = draftToFinding(draft)
        if ('skip' in prepared) {
          skipped.push({ draftId: draft.id, reason: prepared.skip })
          continue
        }
        // The draft was placed when imported; a target the registry has since learnt is placed again.
        const placement = draft.organisationId
          ? { organisationId: draft.organisationId, assetId: draft.assetId }
          : await this.deps.findings.place(tx, campaign.id, teamId, prepared, context)
        const findingId = await this.deps.findings.insertFinding(tx, ctx, actor, campaign, teamId, prepared, {
          draftId: draft.id,
          placement,
        })
        await tx
          .update(findingDrafts)
          .set({ status: 'submitted', findingId, updatedAt: this.deps.clock.now() })
          .where(eq(findingDrafts.id, draft.id))
        submitted.push({ draftId: draft.id, findingId })
      }
      return { submitted, skipped }
    })
  }

  async discardDrafts(ctx: RequestContext, id: string, draftIds: string[]) {
    const actor = requireActor(ctx)
    return this.deps.database.db.transaction(async (tx) => {
      await this.loadOwn(tx, actor, id)
      const discarded = await tx
        .update(findingDrafts)
        .set({ status: 'discarded', updatedAt: this.deps.clock.now() })
        .where(
          and(
            eq(findingDrafts.importId, id),
            inArray(findingDrafts.id, draftIds),
            eq(findingDrafts.status, 'pending'),
          ),
        )
        .returning({ id: findingDrafts.id })
      if (!discarded.length && draftIds.length)
        throw validationFailed([
          { path: 'body.draftIds', message: '没有可舍弃的待处理草稿 (no pending drafts among these)' },
        ])
      await this.deps.audit.record(tx, ctx, {
        action: 'scan_import.drafts_discarded',
        objectType: 'scan_import',
        objectId: id,
        summary: { count: discarded.length },
      })
      return { discarded: discarded.length }
    })
  }
}
