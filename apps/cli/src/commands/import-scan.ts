// `wangan import-scan --tool <tool> --file <path> --json`: parses a scanner report and prints its findings as
// one JSON line. Stores nothing. The report is streamed, so memory stays bounded whatever the file size.
import { once } from 'node:events'
import { parseArgs } from 'node:util'
import { isScanTool, parseScan, SCAN_TOOLS, ScanParseError, type ScanReport } from '@wangan/scanners'
import { CliError } from '../io'

const usage = `usage: wangan import-scan [--tool ${SCAN_TOOLS.join('|')}] --file <path> [--json] [--max-bytes <size>]`

const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  k: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gib: 1024 ** 3,
}

/** "512MiB", "1g", "1048576" → bytes. */
export function parseSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text)
  const unit = UNITS[(match?.[2] ?? '').toLowerCase()]
  if (!match?.[1] || unit === undefined)
    throw new CliError(`--max-bytes: cannot read "${text}" as a size (e.g. 512MiB)`)
  const bytes = Math.floor(Number(match[1]) * unit)
  if (bytes < 1) throw new CliError(`--max-bytes must be positive, got "${text}"`)
  return bytes
}

async function write(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, 'drain')
}

/** Writes the report as one JSON line, finding by finding, so a large report is never one giant string. */
async function printReport(report: ScanReport): Promise<void> {
  await write(`{"tool":${JSON.stringify(report.tool)},"findings":[`)
  let first = true
  for (const finding of report.findings) {
    await write(`${first ? '' : ','}${JSON.stringify(finding)}`)
    first = false
  }
  await write(']}\n')
}

export async function run(argv: string[]): Promise<number> {
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: {
        tool: { type: 'string' },
        file: { type: 'string' },
        json: { type: 'boolean' },
        'max-bytes': { type: 'string' },
      },
    }))
  } catch (error) {
    throw new CliError(`${(error as Error).message}; ${usage}`)
  }
  const tool = values.tool
  if (tool !== undefined && !isScanTool(tool)) {
    throw new CliError(`unknown tool "${tool}": expected one of ${SCAN_TOOLS.join(', ')}`)
  }
  const file = values.file
  if (!file) throw new CliError(`missing --file <path>; ${usage}`)
  const maxBytes = values['max-bytes'] === undefined ? undefined : parseSize(values['max-bytes'])
  let report: ScanReport
  try {
    report = await parseScan({ tool, source: file, maxBytes })
  } catch (error) {
    if (error instanceof ScanParseError) {
      // The message already names the file when it is about the file itself (missing, too large).
      throw new CliError(error.message.includes(file) ? error.message : `${file}: ${error.message}`)
    }
    throw error
  }
  try {
    await printReport(report)
  } catch (error) {
    // A reader that stops early (`| head`) is not an error of ours.
    if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error
  }
  return 0
}
