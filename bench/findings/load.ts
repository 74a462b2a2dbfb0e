// A closed-loop HTTP load generator: `connections` clients on keep-alive sockets, each sending its next request as
// soon as the previous answer is read, for a fixed time. Every latency is kept, so percentiles are exact (autocannon
// reports p97.5 and p99 but no p95). Runs in its own process beside the server under test.
import { Agent, request } from 'node:http'

export type LoadResult = {
  /** Every latency in ms, for combining rounds. */
  latencies: Float64Array
  requests: number
  errors: number
  seconds: number
  requestsPerSecond: number
  p50: number
  p95: number
  p99: number
  statuses: Record<string, number>
}

export async function runLoad(options: {
  url: string
  headers: Record<string, string>
  connections: number
  seconds: number
}): Promise<LoadResult> {
  const target = new URL(options.url)
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections })
  const latencies: number[] = []
  const statuses: Record<string, number> = {}
  let errors = 0
  const started = performance.now()
  const deadline = started + options.seconds * 1000
  const one = () =>
    new Promise<void>((resolve) => {
      const sent = performance.now()
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname + target.search,
          headers: options.headers,
        },
        (res) => {
          res.on('data', () => undefined)
          res.on('end', () => {
            latencies.push(performance.now() - sent)
            statuses[String(res.statusCode)] = (statuses[String(res.statusCode)] ?? 0) + 1
            if (res.statusCode !== 200) errors++
            resolve()
          })
        },
      )
      req.on('error', () => {
        errors++
        resolve()
      })
      req.end()
    })
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (performance.now() < deadline) await one()
    }),
  )
  const seconds = (performance.now() - started) / 1000
  agent.destroy()
  return summarise(Float64Array.from(latencies), errors, seconds, statuses)
}

function summarise(
  latencies: Float64Array,
  errors: number,
  seconds: number,
  statuses: Record<string, number>,
): LoadResult {
  const sorted = Float64Array.from(latencies).sort()
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
  return {
    latencies: sorted,
    requests: sorted.length,
    errors,
    seconds,
    requestsPerSecond: sorted.length / seconds,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    statuses,
  }
}

/** Several rounds of one route as one measurement: requests over the summed time, percentiles over all latencies. */
export function combine(rounds: readonly LoadResult[]): LoadResult {
  const all = new Float64Array(rounds.reduce((n, r) => n + r.latencies.length, 0))
  let offset = 0
  const statuses: Record<string, number> = {}
  for (const r of rounds) {
    all.set(r.latencies, offset)
    offset += r.latencies.length
    for (const [code, n] of Object.entries(r.statuses)) statuses[code] = (statuses[code] ?? 0) + n
  }
  return summarise(
    all,
    rounds.reduce((n, r) => n + r.errors, 0),
    rounds.reduce((n, r) => n + r.seconds, 0),
    statuses,
  )
}
