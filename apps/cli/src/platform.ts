// Opening the platform from a command: configuration from the environment, the database (migrated), services.
import { loadConfig } from '@wangan/server/config'
import { openPlatform, type Platform } from '@wangan/server/platform'
import { CliError } from './io'

export async function withPlatform<T>(fn: (platform: Platform) => Promise<T>): Promise<T> {
  let platform: Platform
  try {
    platform = await openPlatform(loadConfig())
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error), 1)
  }
  try {
    return await fn(platform)
  } finally {
    await platform.close()
  }
}
