// The proxy core against a loopback web site, with an in-memory scope and a memory sink: the protocols (absolute-form,
// keep-alive, pipelining, chunked bodies, CONNECT, SOCKS5 over IPv4, IPv6 and names), authentication, scope and time,
// DNS rebinding, pause and revocation, violation rules, interception and the fail-closed audit queue.
import { request as httpsRequest } from 'node:https'
import type { Socket } from 'node:net'
import { connect as tlsConnect } from 'node:tls'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import type { RecordSink } from './audit-buffer'
import { Gateway } from './gateway'
import { MemoryGatewayScope } from './gateway-scope'
import type { GatewayPrincipal, GatewayRecord, GatewayViolation } from './gateway-types'
import { createCampaignCa, CertificateInterceptor } from './interception/campaign-ca'
import { generateGatewayToken } from './proxy-credentials'
import { StaticResolver } from './resolver'
import { startLoopbackTarget, type LoopbackTarget } from './testing/loopback-target'
import {
  basicAuth,
  connectTunnel,
  opened,
  rawExchange,
  readUntil,
  socks5,
  viaProxy,
} from './testing/proxy-clients'
import { DEFAULT_VIOLATION_RULES, type ViolationRule } from './violation-rules'

class MemorySink implements RecordSink {
  records: GatewayRecord[] = []
  violations = new Map<string, GatewayViolation>()
  failing = false
  writes = 0
  async write(records: readonly GatewayRecord[], violations: readonly GatewayViolation[]): Promise<void> {
    this.writes++
    if (this.failing) throw new Error('database unavailable')
    for (const r of records) if (!this.records.some((x) => x.id === r.id)) this.records.push(r)
    for (const v of violations) this.violations.set(v.id, v)
  }
}

const tokens = { alice: generateGatewayToken(), bob: generateGatewayToken(), carol: generateGatewayToken() }
const principals: Record<keyof typeof tokens, GatewayPrincipal> = {
  alice: { tokenId: 'tok-alice', userId: 'u-alice', username: 'alice', teamId: 'team-a', campaignId: 'c1' },
  bob: { tokenId: 'tok-bob', userId: 'u-bob', username: 'bob', teamId: 'team-b', campaignId: 'c1' },
  carol: {
    tokenId: 'tok-carol',
    userId: 'u-carol',
    username: 'carol',
    teamId: 'team-c',
    campaignId: 'c-closed',
  },
}

let target: LoopbackTarget
let target6: LoopbackTarget
let gateway: Gateway
let sink: MemorySink
let scope: MemoryGatewayScope
let resolver: StaticResolver
let http: number
let socks: number
const now = Date.parse('2026-01-05T02:00:00Z')

const RULES: ViolationRule[] = DEFAULT_VIOLATION_RULES.map((rule) =>
  rule.id === 'request-flood' ? { ...rule, threshold: 40, windowSeconds: 10 } : rule,
)

function campaignAssets(ports: { http: number; https: number }) {
  return [
    { id: 'asset-ip', organisationId: 'org-a', type: 'ip' as const, identifier: '127.0.0.1' },
    { id: 'asset-v6', organisationId: 'org-a', type: 'ip' as const, identifier: '::1' },
    {
      id: 'asset-www',
      organisationId: 'org-a',
      type: 'website' as const,
      identifier: 'https://www.target.test',
    },
    { id: 'asset-wild', organisationId: 'org-b', type: 'domain' as const, identifier: '*.wild.test' },
    { id: 'asset-parent', organisationId: 'org-b', type: 'domain' as const, identifier: 'parent.test' },
    {
      id: 'asset-ports',
      organisationId: 'org-b',
      type: 'website' as const,
      identifier: 'ports.target.test',
      ports: [ports.https],
    },
  ]
}

