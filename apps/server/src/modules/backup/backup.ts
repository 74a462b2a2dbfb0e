// Backup and restore of every table, portable between PGlite and PostgreSQL: a gzip'd text file with a JSON header,
// then per table a line `#table <name> <count>` followed by one row per line (to_jsonb text, so no value is reparsed
// and none loses precision). Restore loads into an empty, migrated database in one transaction, parents first.
import { createReadStream, createWriteStream, readFileSync } from 'node:fs'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { finished } from 'node:stream/promises'
import { createGunzip, createGzip } from 'node:zlib'
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core'
import { is, sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import * as schema from '../../db/schema'
import { queryRows } from '../../db/transaction'
import { migrationsFolder } from '../../paths'

const FORMAT = 'wangan-backup'
const VERSION = 1
const PAGE = 5_000
const BATCH = 1_000

type TableInfo = {
  name: string
  primaryKey: string[]
  selfReference: { column: string; references: string } | null
}

/** Every application table, ordered so that a table comes after the tables it references. */
export function tablesInDependencyOrder(): TableInfo[] {
  const tables: PgTable[] = []
  for (const value of Object.values(schema) as unknown[]) if (is(value, PgTable)) tables.push(value)
  const infos = new Map<string, TableInfo & { dependsOn: Set<string> }>()
  for (const table of tables) {
    const config = getTableConfig(table)
    const dependsOn = new Set<string>()
    let selfReference: TableInfo['selfReference'] = null
    for (const fk of config.foreignKeys) {
      const ref = fk.reference()
      const target = getTableConfig(ref.foreignTable).name
      if (target === config.name)
        selfReference = { column: ref.columns[0]!.name, references: ref.foreignColumns[0]!.name }
      else dependsOn.add(target)
    }
    const primaryKey = config.columns.filter((c) => c.primary).map((c) => c.name)
    for (const pk of config.primaryKeys) for (const c of pk.columns) primaryKey.push(c.name)
    infos.set(config.name, { name: config.name, primaryKey, selfReference, dependsOn })
  }
  const ordered: TableInfo[] = []
  const placed = new Set<string>()
  while (ordered.length < infos.size) {
    const ready = [...infos.values()].filter(
      (t) => !placed.has(t.name) && [...t.dependsOn].every((d) => placed.has(d) || !infos.has(d)),
    )
    if (!ready.length) throw new Error('foreign keys form a cycle between tables')
    for (const t of ready.sort((a, b) => a.name.localeCompare(b.name))) {
      placed.add(t.name)
      ordered.push({ name: t.name, primaryKey: t.primaryKey, selfReference: t.selfReference })
    }
  }
  return ordered
}

function latestMigrationTag(): string {
  const journal = JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as {
    entries: { tag: string }[]
  }
  return journal.entries.at(-1)?.tag ?? 'none'
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`

/** Orders rows of a self-referencing table so that every parent precedes its children. */
function parentsFirst(rows: string[], ref: { column: string; references: string }): string[] {
  const parsed = rows.map((text) => ({ text, row: JSON.parse(text) as Record<string, unknown> }))
  const byKey = new Map(parsed.map((p) => [String(p.row[ref.references]), p]))
  const out: string[] = []
  const done = new Set<string>()
  const visit = (p: (typeof parsed)[number], depth: number) => {
    const key = String(p.row[ref.references])
    if (done.has(key)) return
    if (depth > parsed.length) throw new Error('cycle in a self-referencing table')
    const parentKey = p.row[ref.column]
    const parent = parentKey == null ? undefined : byKey.get(String(parentKey))
    if (parent) visit(parent, depth + 1)
    done.add(key)
    out.push(p.text)
  }
  for (const p of parsed) visit(p, 0)
  return out
}

export async function writeBackup(
  database: Database,
  file: string,
): Promise<{ tables: Record<string, number> }> {
  const gzip = createGzip()
  const output = createWriteStream(file, { mode: 0o600 })
  gzip.pipe(output)
  const write = async (line: string) => {
    if (!gzip.write(`${line}\n`)) await once(gzip, 'drain')
  }
  const counts: Record<string, number> = {}
  await write(
    JSON.stringify({
      format: FORMAT,
      version: VERSION,
      createdAt: new Date().toISOString(),
      database: database.kind,
      migration: latestMigrationTag(),
    }),
  )
  // One read-only snapshot, so the backup is consistent even while the server writes.
  await database.db.transaction(async (tx) => {
    if (database.kind === 'postgres')
      await tx.execute(sql.raw('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY'))
    for (const table of tablesInDependencyOrder()) {
      const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(
        tx,
        sql.raw(`select count(*)::int as n from ${ident(table.name)}`),
      )
      counts[table.name] = Number(n)
      await write(`#table ${table.name} ${Number(n)}`)
      const order = table.primaryKey.map(ident).join(', ') || '1'
      if (table.selfReference) {
        const rows = await queryRows<{ row: string }>(
          tx,
          sql.raw(`select to_jsonb(t)::text as row from ${ident(table.name)} t order by ${order}`),
        )
        for (const line of parentsFirst(
          rows.map((r) => r.row),
          table.selfReference,
        ))
          await write(line)
        continue
      }
      for (let offset = 0; offset < Number(n); offset += PAGE) {
        const rows = await queryRows<{ row: string }>(
          tx,
          sql.raw(
            `select to_jsonb(t)::text as row from ${ident(table.name)} t order by ${order} limit ${PAGE} offset ${offset}`,
          ),
        )
        for (const r of rows) await write(r.row)
      }
    }
  })
  gzip.end()
  await finished(output)
  return { tables: counts }
}

