// npm run bench:findings — issue 4's two figures, on PostgreSQL (DATABASE_URL, default the local server):
//  1. a generated 30,000-finding Nessus report imported as drafts through the import service (streamed in, stored
//     encrypted, parsed, split per organisation by the asset matcher, drafts inserted): wall time and peak RSS of the
//     importing process (a child of its own);
//  2. the review queue (GET /api/v1/findings with filters) over 1,000,000 findings, 50 concurrent clients, beside a
//     no-op route behind the same session and role checks, measured in the same run against the same server.
// A fresh database is created for the run and dropped afterwards (--keep keeps it).
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { generateNessusReport } from '../scanners/generate-nessus'
import { buildWorld, ORGANISATIONS, openBenchPlatform, PASSWORD, type BenchWorld } from './bench-setup'
import { combine, runLoad, type LoadResult } from './load'

const { values } = parseArgs({
  options: {
    findings: { type: 'string', default: '1000000' },
    import: { type: 'string', default: '30000' },
    connections: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '15' },
    rounds: { type: 'string', default: '3' },
    keep: { type: 'boolean', default: false },
  },
})
const FINDINGS = Number(values.findings)
const IMPORT = Number(values.import)
const CONNECTIONS = Number(values.connections)
const SECONDS = Number(values.seconds)
const ROUNDS = Math.max(1, Number(values.rounds))

const here = fileURLToPath(new URL('.', import.meta.url))
const root = fileURLToPath(new URL('../../', import.meta.url))
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const dbName = `wangan_bench_findings_${Date.now().toString(36)}`
const dbUrl = (() => {
  const u = new URL(serverUrl)
  u.pathname = `/${dbName}`
  return u.toString()
})()
const work = mkdtempSync(join(tmpdir(), 'wangan-bench-findings-'))
const log = (line: string) => console.log(line)

async function admin<T>(fn: (client: pg.Client) => Promise<T>, url = serverUrl): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

function tsx(script: string, args: string[]): string[] {
  return ['--import', 'tsx', join(here, script), ...args]
}

async function prepare(): Promise<BenchWorld> {
  await admin((c) => c.query(`CREATE DATABASE ${dbName}`))
  const platform = await openBenchPlatform(dbUrl, join(work, 'setup'))
  try {
    return await buildWorld(platform, new Date())
  } finally {
    await platform.close()
  }
}

function importReport(world: BenchWorld, file: string) {
  const result = spawnSync(
    process.execPath,
    tsx('import-run.ts', [
      '--db',
      dbUrl,
      '--data',
      join(work, 'import'),
      '--campaign',
      world.campaignId,
      '--tester',
      world.tester.id,
      '--file',
      file,
    ]),
    { cwd: root, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  )
  if (result.status !== 0) throw new Error(`import failed: ${result.stderr}`)
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as {
    seconds: number
    peakMiB: number
    findings: number
    drafts: number
    unmatched: number
    organisations: number
  }
}

/** 1,000,000 findings of the campaign in a realistic mix of kinds, severities, states and organisations. */
async function seedFindings(world: BenchWorld, count: number): Promise<number> {
  const started = performance.now()
  await admin(async (c) => {
    await c.query(
      `insert into findings (campaign_id, team_id, submitted_by, organisation_id, target, target_host, target_location,
         kind, title, title_key, description_md, severity, severity_source, cvss_base, cvss_version, status,
         submitted_at, updated_at, verified_at)
       select $1::uuid, $2::uuid, $3::uuid, ($4::uuid[])[1 + g % ${ORGANISATIONS}],
         'https://host-' || (g % 300) || '.bench.example.gov.cn/p' || (g % 997),
         'host-' || (g % 300) || '.bench.example.gov.cn',
         'host-' || (g % 300) || '.bench.example.gov.cn/p' || (g % 997),
         (array['vulnerability','vulnerability','vulnerability','weak_password','intrusion_trace','data_leak','unreported_asset'])[1 + g % 7]::finding_kind,
         'Finding ' || g || ' SQL 注入', 'finding' || g || 'sql注入', 'Description of finding ' || g,
         (array['critical','high','medium','low'])[1 + (g * 7) % 4]::finding_severity, 'cvss',
         round(((g % 100) / 10.0)::numeric, 1), '3.1',
         (array['submitted','submitted','verified','rejected','duplicate','notified','rectification_submitted','returned','fixed','withdrawn'])[1 + (g * 13) % 10]::finding_status,
         now() - interval '5 days' + g * interval '400 milliseconds',
         now(), null
       from generate_series(1, $5::int) as g`,
      [world.campaignId, world.teamId, world.tester.id, `{${world.organisationIds.join(',')}}`, count],
    )
    await c.query('VACUUM ANALYZE findings')
  }, dbUrl)
  return (performance.now() - started) / 1000
}

async function startServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    tsx('bench-server.ts', ['--db', dbUrl, '--data', join(work, 'server')]),
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk
      const match = /\{"port":(\d+)\}/.exec(out)
      if (match) resolve(Number(match[1]))
    })
    child.once('exit', (code) => reject(new Error(`bench server exited (${code})`)))
  })
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await exited
    },
  }
}

