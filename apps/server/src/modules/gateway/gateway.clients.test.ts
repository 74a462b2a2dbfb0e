// Real testing tools through the database-backed gateway, against a loopback web site: sqlmap and whatweb through
// the HTTP proxy, a recursive wget crawl, nmap's connect scan through the SOCKS5 proxy (via proxychains, since nmap's
// own proxy support has no authentication). Each is allowed in scope and refused out of scope, every request that
// reached the target is recorded with the right tester, and tools doing their normal job raise no violation.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { HOUR } from '../../clock'
import { createTestPlatform, type TestPlatform } from '../../testing/test-platform'
import type { TGatewayRecord, TGatewayViolation } from './gateway.schemas'
import { curl, ensureDebianTools, run, setUpGateway, type GatewaySetup } from './testing/gateway-test-setup'

let t: TestPlatform
let g: GatewaySetup
let work: string

beforeAll(async () => {
  await ensureDebianTools({
    sqlmap: 'sqlmap',
    whatweb: 'whatweb',
    nmap: 'nmap',
    proxychains4: 'proxychains4',
    wget: 'wget',
    curl: 'curl',
  })
  t = await createTestPlatform()
  g = await setUpGateway(t)
  work = mkdtempSync(join(tmpdir(), 'wangan-gw-clients-'))
}, 900_000)

afterAll(async () => {
  await g?.close()
  await t?.close()
  if (work) rmSync(work, { recursive: true, force: true })
})

async function recordsOf(userId: string | null, since: string): Promise<TGatewayRecord[]> {
  expect(await g.runtime.drain(10_000)).toBe(true)
  const out: TGatewayRecord[] = []
  for (let page = 1; ; page++) {
    const response = await g.regulator.get<{ items: TGatewayRecord[]; total: number }>(
      `/api/v1/gateway/records?campaignId=${g.campaign.id}&pageSize=500&page=${page}&from=${encodeURIComponent(since)}${userId ? `&userId=${userId}` : ''}`,
    )
    expect(response.status).toBe(200)
    out.push(...response.body.items)
    if (out.length >= response.body.total) return out
  }
}

async function violations(): Promise<TGatewayViolation[]> {
  expect(await g.runtime.flush()).toBe(true)
  const response = await g.regulator.get<{ items: TGatewayViolation[] }>(
    `/api/v1/gateway/violations?campaignId=${g.campaign.id}&pageSize=500`,
  )
  return response.body.items
}

const proxyUrl = () => `http://127.0.0.1:${g.http}`
/** Moves the clock a second on, so that this test's records are the ones from now on. */
const since = async () => {
  t.clock.advance(1_000)
  await g.runtime.syncClock()
  return t.clock.now().toISOString()
}

