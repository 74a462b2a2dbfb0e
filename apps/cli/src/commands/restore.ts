// wangan restore <file> — loads a backup into an empty database (migrated first), all or nothing.
import { existsSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { RestoreError, restoreBackup } from '@wangan/server/modules/backup/backup'
import { CliError, info, printJson } from '../io'
import { withPlatform } from '../platform'

export async function run(argv: string[]): Promise<void> {
  const { positionals } = parseArgs({ args: argv, options: {}, strict: true, allowPositionals: true })
  const [file] = positionals
  if (!file || positionals.length > 1) throw new CliError('usage: wangan restore <file>')
  if (!existsSync(file)) throw new CliError(`no such file: ${file}`)
  await withPlatform(async ({ database }) => {
    try {
      const result = await restoreBackup(database, file)
      const rows = Object.values(result.tables).reduce((a, b) => a + b, 0)
      info(`restored ${rows} rows from ${file}`)
      printJson({ file, ...result })
    } catch (error) {
      if (error instanceof RestoreError) throw new CliError(error.message)
      throw error
    }
  })
}
