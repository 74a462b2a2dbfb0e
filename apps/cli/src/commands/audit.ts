// wangan audit verify — walks the audit trail and reports the first edited, inserted or deleted row (exit 1 then).
import { parseArgs } from 'node:util'
import { CliError, info, printJson } from '../io'
import { withPlatform } from '../platform'

export async function run(argv: string[]): Promise<number> {
  const [action, ...rest] = argv
  parseArgs({ args: rest, options: {}, strict: true })
  if (action !== 'verify') throw new CliError('usage: wangan audit verify')
  return withPlatform(async ({ services }) => {
    const verdict = await services.audit.verify()
    printJson(verdict)
    if (!verdict.ok) {
      info(`audit chain broken: ${verdict.problem?.message ?? 'unknown problem'}`)
      return 1
    }
    info(`audit chain intact: ${verdict.checked} events`)
    return 0
  })
}