describe('real clients through the gateway', () => {
  test('sqlmap through the HTTP proxy: every request it made is recorded with its tester; no violation', async () => {
    const start = await since()
    const seen = g.target.seen.length
    const result = await run(
      'sqlmap',
      [
        '-u',
        `http://${g.names.orgA}:${g.target.httpPort}/item?id=1`,
        `--proxy=${proxyUrl()}`,
        `--proxy-cred=tester:${g.tokens.teamA}`,
        '--batch',
        '--flush-session',
        `--output-dir=${join(work, 'sqlmap')}`,
        '--threads=1',
        '-v',
        '0',
      ],
      240_000,
      { HOME: work },
    )
    expect(result.code, result.stdout + result.stderr).toBe(0)
    expect(result.stdout).toContain('do not appear to be injectable')
    const reached = g.target.seen.length - seen
    expect(reached).toBeGreaterThan(20)
    const mine = (await recordsOf(g.teamA.tester.userId, start)).filter((r) => r.channel === 'http')
    expect(mine.filter((r) => r.verdict === 'allowed')).toHaveLength(reached)
    expect(mine.every((r) => r.username === g.teamA.tester.username && r.teamId === g.teamA.id)).toBe(true)
    expect(mine.every((r) => r.userAgent?.startsWith('sqlmap') && !r.isManual)).toBe(true)
    expect((await violations()).filter((v) => v.userId === g.teamA.tester.userId)).toEqual([])
  }, 300_000)

  test('sqlmap against a host outside the scope reaches nothing; the refusals are recorded', async () => {
    const start = await since()
    const seen = g.target.seen.length
    const result = await run(
      'sqlmap',
      [
        '-u',
        `http://${g.names.outside}:${g.target.httpPort}/item?id=1`,
        `--proxy=${proxyUrl()}`,
        `--proxy-cred=tester:${g.tokens.teamB}`,
        '--batch',
        '--flush-session',
        `--output-dir=${join(work, 'sqlmap-out')}`,
        '-v',
        '1',
      ],
      120_000,
      { HOME: work },
    )
    expect(result.stdout).toMatch(/403 \(Forbidden\) - \d+ times/)
    expect(g.target.seen.length).toBe(seen)
    const refused = await recordsOf(g.teamB.tester.userId, start)
    expect(refused.length).toBeGreaterThan(0)
    expect(refused.every((r) => r.verdict === 'refused' && r.reason?.startsWith('host_out_of_scope'))).toBe(
      true,
    )
  }, 180_000)

  test('whatweb fingerprints the site through the proxy', async () => {
    const start = await since()
    // whatweb 0.5.5 garbles the proxy password (it sends `[["…"]]`): the token goes in the user name instead.
    const result = await run(
      'whatweb',
      [
        '--color=never',
        '--proxy',
        `127.0.0.1:${g.http}`,
        '--proxy-user',
        `${g.tokens.teamB}:x`,
        `http://127.0.0.1:${g.target.httpPort}/`,
      ],
      60_000,
    )
    expect(result.stdout).toContain('某市教育局')
    const mine = await recordsOf(g.teamB.tester.userId, start)
    expect(mine.length).toBeGreaterThan(0)
    expect(
      mine.every((r) => r.verdict === 'allowed' && /whatweb/i.test(r.userAgent ?? '') && !r.isManual),
    ).toBe(true)
  }, 90_000)

  test('a recursive wget crawl gets every page, every request recorded, no violation', async () => {
    const start = await since()
    const seen = g.target.seen.length
    const result = await run(
      'wget',
      [
        '-q',
        '-e',
        'robots=off',
        '-e',
        'use_proxy=yes',
        '-e',
        `http_proxy=http://tester:${g.tokens.teamA}@127.0.0.1:${g.http}`,
        '-r',
        '-l',
        '3',
        '-nd',
        '-P',
        join(work, 'crawl'),
        '--delete-after',
        `http://${g.names.orgA}:${g.target.httpPort}/`,
      ],
      60_000,
    )
    expect(result.code).toBe(0)
    const crawled = g.target.seen.slice(seen).map((s) => s.url)
    expect(crawled).toEqual(expect.arrayContaining(['/', '/news', '/news/1', '/news/2', '/about']))
    const mine = await recordsOf(g.teamA.tester.userId, start)
    expect(mine.map((r) => r.path).sort()).toEqual([...crawled].sort())
    expect((await violations()).filter((v) => v.userId === g.teamA.tester.userId)).toEqual([])
  }, 90_000)

  test('nmap connect scan through the SOCKS5 proxy: open and closed ports in scope, nothing outside', async () => {
    const start = await since()
    const config = join(work, 'proxychains.conf')
    writeFileSync(
      config,
      `strict_chain\nquiet_mode\ntcp_read_time_out 15000\ntcp_connect_time_out 8000\n[ProxyList]\nsocks5 127.0.0.1 ${g.socks} tester ${g.tokens.teamB}\n`,
    )
    const closedPort = 1
    const inScope = await run(
      'proxychains4',
      [
        '-f',
        config,
        'nmap',
        '-sT',
        '-Pn',
        '-n',
        '--max-retries',
        '0',
        '-p',
        `${g.target.httpPort},${g.target.echoPort},${closedPort}`,
        '127.0.0.1',
      ],
      120_000,
    )
    expect(inScope.stdout).toMatch(new RegExp(`${g.target.httpPort}/tcp\\s+open`))
    expect(inScope.stdout).toMatch(new RegExp(`${g.target.echoPort}/tcp\\s+open`))
    expect(inScope.stdout).toMatch(new RegExp(`${closedPort}/tcp\\s+closed`))
    const outside = await run(
      'proxychains4',
      [
        '-f',
        config,
        'nmap',
        '-sT',
        '-Pn',
        '-n',
        '--max-retries',
        '0',
        '-p',
        `${g.target.httpPort}`,
        '127.0.0.3',
      ],
      120_000,
    )
    expect(outside.stdout).not.toMatch(/\bopen\b/)
    const mine = (await recordsOf(g.teamB.tester.userId, start)).filter((r) => r.channel === 'socks')
    const ports = new Set(mine.filter((r) => r.ip === '127.0.0.1').map((r) => r.port))
    expect([...ports].sort()).toEqual([g.target.httpPort, g.target.echoPort, closedPort].sort())
    expect(mine.find((r) => r.port === closedPort)).toMatchObject({
      verdict: 'error',
      reason: 'upstream: ECONNREFUSED',
    })
    expect(mine.filter((r) => r.ip === '127.0.0.3').every((r) => r.verdict === 'refused')).toBe(true)
    expect(mine.some((r) => r.ip === '127.0.0.3')).toBe(true)
  }, 300_000)

  test('outside the testing window the same clients are refused', async () => {
    t.clock.advance(6 * 24 * HOUR)
    await g.runtime.syncClock()
    try {
      const refused = await curl([
        '-x',
        `http://tester:${g.tokens.teamA}@127.0.0.1:${g.http}`,
        `http://${g.names.orgA}:${g.target.httpPort}/`,
      ])
      expect(refused.status).toBe(403)
      expect(refused.body).toContain('outside_window')
      const socks = await curl([
        '--socks5-hostname',
        `tester:${g.tokens.teamA}@127.0.0.1:${g.socks}`,
        `http://${g.names.orgA}:${g.target.httpPort}/`,
      ])
      expect(socks.code).toBe(97)
    } finally {
      t.clock.advance(-6 * 24 * HOUR)
      await g.runtime.syncClock()
    }
  })
})
