// npm run bench:gateway — the testing gateway against Squid and against no proxy at all, in one run, on loopback:
//   1. requests/s and p50/p99 latency with wrk (keep-alive, 50 connections) against a tiny Node target:
//      (a) direct, (b) through Squid (Debian package, its default forward-proxy configuration), (c) through the
//      gateway with audit on (every request recorded in the database: PGlite, or PostgreSQL with DATABASE_URL);
//   2. CONNECT bulk throughput: a 1 GB transfer direct and through a gateway tunnel;
//   3. the gateway's memory over 1,000,000 requests, and that every request was recorded.
//   4. latency added below saturation: an open-loop load at BENCH_PACED_RATE req/s (default 1000), all three.
// Installs wrk and Squid with apt-get when they are missing. Environment: BENCH_SECONDS (per run, default 15),
// BENCH_ROUNDS (default 3; the median is reported), BENCH_REQUESTS (memory run, default 1000000), BENCH_BULK_BYTES.
// The last line reads: gateway/squid req/s: X.XX  gateway/direct req/s: Y.YY  bulk gateway/direct: Z.ZZ  p99 added ms: W.W
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect, createServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '../..')
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const MEMORY_REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1_000_000)
const BULK_BYTES = Number(process.env.BENCH_BULK_BYTES ?? 1024 * 1024 * 1024)
const CONNECTIONS = 50
const THREADS = 2
const PACED_RATE = Number(process.env.BENCH_PACED_RATE ?? 1000)
const PACED_SECONDS = Number(process.env.BENCH_PACED_SECONDS ?? 10)

type Wrk = {
  rps: number
  p50: number
  p99: number
  requests: number
  errors: number
  non2xx: number
  cpuUs: number
}

const TICK_US = 10_000 // /proc times are in clock ticks of 1/100 s on Linux

/** CPU time (user + system, all threads) a process has used so far, in microseconds. */
function cpuOf(pid: number | undefined): number {
  if (!pid) return 0
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) * TICK_US
  } catch {
    return 0
  }
}

function run(
  command: string,
  args: string[],
  timeoutMs = 600_000,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({
        code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
        stdout: String(stdout),
        stderr: String(stderr),
      }),
    )
  })
}

async function ensurePackages(): Promise<void> {
  const wanted: [string, string][] = [
    ['wrk', 'wrk'],
    ['squid', 'squid'],
    ['curl', 'curl'],
  ]
  const missing: string[] = []
  for (const [command, pkg] of wanted)
    if ((await run('sh', ['-c', `command -v ${command} || test -x /usr/sbin/${command}`])).code !== 0)
      missing.push(pkg)
  if (missing.length === 0) return
  console.log(`installing ${missing.join(', ')} (apt-get)…`)
  const asRoot = process.getuid?.() === 0
  const apt = (args: string[]) => {
    const command = ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args]
    return asRoot ? run(command[0]!, command.slice(1), 900_000) : run('sudo', ['-n', ...command], 900_000)
  }
  let result = await apt(['install', '-y', '-qq', '--no-install-recommends', ...missing])
  if (result.code !== 0) {
    await apt(['update', '-qq'])
    result = await apt(['install', '-y', '-qq', '--no-install-recommends', ...missing])
  }
  if (result.code !== 0) throw new Error(`cannot install ${missing.join(' ')}: ${result.stderr.slice(-400)}`)
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port
      server.close(() => resolve(port))
    })
  })
}

function waitForPort(port: number, timeoutMs = 30_000): Promise<void> {
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = connect({ host: '127.0.0.1', port }, () => {
        socket.destroy()
        resolve()
      })
      socket.on('error', () => {
        socket.destroy()
        if (Date.now() - started > timeoutMs) reject(new Error(`nothing listens on ${port}`))
        else setTimeout(attempt, 200)
      })
    }
    attempt()
  })
}