export class RestoreError extends Error {}

export async function restoreBackup(
  database: Database,
  file: string,
): Promise<{ tables: Record<string, number> }> {
  const known = new Map(tablesInDependencyOrder().map((t) => [t.name, t]))
  for (const name of known.keys()) {
    const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(
      database.db,
      sql.raw(`select count(*)::int as n from ${ident(name)}`),
    )
    if (Number(n) > 0)
      throw new RestoreError(
        `the database is not empty (table ${name} has ${n} rows); restore needs an empty database`,
      )
  }
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity })
  const iterator = lines[Symbol.asyncIterator]()
  const first = await iterator.next().catch((error: unknown) => {
    throw new RestoreError(`${file} is not a Wangan backup (${(error as Error).message})`)
  })
  let header: { format?: string; version?: number; migration?: string }
  try {
    header = JSON.parse(String(first.value ?? '')) as typeof header
  } catch {
    throw new RestoreError(`${file} is not a Wangan backup (bad header)`)
  }
  if (header.format !== FORMAT || header.version !== VERSION)
    throw new RestoreError(`${file} is not a Wangan backup of version ${VERSION}`)
  if (header.migration !== latestMigrationTag())
    throw new RestoreError(
      `the backup was made at schema ${header.migration}, this release is at ${latestMigrationTag()}: restore with the matching release`,
    )
  const counts: Record<string, number> = {}
  await database.db.transaction(async (tx) => {
    let table: string | null = null
    let expected = 0
    let batch: string[] = []
    const flush = async () => {
      if (!table || batch.length === 0) return
      await tx.execute(
        sql`insert into ${sql.raw(ident(table))} select * from jsonb_populate_recordset(null::${sql.raw(ident(table))}, ${`[${batch.join(',')}]`}::jsonb)`,
      )
      counts[table] = (counts[table] ?? 0) + batch.length
      batch = []
    }
    const closeTable = async () => {
      await flush()
      if (table && (counts[table] ?? 0) !== expected)
        throw new RestoreError(
          `table ${table}: the backup announced ${expected} rows but holds ${counts[table] ?? 0} (truncated file?)`,
        )
    }
    for (;;) {
      let next: IteratorResult<string>
      try {
        next = await iterator.next()
      } catch (error) {
        throw new RestoreError(`${file} is damaged: ${(error as Error).message}`)
      }
      if (next.done) break
      const line = next.value
      if (line.startsWith('#table ')) {
        await closeTable()
        const [, name, count] = line.split(' ')
        if (!name || !known.has(name)) throw new RestoreError(`the backup names an unknown table ${name}`)
        table = name
        expected = Number(count)
        counts[name] = 0
        continue
      }
      if (!table) throw new RestoreError('row before any #table line')
      batch.push(line)
      if (batch.length >= BATCH) await flush()
    }
    await closeTable()
    // Identity and serial columns continue after the restored values.
    const sequences = await queryRows<{ table_name: string; column_name: string }>(
      tx,
      sql`select table_name, column_name from information_schema.columns
          where table_schema = 'public' and (is_identity = 'YES' or column_default like 'nextval(%')`,
    )
    for (const s of sequences) {
      await tx.execute(
        sql.raw(
          `select setval(pg_get_serial_sequence('${ident(s.table_name)}', '${s.column_name}'), coalesce((select max(${ident(s.column_name)}) from ${ident(s.table_name)}), 0) + 1, false)`,
        ),
      )
    }
  })
  return { tables: counts }
}
