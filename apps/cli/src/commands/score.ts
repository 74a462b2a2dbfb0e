import { CliError } from '../io'

export async function run(_argv: string[]): Promise<number> {
  throw new CliError('wangan score: not built yet', 1)
}
