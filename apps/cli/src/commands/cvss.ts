import { parseArgs } from 'node:util'
import { CvssError, cvssScoreDetails, scoreCvss } from '@wangan/rules/cvss'
import { CliError, printJson } from '../io'

const usage = 'usage: wangan cvss [--details] <vector>'

export async function run(argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { details: { type: 'boolean' } } })
  } catch (error) {
    throw new CliError(`${(error as Error).message} (${usage})`)
  }
  const { positionals, values } = parsed
  const [vector, ...extra] = positionals
  if (vector === undefined) throw new CliError(`missing <vector> (${usage})`)
  if (extra.length > 0) throw new CliError(`expected one vector, got ${positionals.length} (${usage})`)
  try {
    printJson(values.details ? cvssScoreDetails(vector) : scoreCvss(vector))
  } catch (error) {
    if (error instanceof CvssError) throw new CliError(error.message)
    throw error
  }
  return 0
}
