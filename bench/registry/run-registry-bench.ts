// npm run bench:registry — the registry's figures (issue 3, "Performance"):
//   1. importing 100,000 assets from XLSX (the real import service: read, validate every row, check duplicates,
//      write in one transaction) beside merely reading the same file with the same XLSX library, in the same run;
//      peak RSS of the importing process;
//   2. asset matching against 1,000,000 assets (matcher-bench.ts) beside a naive linear scan.
// Each measurement runs in its own child process, so one cannot warm up or bloat the other. Timings on a shared
// machine are noisy: the reading and the import run several times, alternating, and the best of each is compared.
// Options (environment): BENCH_ROWS (100000), BENCH_ORGANISATIONS (2000), BENCH_RUNS (2), BENCH_MATCHER_ASSETS
// (1000000); DATABASE_URL: also import into a fresh database on that PostgreSQL server (the last line then reports it).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { writeAssetWorkbook } from './asset-workbook'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '../..')
const rows = Number(process.env.BENCH_ROWS ?? 100_000)
const organisations = Number(process.env.BENCH_ORGANISATIONS ?? 2_000)
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 2))
const matcherAssets = Number(process.env.BENCH_MATCHER_ASSETS ?? 1_000_000)
const postgresUrl = process.env.DATABASE_URL

type ReadResult = { seconds: number; rows: number; peakRssMb: number }
type ImportResult = {
  seconds: number
  status: string
  inserted: number
  errors: unknown[]
  database: string
  baselineRssMb: number
  peakRssMb: number
  processPeakRssMb: number
}

function child<T>(script: string, args: string[], env: Record<string, string | undefined> = {}): T {
  const childEnv: Record<string, string> = {}
  for (const [key, value] of Object.entries({ ...process.env, ...env }))
    if (value !== undefined) childEnv[key] = value
  const result = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(here, script), ...args],
    {
      cwd: root,
      env: childEnv,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  )
  if (result.status !== 0)
    throw new Error(`${script} failed (${result.status}): ${result.stderr.slice(-2000)}`)
  const lines = result.stdout.trim().split('\n')
  return JSON.parse(lines[lines.length - 1]!) as T
}

const fmt = (n: number, digits = 2) => n.toFixed(digits)

async function main(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'wangan-registry-bench-'))
  try {
    const file = join(folder, 'assets.xlsx')
    const generated = performance.now()
    await writeAssetWorkbook(file, rows, organisations)
    console.log(
      `file: ${rows.toLocaleString('en')} asset rows of ${organisations.toLocaleString('en')} organisations, ` +
        `${(statSync(file).size / 1024 / 1024).toFixed(1)} MB XLSX, written in ${fmt((performance.now() - generated) / 1000, 1)} s`,
    )

    const reads: ReadResult[] = []
    const pglite: ImportResult[] = []
    const postgres: ImportResult[] = []
    for (let run = 1; run <= runs; run++) {
      const read = child<ReadResult>('import-read-only.ts', [file])
      reads.push(read)
      console.log(
        `run ${run}: read-only (exceljs streaming reader, every row): ${fmt(read.seconds)} s, peak RSS ${read.peakRssMb} MB`,
      )
      const embedded = child<ImportResult>('import-run.ts', [file, String(organisations)], {
        WANGAN_TEST_DB: 'pglite',
        DATABASE_URL: undefined,
      })
      if (embedded.status !== 'done')
        throw new Error(`import did not succeed: ${JSON.stringify(embedded.errors)}`)
      pglite.push(embedded)
      console.log(
        `run ${run}: import into embedded PGlite (data directory on disk): ${fmt(embedded.seconds)} s, ` +
          `${embedded.inserted.toLocaleString('en')} rows; process RSS ${embedded.baselineRssMb} MB before the import ` +
          `(the embedded database), peak ${embedded.processPeakRssMb} MB`,
      )
      if (postgresUrl) {
        const server = child<ImportResult>('import-run.ts', [file, String(organisations)], {
          WANGAN_TEST_DB: 'postgres',
          DATABASE_URL: postgresUrl,
        })
        if (server.status !== 'done')
          throw new Error(`import did not succeed: ${JSON.stringify(server.errors)}`)
        postgres.push(server)
        console.log(
          `run ${run}: import into PostgreSQL: ${fmt(server.seconds)} s; Node process RSS ${server.baselineRssMb} MB before, ` +
            `peak ${server.processPeakRssMb} MB`,
        )
      }
    }
    const best = <T extends { seconds: number }>(list: T[]) =>
      list.reduce((a, b) => (b.seconds < a.seconds ? b : a))
    const readBest = best(reads)
    const pgliteBest = best(pglite)
    console.log(
      `PGlite: import ${fmt(pgliteBest.seconds)} s / read-only ${fmt(readBest.seconds)} s = ${fmt(pgliteBest.seconds / readBest.seconds)}; ` +
        `peak RSS ${Math.max(...pglite.map((r) => r.processPeakRssMb))} MB (the embedded database included)`,
    )
    let reported = pgliteBest
    let peak = Math.max(...pglite.map((r) => r.processPeakRssMb))
    if (postgres.length) {
      const serverBest = best(postgres)
      peak = Math.max(...postgres.map((r) => r.processPeakRssMb))
      console.log(
        `PostgreSQL: import ${fmt(serverBest.seconds)} s / read-only ${fmt(readBest.seconds)} s = ${fmt(serverBest.seconds / readBest.seconds)}; peak RSS of the importing process ${peak} MB`,
      )
      reported = serverBest
    }

    console.log(`matcher: ${matcherAssets.toLocaleString('en')} assets (matcher-bench.ts) …`)
    const matcher = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(here, 'matcher-bench.ts'), String(matcherAssets)],
      {
        cwd: root,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    )
    if (matcher.status !== 0) throw new Error(`matcher-bench failed: ${matcher.stderr.slice(-2000)}`)
    for (const line of matcher.stdout.trim().split('\n')) console.log(`  ${line}`)
    const lookups = /matcher lookups\/s: (\d+)/.exec(matcher.stdout)?.[1]
    if (!lookups) throw new Error('matcher-bench printed no "matcher lookups/s"')

    console.log(
      `import/read-only: ${fmt(reported.seconds / readBest.seconds)}  import peak MB: ${peak}  matcher lookups/s: ${lookups}`,
    )
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
}

await main()
