// Test helper: a database the CLI can open from another process (a PGlite data directory, or a fresh PostgreSQL
// database when WANGAN_TEST_DB=postgres), and a way for the test to run SQL on it between CLI calls.
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '@wangan/server/db/client'
import { createTestDatabase, testDatabaseKind } from '@wangan/server/testing/test-database'

const root = new URL('../../../../', import.meta.url).pathname

export type CliDatabase = {
  env: Record<string, string>
  dataDir: string
  sql(text: string): Promise<Record<string, unknown>[]>
  cli(args: string[], input?: string): { status: number; stdout: string; stderr: string }
  /** Another empty database sharing this one's keys (restore target). */
  sibling(): Promise<CliDatabase>
  drop(): Promise<void>
}

// Creating an on-disk PGlite database (initdb + migrations) takes seconds; build one migrated directory per test file
// and copy it for every database the file asks for.
let pgliteTemplate: string | undefined
function migratedPgliteDir(): string {
  if (!pgliteTemplate) {
    pgliteTemplate = mkdtempSync(join(tmpdir(), 'wangan-cli-template-'))
    const { DATABASE_URL: _ignored, ...parentEnv } = process.env
    const result = spawnSync(process.execPath, [join(root, 'bin/wangan.mjs'), 'migrate'], {
      cwd: root,
      env: { ...parentEnv, WANGAN_DATA_DIR: pgliteTemplate, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    })
    if (result.status !== 0) throw new Error(`cannot prepare a PGlite template: ${result.stderr}`)
    rmSync(join(pgliteTemplate, 'secrets.json'))
  }
  return pgliteTemplate
}

export async function createCliDatabase(shareKeysFrom?: string): Promise<CliDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wangan-cli-'))
  if (testDatabaseKind() === 'pglite') cpSync(migratedPgliteDir(), dataDir, { recursive: true })
  if (shareKeysFrom) cpSync(join(shareKeysFrom, 'secrets.json'), join(dataDir, 'secrets.json'))
  let url: string | undefined
  let dropServerDb = async () => {}
  if (testDatabaseKind() === 'postgres') {
    const created = await createTestDatabase()
    url = created.url
    await created.database.close()
    dropServerDb = async () => {
      const admin = await openDatabase({ databaseUrl: process.env.DATABASE_URL!, dataDir })
      await admin.exec(`DROP DATABASE IF EXISTS ${new URL(url!).pathname.slice(1)} WITH (FORCE)`)
      await admin.close()
    }
  }
  const env: Record<string, string> = {
    WANGAN_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    ...(url ? { DATABASE_URL: url } : {}),
  }
  const self: CliDatabase = {
    env,
    dataDir,
    async sql(text) {
      const database = await openDatabase({ databaseUrl: url, dataDir })
      try {
        const statements = text
          .split(/;\s*\n/)
          .map((s) => s.trim())
          .filter(Boolean)
        let rows: Record<string, unknown>[] = []
        for (const statement of statements) rows = await database.query(statement)
        return rows
      } finally {
        await database.close()
      }
    },
    cli(args, input) {
      const { DATABASE_URL: _ignored, ...parentEnv } = process.env
      const result = spawnSync(process.execPath, [join(root, 'bin/wangan.mjs'), ...args], {
        cwd: root,
        env: { ...parentEnv, ...env },
        input,
        encoding: 'utf8',
        timeout: 120_000,
      })
      return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr }
    },
    sibling: () => createCliDatabase(dataDir),
    async drop() {
      await dropServerDb()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
  return self
}