async function login(url: string, username: string): Promise<Record<string, string>> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  })
  if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`)
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!
  return { cookie }
}

const fmt = (n: number, digits = 1) => n.toFixed(digits)

try {
  log(
    `findings benchmark on ${new URL(serverUrl).host} (database ${dbName}), ${CONNECTIONS} clients, ${SECONDS} s per route in ${ROUNDS} interleaved rounds`,
  )
  const world = await prepare()
  const reportPath = join(work, 'bench-30k.nessus')
  const report = await generateNessusReport(reportPath, { findings: IMPORT })
  log(
    `report: ${report.findings} findings, ${report.items} items, ${report.hosts} hosts, ${(report.bytes / 2 ** 20).toFixed(1)} MiB`,
  )
  const imported = importReport(world, reportPath)
  log(
    `import: ${imported.findings} findings → ${imported.drafts} drafts over ${imported.organisations - (imported.unmatched ? 1 : 0)} organisations (+${imported.unmatched} unmatched) in ${fmt(imported.seconds, 2)} s, peak RSS ${imported.peakMiB} MiB`,
  )
  const seeded = await seedFindings(world, FINDINGS)
  log(`seeded ${FINDINGS.toLocaleString('en')} findings in ${fmt(seeded)} s`)

  const server = await startServer()
  try {
    const headers = await login(server.url, world.reviewer.username)
    const listPath = `/api/v1/findings?campaignId=${world.campaignId}&status=submitted&severity=critical,high&kind=vulnerability,weak_password&pageSize=20`
    const check = await fetch(`${server.url}${listPath}`, { headers })
    const page = (await check.json()) as { items: unknown[]; total: number; totalCapped: boolean }
    if (check.status !== 200 || page.items.length !== 20)
      throw new Error(`list route answered ${check.status}`)
    log(
      `review queue page: ${page.items.length} rows of ${page.totalCapped ? 'more than ' : ''}${page.total}`,
    )
    // Warm both routes (connections, plans, caches) before measuring.
    await runLoad({ url: `${server.url}/api/v1/bench/noop`, headers, connections: CONNECTIONS, seconds: 3 })
    await runLoad({ url: `${server.url}${listPath}`, headers, connections: CONNECTIONS, seconds: 3 })
    // Interleaved rounds, so that both routes see the same machine (other work on it comes and goes).
    const noopRounds: LoadResult[] = []
    const listRounds: LoadResult[] = []
    for (let round = 0; round < ROUNDS; round++) {
      noopRounds.push(
        await runLoad({
          url: `${server.url}/api/v1/bench/noop`,
          headers,
          connections: CONNECTIONS,
          seconds: SECONDS / ROUNDS,
        }),
      )
      listRounds.push(
        await runLoad({
          url: `${server.url}${listPath}`,
          headers,
          connections: CONNECTIONS,
          seconds: SECONDS / ROUNDS,
        }),
      )
    }
    const noop = combine(noopRounds)
    const list = combine(listRounds)
    for (const [name, r] of [
      ['no-op', noop],
      ['list ', list],
    ] as const)
      log(
        `${name}: ${fmt(r.requestsPerSecond, 0)} req/s, p50 ${fmt(r.p50)} ms, p95 ${fmt(r.p95)} ms, p99 ${fmt(r.p99)} ms, ${r.requests} requests, ${r.errors} errors ${JSON.stringify(r.statuses)}`,
      )
    if (noop.errors || list.errors) throw new Error('requests failed during the measurement')
    log(
      `import 30k s: ${fmt(imported.seconds)}  import peak MB: ${imported.peakMiB}  list/noop req/s: ${(list.requestsPerSecond / noop.requestsPerSecond).toFixed(2)}  list p95 ms: ${fmt(list.p95)}`,
    )
  } finally {
    await server.stop()
  }
} finally {
  if (!values.keep)
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)).catch(() => undefined)
  rmSync(work, { recursive: true, force: true })
}
