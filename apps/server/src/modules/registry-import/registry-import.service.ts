// Imports of organisations and assets from XLSX or CSV. Every row is validated first and every problem reported by
// row and column; a file with any problem writes nothing; a good file is written in one transaction. Progress is kept
// in memory by the process running the import (the UI polls it); the outcome and the report are kept in
// registry_imports.
import { randomUUID } from 'node:crypto'
import { rm, stat } from 'node:fs/promises'
import { and, desc, eq, inArray, or, sql } from 'drizzle-orm'
import { isRegionInScope, visibleOrganisationsCondition, visibleRegionsCondition } from '../../access/scope'
import type { Clock } from '../../clock'
import type { Actor, RequestContext } from '../../context'
import type { Database, Tx } from '../../db/client'
import { queryRows } from '../../db/transaction'
import { organisationContacts, organisations, regions, registryImports } from '../../db/schema'
import { AppError, notFound } from '../../http/errors'
import type { AuditService } from '../audit/audit.service'
import { bumpRegistryVersion } from '../assets/registry-version'
import { canEditRegistryOf, canManageOrganisation } from '../organisations/organisation-access'
import { AssetRowValidator, type AssetDraft, type ImportOrganisation } from './asset-rows'
import { FileRefused, inspectImportFile } from './import-file'
import { OrganisationRowValidator, type OrganisationDraft } from './organisation-rows'
import { ASSET_COLUMNS, ORGANISATION_COLUMNS } from './registry-columns'
import type { TImportJob, TImportKind, TImportProgress } from './registry-import.schemas'
import { ProblemList, readSheetRows, type HeaderOf } from './sheet-rows'
import { openTable } from './table-reader'
import { templateBuffer, type TableFormat } from './table-writer'

/** Rows of one import; more is a sign of the wrong file, and a split file is easier to fix. */
export const MAX_IMPORT_ROWS = 200_000
/** Upload limit of the API. */
export const MAX_IMPORT_BYTES = 100 * 1024 * 1024

const INSERT_BATCH = 1_000
/** Thrown inside the import transaction to roll it back when the file has problems. */
const ROLLBACK = Symbol('rollback')
const ASSET_INSERT_BATCH = 5_000
// Serialises imports (and their duplicate checks) for the rest of the transaction.
const IMPORT_LOCK_KEY = 724063

type ImportRow = typeof registryImports.$inferSelect

export type ImportFile = { path: string; fileName: string; deleteAfter: boolean }
export type ImportOptions = {
  /** Organisation imports: the region of rows that name none (default: the importer's own region). */
  regionId?: string | null | undefined
  onProgress?: (progress: TImportProgress) => void
}

type Outcome = {
  status: 'done' | 'rejected' | 'failed'
  inserted: number
  totalRows: number | null
  message: string | null
}

function present(row: ImportRow, progress: TImportProgress | null): TImportJob {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    fileName: row.fileName,
    format: row.format,
    encoding: row.encoding,
    fileBytes: row.fileBytes,
    totalRows: row.totalRows,
    insertedRows: row.insertedRows,
    errorCount: row.errorCount,
    errors: row.errors as TImportJob['errors'],
    message: row.message,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    progress,
  }
}

export class RegistryImportService {
  private readonly progress = new Map<string, TImportProgress>()
  /** Jobs running in this process. Their status is answered from here: on PGlite the import's transaction holds the
   * only connection, and the progress bar must keep moving. */
  private readonly live = new Map<string, ImportRow>()
  private readonly running = new Map<string, Promise<void>>()

  constructor(private readonly deps: { database: Database; clock: Clock; audit: AuditService }) {}

  template(kind: TImportKind, format: TableFormat): Promise<Buffer> {
    return templateBuffer(
      format,
      kind === 'organisations' ? '单位' : '资产',
      kind === 'organisations' ? ORGANISATION_COLUMNS : ASSET_COLUMNS,
    )
  }

  /** Starts an import in the background and returns its job at once; poll `get` for progress and the report. */
  async start(
    ctx: RequestContext,
    kind: TImportKind,
    file: ImportFile,
    options: ImportOptions = {},
  ): Promise<TImportJob> {
    const row = await this.createJob(ctx, kind, file)
    const run = this.execute(ctx, row, file, options).finally(() => {
      this.running.delete(row.id)
    })
    this.running.set(row.id, run)
    return present(row, this.progress.get(row.id) ?? null)
  }

