// Databases for tests. PGlite (default): one migrated instance per worker, cloned for each test file (a clone takes
// under a second, a fresh instance several). PostgreSQL (WANGAN_TEST_DB=postgres, DATABASE_URL set): a fresh database
// per test file on that server, dropped afterwards.
import { randomBytes } from 'node:crypto'
import type { PGlite } from '@electric-sql/pglite'
import { createPglite, openPglite, openPostgres, type Database } from '../db/client'
import { migrateDatabase } from '../db/migrate'

let template: Promise<PGlite> | undefined

async function migratedTemplate(): Promise<PGlite> {
  template ??= (async () => {
    const client = await createPglite()
    const database = await openPglite(client)
    await migrateDatabase(database)
    return client
  })()
  return template
}

export const testDatabaseKind = (): 'pglite' | 'postgres' =>
  process.env.WANGAN_TEST_DB === 'postgres' ? 'postgres' : 'pglite'

export type TestDatabase = { database: Database; url?: string; drop(): Promise<void> }

export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDatabaseKind() === 'pglite') {
    const client = (await (await migratedTemplate()).clone()) as PGlite
    const database = await openPglite(client)
    return { database, drop: () => database.close() }
  }
  const serverUrl = process.env.DATABASE_URL
  if (!serverUrl) throw new Error('WANGAN_TEST_DB=postgres needs DATABASE_URL')
  const name = `wangan_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`
  const admin = await openPostgres(serverUrl)
  await admin.exec(`CREATE DATABASE ${name}`)
  await admin.close()
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  const database = await openPostgres(url.toString())
  await migrateDatabase(database)
  return {
    database,
    url: url.toString(),
    async drop() {
      await database.close()
      const admin = await openPostgres(serverUrl)
      await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.close()
    },
  }
}