/** A child that prints JSON lines; `next()` resolves with the next one. */
function jsonChild(command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let errors = ''
  child.stderr.on('data', (d: Buffer) => (errors += d.toString()))
  const lines = createInterface({ input: child.stdout })
  const queue: string[] = []
  const waiting: ((line: string) => void)[] = []
  lines.on('line', (line) => {
    if (!line.startsWith('{')) return
    const next = waiting.shift()
    if (next) next(line)
    else queue.push(line)
  })
  return {
    child,
    next<T>(timeoutMs = 300_000): Promise<T> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${command} ${args.join(' ')} said nothing: ${errors}`)),
          timeoutMs,
        )
        const take = (line: string) => {
          clearTimeout(timer)
          resolve(JSON.parse(line) as T)
        }
        const queued = queue.shift()
        if (queued) take(queued)
        else {
          waiting.push(take)
          child.once('exit', (code) => reject(new Error(`${command} exited (${code}): ${errors}`)))
        }
      })
    },
    send(line: string) {
      child.stdin.write(`${line}\n`)
    },
  }
}

function parseWrk(text: string): Wrk {
  const unit = (value: string, u: string) => Number(value) * (u === 'us' ? 0.001 : u === 's' ? 1000 : 1)
  const latency = (p: string) => {
    const match = new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s)`, 'm').exec(text)
    return match ? unit(match[1]!, match[2]!) : NaN
  }
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text)
  return {
    cpuUs: 0,
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(text)?.[1] ?? NaN),
    p50: latency('50'),
    p99: latency('99'),
    requests: Number(/(\d+) requests in/.exec(text)?.[1] ?? 0),
    errors: errors ? errors.slice(1).reduce((a, b) => a + Number(b), 0) : 0,
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(text)?.[1] ?? 0),
  }
}

async function wrk(url: string, script: string | null, seconds: number, pid?: number): Promise<Wrk> {
  const args = [
    '-t',
    String(THREADS),
    '-c',
    String(CONNECTIONS),
    '-d',
    `${seconds}s`,
    '--latency',
    ...(script ? ['-s', script] : []),
    url,
  ]
  const before = cpuOf(pid)
  const result = await run('wrk', args, (seconds + 60) * 1000)
  if (result.code !== 0) throw new Error(`wrk failed: ${result.stderr}`)
  const parsed = parseWrk(result.stdout)
  return { ...parsed, cpuUs: parsed.requests > 0 ? (cpuOf(pid) - before) / parsed.requests : 0 }
}

function proxyScript(dir: string, name: string, targetUrl: string, headers: Record<string, string>): string {
  const file = join(dir, `${name}.lua`)
  const lines = [
    `wrk.path = "${targetUrl}"`,
    ...Object.entries(headers).map(([k, v]) => `wrk.headers["${k}"] = "${v}"`),
  ]
  writeFileSync(file, `${lines.join('\n')}\n`)
  return file
}

async function bulk(args: string[]): Promise<number> {
  const result = await run(
    'curl',
    ['-s', '-o', '/dev/null', '-w', '%{size_download} %{time_total}', ...args],
    600_000,
  )
  const [size, seconds] = result.stdout.trim().split(' ').map(Number)
  if (!size || size < BULK_BYTES)
    throw new Error(`bulk transfer incomplete: ${result.stdout} ${result.stderr}`)
  return size / seconds! / 1e6
}

/**
 * Latency at a fixed request rate that saturates nothing (an open-loop load: each request has its scheduled time, and
 * its latency is counted from then, so a stall is not hidden by requests that were never sent). Keep-alive over
 * `connections` sockets. Resolves with p50 and p99 in milliseconds.
 */