  /** Runs an import to its end (the CLI, tests). */
  async run(
    ctx: RequestContext,
    kind: TImportKind,
    file: ImportFile,
    options: ImportOptions = {},
  ): Promise<TImportJob> {
    const row = await this.createJob(ctx, kind, file)
    await this.execute(ctx, row, file, options)
    return this.load(row.id)
  }

  /** Waits for a background import of this process to finish. */
  async settled(id: string): Promise<void> {
    await this.running.get(id)
  }

  async get(ctx: RequestContext, id: string): Promise<TImportJob> {
    const actor = ctx.actor
    const [row] = this.live.has(id)
      ? [this.live.get(id)!]
      : await this.deps.database.db.select().from(registryImports).where(eq(registryImports.id, id))
    if (!row || (actor && actor.role !== 'admin' && row.createdBy !== actor.userId))
      throw notFound('导入任务 import ')
    return present(row, this.progress.get(id) ?? null)
  }

  async list(ctx: RequestContext, query: { page: number; pageSize: number; kind?: TImportKind | undefined }) {
    const actor = ctx.actor
    const where = and(
      actor && actor.role !== 'admin' ? eq(registryImports.createdBy, actor.userId) : undefined,
      query.kind ? eq(registryImports.kind, query.kind) : undefined,
    )
    const [rows, [count]] = await Promise.all([
      this.deps.database.db
        .select()
        .from(registryImports)
        .where(where)
        .orderBy(desc(registryImports.createdAt), desc(registryImports.id))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
      this.deps.database.db
        .select({ total: sql<number>`count(*)::int` })
        .from(registryImports)
        .where(where),
    ])
    return {
      // The list carries no error reports (up to 1,000 each); open a job for its report.
      items: rows.map((r) => ({ ...present(r, this.progress.get(r.id) ?? null), errors: [] })),
      total: Number(count?.total ?? 0),
      page: query.page,
      pageSize: query.pageSize,
    }
  }

  private async load(id: string): Promise<TImportJob> {
    const [row] = await this.deps.database.db.select().from(registryImports).where(eq(registryImports.id, id))
    if (!row) throw notFound('导入任务 import ')
    return present(row, this.progress.get(id) ?? null)
  }

  private async createJob(ctx: RequestContext, kind: TImportKind, file: ImportFile): Promise<ImportRow> {
    const bytes = (await stat(file.path)).size
    const [row] = await this.deps.database.db
      .insert(registryImports)
      .values({
        id: randomUUID(),
        kind,
        fileName: file.fileName.slice(0, 255),
        fileBytes: bytes,
        createdBy: ctx.actor?.userId ?? null,
        createdByName: ctx.actor?.displayName ?? ctx.systemActor ?? null,
        organisationPath: ctx.actor?.organisationPath ?? null,
        regionPath: ctx.actor?.regionPath ?? null,
        createdAt: this.deps.clock.now(),
      })
      .returning()
    this.live.set(row!.id, row!)
    return row!
  }

  private report(id: string, progress: TImportProgress, options: ImportOptions): void {
    this.progress.set(id, progress)
    options.onProgress?.(progress)
  }

