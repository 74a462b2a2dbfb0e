// One way to reach the database, two engines: embedded PGlite (default, data under the data directory) or a
// PostgreSQL server (DATABASE_URL). The same drizzle schema, migrations and queries run on both.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { PGlite } from '@electric-sql/pglite'
import type { ExtractTablesWithRelations } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core'
import type { Pool } from 'pg'
import { acquireDataDirLock } from './data-dir-lock'
import * as schema from './schema'

export type Schema = typeof schema
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>
/** Anything that runs queries: the database itself or an open transaction. Inside a transaction always pass the
 * transaction on: with PGlite a query on the outer handle would wait for the transaction forever. */
export type Executor = Db | Tx

export type DatabaseKind = 'pglite' | 'postgres'

export interface Database {
  readonly kind: DatabaseKind
  readonly db: Db
  /** Runs raw SQL text (possibly several statements, no parameters). */
  exec(sql: string): Promise<void>
  /** Runs one parameterised statement and returns its rows as plain objects. */
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>
  close(): Promise<void>
  /** The underlying driver, for the few places that need it (job queue adapter, backup). */
  readonly driver: { kind: 'pglite'; client: PGlite } | { kind: 'postgres'; pool: Pool }
}

export type OpenDatabaseOptions = { databaseUrl?: string | undefined; dataDir: string; pglite?: PGlite }

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl)
  if (options.pglite) return openPglite(options.pglite)
  mkdirSync(options.dataDir, { recursive: true })
  const release = acquireDataDirLock(options.dataDir)
  try {
    const database = await openPglite(await createPglite(join(options.dataDir, 'pglite')))
    return {
      ...database,
      async close() {
        await database.close()
        release()
      },
    }
  } catch (error) {
    release()
    throw error
  }
}

export async function createPglite(directory?: string): Promise<PGlite> {
  const { PGlite } = await import('@electric-sql/pglite')
  if (directory) mkdirSync(directory, { recursive: true })
  return PGlite.create(directory ? { dataDir: directory } : {})
}

export async function openPglite(client: PGlite): Promise<Database> {
  const { drizzle } = await import('drizzle-orm/pglite')
  const db = drizzle(client, { schema, casing: 'snake_case' }) as unknown as Db
  return {
    kind: 'pglite',
    db,
    driver: { kind: 'pglite', client },
    async exec(sql) {
      await client.exec(sql)
    },
    async query<Row>(sql: string, params: unknown[] = []) {
      const result = await client.query<Row>(sql, params)
      return result.rows
    },
    async close() {
      if (!client.closed) await client.close()
    },
  }
}

export async function openPostgres(url: string): Promise<Database> {
  const pg = await import('pg')
  const { drizzle } = await import('drizzle-orm/node-postgres')
  // int8 and numeric come back as strings by default; the schema declares how each column is read (mode: 'number').
  const pool = new pg.default.Pool({ connectionString: url, max: 10 })
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it. Queries in flight see their own error.
  })
  const db = drizzle(pool, { schema, casing: 'snake_case' }) as unknown as Db
  return {
    kind: 'postgres',
    db,
    driver: { kind: 'postgres', pool },
    async exec(sql) {
      await pool.query(sql)
    },
    async query<Row>(sql: string, params: unknown[] = []) {
      const result = await pool.query(sql, params)
      return result.rows as Row[]
    },
    async close() {
      await pool.end()
    },
  }
}
