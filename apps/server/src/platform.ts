// Opening the platform: configuration → database (migrated) → keys → services. Used by the server, the CLI and tests.
import { systemClock, type Clock } from './clock'
import type { Config } from './config'
import { systemContext } from './context'
import { openDatabase, type Database } from './db/client'
import { migrateDatabase } from './db/migrate'
import { loadOrCreateSecrets } from './secrets'
import { createServices, type Services } from './services'

export type Platform = { services: Services; database: Database; close(): Promise<void> }

export async function openPlatform(
  config: Config,
  options: { clock?: Clock; database?: Database; migrate?: boolean } = {},
): Promise<Platform> {
  const database =
    options.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }))
  try {
    if (options.migrate !== false) await migrateDatabase(database)
    const secrets = loadOrCreateSecrets(config.dataDir)
    const services = createServices({ database, clock: options.clock ?? systemClock, config, secrets })
    // The queue's tables must exist before any transaction enqueues; supervision re-takes jobs of a crashed worker.
    await services.jobs.start({ supervise: config.roles.includes('worker') })
    return {
      services,
      database,
      async close() {
        await services.jobs.stop()
        await database.close()
      },
    }
  } catch (error) {
    await database.close()
    throw error
  }
}

/** First start: when there is no active administrator, create `admin` with a generated password, shown once. */
export async function ensureFirstAdmin(
  services: Services,
): Promise<{ username: string; password: string } | null> {
  if ((await services.users.countAdmins()) > 0) return null
  const username = (await services.users.findByUsername('admin'))
    ? `admin-${Date.now().toString(36)}`
    : 'admin'
  const { initialPassword } = await services.users.create(
    systemContext('first-start'),
    { username, displayName: '平台管理员', role: 'admin' },
    { mustChangePassword: true },
  )
  return { username, password: initialPassword! }
}
