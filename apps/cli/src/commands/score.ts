import { parseArgs } from 'node:util'
import { scoreOrganisations, ScoringInputError } from '@wangan/rules/scoring'
import { CliError, printJson, readJsonFile } from '../io'

const usage = 'usage: wangan score --input <snapshot.json>'

export async function run(argv: string[]): Promise<number> {
  const { path, snapshot } = readSnapshot(argv, usage)
  printJson(scoreOrExplain(path, () => scoreOrganisations(snapshot)))
  return 0
}

// Shared with `score-teams`: the --input option and scoring errors as one-line CLI errors.
export function readSnapshot(argv: string[], commandUsage: string): { path: string; snapshot: unknown } {
  let values: { input?: string | undefined }
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: { input: { type: 'string', short: 'i' } },
      strict: true,
    }))
  } catch (error) {
    throw new CliError(`${(error as Error).message} (${commandUsage})`)
  }
  if (!values.input) throw new CliError(`missing --input <snapshot.json> (${commandUsage})`)
  return { path: values.input, snapshot: readJsonFile(values.input) }
}

/** Runs a scorer; a bad snapshot becomes a CliError (exit 2) naming the file and the bad fields. */
export function scoreOrExplain<T>(path: string, score: () => T): T {
  try {
    return score()
  } catch (error) {
    if (error instanceof ScoringInputError) throw new CliError(`${path}: ${error.message}`)
    throw error
  }
}
