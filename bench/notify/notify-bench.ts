// npm run bench:notify — issue 5, "Performance": 10,000 SMS deliveries through the platform's delivery queue to a
// local SMS endpoint, beside that endpoint's own capacity measured in the same run, with nothing lost and nothing
// sent twice.
//
// - The endpoint is the loopback Aliyun Dysmsapi fake (signature, timestamp, nonce and parameters checked on every
//   request), in its own process.
// - Its capacity: the same Aliyun client code (signing, keep-alive HTTP) sending 10,000 messages straight to it with
//   the same number of calls in flight as the dispatcher uses; measured before and after the platform run, the
//   better of the two is the capacity (the ratio is then the conservative one).
// - The platform: 1,000 notices issued through services.notices.issue (100 organisations × 10 liaisons × 10 notices
//   = 10,000 SMS deliveries queued in the notices' transactions), then the dispatcher (services.delivery.drain, what
//   the worker's job runs) sends them: claims, provider calls, outcome writes.
// - Lost: deliveries the endpoint never accepted; duplicated: acceptances beyond the first per OutId.
// Options (environment): BENCH_SMS (10000, a multiple of 1000), BENCH_CONCURRENCY (32); DATABASE_URL: a fresh
// database on that PostgreSQL server instead of PGlite on disk (dropped afterwards).
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { performance } from 'node:perf_hooks'
import { loadConfig } from '@wangan/server/config'
import { systemContext } from '@wangan/server/context'
import { openPostgres } from '@wangan/server/db/client'
import { ZSmsChannelRequest } from '@wangan/server/modules/delivery/delivery.schemas'
import { AliyunSmsProvider } from '@wangan/server/modules/delivery/providers/aliyun-sms'
import {
  mobileFor,
  seedNoticeDeliveries,
} from '@wangan/server/modules/delivery/testing/seed-notice-deliveries'
import { openPlatform } from '@wangan/server/platform'

const here = dirname(fileURLToPath(import.meta.url))
const total = Number(process.env.BENCH_SMS ?? 10_000)
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32)
const KEY = { id: 'LTAI-bench', secret: `bench-${randomUUID()}` }
const TEMPLATES = {
  notice_issued: 'SMS_900000001',
  escalation: 'SMS_900000002',
  finding_returned: 'SMS_900000003',
  appeal_decided: 'SMS_900000004',
}

type Stats = { requests: number; refused: number; refusedCodes: string[]; counts: Record<string, number> }

const log = (line: string) => process.stderr.write(`${line}\n`)
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })

async function startEndpoint() {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(here, 'endpoint-process.ts'), KEY.id, KEY.secret],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve)
    child.once('exit', (code) => reject(new Error(`endpoint exited (${code})`)))
  })
  const { url, stats } = JSON.parse(first) as { url: string; stats: string }
  return {
    url,
    async stats(): Promise<Stats> {
      return (await (await fetch(stats)).json()) as Stats
    },
    stop: () => child.kill('SIGTERM'),
  }
}

/** The endpoint's capacity: `total` messages straight from the Aliyun client, `concurrency` in flight. */
async function capacity(url: string, label: string): Promise<number> {
  const provider = new AliyunSmsProvider(
    {
      endpoint: url,
      accessKeyId: KEY.id,
      regionId: 'cn-hangzhou',
      signName: '压测',
      templateCodes: TEMPLATES,
      settleSeconds: 60,
      timeoutMs: 10_000,
    },
    KEY.secret,
    { maxSockets: concurrency * 2 },
  )
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < total; i = next++)
        await provider.send({
          deliveryId: `${label}-${i}`,
          mobile: mobileFor((i % 1_000) + 1),
          kind: 'notice_issued',
          text: '压测短信',
          params: [
            ['organisation', `压测单位 ${i % 100}`],
            ['number', `压网安通〔2022〕${i}号`],
          ],
          lastAttemptAt: null,
        })
    }),
  )
  const seconds = (performance.now() - started) / 1000
  provider.close()
  return total / seconds
}