  private async execute(
    ctx: RequestContext,
    job: ImportRow,
    file: ImportFile,
    options: ImportOptions,
  ): Promise<void> {
    const problems = new ProblemList()
    let outcome: Outcome
    let format: string | null = null
    let encoding: string | null = null
    try {
      const inspected = await inspectImportFile(file.path, file.fileName, job.fileBytes)
      format = inspected.format
      this.live.set(job.id, { ...job, format })
      let rowsRead = 0
      let lastReport = 0
      const table = await openTable(inspected, (bytesRead) => {
        if (inspected.format !== 'csv' || bytesRead - lastReport < 256 * 1024) return
        lastReport = bytesRead
        this.report(
          job.id,
          {
            phase: 'reading',
            percent: Math.floor((bytesRead / job.fileBytes) * 70),
            rowsRead,
            totalRows: null,
          },
          options,
        )
      })
      encoding = table.encoding
      const onRowRead = (rowNumber: number, declared: number | null) => {
        rowsRead++
        if (rowsRead % 2_000 !== 0 || inspected.format === 'csv') return
        this.report(
          job.id,
          {
            phase: 'reading',
            percent: declared ? Math.min(70, Math.floor((rowNumber / declared) * 70)) : 35,
            rowsRead,
            totalRows: declared ? Math.max(0, declared - 1) : null,
          },
          options,
        )
      }
      this.report(job.id, { phase: 'reading', percent: 0, rowsRead: 0, totalRows: null }, options)
      outcome =
        job.kind === 'assets'
          ? await this.importAssets(ctx, job, table, problems, onRowRead, options)
          : await this.importOrganisations(ctx, job, table, problems, onRowRead, options)
    } catch (error) {
      if (error instanceof FileRefused) {
        problems.add({ row: null, column: null, value: null, message: error.message, code: error.code })
        outcome = { status: 'rejected', inserted: 0, totalRows: null, message: error.message }
      } else if (error instanceof AppError && error.code === 'CONFLICT') {
        outcome = { status: 'rejected', inserted: 0, totalRows: null, message: error.message }
        problems.add({ row: null, column: null, value: null, message: error.message, code: 'conflict' })
      } else if (uniqueViolation(error)) {
        const message =
          '导入期间其他人登记了相同的数据，未导入任何数据；请重新导入 (the same data was registered meanwhile; nothing imported)'
        problems.add({ row: null, column: null, value: null, message, code: 'conflict' })
        outcome = { status: 'rejected', inserted: 0, totalRows: null, message }
      } else {
        const detail = (error instanceof Error ? error.message : String(error)).slice(0, 300)
        outcome = {
          status: 'failed',
          inserted: 0,
          totalRows: null,
          message: `导入失败：${detail} (import failed)`,
        }
      }
    } finally {
      if (file.deleteAfter) await rm(file.path, { force: true }).catch(() => undefined)
    }
    try {
      await this.record(job, outcome, problems, format, encoding)
    } finally {
      this.live.delete(job.id)
    }
    this.report(
      job.id,
      { phase: 'finished', percent: 100, rowsRead: outcome.totalRows ?? 0, totalRows: outcome.totalRows },
      options,
    )
    // Live progress is needed only while the job runs; the row holds the outcome.
    setTimeout(() => this.progress.delete(job.id), 60_000).unref()
  }

  /** The outcome of a job that did not commit (a committed import recorded itself in its transaction). */
  private async record(
    job: ImportRow,
    outcome: Outcome,
    problems: ProblemList,
    format: string | null,
    encoding: string | null,
  ): Promise<void> {
    if (outcome.status !== 'done') {
      await this.deps.database.db
        .update(registryImports)
        .set({
          status: outcome.status,
          format,
          encoding,
          totalRows: outcome.totalRows,
          errorCount: problems.count,
          errors: problems.items,
          message:
            outcome.message ??
            `发现 ${problems.count} 处错误，未导入任何数据；请按错误报告修改后重新上传 (${problems.count} problems: nothing imported)`,
          finishedAt: this.deps.clock.now(),
        })
        .where(eq(registryImports.id, job.id))
    } else if (format || encoding) {
      await this.deps.database.db
        .update(registryImports)
        .set({ format, encoding })
        .where(eq(registryImports.id, job.id))
    }
  }

  // ---------- assets ----------