async function pacedLatency(
  port: number,
  request: string,
  rate: number,
  seconds: number,
  connections = 10,
): Promise<{ p50: number; p99: number; count: number }> {
  const latencies: number[] = []
  const sockets = await Promise.all(
    Array.from(
      { length: connections },
      () =>
        new Promise<Socket>((resolve, reject) => {
          const socket = connect({ host: '127.0.0.1', port, noDelay: true }, () => resolve(socket))
          socket.once('error', reject)
        }),
    ),
  )
  const lanes = sockets.map((socket) => {
    const lane = { socket, queue: [] as number[], busy: false, buffer: '' }
    const sendNext = () => {
      if (lane.busy || lane.queue.length === 0) return
      lane.busy = true
      socket.write(request)
    }
    socket.on('data', (data: Buffer) => {
      lane.buffer += data.toString('latin1')
      for (;;) {
        const end = lane.buffer.indexOf('\r\n\r\n')
        if (end < 0) return
        const length = Number(/content-length:\s*(\d+)/i.exec(lane.buffer.slice(0, end))?.[1] ?? 0)
        if (lane.buffer.length < end + 4 + length) return
        lane.buffer = lane.buffer.slice(end + 4 + length)
        latencies.push(performance.now() - lane.queue.shift()!)
        lane.busy = false
        sendNext()
      }
    })
    return { lane, sendNext }
  })
  const interval = 1000 / rate
  const started = performance.now()
  const total = Math.floor(rate * seconds)
  await new Promise<void>((resolve) => {
    let sent = 0
    const tick = () => {
      const due = Math.min(total, Math.floor((performance.now() - started) / interval) + 1)
      for (; sent < due; sent++) {
        const { lane, sendNext } = lanes[sent % lanes.length]!
        lane.queue.push(started + sent * interval)
        sendNext()
      }
      if (sent < total) setTimeout(tick, 1)
      else resolve()
    }
    tick()
  })
  const deadline = performance.now() + 10_000
  while (latencies.length < total && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20))
  for (const socket of sockets) socket.destroy()
  const sorted = latencies.sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN
  return { p50: at(0.5), p99: at(0.99), count: sorted.length }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

