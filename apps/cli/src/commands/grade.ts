// wangan grade --business <object>:<degree> --service <object>:<degree> — GB/T 22240-2020 level (SPEC §7).
import { parseArgs } from 'node:util'
import { gradeSystem, harmDegrees, harmedObjects, parseHarm, type THarm } from '@wangan/rules/grading'
import { CliError, printJson } from '../io'

const synopsis = 'usage: wangan grade --business <object>:<degree> --service <object>:<degree>'
const usage = `usage: wangan grade --business <object>:<degree> --service <object>:<degree>
  object: ${harmedObjects.join(' | ')}
  degree: ${harmDegrees.join(' | ')}`

export async function run(argv: string[]): Promise<number> {
  let values: { business?: string; service?: string; help?: boolean }
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: {
        business: { type: 'string' },
        service: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }))
  } catch (error) {
    throw new CliError(`${error instanceof Error ? error.message : String(error)} (${synopsis})`)
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`)
    return 0
  }
  const business = harmOption('--business', values.business)
  const service = harmOption('--service', values.service)
  printJson(gradeSystem({ business, service }))
  return 0
}

function harmOption(flag: string, value: string | undefined): THarm {
  if (value === undefined || value === '') throw new CliError(`missing ${flag} <object>:<degree>`)
  const parsed = parseHarm(value)
  if (!parsed.ok) throw new CliError(`${flag}: ${parsed.error}`)
  return parsed.harm
}
