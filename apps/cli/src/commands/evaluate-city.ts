import { CliError } from '../io'

export async function run(_argv: string[]): Promise<number> {
  throw new CliError('wangan evaluate-city: not built yet', 1)
}
