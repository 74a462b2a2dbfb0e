// wangan backup <file> — every table of the database to one gzip'd file (PGlite or PostgreSQL alike).
import { parseArgs } from 'node:util'
import { writeBackup } from '@wangan/server/modules/backup/backup'
import { CliError, info, printJson } from '../io'
import { withPlatform } from '../platform'

export async function run(argv: string[]): Promise<void> {
  const { positionals } = parseArgs({ args: argv, options: {}, strict: true, allowPositionals: true })
  const [file] = positionals
  if (!file || positionals.length > 1) throw new CliError('usage: wangan backup <file>')
  await withPlatform(async ({ database }) => {
    const result = await writeBackup(database, file)
    const rows = Object.values(result.tables).reduce((a, b) => a + b, 0)
    info(`backup written to ${file}: ${rows} rows in ${Object.keys(result.tables).length} tables`)
    printJson({ file, ...result })
  })
}
