// With E2E_DATABASE_URL (a PostgreSQL server the tests may create databases on), each server gets its own database,
// dropped afterwards, so journeys start from an empty platform exactly as on PGlite.
import { randomBytes } from 'node:crypto'
import pg from 'pg'

export type ExternalDatabase = { url: string; drop(): Promise<void> }

export async function createExternalDatabase(adminUrl: string): Promise<ExternalDatabase> {
  const name = `wangan_e2e_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${name}`)
  } finally {
    await admin.end()
  }
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl })
      await client.connect()
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      } finally {
        await client.end()
      }
    },
  }
}
