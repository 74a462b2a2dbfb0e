// Shared conventions of every `wangan` command: JSON on stdout, messages on stderr, exit 2 on bad input.
import { readFileSync } from 'node:fs'

/** A failure the user can act on: printed as one line on stderr, no stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message)
    this.name = 'CliError'
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`)
}

export function info(message: string): void {
  process.stderr.write(`${message}\n`)
}

/** Reads a JSON file named on the command line; a missing or malformed file is a CliError naming it. */
export function readJsonFile(path: string | undefined, flag = '--input'): unknown {
  if (!path) throw new CliError(`missing ${flag} <file>`)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
  }
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw new CliError(`${path} is not valid JSON: ${(error as Error).message}`)
  }
}

/** Reads all of standard input as text (for --password-stdin and friends). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

export type CommandModule = { run(argv: string[]): Promise<number | void> }
