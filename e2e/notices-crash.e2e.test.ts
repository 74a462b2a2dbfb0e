// Crash safety of the notice deliveries (issue 5): 1,000 SMS deliveries queued by 100 notices, the real server
// (`wangan serve`, worker role) sending them to a loopback Aliyun endpoint that answers slowly, SIGKILL while about a
// third have gone out and dozens are in flight; after a restart every delivery reaches the endpoint exactly once —
// including those the endpoint accepted while the server was dying (their answers never arrived): the restarted
// dispatcher finds them with QuerySendDetails after the lease runs out and does not send them again.
import { spawn, type ChildProcess } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadConfig } from '@wangan/server/config'
import { systemContext } from '@wangan/server/context'
import { ZSmsChannelRequest } from '@wangan/server/modules/delivery/delivery.schemas'
import {
  startFakeAliyunSms,
  type FakeEndpoint,
} from '@wangan/server/modules/delivery/testing/fake-sms-endpoints'
import { seedNoticeDeliveries } from '@wangan/server/modules/delivery/testing/seed-notice-deliveries'
import { openPlatform } from '@wangan/server/platform'
import { createServerData, repoRoot, type ServerData } from './harness'
import { wanganBin } from './harness/paths'

const KEY = { id: 'LTAI-crash-test', secret: 'crash-test-secret' }
const TOTAL = 1_000

let data: ServerData
let fake: FakeEndpoint
let server: ChildProcess | null = null

function environment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WANGAN_DATA_DIR: data.dataDir,
    WANGAN_SKIP_WEB_BUILD: '1',
    WANGAN_ROLES: 'api,worker',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  }
  delete env.DATABASE_URL
  if (data.databaseUrl) env.DATABASE_URL = data.databaseUrl
  return env
}

function openHere() {
  return openPlatform(
    loadConfig({
      WANGAN_DATA_DIR: data.dataDir,
      WANGAN_ROLES: 'api',
      LOG_LEVEL: 'silent',
      ...(data.databaseUrl ? { DATABASE_URL: data.databaseUrl } : {}),
    }),
  )
}

async function startServer(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [wanganBin, 'serve'], {
    cwd: repoRoot,
    env: environment(),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 120_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (/listening on http/.test(output)) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)))
  })
  return child
}

async function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill(signal)
  await exited
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const started = Date.now()
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

async function statuses(): Promise<Record<string, number>> {
  const platform = await openHere()
  try {
    const rows = await platform.database.query<{ status: string; n: number }>(
      `select status, count(*)::int as n from deliveries where channel = 'sms' group by status`,
    )
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]))
  } finally {
    await platform.close()
  }
}

beforeAll(async () => {
  data = await createServerData()
  fake = await startFakeAliyunSms({ accessKeyId: KEY.id, accessKeySecret: KEY.secret })
  const platform = await openHere()
  try {
    await platform.services.delivery.configure(
      systemContext('crash-test'),
      'sms',
      ZSmsChannelRequest.parse({
        provider: 'aliyun',
        endpoint: fake.url,
        accessKeyId: KEY.id,
        signName: '测试',
        templateCodes: { notice_issued: 'SMS_100000001' },
        // QuerySendDetails of this endpoint is up to date at once.
        settleSeconds: 2,
        concurrency: 32,
        secret: KEY.secret,
      }),
    )
    const seeded = await seedNoticeDeliveries(platform.services, {
      organisations: 50,
      liaisonsPerOrganisation: 10,
      noticesPerOrganisation: 2,
    })
    expect(seeded.smsDeliveries).toBe(TOTAL)
  } finally {
    await platform.close()
  }
}, 300_000)

afterAll(async () => {
  if (server) await kill(server, 'SIGKILL')
  await fake?.close()
  await data?.dispose()
})

describe('SIGKILL while 1,000 SMS deliveries are in flight', () => {
  let acceptedAtKill = 0
  let inFlightAnswersLost = 0

  test('the server is killed mid-way, with messages accepted by the provider but not yet recorded', async () => {
    // Slow answers keep many calls in flight at any moment (32 at a time, 80 ms each).
    fake.setLatency(80)
    server = await startServer()
    await until(() => fake.accepted.length >= TOTAL / 3, 120_000, 'a third of the messages')
    const requestsAtKill = fake.sendRequests()
    await kill(server, 'SIGKILL')
    server = null
    acceptedAtKill = fake.accepted.length
    // Requests that reached the endpoint before the kill are still being answered into closed sockets.
    await until(() => fake.accepted.length >= requestsAtKill, 10_000, 'the in-flight requests')
    expect(acceptedAtKill).toBeLessThan(TOTAL)
    const after = await statuses()
    expect(after.sending ?? 0).toBeGreaterThan(0)
    const platform = await openHere()
    try {
      const sending = await platform.database.query<{ id: string }>(
        `select id from deliveries where channel = 'sms' and status = 'sending'`,
      )
      const accepted = new Set(fake.accepted.map((a) => a.key))
      inFlightAnswersLost = sending.filter((r) => accepted.has(r.id)).length
    } finally {
      await platform.close()
    }
    // The hard case happened: the provider has messages the database still shows as being sent.
    expect(inFlightAnswersLost).toBeGreaterThan(0)
  }, 240_000)

  test('after a restart every delivery arrives exactly once', async () => {
    fake.setLatency(5)
    server = await startServer()
    // The dead worker's leases run out (15 s), then its rows are reconciled or sent.
    await until(() => new Set(fake.accepted.map((a) => a.key)).size >= TOTAL, 120_000, 'all 1,000 deliveries')
    // Give a wrongly repeated send the chance to show up before counting.
    await new Promise((r) => setTimeout(r, 3_000))
    await kill(server, 'SIGTERM')
    server = null
    const counts = fake.counts()
    expect(counts.size).toBe(TOTAL)
    expect([...counts.values()].every((n) => n === 1)).toBe(true)
    expect(fake.duplicates()).toEqual([])
    expect(fake.accepted).toHaveLength(TOTAL)
    expect(await statuses()).toEqual({ sent: TOTAL })
    expect(fake.refused).toEqual([])
    console.log(
      `crash test: ${acceptedAtKill} accepted before SIGKILL, ${inFlightAnswersLost} of them still "sending" in the database; ` +
        `after restart ${counts.size} distinct deliveries, ${fake.accepted.length} acceptances`,
    )
  }, 240_000)
})