  private async importOrganisationsInScope(actor: Actor | null): Promise<ImportOrganisation[]> {
    const rows = await this.deps.database.db
      .select({
        id: organisations.id,
        name: organisations.name,
        creditCode: organisations.creditCode,
        status: organisations.status,
        path: organisations.path,
        regionPath: regions.path,
      })
      .from(organisations)
      .innerJoin(regions, eq(regions.id, organisations.regionId))
      .where(actor ? visibleOrganisationsCondition(actor) : undefined)
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      creditCode: r.creditCode,
      status: r.status,
      editable: actor ? canEditRegistryOf(actor, { path: r.path, regionPath: r.regionPath }) : true,
    }))
  }

  /**
   * Reads, validates and writes in one pass: valid rows go to the database in batches of 5,000 inside one
   * transaction while the file is still being read, so a PostgreSQL server writes while Node parses, and no more than
   * a batch of rows is held in memory. The first problem stops the writing (the remaining rows are still checked, for
   * a complete report) and the transaction is rolled back: a file with any problem writes nothing.
   */
  private async importAssets(
    ctx: RequestContext,
    job: ImportRow,
    table: Awaited<ReturnType<typeof openTable>>,
    problems: ProblemList,
    onRowRead: (rowNumber: number, declared: number | null) => void,
    options: ImportOptions,
  ): Promise<Outcome> {
    const validator = new AssetRowValidator(await this.importOrganisationsInScope(ctx.actor), problems)
    const organisations = new Set<string>()
    let headerOf: HeaderOf = (key) => key
    let written = 0
    let read: Awaited<ReturnType<typeof readSheetRows>> | null = null
    try {
      await this.deps.database.db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${IMPORT_LOCK_KEY})`)
        const now = this.deps.clock.now()
        // Only organisations that already have assets can have duplicates in the database (a first census import
        // has none): the per-batch check skips the others.
        const withAssets = new Set(
          (
            await queryRows<{ organisation_id: string }>(
              tx,
              sql`select distinct organisation_id from assets where organisation_id = any(${sql.param(validator.organisationIds)}::uuid[])`,
            )
          ).map((r) => r.organisation_id),
        )
        // Batches are written one after another while reading goes on (at most two wait, to bound memory).
        let writing: Promise<void> = Promise.resolve()
        let queued = 0
        let failure: { error: unknown } | null = null
        const write = (batch: AssetDraft[]) => {
          queued++
          writing = writing
            .then(async () => {
              if (failure) return
              await this.flagRegisteredAssets(
                tx,
                batch.filter((d) => withAssets.has(d.organisationId)),
                problems,
                headerOf,
              )
              // After the first problem nothing more is written, but every row is still checked for the report.
              if (problems.any) return
              await insertAssetBatch(tx, batch, job.id, now)
              for (const d of batch) organisations.add(d.organisationId)
              written += batch.length
            })
            .catch((error: unknown) => {
              failure ??= { error }
            })
            .finally(() => {
              queued--
            })
        }
        const flush = async (all: boolean) => {
          while (validator.drafts.length >= ASSET_INSERT_BATCH || (all && validator.drafts.length > 0))
            write(validator.drafts.splice(0, ASSET_INSERT_BATCH))
          if (all || queued > 2) await writing
          if (failure) throw failure.error
        }
        read = await readSheetRows(table, {
          columns: ASSET_COLUMNS,
          anyOf: [['organisationName', 'creditCode']],
          maxRows: MAX_IMPORT_ROWS,
          problems,
          onRowRead,
          onRow: (row, header) => {
            headerOf = header
            validator.validate(row, header)
            return validator.drafts.length >= ASSET_INSERT_BATCH ? flush(false) : undefined
          },
        })
        this.report(
          job.id,
          { phase: 'writing', percent: 90, rowsRead: read.dataRows, totalRows: read.dataRows },
          options,
        )
        await flush(true)
        if (read.dataRows === 0 && !problems.any)
          problems.add({
            row: null,
            column: null,
            value: null,
            message: '文件中没有数据行 (the file has no data rows)',
            code: 'no_rows',
          })
        if (problems.any) throw ROLLBACK
        await bumpRegistryVersion(tx)
        await this.finish(tx, ctx, job, 'asset.imported', written, read, {
          organisations: organisations.size,
        })
      })
    } catch (error) {
      if (error !== ROLLBACK) throw error
    }
    const dataRows = (read as { dataRows: number } | null)?.dataRows ?? 0
    if (problems.any) return { status: 'rejected', inserted: 0, totalRows: dataRows, message: null }
    return { status: 'done', inserted: written, totalRows: dataRows, message: null }
  }

  /** Assets the organisation has already registered (active or retired): the file would register them twice. */
  private async flagRegisteredAssets(
    tx: Tx,
    drafts: readonly AssetDraft[],
    problems: ProblemList,
    headerOf: HeaderOf,
  ): Promise<void> {
    if (drafts.length === 0) return
    const rows = await queryRows<{ organisation_id: string; type: string; identity_key: string }>(
      tx,
      sql`select a.organisation_id, a.type, a.identity_key from assets a
        join unnest(${sql.param(drafts.map((d) => d.organisationId))}::uuid[],
                    ${sql.param(drafts.map((d) => d.type))}::text[],
                    ${sql.param(drafts.map((d) => d.identity.identityKey))}::text[]) as d(o, t, k)
          on a.organisation_id = d.o and a.type = d.t::asset_type and a.identity_key = d.k`,
    )
    if (rows.length === 0) return
    const registered = new Set(rows.map((r) => `${r.organisation_id}|${r.type}|${r.identity_key}`))
    for (const d of drafts)
      if (registered.has(`${d.organisationId}|${d.type}|${d.identity.identityKey}`))
        problems.add({
          row: d.row,
          column: headerOf('identifier'),
          value: d.identifier,
          message: `该单位已登记此资产 ${d.identity.canonical} (already registered for this organisation)`,
          code: 'already_registered',
        })
  }

  // ---------- organisations ----------

  private async importOrganisations(
    ctx: RequestContext,
    job: ImportRow,
    table: Awaited<ReturnType<typeof openTable>>,
    problems: ProblemList,
    onRowRead: (rowNumber: number, declared: number | null) => void,
    options: ImportOptions,
  ): Promise<Outcome> {
    const actor = ctx.actor
    const validator = new OrganisationRowValidator(problems)
    let headerOf: HeaderOf = (key) => key
    const read = await readSheetRows(table, {
      columns: ORGANISATION_COLUMNS,
      maxRows: MAX_IMPORT_ROWS,
      problems,
      onRowRead,
      onRow: (row, header) => {
        headerOf = header
        validator.validate(row, header)
      },
    })
    this.report(
      job.id,
      { phase: 'checking', percent: 72, rowsRead: read.dataRows, totalRows: read.dataRows },
      options,
    )
    const { db } = this.deps.database
    const regionRows = await db
      .select()
      .from(regions)
      .where(actor ? visibleRegionsCondition(actor) : undefined)
    const drafts = validator.drafts
    const codes = [
      ...new Set(drafts.flatMap((d) => [d.creditCode, d.parentRef]).filter((c): c is string => !!c)),
    ]
    const names = [...new Set(drafts.flatMap((d) => [d.name, d.parentRef]).filter((c): c is string => !!c))]
    const existing = new Map<string, typeof organisations.$inferSelect & { regionPath: string }>()
    for (let i = 0; i < Math.max(codes.length, names.length); i += 1_000) {
      const someCodes = codes.slice(i, i + 1_000)
      const someNames = names.slice(i, i + 1_000)
      const rows = await db
        .select({ organisation: organisations, regionPath: regions.path })
        .from(organisations)
        .innerJoin(regions, eq(regions.id, organisations.regionId))
        .where(
          or(
            someCodes.length ? inArray(organisations.creditCode, someCodes) : undefined,
            someNames.length ? inArray(organisations.name, someNames) : undefined,
          ),
        )
      for (const r of rows) existing.set(r.organisation.id, { ...r.organisation, regionPath: r.regionPath })
    }
    validator.resolve({
      headerOf,
      regions: regionRows.map((r) => ({
        id: r.id,
        name: r.name,
        code: r.code,
        path: r.path,
        manageable: actor
          ? actor.role === 'admin' || (actor.role === 'regulator' && isRegionInScope(actor, r.path))
          : true,
      })),
      defaultRegionId: options.regionId ?? actor?.regionId ?? null,
      existing: [...existing.values()].map((e) => ({
        id: e.id,
        name: e.name,
        creditCode: e.creditCode,
        path: e.path,
        regionId: e.regionId,
        manageable: actor ? canManageOrganisation(actor, { regionPath: e.regionPath }) : true,
      })),
    })
    if (read.dataRows === 0 && !problems.any)
      problems.add({
        row: null,
        column: null,
        value: null,
        message: '文件中没有数据行 (the file has no data rows)',
        code: 'no_rows',
      })
    if (problems.any) return { status: 'rejected', inserted: 0, totalRows: read.dataRows, message: null }
    // Parents before children: a batch never points at a row of a later batch.
    const ordered = [...drafts].sort(
      (a, b) => OrganisationRowValidator.pathOf(a).length - OrganisationRowValidator.pathOf(b).length,
    )
    const inserted = await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${IMPORT_LOCK_KEY})`)
      const now = this.deps.clock.now()
      for (let i = 0; i < ordered.length; i += INSERT_BATCH) {
        const batch = ordered.slice(i, i + INSERT_BATCH)
        await tx.insert(organisations).values(batch.map((d) => organisationValues(d, job.id, now)))
        const contacts = batch.flatMap((d) =>
          d.contacts.map((c) => ({ organisationId: d.id, ...c, createdAt: now, updatedAt: now })),
        )
        if (contacts.length) await tx.insert(organisationContacts).values(contacts)
        this.report(
          job.id,
          {
            phase: 'writing',
            percent: 75 + Math.floor(((i + INSERT_BATCH) / ordered.length) * 25),
            rowsRead: read.dataRows,
            totalRows: read.dataRows,
          },
          options,
        )
      }
      await this.finish(tx, ctx, job, 'organisation.imported', ordered.length, read, {})
      return ordered.length
    })
    return { status: 'done', inserted, totalRows: read.dataRows, message: null }
  }

  private async finish(
    tx: Tx,
    ctx: RequestContext,
    job: ImportRow,
    action: string,
    inserted: number,
    read: { dataRows: number; unknownHeaders: string[]; sheetName: string | null },
    extra: Record<string, unknown>,
  ): Promise<void> {
    const ignored = read.unknownHeaders.length
      ? `；已忽略未识别的列：${read.unknownHeaders.join('、')} (unknown columns ignored)`
      : ''
    await tx
      .update(registryImports)
      .set({
        status: 'done',
        totalRows: read.dataRows,
        insertedRows: inserted,
        errorCount: 0,
        errors: [],
        message: `已导入 ${inserted} 条 (imported ${inserted} rows)${ignored}`,
        finishedAt: this.deps.clock.now(),
      })
      .where(eq(registryImports.id, job.id))
    await this.deps.audit.record(tx, ctx, {
      action,
      objectType: 'registry_import',
      objectId: job.id,
      summary: { fileName: job.fileName, rows: read.dataRows, inserted, sheet: read.sheetName, ...extra },
    })
  }
}