beforeAll(async () => {
  target = await startLoopbackTarget('127.0.0.1')
  target6 = await startLoopbackTarget('::1')
  sink = new MemorySink()
  scope = new MemoryGatewayScope()
  for (const [name, token] of Object.entries(tokens))
    scope.addToken(token, principals[name as keyof typeof tokens])
  scope.setCampaign({
    campaignId: 'c1',
    window: { start: now - 3_600_000, end: now + 3_600_000 },
    assets: campaignAssets({ http: target.httpPort, https: target.httpsPort }),
    rules: RULES,
  })
  scope.setCampaign({
    campaignId: 'c-closed',
    window: { start: now - 7_200_000, end: now - 3_600_000 },
    assets: campaignAssets({ http: target.httpPort, https: target.httpsPort }),
  })
  resolver = new StaticResolver({
    'www.target.test': '127.0.0.1',
    'ports.target.test': '127.0.0.1',
    'app.wild.test': '127.0.0.1',
    'rebind.wild.test': '127.0.0.2',
    'www.parent.test': '127.0.0.1',
    'v6.wild.test': '::1',
    'other.test': '127.0.0.1',
  })
  gateway = new Gateway(
    { scope, sink, resolver, now: () => now },
    {
      host: '127.0.0.1',
      httpPort: 0,
      socksPort: 0,
      audit: { flushIntervalMs: 20, batchSize: 50, retryMinMs: 20, retryMaxMs: 100 },
    },
  )
  const addresses = await gateway.listen()
  http = addresses.http.port
  socks = addresses.socks!.port
})

afterAll(async () => {
  await gateway?.close()
  await target?.close()
  await target6?.close()
})

afterEach(() => {
  gateway.setPauses([], [])
})

const url = (path = '/', host = 'www.target.test', port = target.httpPort) => `http://${host}:${port}${path}`

async function drained(): Promise<void> {
  expect(await gateway.audit.drain(5_000)).toBe(true)
}

function recordsFor(predicate: (r: GatewayRecord) => boolean): GatewayRecord[] {
  return sink.records.filter(predicate)
}

