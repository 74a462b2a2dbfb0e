// Parse time and peak memory of @wangan/scanners on a generated Nessus report (default 30,000 findings), next
// to two baselines measured in the same run on the same file: reading + UTF-8 decoding only, and XML
// tokenising only (saxes without handlers). Each measurement runs in its own process for a clean peak RSS.
//
//   npx tsx bench/scanners/parse-bench.ts [--findings 30000] [--output-bytes 300] [--max-bytes 512MiB] [--keep]
//
// Goals: 30,000 findings parsed well under 10 s and 500 MB peak RSS. Exits 1 when a goal is missed.
import { spawnSync } from 'node:child_process'
import { createReadStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { SaxesParser } from 'saxes'
import { parseScan } from '@wangan/scanners'
import { generateNessusReport } from './generate-nessus'

export type BenchMode = 'read' | 'tokenise' | 'parse'

export interface BenchMeasure {
  mode: BenchMode
  milliseconds: number
  peakRssMiB: number
  findings: number | null
}

const GOAL_MILLISECONDS = 10_000
const GOAL_RSS_MIB = 500
const root = fileURLToPath(new URL('../../', import.meta.url))

async function measureHere(mode: BenchMode, file: string, maxBytes: number): Promise<BenchMeasure> {
  const started = performance.now()
  let findings: number | null = null
  if (mode === 'parse') {
    findings = (await parseScan({ tool: 'nessus', source: file, maxBytes })).findings.length
  } else {
    const decoder = new TextDecoder()
    const parser = new SaxesParser({ xmlns: false, position: true })
    for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) {
      const text = decoder.decode(chunk as Buffer, { stream: true })
      if (mode === 'tokenise') parser.write(text)
    }
    if (mode === 'tokenise') parser.close()
  }
  return {
    mode,
    milliseconds: Math.round(performance.now() - started),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    findings,
  }
}

/** Runs one measurement in a fresh Node process (so that peak RSS is that of this measurement alone). */
export function measureInChild(mode: BenchMode, file: string, maxBytes: number): BenchMeasure {
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      '--child',
      mode,
      '--file',
      file,
      '--max-bytes',
      String(maxBytes),
    ],
    { cwd: root, encoding: 'utf8', maxBuffer: 1024 * 1024 },
  )
  if (result.status !== 0) throw new Error(`bench child (${mode}) failed: ${result.stderr.trim()}`)
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as BenchMeasure
}

function parseSize(text: string): number {
  const match = /^(\d+)\s*(KiB|MiB|GiB)?$/i.exec(text.trim())
  if (!match?.[1]) throw new Error(`cannot read size "${text}"`)
  const unit = { kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 }[(match[2] ?? '').toLowerCase() as 'kib'] ?? 1
  return Number(match[1]) * unit
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      findings: { type: 'string', default: '30000' },
      'output-bytes': { type: 'string', default: '300' },
      'max-bytes': { type: 'string', default: '512MiB' },
      keep: { type: 'boolean', default: false },
      child: { type: 'string' },
      file: { type: 'string' },
    },
  })
  const maxBytes = parseSize(values['max-bytes'])
  if (values.child) {
    const measure = await measureHere(values.child as BenchMode, values.file ?? '', maxBytes)
    process.stdout.write(`${JSON.stringify(measure)}\n`)
    return 0
  }
  const findings = Number(values.findings)
  const directory = await mkdtemp(join(tmpdir(), 'wangan-bench-'))
  const file = join(directory, `nessus-${findings}.nessus`)
  try {
    const generationStarted = performance.now()
    const report = await generateNessusReport(file, {
      findings,
      pluginOutputBytes: Number(values['output-bytes']),
    })
    const generation = Math.round(performance.now() - generationStarted)
    console.log(
      `generated ${report.findings} findings (${report.items} ReportItems on ${report.hosts} hosts), ` +
        `${(report.bytes / 1024 ** 2).toFixed(1)} MiB in ${generation} ms: ${file}`,
    )
    const measures = (['read', 'tokenise', 'parse'] as const).map((mode) =>
      measureInChild(mode, file, maxBytes),
    )
    const mibPerSecond = (ms: number) => (report.bytes / 1024 ** 2 / (ms / 1000)).toFixed(0)
    console.log('mode      time (ms)  MiB/s  peak RSS (MiB)  findings')
    for (const measure of measures) {
      console.log(
        `${measure.mode.padEnd(9)} ${String(measure.milliseconds).padStart(9)}  ${mibPerSecond(measure.milliseconds).padStart(5)}  ` +
          `${String(measure.peakRssMiB).padStart(14)}  ${measure.findings ?? '-'}`,
      )
    }
    const parse = measures.find((measure) => measure.mode === 'parse')
    if (!parse) return 1
    const tokenise = measures.find((measure) => measure.mode === 'tokenise')
    if (tokenise)
      console.log(`parse / tokenise-only time: ${(parse.milliseconds / tokenise.milliseconds).toFixed(2)}×`)
    const countOk = parse.findings === findings
    const timeOk = parse.milliseconds < GOAL_MILLISECONDS
    const memoryOk = parse.peakRssMiB < GOAL_RSS_MIB
    console.log(
      `goals: findings ${countOk ? 'ok' : `MISMATCH (${parse.findings})`}, ` +
        `time ${timeOk ? 'ok' : 'OVER'} (< ${GOAL_MILLISECONDS} ms), memory ${memoryOk ? 'ok' : 'OVER'} (< ${GOAL_RSS_MIB} MiB)`,
    )
    return countOk && timeOk && memoryOk ? 0 : 1
  } finally {
    if (values.keep) console.log(`kept ${file}`)
    else await rm(directory, { recursive: true, force: true })
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main()
}
