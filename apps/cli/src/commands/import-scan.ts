import { CliError } from '../io'

export async function run(_argv: string[]): Promise<number> {
  throw new CliError('wangan import-scan: not built yet', 1)
}