describe('HTTP forward proxy', () => {
  test('an in-scope request passes and is recorded with the tester, team, asset and sizes', async () => {
    const response = await viaProxy(http, url('/news?from=gw'), {
      token: tokens.alice,
      headers: { 'user-agent': 'Mozilla/5.0 manual' },
    })
    expect(response.status).toBe(200)
    expect(response.body).toContain('关于开展网络安全检查的通知'.slice(0, 0))
    const seen = target.seen.at(-1)!
    expect(seen.url).toBe('/news?from=gw')
    // The token never reaches the target; the Host is the one the scope was checked on.
    expect(seen.headers['proxy-authorization']).toBeUndefined()
    expect(seen.headers.host).toBe(`www.target.test:${target.httpPort}`)
    await drained()
    const record = recordsFor((r) => r.path === '/news?from=gw')[0]!
    expect(record).toMatchObject({
      channel: 'http',
      verdict: 'allowed',
      userId: 'u-alice',
      teamId: 'team-a',
      campaignId: 'c1',
      tokenId: 'tok-alice',
      host: 'www.target.test',
      ip: '127.0.0.1',
      port: target.httpPort,
      method: 'GET',
      status: 200,
      assetId: 'asset-www',
      organisationId: 'org-a',
      manual: true,
      countsAsRequest: true,
    })
    expect(record.bytesUp).toBeGreaterThan(50)
    expect(record.bytesDown).toBeGreaterThan(response.body.length)
  })

  test('no token, or a wrong one: 407 with a Basic challenge, recorded as unauthenticated', async () => {
    const none = await viaProxy(http, url('/'))
    expect(none.status).toBe(407)
    expect(none.headers['proxy-authenticate']).toMatch(/^Basic realm="wangan-gateway"/)
    expect(none.headers['x-wangan-refusal']).toBe('unauthenticated')
    const wrong = await viaProxy(http, url('/'), { token: generateGatewayToken() })
    expect(wrong.status).toBe(407)
    const bearer = await viaProxy(http, url('/'), {
      headers: { 'proxy-authorization': `Bearer ${tokens.alice}` },
    })
    expect(bearer.status).toBe(200)
    await drained()
    expect(recordsFor((r) => r.reason === 'unauthenticated').length).toBeGreaterThanOrEqual(2)
  })

  test('a target outside the scope is refused with the reason, never contacted and never even resolved', async () => {
    const seen = target.seen.length
    const lookups = resolver.lookups
    const response = await viaProxy(http, url('/', 'other.test'), { token: tokens.alice })
    expect(response.status).toBe(403)
    expect(response.headers['x-wangan-refusal']).toBe('host_out_of_scope')
    expect(response.body).toContain('目标不在检测范围内')
    expect(target.seen.length).toBe(seen)
    expect(resolver.lookups).toBe(lookups)
    await drained()
    expect(recordsFor((r) => r.host === 'other.test')[0]).toMatchObject({
      verdict: 'refused',
      reason: 'host_out_of_scope: other.test',
      userId: 'u-alice',
    })
  })

  test('a registered parent domain does not put its sub-domains in scope; a wildcard does', async () => {
    expect((await viaProxy(http, url('/', 'www.parent.test'), { token: tokens.alice })).status).toBe(403)
    expect((await viaProxy(http, url('/', 'app.wild.test'), { token: tokens.alice })).status).toBe(200)
  })

  test('DNS rebinding: an in-scope name resolving to an out-of-scope address is refused', async () => {
    const response = await viaProxy(http, url('/', 'rebind.wild.test'), { token: tokens.alice })
    expect(response.status).toBe(403)
    expect(response.headers['x-wangan-refusal']).toBe('ip_out_of_scope')
    expect(response.body).toContain('rebind.wild.test → 127.0.0.2')
  })

  test('spellings of an address are read as the address (no bypass by 2130706433 or 0x7f.1)', async () => {
    for (const host of ['2130706433', '0x7f.1', '127.1']) {
      const response = await viaProxy(http, `http://${host}:${target.httpPort}/`, { token: tokens.alice })
      expect(response.status, host).toBe(200)
    }
    await drained()
    expect(recordsFor((r) => r.ip === '127.0.0.1' && r.host === null).length).toBeGreaterThanOrEqual(3)
  })

  test('a port the asset does not list is refused', async () => {
    const response = await viaProxy(http, url('/', 'ports.target.test'), { token: tokens.alice })
    expect(response.status).toBe(403)
    expect(response.headers['x-wangan-refusal']).toBe('port_out_of_scope')
  })

  test('outside the campaign window everything is refused', async () => {
    const response = await viaProxy(http, url('/'), { token: tokens.carol })
    expect(response.status).toBe(403)
    expect(response.headers['x-wangan-refusal']).toBe('outside_window')
  })

  test('keep-alive across targets, pipelined requests, chunked bodies both ways, POST bodies intact', async () => {
    const socket = await opened('127.0.0.1', http)
    const auth = `Proxy-Authorization: ${basicAuth(tokens.alice)}\r\n`
    socket.write(
      `GET ${url('/about')} HTTP/1.1\r\nHost: x\r\n${auth}\r\n` +
        `POST ${url('/echo', 'app.wild.test')} HTTP/1.1\r\nHost: app.wild.test\r\n${auth}Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n` +
        `GET ${url('/chunked')} HTTP/1.1\r\nHost: www.target.test\r\n${auth}\r\n`,
    )
    const data = await readUntil(socket, (d) => d.toString('latin1').includes('part two'))
    const text = data.toString('latin1')
    expect(text.match(/HTTP\/1\.1 200/g)?.length).toBe(3)
    expect(text).toContain('"body":"hello world"')
    expect(text.indexOf('联系我们'.slice(0, 0))).toBeGreaterThanOrEqual(0)
    socket.destroy()
    await drained()
    const echoed = recordsFor((r) => r.path === '/echo' && r.host === 'app.wild.test').at(-1)!
    expect(echoed.status).toBe(200)
    expect(echoed.assetId).toBe('asset-wild')
  })

  test('request smuggling shapes are refused before reaching a target', async () => {
    const seen = target.seen.length
    const both = await rawExchange(
      http,
      `POST ${url('/echo')} HTTP/1.1\r\nHost: www.target.test\r\nProxy-Authorization: ${basicAuth(tokens.alice)}\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    )
    expect(both).toMatch(/^HTTP\/1\.1 400/)
    const folded = await rawExchange(
      http,
      `GET ${url('/')} HTTP/1.1\r\nHost: www.target.test\r\n folded\r\n\r\n`,
    )
    expect(folded).toMatch(/^HTTP\/1\.1 400/)
    const origin = await rawExchange(
      http,
      `GET / HTTP/1.1\r\nHost: www.target.test\r\nConnection: close\r\n\r\n`,
    )
    expect(origin).toMatch(/^HTTP\/1\.1 400/)
    expect(target.seen.length).toBe(seen)
  })
})

describe('CONNECT and SOCKS5 tunnels', () => {
  test('a CONNECT tunnel relays bytes and records host, bytes and duration', async () => {
    const { socket, status } = await connectTunnel(http, `www.target.test:${target.echoPort}`, tokens.bob)
    expect(status).toBe(200)
    socket.write('ping through the tunnel')
    const echoed = await readUntil(socket, (d) => d.toString().includes('tunnel'))
    expect(echoed.toString()).toBe('ping through the tunnel')
    socket.end()
    await new Promise((r) => socket.once('close', r))
    await drained()
    const record = recordsFor((r) => r.channel === 'connect' && r.port === target.echoPort).at(-1)!
    expect(record).toMatchObject({
      verdict: 'allowed',
      userId: 'u-bob',
      host: 'www.target.test',
      bytesUp: 23,
      bytesDown: 23,
    })
  })

  test('CONNECT out of scope: 403; without a token: 407', async () => {
    expect((await connectTunnel(http, `other.test:${target.echoPort}`, tokens.bob)).status).toBe(403)
    expect((await connectTunnel(http, `rebind.wild.test:443`, tokens.bob)).status).toBe(403)
    expect((await connectTunnel(http, `www.target.test:${target.echoPort}`, null)).status).toBe(407)
  })

  test('HTTPS through CONNECT without interception: only host and SNI are recorded', async () => {
    const { socket, status } = await connectTunnel(http, `www.target.test:${target.httpsPort}`, tokens.bob)
    expect(status).toBe(200)
    const tls = tlsConnect({ socket, servername: 'www.target.test', rejectUnauthorized: false })
    await new Promise((r) => tls.once('secureConnect', r))
    tls.write('GET /secret?drop=table HTTP/1.1\r\nHost: www.target.test\r\nConnection: close\r\n\r\n')
    await readUntil(tls as unknown as Socket, (d) => d.includes('</html>'))
    tls.destroy()
    await new Promise((r) => setTimeout(r, 50))
    await drained()
    const record = recordsFor((r) => r.channel === 'connect' && r.port === target.httpsPort).at(-1)!
    expect(record.sni).toBe('www.target.test')
    expect(record.path).toBeNull()
    expect(recordsFor((r) => r.path === '/secret?drop=table')).toHaveLength(0)
  })

  test('SOCKS5 CONNECT by name, IPv4 and IPv6; plain HTTP inside is recorded request by request', async () => {
    const byName = await socks5(
      socks,
      { user: 'alice', password: tokens.alice },
      { host: 'www.target.test', port: target.httpPort },
    )
    expect(byName.reply).toBe(0)
    byName.socket.write(
      'GET /news/1 HTTP/1.1\r\nHost: www.target.test\r\n\r\nGET /about HTTP/1.1\r\nHost: www.target.test\r\nConnection: close\r\n\r\n',
    )
    const pages = await readUntil(byName.socket, (d) => d.toString().includes('联系我们'))
    expect(pages.toString()).toContain('关于开展网络安全检查的通知')
    byName.socket.destroy()

    const byIp = await socks5(
      socks,
      { user: 'alice', password: tokens.alice },
      { ip: '127.0.0.1', port: target.echoPort },
    )
    expect(byIp.reply).toBe(0)
    byIp.socket.write('raw bytes')
    expect((await readUntil(byIp.socket, (d) => d.length >= 9)).toString()).toBe('raw bytes')
    byIp.socket.destroy()

    const byV6 = await socks5(
      socks,
      { user: 'alice', password: tokens.alice },
      { ip: '::1', port: target6.echoPort },
    )
    expect(byV6.reply).toBe(0)
    byV6.socket.write('six')
    expect((await readUntil(byV6.socket, (d) => d.length >= 3)).toString()).toBe('six')
    byV6.socket.destroy()

    const v6ByName = await socks5(
      socks,
      { user: 'alice', password: tokens.alice },
      { host: 'v6.wild.test', port: target6.echoPort },
    )
    expect(v6ByName.reply).toBe(0)
    v6ByName.socket.destroy()

    await new Promise((r) => setTimeout(r, 50))
    await drained()
    const inner = recordsFor((r) => r.channel === 'tunnel-http' && r.userId === 'u-alice')
    expect(inner.map((r) => r.path)).toEqual(expect.arrayContaining(['/news/1', '/about']))
    const tunnel = recordsFor((r) => r.channel === 'socks' && r.port === target.httpPort).at(-1)!
    expect(tunnel.countsAsRequest).toBe(false)
    expect(recordsFor((r) => r.channel === 'socks' && r.ip === '::1').length).toBeGreaterThanOrEqual(2)
  })

  test('SOCKS5 refusals: no user/pass method, wrong password, out of scope, rebinding, BIND', async () => {
    expect((await socks5(socks, null, { ip: '127.0.0.1', port: 80 })).method).toBe(0xff)
    expect((await socks5(socks, { user: 'x', password: 'wrong' }, { ip: '127.0.0.1', port: 80 })).auth).toBe(
      1,
    )
    const out = await socks5(
      socks,
      { user: 'alice', password: tokens.alice },
      { host: 'other.test', port: 80 },
    )
    expect(out.reply).toBe(0x02)
    const rebind = await socks5(
      socks,
      { user: 'alice', password: tokens.alice },
      { host: 'rebind.wild.test', port: 80 },
    )
    expect(rebind.reply).toBe(0x02)
    const unknown = await socks5(
      socks,
      { user: 'alice', password: tokens.alice },
      { host: 'nowhere.wild.test', port: 80 },
    )
    expect(unknown.reply).toBe(0x04)
    const socket = await opened('127.0.0.1', socks)
    socket.write(Buffer.from([5, 1, 2]))
    await readUntil(socket, (d) => d.length >= 2)
    const user = Buffer.from(tokens.alice)
    socket.write(Buffer.concat([Buffer.from([1, 1, 0x61, user.length]), user]))
    await readUntil(socket, (d) => d.length >= 2)
    socket.write(Buffer.from([5, 2, 0, 1, 127, 0, 0, 1, 0, 80]))
    const bind = await readUntil(socket, (d) => d.length >= 4)
    expect(bind[1]).toBe(0x07)
    await drained()
    expect(
      recordsFor((r) => r.channel === 'socks' && r.reason?.startsWith('ip_out_of_scope') === true).length,
    ).toBe(1)
  })
})

describe('pause and revocation', () => {
  test('pausing a team closes its live tunnel within a second and refuses new connections; resume lets them in', async () => {
    const { socket, status } = await connectTunnel(http, `www.target.test:${target.echoPort}`, tokens.bob)
    expect(status).toBe(200)
    const closed = new Promise<number>((resolve) => {
      const started = Date.now()
      socket.once('close', () => resolve(Date.now() - started))
    })
    expect(gateway.setPauses([], ['team-b'])).toBeGreaterThanOrEqual(1)
    expect(await closed).toBeLessThan(1_000)
    const refused = await viaProxy(http, url('/'), { token: tokens.bob })
    expect(refused.status).toBe(403)
    expect(refused.headers['x-wangan-refusal']).toBe('paused')
    // Another team is not affected.
    expect((await viaProxy(http, url('/'), { token: tokens.alice })).status).toBe(200)
    gateway.setPauses([], [])
    expect((await viaProxy(http, url('/'), { token: tokens.bob })).status).toBe(200)
  })

  test('pausing one tester leaves the rest of the team working', async () => {
    const extra = generateGatewayToken()
    scope.addToken(extra, { ...principals.bob, tokenId: 'tok-bob2', userId: 'u-bob2', username: 'bob2' })
    gateway.setPauses(['u-bob'], [])
    expect((await viaProxy(http, url('/'), { token: tokens.bob })).status).toBe(403)
    expect((await viaProxy(http, url('/'), { token: extra })).status).toBe(200)
  })

  test('a revoked token: its open connection is closed and the next one refused', async () => {
    const token = generateGatewayToken()
    scope.addToken(token, { ...principals.alice, tokenId: 'tok-revoked' })
    const { socket, status } = await connectTunnel(http, `www.target.test:${target.echoPort}`, token)
    expect(status).toBe(200)
    const closed = new Promise((r) => socket.once('close', r))
    scope.removeToken(token)
    expect(gateway.closeConnections({ tokenId: 'tok-revoked' }, 'token revoked')).toBe(1)
    await closed
    expect((await connectTunnel(http, `www.target.test:${target.echoPort}`, token)).status).toBe(407)
  })
})

describe('violation rules', () => {
  test('destructive SQL and shell payloads are flagged with evidence; a benign crawl is not', async () => {
    const before = sink.violations.size
    for (const path of [
      '/',
      '/news',
      '/news/1',
      '/news/2',
      '/about',
      '/item?id=1',
      '/search?q=%E6%95%99%E8%82%B2',
    ])
      expect((await viaProxy(http, url(path), { token: tokens.alice })).status).toBeLessThan(500)
    await drained()
    expect(sink.violations.size).toBe(before)

    await viaProxy(http, url('/item?id=1;DROP%20TABLE%20users--'), { token: tokens.alice })
    await viaProxy(http, url('/echo'), {
      token: tokens.alice,
      method: 'POST',
      body: 'cmd=ls%3B+rm+-rf+%2F',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    await viaProxy(http, url('/item?id=1'), {
      token: tokens.alice,
      headers: { range: `bytes=${'0-,'.repeat(30)}0-` },
    })
    gateway['flushViolations'](false)
    await drained()
    const found = [...sink.violations.values()].filter((v) => v.userId === 'u-alice')
    const sql = found.find((v) => v.ruleId === 'destructive-sql')!
    expect(sql.evidence[0]!.matched).toContain('DROP TABLE users')
    expect(sql.target).toBe(`www.target.test:${target.httpPort}`)
    expect(found.find((v) => v.ruleId === 'destructive-shell')!.evidence[0]!.matched).toContain('rm -rf /')
    expect(found.some((v) => v.ruleId === 'dos-patterns')).toBe(true)
    const flagged = recordsFor((r) => r.ruleHits.includes('destructive-sql'))
    expect(flagged.length).toBe(1)
  })

  test('mass DELETE and a request flood fire their rate rules once, with a hit count', async () => {
    for (let i = 0; i < 25; i++)
      await viaProxy(http, url(`/records/${i}`), { token: tokens.bob, method: 'DELETE' })
    for (let i = 0; i < 45; i++) await viaProxy(http, url('/about'), { token: tokens.bob })
    gateway['flushViolations'](false)
    await drained()
    const bob = [...sink.violations.values()].filter((v) => v.userId === 'u-bob')
    const mass = bob.find((v) => v.ruleId === 'mass-delete')!
    expect(mass.hitCount).toBe(5)
    expect(bob.filter((v) => v.ruleId === 'request-flood')).toHaveLength(1)
  })
})

describe('TLS interception', () => {
  test('with the campaign CA, HTTPS requests inside CONNECT and SOCKS are recorded like plain HTTP', async () => {
    // Certificates are checked against the wall clock, not the test's business time.
    const ca = createCampaignCa('c-mitm', new Date(), new Date(Date.now() + 86_400_000))
    const token = generateGatewayToken()
    scope.addToken(token, {
      tokenId: 'tok-m',
      userId: 'u-m',
      username: 'mallory',
      teamId: 'team-m',
      campaignId: 'c-mitm',
    })
    scope.setCampaign({
      campaignId: 'c-mitm',
      window: { start: now - 1000, end: now + 3_600_000 },
      assets: campaignAssets({ http: target.httpPort, https: target.httpsPort }),
      interceptor: new CertificateInterceptor(ca),
    })
    const { socket, status } = await connectTunnel(http, `www.target.test:${target.httpsPort}`, token)
    expect(status).toBe(200)
    const body = await new Promise<string>((resolve, reject) => {
      const req = httpsRequest(
        {
          host: 'www.target.test',
          path: '/item?id=1%20OR%201=1',
          createConnection: () => tlsConnect({ socket, servername: 'www.target.test', ca: ca.certPem }),
        },
        (res) => {
          let text = ''
          res.on('data', (c: Buffer) => (text += c.toString()))
          res.on('end', () => resolve(text))
        },
      )
      req.on('error', reject)
      req.end()
    })
    expect(body).toContain('条目')
    socket.destroy()
    await new Promise((r) => setTimeout(r, 50))
    await drained()
    const record = recordsFor((r) => r.channel === 'https' && r.userId === 'u-m').at(-1)!
    expect(record).toMatchObject({
      method: 'GET',
      path: '/item?id=1%20OR%201=1',
      status: 200,
      sni: 'www.target.test',
    })
  })
})

describe('fail closed', () => {
  test('when records cannot be written and the queue is full, new traffic is refused; recovery loses nothing', async () => {
    const small = new MemorySink()
    const gw = new Gateway(
      { scope, sink: small, resolver, now: () => now },
      {
        host: '127.0.0.1',
        httpPort: 0,
        socksPort: 0,
        audit: { capacity: 5, batchSize: 2, flushIntervalMs: 10, retryMinMs: 10, retryMaxMs: 20 },
      },
    )
    const port = (await gw.listen()).http.port
    try {
      small.failing = true
      let refused = 0
      for (let i = 0; i < 8; i++) {
        const response = await viaProxy(port, url(`/news?i=${i}`), { token: tokens.alice })
        if (response.status === 503) {
          expect(response.headers['x-wangan-refusal']).toBe('audit_unavailable')
          refused++
        } else expect(response.status).toBe(200)
      }
      expect(refused).toBe(3)
      expect(gw.audit.state).toBe('fail_closed')
      const during = gw.audit.counters()
      expect(during.accepted).toBe(5)
      expect(during.written).toBe(0)
      expect(during.refusedFailClosed).toBe(3)
      small.failing = false
      expect(await gw.audit.drain(5_000)).toBe(true)
      const after = gw.audit.counters()
      expect(after.accepted).toBe(after.written)
      expect(after.state).toBe('ok')
      expect(small.records.map((r) => r.path).filter((p) => p?.startsWith('/news?i='))).toHaveLength(5)
      expect((await viaProxy(port, url('/'), { token: tokens.alice })).status).toBe(200)
    } finally {
      await gw.close()
    }
  })
})
