import { scoreTeams } from '@wangan/rules/scoring'
import { printJson } from '../io'
import { readSnapshot, scoreOrExplain } from './score'

const usage = 'usage: wangan score-teams --input <snapshot.json>'

export async function run(argv: string[]): Promise<number> {
  const { path, snapshot } = readSnapshot(argv, usage)
  printJson(scoreOrExplain(path, () => scoreTeams(snapshot)))
  return 0
}
