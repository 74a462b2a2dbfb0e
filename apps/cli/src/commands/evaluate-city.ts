// wangan evaluate-city --input <ratings.json> — the city evaluation of seed 002 (SPEC §9, CONTRACTS).
import { parseArgs } from 'node:util'
import { CityEvaluationInputError, evaluateCity } from '@wangan/rules/evaluation'
import { CliError, printJson, readJsonFile } from '../io'

const synopsis = 'usage: wangan evaluate-city --input <ratings.json>'

export async function run(argv: string[]): Promise<number> {
  let values: { input?: string; help?: boolean }
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: { input: { type: 'string', short: 'i' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }))
  } catch (error) {
    throw new CliError(`${error instanceof Error ? error.message : String(error)} (${synopsis})`)
  }
  if (values.help) {
    process.stdout.write(`${synopsis}\n`)
    return 0
  }
  const input = readJsonFile(values.input, '--input')
  try {
    printJson(evaluateCity(input))
  } catch (error) {
    if (error instanceof CityEvaluationInputError) throw new CliError(`${values.input}: ${error.message}`)
    throw error
  }
  return 0
}