function squidConfig(dir: string, port: number): string {
  // Debian's default squid.conf (access rules, refresh patterns, access log on), on a loopback port and with its
  // files in our directory so that it runs beside a system Squid and without touching /var.
  const defaults = readFileSync('/etc/squid/squid.conf', 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.trim().startsWith('#') && !line.startsWith('include'))
    .map((line) => (line.startsWith('http_port') ? `http_port 127.0.0.1:${port}` : line))
    .map((line) => (line.startsWith('coredump_dir') ? `coredump_dir ${dir}` : line))
  const file = join(dir, 'squid.conf')
  writeFileSync(
    file,
    [
      ...defaults,
      `pid_filename ${dir}/squid.pid`,
      `access_log stdio:${dir}/access.log`,
      `cache_log ${dir}/cache.log`,
      'logfile_rotate 0',
      'pinger_enable off',
      '',
    ].join('\n'),
  )
  return file
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

async function main() {
  await ensurePackages()
  const work = mkdtempSync(join(tmpdir(), 'wangan-gateway-bench-'))
  chmodSync(work, 0o777)
  const children: (ChildProcess | undefined)[] = []
  let pgDatabase: string | null = null
  try {
    const target = jsonChild(process.execPath, [join(here, 'target-process.mjs')])
    children.push(target.child)
    const { port: targetPort } = await target.next<{ port: number }>()

    const squidPort = await freePort()
    const squid = spawn('squid', ['-N', '-f', squidConfig(work, squidPort)], { stdio: 'ignore' })
    children.push(squid)
    await waitForPort(squidPort)

    let databaseUrl: string | undefined
    if (process.env.DATABASE_URL) {
      pgDatabase = `wangan_gwbench_${Date.now().toString(36)}`
      await run('psql', [process.env.DATABASE_URL, '-q', '-c', `CREATE DATABASE ${pgDatabase}`])
      const url = new URL(process.env.DATABASE_URL)
      url.pathname = `/${pgDatabase}`
      databaseUrl = url.toString()
    }
    const gateway = jsonChild(process.execPath, ['--import', 'tsx', join(here, 'gateway-process.ts')], {
      BENCH_DATA_DIR: join(work, 'data'),
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATABASE_URL: '' }),
    })
    children.push(gateway.child)
    const ready = await gateway.next<{ http: number; token: string; database: string }>()
    const pid = gateway.child.pid!
    console.log(
      `target 127.0.0.1:${targetPort} · squid 127.0.0.1:${squidPort} · gateway 127.0.0.1:${ready.http} (pid ${pid}, audit to ${ready.database})`,
    )

    const targetUrl = `http://127.0.0.1:${targetPort}/`
    const auth = `Basic ${Buffer.from(`bench:${ready.token}`).toString('base64')}`
    const squidLua = proxyScript(work, 'squid', targetUrl, { Host: `127.0.0.1:${targetPort}` })
    const gatewayLua = proxyScript(work, 'gateway', targetUrl, {
      Host: `127.0.0.1:${targetPort}`,
      'Proxy-Authorization': auth,
    })
    // CPU per request is read from /proc for the proxy process (the target's for "direct"): unlike req/s it does
    // not depend on what else the machine is doing.
    const variants = {
      direct: () => wrk(targetUrl, null, SECONDS, target.child.pid),
      squid: () => wrk(`http://127.0.0.1:${squidPort}`, squidLua, SECONDS, squid.pid),
      gateway: () => wrk(`http://127.0.0.1:${ready.http}`, gatewayLua, SECONDS, pid),
    }
    // Warm-up: JIT, connection pools, Squid's and PGlite's first allocations.
    await wrk(targetUrl, null, 3)
    await wrk(`http://127.0.0.1:${squidPort}`, squidLua, 3)
    await wrk(`http://127.0.0.1:${ready.http}`, gatewayLua, 3)

    const results: Record<keyof typeof variants, Wrk[]> = { direct: [], squid: [], gateway: [] }
    for (let round = 1; round <= ROUNDS; round++)
      for (const name of Object.keys(variants) as (keyof typeof variants)[]) {
        const r = await variants[name]()
        results[name].push(r)
        console.log(
          `round ${round} ${name.padEnd(8)} ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  ${r.cpuUs.toFixed(1)} CPU-µs/request (${name === 'direct' ? 'target' : 'proxy'})  (${r.requests} requests, ${r.non2xx} non-2xx, ${r.errors} socket errors)`,
        )
      }
    const summary = Object.fromEntries(
      Object.entries(results).map(([name, runs]) => [
        name,
        {
          rps: median(runs.map((r) => r.rps)),
          p50: median(runs.map((r) => r.p50)),
          p99: median(runs.map((r) => r.p99)),
          cpuUs: median(runs.map((r) => r.cpuUs)),
        },
      ]),
    ) as Record<keyof typeof variants, { rps: number; p50: number; p99: number; cpuUs: number }>

    // Added latency below saturation: the same open-loop load (PACED_RATE req/s) direct, through Squid and the gateway.
    const targetHost = `127.0.0.1:${targetPort}`
    const paced = {
      direct: await pacedLatency(
        targetPort,
        `GET / HTTP/1.1\r\nHost: ${targetHost}\r\n\r\n`,
        PACED_RATE,
        PACED_SECONDS,
      ),
      squid: await pacedLatency(
        squidPort,
        `GET ${targetUrl} HTTP/1.1\r\nHost: ${targetHost}\r\n\r\n`,
        PACED_RATE,
        PACED_SECONDS,
      ),
      gateway: await pacedLatency(
        ready.http,
        `GET ${targetUrl} HTTP/1.1\r\nHost: ${targetHost}\r\nProxy-Authorization: ${auth}\r\n\r\n`,
        PACED_RATE,
        PACED_SECONDS,
      ),
    }
    for (const [name, r] of Object.entries(paced))
      console.log(
        `paced ${PACED_RATE} req/s ${name.padEnd(8)} p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  (${r.count} requests)`,
      )

    // CONNECT bulk throughput: the same 1 GB direct and through a gateway tunnel (curl -p), best of two each.
    const bulkUrl = `http://127.0.0.1:${targetPort}/bulk?bytes=${BULK_BYTES}`
    const direct: number[] = []
    const tunnelled: number[] = []
    for (let i = 0; i < 2; i++) {
      direct.push(await bulk([bulkUrl]))
      tunnelled.push(await bulk(['-p', '-x', `http://bench:${ready.token}@127.0.0.1:${ready.http}`, bulkUrl]))
    }
    const bulkDirect = Math.max(...direct)
    const bulkGateway = Math.max(...tunnelled)
    console.log(
      `bulk ${(BULK_BYTES / 2 ** 30).toFixed(2)} GB: direct ${bulkDirect.toFixed(0)} MB/s, gateway CONNECT ${bulkGateway.toFixed(0)} MB/s`,
    )

    // Memory over 1,000,000 requests (counting those already made), then every one of them in the database.
    gateway.send('drain')
    type Memory = { rss: number; heapUsed: number; proxyHeapUsed: number; arrayBuffers: number }
    const before = await gateway.next<Memory & { records: number; drained: boolean }>()
    const made = results.gateway.reduce((a, r) => a + r.requests, 0)
    const remaining = Math.max(0, MEMORY_REQUESTS - before.records)
    const seconds = Math.max(5, Math.ceil(remaining / Math.max(1, summary.gateway.rps)))
    console.log(
      `memory run: ${before.records} records so far (${made} measured requests), ${seconds} s more through the gateway…`,
    )
    const samples: number[] = [before.rss]
    const sampler = setInterval(() => {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8')
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
      samples.push(kb * 1024)
    }, 2_000)
    type After = Memory & { records: number; drained: boolean; audit: { accepted: number; written: number } }
    const long = await wrk(`http://127.0.0.1:${ready.http}`, gatewayLua, seconds, pid)
    gateway.send('drain')
    let after = await gateway.next<After>()
    // The load varies: top up until the gateway has recorded the whole count.
    while (after.records < MEMORY_REQUESTS) {
      const more = Math.ceil((MEMORY_REQUESTS - after.records) / Math.max(1, long.rps)) + 2
      await wrk(`http://127.0.0.1:${ready.http}`, gatewayLua, more, pid)
      gateway.send('drain')
      after = await gateway.next<After>()
    }
    clearInterval(sampler)
    const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0)
    const firstHalf = samples.slice(0, Math.ceil(samples.length / 2))
    const secondHalf = samples.slice(Math.ceil(samples.length / 2))
    console.log(
      `memory: RSS ${mb(before.rss)} MB before, ${mb(after.rss)} MB after ${after.records} recorded requests; max ${mb(Math.max(...firstHalf))} MB in the first half of the run, ${mb(Math.max(...secondHalf, 0))} MB in the second; ${long.rps.toFixed(0)} req/s`,
    )
    console.log(
      `memory, JavaScript heaps: proxy thread ${mb(before.proxyHeapUsed)} → ${mb(after.proxyHeapUsed)} MB, platform thread ${mb(before.heapUsed)} → ${mb(after.heapUsed)} MB; array buffers (the embedded database's memory among them) ${mb(before.arrayBuffers)} → ${mb(after.arrayBuffers)} MB`,
    )
    console.log(
      `audit: ${after.audit.accepted} records accepted, ${after.audit.written} written, ${after.records} records in gateway_record_packs (drained: ${after.drained})`,
    )

    const table = (name: string, r: { rps: number; p50: number; p99: number; cpuUs: number }) =>
      `${name.padEnd(8)} ${r.rps.toFixed(0).padStart(7)} req/s   p50 ${r.p50.toFixed(2).padStart(6)} ms   p99 ${r.p99.toFixed(2).padStart(6)} ms   ${r.cpuUs.toFixed(1).padStart(5)} CPU-µs/request`
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
    console.log(
      `\nmedians of ${ROUNDS} rounds × ${SECONDS} s, wrk -t${THREADS} -c${CONNECTIONS} keep-alive (load average ${load}):`,
    )
    console.log(table('direct', summary.direct))
    console.log(table('squid', summary.squid))
    console.log(table('gateway', summary.gateway))
    console.log(
      `p99 added at ${PACED_RATE} req/s (open loop): squid ${(paced.squid.p99 - paced.direct.p99).toFixed(2)} ms, gateway ${(paced.gateway.p99 - paced.direct.p99).toFixed(2)} ms; p50 added: squid ${(paced.squid.p50 - paced.direct.p50).toFixed(2)} ms, gateway ${(paced.gateway.p50 - paced.direct.p50).toFixed(2)} ms`,
    )
    gateway.send('stop')
    console.log(
      `gateway/squid req/s: ${(summary.gateway.rps / summary.squid.rps).toFixed(2)}  gateway/direct req/s: ${(summary.gateway.rps / summary.direct.rps).toFixed(2)}  bulk gateway/direct: ${(bulkGateway / bulkDirect).toFixed(2)}  p99 added ms: ${(summary.gateway.p99 - summary.direct.p99).toFixed(1)}`,
    )
  } finally {
    for (const child of children.reverse()) await stop(child)
    if (pgDatabase && process.env.DATABASE_URL)
      await run('psql', [
        process.env.DATABASE_URL,
        '-q',
        '-c',
        `DROP DATABASE IF EXISTS ${pgDatabase} WITH (FORCE)`,
      ])
    rmSync(work, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