async function main(): Promise<void> {
  if (total % 1_000 !== 0) throw new Error('BENCH_SMS must be a multiple of 1000')
  const endpoint = await startEndpoint()
  const dataDir = mkdtempSync(join(tmpdir(), 'wangan-notify-bench-'))
  let databaseUrl: string | undefined
  let dropDatabase: (() => Promise<void>) | undefined
  if (process.env.DATABASE_URL) {
    const name = `wangan_bench_notify_${Date.now().toString(36)}`
    const admin = await openPostgres(process.env.DATABASE_URL)
    await admin.exec(`CREATE DATABASE ${name}`)
    await admin.close()
    const url = new URL(process.env.DATABASE_URL)
    url.pathname = `/${name}`
    databaseUrl = url.toString()
    dropDatabase = async () => {
      const again = await openPostgres(process.env.DATABASE_URL!)
      await again.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await again.close()
    }
  }
  const platform = await openPlatform(
    loadConfig({
      WANGAN_DATA_DIR: dataDir,
      WANGAN_ROLES: 'worker',
      LOG_LEVEL: 'silent',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    }),
  )
  const { services } = platform
  try {
    log(
      `database: ${platform.database.kind}${databaseUrl ? '' : ` (on disk, ${dataDir})`}; endpoint ${endpoint.url}`,
    )
    await services.delivery.configure(
      systemContext('bench'),
      'sms',
      ZSmsChannelRequest.parse({
        provider: 'aliyun',
        endpoint: endpoint.url,
        accessKeyId: KEY.id,
        signName: '压测',
        templateCodes: TEMPLATES,
        concurrency,
        secret: KEY.secret,
      }),
    )
    const seedStarted = performance.now()
    const seeded = await seedNoticeDeliveries(services, {
      organisations: 100,
      liaisonsPerOrganisation: 10,
      noticesPerOrganisation: total / 1_000,
      progressEvery: 250,
    })
    const seedSeconds = (performance.now() - seedStarted) / 1000
    if (seeded.smsDeliveries !== total)
      throw new Error(`seeded ${seeded.smsDeliveries} SMS deliveries, not ${total}`)
    log(`queued ${fmt(total)} SMS deliveries with ${fmt(seeded.notices)} notices in ${fmt(seedSeconds, 1)} s`)

    const before = await capacity(endpoint.url, 'capacity-a')
    log(`endpoint capacity (direct, ${concurrency} in flight): ${fmt(before)} messages/s`)

    const started = performance.now()
    let drains = 0
    for (;;) {
      const report = await services.delivery.drain({ budgetMs: 600_000 })
      drains++
      const [pending] = await services.database.query<{ n: number }>(
        `select count(*)::int as n from deliveries where status in ('queued', 'retrying', 'sending')`,
      )
      if (!Number(pending?.n) || drains > 50) break
      if (report.claimed === 0) await new Promise((r) => setTimeout(r, 100))
    }
    const platformSeconds = (performance.now() - started) / 1000
    const throughput = total / platformSeconds
    log(
      `platform: ${fmt(total)} deliveries in ${fmt(platformSeconds, 2)} s = ${fmt(throughput)} deliveries/s (${drains} drain${drains === 1 ? '' : 's'})`,
    )

    const after = await capacity(endpoint.url, 'capacity-b')
    log(`endpoint capacity again: ${fmt(after)} messages/s`)
    const endpointCapacity = Math.max(before, after)

    const stats = await endpoint.stats()
    const rows = await services.database.query<{ id: string; status: string; attempts: number }>(
      `select id, status, attempts from deliveries where channel = 'sms'`,
    )
    let lost = 0
    let duplicated = 0
    for (const row of rows) {
      const count = stats.counts[row.id] ?? 0
      if (count === 0) lost++
      else duplicated += count - 1
    }
    const notSent = rows.filter((r) => r.status !== 'sent').length
    const retried = rows.filter((r) => Number(r.attempts) > 1).length
    log(
      `endpoint: ${fmt(stats.requests)} send requests, ${fmt(stats.refused)} refused${stats.refusedCodes.length ? ` (${stats.refusedCodes.join(', ')})` : ''}`,
    )
    log(
      `database: ${fmt(rows.length - notSent)} of ${fmt(rows.length)} marked sent, ${fmt(retried)} needed more than one attempt`,
    )
    console.log(
      `seed: ${fmt(seeded.notices)} notices, ${fmt(total)} SMS deliveries queued in ${fmt(seedSeconds, 1)} s`,
    )
    console.log(
      `endpoint capacity: ${fmt(endpointCapacity)} messages/s (runs: ${fmt(before)}, ${fmt(after)}; ${concurrency} in flight)`,
    )
    console.log(
      `platform: ${fmt(throughput)} deliveries/s (${fmt(platformSeconds, 2)} s for ${fmt(total)}, ${platform.database.kind})`,
    )
    console.log(
      `sms deliveries/endpoint capacity: ${(throughput / endpointCapacity).toFixed(2)}  lost: ${lost}  duplicated: ${duplicated}`,
    )
  } finally {
    services.delivery.close()
    await platform.close()
    endpoint.stop()
    await dropDatabase?.()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
