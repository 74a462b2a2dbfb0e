import { migrationsFolder } from '../paths'
import type { Database } from './client'

/** Applies the committed drizzle-kit migrations. On PostgreSQL an advisory lock keeps two starting instances from
 * migrating at once. */
export async function migrateDatabase(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    const { migrate } = await import('drizzle-orm/pglite/migrator')
    // The pglite migrator wants the pglite-flavoured drizzle handle; both are the same object at run time.
    await migrate(database.db as unknown as Parameters<typeof migrate>[0], { migrationsFolder })
    // PGlite reads the array types of enums once at start: enums the migrations just created would otherwise travel
    // as 'a,b,c' strings when a query passes an array of them (the very first `npm start`).
    if (database.driver.kind === 'pglite') await database.driver.client.refreshArrayTypes()
    return
  }
  const { migrate } = await import('drizzle-orm/node-postgres/migrator')
  const { drizzle } = await import('drizzle-orm/node-postgres')
  if (database.driver.kind !== 'postgres') throw new Error('unreachable')
  const client = await database.driver.pool.connect()
  try {
    await client.query('SELECT pg_advisory_lock(724061)')
    await migrate(drizzle(client), { migrationsFolder })
  } finally {
    await client.query('SELECT pg_advisory_unlock(724061)').catch(() => undefined)
    client.release()
  }
}