/** A unique index refused a row: someone registered the same thing while the file was being checked. */
function uniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 3; depth++) {
    if ((e as { code?: unknown }).code === '23505') return true
    e = (e as { cause?: unknown }).cause
  }
  return false
}

/**
 * Inserts a batch of validated assets with one statement of column arrays (unnest): on PGlite this is about three
 * times faster than a multi-row VALUES list, and the constant columns travel once, not once per row. Enum columns
 * travel as text[] and are cast per element: PGlite learns array types at start, so an enum array created by a
 * migration in the same process would be sent as "a,b,c".
 */
async function insertAssetBatch(
  tx: Tx,
  drafts: readonly AssetDraft[],
  importId: string,
  now: Date,
): Promise<void> {
  const column = <T>(pick: (d: AssetDraft) => T) => sql.param(drafts.map(pick))
  const at = now.toISOString()
  await tx.execute(sql`
    insert into assets (organisation_id, type, identifier, canonical, identity_key, network_kind, network, path, ports,
      name, source, status, notes, import_id, retired_at, created_at, updated_at)
    select o, t::asset_type, i, c, k, nk::asset_network_kind, n, p, ports::int[], name, 'imported', st::asset_status,
      notes, ${importId}::uuid, case when st = 'retired' then ${at}::timestamptz end, ${at}::timestamptz,
      ${at}::timestamptz
    from unnest(
      ${column((d) => d.organisationId)}::uuid[],
      ${column((d) => d.type)}::text[],
      ${column((d) => d.identifier)}::text[],
      ${column((d) => d.identity.canonical)}::text[],
      ${column((d) => d.identity.identityKey)}::text[],
      ${column((d) => d.identity.networkKind)}::text[],
      ${column((d) => d.identity.network)}::cidr[],
      ${column((d) => d.identity.path)}::text[],
      ${column((d) => (d.ports ? `{${d.ports.join(',')}}` : null))}::text[],
      ${column((d) => d.name)}::text[],
      ${column((d) => d.status)}::text[],
      ${column((d) => d.notes)}::text[]
    ) as u(o, t, i, c, k, nk, n, p, ports, name, st, notes)`)
}

function organisationValues(
  d: OrganisationDraft,
  importId: string,
  now: Date,
): typeof organisations.$inferInsert {
  return {
    id: d.id,
    name: d.name,
    shortName: d.shortName,
    creditCode: d.creditCode,
    category: d.category,
    isIndustryRegulator: d.isIndustryRegulator,
    parentId: d.parentId ?? null,
    path: OrganisationRowValidator.pathOf(d),
    regionId: d.regionId!,
    status: d.status,
    address: d.address,
    notes: d.notes,
    importId,
    createdAt: now,
    updatedAt: now,
  }
}
