import { parseArgs } from 'node:util'
import { printJson } from '../io'
import { withPlatform } from '../platform'

export async function run(argv: string[]): Promise<void> {
  parseArgs({ args: argv, options: {}, strict: true })
  await withPlatform(async (platform) => {
    printJson({ migrated: true, database: platform.database.kind })
  })
}
