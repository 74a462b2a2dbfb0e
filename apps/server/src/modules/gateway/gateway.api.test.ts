// The gateway module through its API and the database-backed gateway: tokens (shown once, rotated, revoked),
// object-level access (another team, another region → 404), traffic recorded with the right tester, pause and
// revocation acting on live connections, violations decided by a regulator, settings and the campaign CA, the monitor,
// the team metrics, and the audit queue failing closed while the database cannot take records.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { MINUTE } from '../../clock'
import { connectTunnel, viaProxy } from '../../gateway/testing/proxy-clients'
import { createTestPlatform, type TestPlatform } from '../../testing/test-platform'
import type {
  TGatewayMonitor,
  TGatewayRecord,
  TGatewaySettings,
  TGatewayToken,
  TGatewayViolation,
  TTeamMetrics,
} from './gateway.schemas'
import { curl, issueToken, setUpGateway, type GatewaySetup } from './testing/gateway-test-setup'

let t: TestPlatform
let g: GatewaySetup
let work: string

type Page<T> = { items: T[]; total: number }
type ErrorBody = { error: { code: string; message: string } }

beforeAll(async () => {
  t = await createTestPlatform()
  g = await setUpGateway(t)
  work = mkdtempSync(join(tmpdir(), 'wangan-gw-'))
})

afterAll(async () => {
  await g?.close()
  await t?.close()
  if (work) rmSync(work, { recursive: true, force: true })
})

const proxy = (token: string, user = 'tester') => `http://${user}:${token}@127.0.0.1:${g.http}`
const site = (path = '/', host = g.names.orgA) => `http://${host}:${g.target.httpPort}${path}`

async function drained(): Promise<void> {
  expect(await g.runtime.drain(10_000)).toBe(true)
}

async function records(client = g.regulator, query = ''): Promise<TGatewayRecord[]> {
  const response = await client.get<Page<TGatewayRecord>>(
    `/api/v1/gateway/records?campaignId=${g.campaign.id}&pageSize=500${query}`,
  )
  expect(response.status).toBe(200)
  return response.body.items
}

describe('gateway tokens', () => {
  test('a tester’s token is shown once, stored as a hash, one live at a time; rotation replaces it', async () => {
    const tester = await t.as('tester', { teamId: g.teamA.id })
    const issued = await tester.post<{ token: string; info: TGatewayToken }>('/api/v1/gateway/tokens')
    expect(issued.status).toBe(201)
    expect(issued.body.token).toMatch(/^wgt_[A-Za-z0-9_-]{43}$/)
    expect(issued.body.info).toMatchObject({ teamId: g.teamA.id, campaignId: g.campaign.id, revokedAt: null })
    expect(issued.body.token.startsWith(issued.body.info.hint.replace('…', ''))).toBe(true)
    const again = await tester.post<ErrorBody>('/api/v1/gateway/tokens')
    expect(again.status).toBe(409)
    const listed = await tester.get<TGatewayToken[]>('/api/v1/gateway/tokens')
    expect(JSON.stringify(listed.body)).not.toContain(issued.body.token)
    const stored = await t.services.database.query<{ token_hash: string }>(
      'select token_hash from gateway_tokens where id = $1',
      [issued.body.info.id],
    )
    expect(stored[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/)
    expect(stored[0]!.token_hash).not.toContain(issued.body.token)

    const rotated = await tester.post<{ token: string; info: TGatewayToken }>(
      `/api/v1/gateway/tokens/${issued.body.info.id}/rotate`,
    )
    expect(rotated.status).toBe(200)
    expect(rotated.body.token).not.toBe(issued.body.token)
    const old = (await tester.get<TGatewayToken[]>('/api/v1/gateway/tokens?includeRevoked=true')).body.find(
      (x) => x.id === issued.body.info.id,
    )!
    expect(old).toMatchObject({ revokeReason: 'rotated', replacedBy: rotated.body.info.id })
    expect((await curl(['-x', proxy(issued.body.token), site('/')])).status).toBe(407)
    expect((await curl(['-x', proxy(rotated.body.token), site('/')])).status).toBe(200)
    const events = await t.services.audit.list({ action: 'gateway', page: 1, pageSize: 50 })
    expect(events.items.map((e) => e.action)).toEqual(
      expect.arrayContaining(['gateway.token_issued', 'gateway.token_rotated']),
    )
  })

  test('the tester’s own view: campaign window, token, ports', async () => {
    const me = await g.teamA.tester.get<{
      campaign: { id: string }
      token: TGatewayToken | null
      paused: boolean
    }>('/api/v1/gateway/me')
    expect(me.status).toBe(200)
    expect(me.body.campaign.id).toBe(g.campaign.id)
    expect(me.body.token).not.toBeNull()
    expect(me.body.paused).toBe(false)
  })

  test('another team’s or another region’s token: not found; a team lead sees the team’s tokens', async () => {
    const tokens = await g.regulator.get<TGatewayToken[]>(
      `/api/v1/gateway/tokens?campaignId=${g.campaign.id}`,
    )
    const teamAToken = tokens.body.find((x) => x.teamId === g.teamA.id)!
    expect((await g.teamB.tester.post(`/api/v1/gateway/tokens/${teamAToken.id}/revoke`, {})).status).toBe(404)
    const elsewhere = await t.as('regulator', { regionId: t.basics.otherCity.id })
    expect((await elsewhere.post(`/api/v1/gateway/tokens/${teamAToken.id}/revoke`, {})).status).toBe(404)
    expect((await elsewhere.get(`/api/v1/gateway/tokens?campaignId=${g.campaign.id}`)).status).toBe(404)
    const lead = await g.teamA.lead.get<TGatewayToken[]>('/api/v1/gateway/tokens')
    expect(lead.body.length).toBeGreaterThan(0)
    expect(lead.body.every((x) => x.teamId === g.teamA.id)).toBe(true)
  })
})

describe('traffic through the database-backed gateway', () => {
  test('curl through the HTTP proxy: in scope passes, out of scope is refused; both recorded with the tester', async () => {
    const ok = await curl(['-x', proxy(g.tokens.teamA), site('/news?via=curl')])
    expect(ok.status).toBe(200)
    expect(ok.body).toContain('通知一')
    const refused = await curl(['-x', proxy(g.tokens.teamA), site('/', g.names.outside)])
    expect(refused.status).toBe(403)
    expect(refused.body).toContain('host_out_of_scope')
    const rebound = await curl(['-x', proxy(g.tokens.teamA), site('/', g.names.rebind)])
    expect(rebound.status).toBe(403)
    expect(rebound.body).toContain('ip_out_of_scope')
    await drained()
    const all = await records()
    const passed = all.find((r) => r.path === '/news?via=curl')!
    expect(passed).toMatchObject({
      verdict: 'allowed',
      username: g.teamA.tester.username,
      teamId: g.teamA.id,
      host: g.names.orgA,
      status: 200,
      channel: 'http',
    })
    expect(passed.assetId).not.toBeNull()
    expect(all.find((r) => r.host === g.names.outside)).toMatchObject({
      verdict: 'refused',
      reason: `host_out_of_scope: ${g.names.outside}`,
      username: g.teamA.tester.username,
    })
  })

  test('HTTPS through CONNECT and SOCKS5 with --socks5-hostname (curl)', async () => {
    const https = await curl([
      '-k',
      '-x',
      proxy(g.tokens.teamB),
      `https://${g.names.orgB}:${g.target.httpsPort}/about`,
    ])
    expect(https.status).toBe(200)
    const socks = await curl([
      '--socks5-hostname',
      `tester:${g.tokens.teamB}@127.0.0.1:${g.socks}`,
      site('/news/1', g.names.orgB),
    ])
    expect(socks.status).toBe(200)
    const socksRefused = await curl([
      '--socks5-hostname',
      `tester:${g.tokens.teamB}@127.0.0.1:${g.socks}`,
      site('/', g.names.outside),
    ])
    expect(socksRefused.code).toBe(97)
    await drained()
    const mine = await records(g.teamB.tester)
    expect(mine.find((r) => r.channel === 'connect')).toMatchObject({
      sni: g.names.orgB,
      verdict: 'allowed',
      path: null,
    })
    expect(mine.find((r) => r.channel === 'tunnel-http' && r.path === '/news/1')).toMatchObject({
      username: g.teamB.tester.username,
      status: 200,
    })
    expect(mine.find((r) => r.channel === 'socks' && r.verdict === 'refused')!.reason).toContain(
      'host_out_of_scope',
    )
  })

  test('each team sees only its own records, a tester only theirs; another region sees nothing', async () => {
    const teamB = await records(g.teamB.tester)
    expect(teamB.length).toBeGreaterThan(0)
    expect(teamB.every((r) => r.teamId === g.teamB.id && r.username === g.teamB.tester.username)).toBe(true)
    const lead = await records(g.teamA.lead)
    expect(lead.every((r) => r.teamId === g.teamA.id)).toBe(true)
    const elsewhere = await t.as('regulator', { regionId: t.basics.otherCity.id })
    expect((await elsewhere.get(`/api/v1/gateway/records?campaignId=${g.campaign.id}`)).status).toBe(404)
    const filtered = await records(g.regulator, `&verdict=refused&teamId=${g.teamA.id}`)
    expect(filtered.length).toBeGreaterThan(0)
    expect(filtered.every((r) => r.verdict === 'refused' && r.teamId === g.teamA.id)).toBe(true)
  })

  test('the traffic log exports as CSV with the filters applied', async () => {
    const response = await g.regulator.get<string>(
      `/api/v1/gateway/records/export?campaignId=${g.campaign.id}&teamId=${g.teamA.id}`,
    )
    expect(response.status).toBe(200)
    expect(String(response.headers['content-type'])).toContain('text/csv')
    const lines = String(response.body).trim().split('\n')
    expect(lines[0]).toContain('检测人员 tester')
    expect(lines.length).toBeGreaterThan(2)
    expect(lines.slice(1).every((l) => l.includes(g.teamA.id))).toBe(true)
  })

  test('revoking a token closes its open tunnel and refuses the next connection', async () => {
    const tester = await t.as('tester', { teamId: g.teamA.id })
    const token = await issueToken(tester)
    const { socket, status } = await connectTunnel(g.http, `${g.names.orgA}:${g.target.echoPort}`, token)
    expect(status).toBe(200)
    const closed = new Promise<number>((resolve) => {
      const started = Date.now()
      socket.once('close', () => resolve(Date.now() - started))
    })
    const [mine] = (await tester.get<TGatewayToken[]>('/api/v1/gateway/tokens')).body
    expect((await tester.post(`/api/v1/gateway/tokens/${mine!.id}/revoke`, { reason: '离职' })).status).toBe(
      200,
    )
    expect(await closed).toBeLessThan(1_000)
    expect((await curl(['-x', proxy(token), site('/')])).status).toBe(407)
  })

  test('a regulator pauses a team: its live tunnel closes within a second, new requests are refused; resume', async () => {
    const { socket, status } = await connectTunnel(
      g.http,
      `${g.names.orgB}:${g.target.echoPort}`,
      g.tokens.teamB,
    )
    expect(status).toBe(200)
    const closed = new Promise<number>((resolve) => {
      const started = Date.now()
      socket.once('close', () => resolve(Date.now() - started))
    })
    const paused = await g.regulator.post<{ id: string; connectionsClosed: number }>(
      '/api/v1/gateway/pauses',
      {
        campaignId: g.campaign.id,
        teamId: g.teamB.id,
        reason: '疑似拒绝服务 (suspected DoS)',
      },
    )
    expect(paused.status).toBe(201)
    expect(paused.body.connectionsClosed).toBeGreaterThanOrEqual(1)
    expect(await closed).toBeLessThan(1_000)
    const refused = await curl(['-x', proxy(g.tokens.teamB), site('/', g.names.orgB)])
    expect(refused.status).toBe(403)
    expect(refused.body).toContain('paused')
    expect((await curl(['-x', proxy(g.tokens.teamA), site('/')])).status).toBe(200)
    expect((await g.teamB.tester.get<{ paused: boolean }>('/api/v1/gateway/me')).body.paused).toBe(true)
    expect((await g.regulator.post(`/api/v1/gateway/pauses/${paused.body.id}/resume`, {})).status).toBe(200)
    expect((await curl(['-x', proxy(g.tokens.teamB), site('/', g.names.orgB)])).status).toBe(200)
    expect(
      (
        await g.reviewer.post('/api/v1/gateway/pauses', {
          campaignId: g.campaign.id,
          teamId: g.teamB.id,
          reason: 'x',
        })
      ).status,
    ).toBe(403)
    const elsewhere = await t.as('regulator', { regionId: t.basics.otherCity.id })
    expect(
      (
        await elsewhere.post('/api/v1/gateway/pauses', {
          campaignId: g.campaign.id,
          teamId: g.teamB.id,
          reason: 'x',
        })
      ).status,
    ).toBe(404)
  })

  test('a pause written by another process reaches the gateway through the state row within a second', async () => {
    const { socket, status } = await connectTunnel(
      g.http,
      `${g.names.orgA}:${g.target.echoPort}`,
      g.tokens.teamA,
    )
    expect(status).toBe(200)
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
    const started = Date.now()
    await t.services.database.exec(
      `insert into gateway_pauses (campaign_id, subject, team_id, reason, paused_at) values ('${g.campaign.id}', 'team', '${g.teamA.id}', 'other process', now());
       insert into gateway_state (id, version, changed_at) values (1, 1, now()) on conflict (id) do update set version = gateway_state.version + 1`,
    )
    await closed
    expect(Date.now() - started).toBeLessThan(1_000)
    await t.services.database.exec(
      `update gateway_pauses set resumed_at = now() where reason = 'other process'`,
    )
    await g.runtime.reloadPauses()
  })
})

describe('violations', () => {
  test('crafted requests are flagged; a regulator confirms one and it counts; a team sees only its own', async () => {
    await curl(['-x', proxy(g.tokens.teamA), site('/item?id=1;DROP%20TABLE%20users--')])
    await curl(['-x', proxy(g.tokens.teamA), '--data', 'cmd=ls%3Brm+-rf+%2F', site('/echo')])
    expect(await g.runtime.flush()).toBe(true)
    const list = await g.regulator.get<Page<TGatewayViolation>>(
      `/api/v1/gateway/violations?campaignId=${g.campaign.id}&status=pending`,
    )
    expect(list.status).toBe(200)
    const sql = list.body.items.find((v) => v.ruleId === 'destructive-sql')!
    expect(sql).toMatchObject({ teamId: g.teamA.id, username: g.teamA.tester.username, hitCount: 1 })
    expect(sql.evidence[0]!.matched).toContain('DROP TABLE users')
    expect(list.body.items.some((v) => v.ruleId === 'destructive-shell')).toBe(true)

    expect((await g.teamB.tester.get(`/api/v1/gateway/violations/${sql.id}`)).status).toBe(403)
    const teamBLead = await t.as('team_lead', { teamId: g.teamB.id })
    expect((await teamBLead.get(`/api/v1/gateway/violations/${sql.id}`)).status).toBe(404)
    expect((await g.teamA.lead.get(`/api/v1/gateway/violations/${sql.id}`)).status).toBe(200)

    const stale = await g.regulator.post<ErrorBody>(`/api/v1/gateway/violations/${sql.id}/decision`, {
      decision: 'confirmed',
      version: sql.version + 1,
    })
    expect(stale.status).toBe(409)
    const confirmed = await g.regulator.post<TGatewayViolation>(
      `/api/v1/gateway/violations/${sql.id}/decision`,
      {
        decision: 'confirmed',
        note: '确认删除表语句',
        version: sql.version,
      },
    )
    expect(confirmed.status).toBe(200)
    expect(confirmed.body.status).toBe('confirmed')
    const metrics = await t.services.gateway.teamMetrics(g.campaign.id)
    expect(metrics.find((m) => m.teamId === g.teamA.id)!.confirmedViolations).toBe(1)
    expect(metrics.find((m) => m.teamId === g.teamB.id)!.confirmedViolations).toBe(0)
  })
})

describe('settings, interception and the campaign CA', () => {
  test('interception is off by default; turning it on makes a CA that testers download and trust', async () => {
    const before = await g.regulator.get<TGatewaySettings>(
      `/api/v1/gateway/campaigns/${g.campaign.id}/settings`,
    )
    expect(before.body).toMatchObject({
      interception: false,
      dnsPolicy: 'strict',
      rulesAreDefault: true,
      version: 0,
    })
    expect((await g.teamA.tester.get(`/api/v1/gateway/campaigns/${g.campaign.id}/ca.pem`)).status).toBe(404)
    const bad = await g.regulator.put<ErrorBody>(`/api/v1/gateway/campaigns/${g.campaign.id}/settings`, {
      rules: [
        {
          id: 'x',
          name: 'x',
          enabled: true,
          severity: 'low',
          cooldownSeconds: 0,
          kind: 'pattern',
          patterns: ['(a+)+$'],
          in: ['target'],
        },
      ],
      version: 0,
    })
    expect(bad.status).toBe(400)
    const on = await g.regulator.put<TGatewaySettings>(
      `/api/v1/gateway/campaigns/${g.campaign.id}/settings`,
      {
        interception: true,
        version: 0,
      },
    )
    expect(on.status).toBe(200)
    expect(on.body.interception).toBe(true)
    expect(on.body.caFingerprint).toMatch(/^[0-9A-F:]{95}$/)
    const pem = await g.teamA.tester.get<string>(`/api/v1/gateway/campaigns/${g.campaign.id}/ca.pem`)
    expect(pem.status).toBe(200)
    expect(String(pem.body)).toContain('BEGIN CERTIFICATE')
    const caFile = join(work, 'ca.pem')
    writeFileSync(caFile, String(pem.body))
    const https = await curl([
      '--cacert',
      caFile,
      '-x',
      proxy(g.tokens.teamA),
      `https://${g.names.orgA}:${g.target.httpsPort}/item?id=2`,
    ])
    expect(https.status).toBe(200)
    await drained()
    const seen = (await records(g.regulator, '&channel=https')).find((r) => r.path === '/item?id=2')
    expect(seen).toMatchObject({
      method: 'GET',
      status: 200,
      username: g.teamA.tester.username,
      sni: g.names.orgA,
    })
    const off = await g.regulator.put<TGatewaySettings>(
      `/api/v1/gateway/campaigns/${g.campaign.id}/settings`,
      {
        interception: false,
        version: on.body.version,
      },
    )
    expect(off.body.interception).toBe(false)
    expect(
      (await g.reviewer.put(`/api/v1/gateway/campaigns/${g.campaign.id}/settings`, { version: 2 })).status,
    ).toBe(403)
  })
})

describe('monitor and metrics', () => {
  test('the monitor shows the live figures, the audit state, refusals by reason and pending violations', async () => {
    for (let i = 0; i < 5; i++) await curl(['-x', proxy(g.tokens.teamA), site(`/news?m=${i}`)])
    const monitor = await g.regulator.get<TGatewayMonitor>(
      `/api/v1/gateway/campaigns/${g.campaign.id}/monitor`,
    )
    expect(monitor.status).toBe(200)
    expect(monitor.body.source).toBe('live')
    expect(monitor.body.audit.state).toBe('ok')
    expect(monitor.body.teams.map((x) => x.teamId).sort()).toEqual([g.teamA.id, g.teamB.id].sort())
    expect(monitor.body.topTargets.some((x) => x.target === `${g.names.orgA}:${g.target.httpPort}`)).toBe(
      true,
    )
    expect(monitor.body.refusals.find((r) => r.reason === 'host_out_of_scope')!.sinceStart).toBeGreaterThan(0)
    expect(monitor.body.pendingViolations).toBeGreaterThanOrEqual(1)
    expect((await g.teamA.lead.get(`/api/v1/gateway/campaigns/${g.campaign.id}/monitor`)).status).toBe(403)
  })

  test('team metrics: 10-minute slots with in-scope requests, distinct assets, manual requests', async () => {
    const before = (
      await g.regulator.get<TTeamMetrics[]>(`/api/v1/gateway/campaigns/${g.campaign.id}/team-metrics`)
    ).body
    const slotsBefore = before.find((m) => m.teamId === g.teamB.id)!.activeSlots
    // Three requests spread over three new 10-minute slots, then a refused one (does not count).
    for (const step of [11, 11, 11]) {
      t.clock.advance(step * MINUTE)
      await g.runtime.syncClock()
      const answer = await curl(['-x', proxy(g.tokens.teamB), site('/about', g.names.orgB)])
      expect(answer.status, answer.body).toBe(200)
      // Keeps the regulator's session from timing out while the clock moves.
      expect((await g.regulator.get('/api/v1/auth/me')).status).toBe(200)
    }
    expect((await curl(['-x', proxy(g.tokens.teamB), site('/', g.names.outside)])).status).toBe(403)
    // Team A reaches a second asset: the address itself (registered as orgA's IP asset).
    expect((await curl(['-x', proxy(g.tokens.teamA), site('/', '127.0.0.1')])).status).toBe(200)
    await drained()
    const after = await g.regulator.get<TTeamMetrics[]>(
      `/api/v1/gateway/campaigns/${g.campaign.id}/team-metrics`,
    )
    const b = after.body.find((m) => m.teamId === g.teamB.id)!
    expect(b.activeSlots).toBe(slotsBefore + 3)
    expect(b.assetsTested).toBe(1)
    expect(b.manualRequests).toBeGreaterThanOrEqual(3)
    const a = after.body.find((m) => m.teamId === g.teamA.id)!
    expect(a.assetsTested).toBe(2)
  })
})

describe('resilience', () => {
  test('a listener that cannot start (its port in use) fails the start and leaves the running gateway alone', async () => {
    const busy = createServer()
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve))
    const port = (busy.address() as AddressInfo).port
    try {
      await expect(
        t.services.gateway.startRuntime(t.services, { host: '127.0.0.1', httpPort: 0, socksPort: port }),
      ).rejects.toThrow()
      expect(t.services.gateway.localRuntime).toBe(g.runtime)
      expect((await curl(['-x', proxy(g.tokens.teamA), site('/')])).status).toBe(200)
    } finally {
      busy.close()
    }
  })

  test('a proxy thread that dies is started again, with the pauses in force', async () => {
    const paused = await g.regulator.post<{ id: string }>('/api/v1/gateway/pauses', {
      campaignId: g.campaign.id,
      teamId: g.teamB.id,
      reason: 'before the crash',
    })
    await g.runtime.crashForTest()
    const started = Date.now()
    let status = 0
    while (Date.now() - started < 10_000) {
      status = (
        await curl(['-x', `http://tester:${g.tokens.teamA}@127.0.0.1:${g.runtime.ports.http}`, site('/')])
      ).status
      if (status === 200) break
      await new Promise((r) => setTimeout(r, 200))
    }
    expect(status).toBe(200)
    const refused = await curl([
      '-x',
      `http://tester:${g.tokens.teamB}@127.0.0.1:${g.runtime.ports.http}`,
      site('/', g.names.orgB),
    ])
    expect(refused.body).toContain('paused')
    await g.regulator.post(`/api/v1/gateway/pauses/${paused.body.id}/resume`, {})
    g.http = g.runtime.ports.http
    g.socks = g.runtime.ports.socks!
  })
})

describe('fail closed', () => {
  test('while records cannot be written the gateway refuses once its queue is full, then writes every record', async () => {
    const t2 = await createTestPlatform()
    const g2 = await setUpGateway(t2, { audit: { capacity: 6, batchSize: 2 } })
    try {
      // The database refuses the records (the table is away), as when PostgreSQL is down.
      await t2.services.database.exec('alter table gateway_record_packs rename to gateway_record_packs_away')
      const statuses: number[] = []
      for (let i = 0; i < 10; i++)
        statuses.push(
          (
            await viaProxy(g2.http, `http://${g2.names.orgA}:${g2.target.httpPort}/news?n=${i}`, {
              token: g2.tokens.teamA,
            })
          ).status,
        )
      expect(statuses.filter((s) => s === 200)).toHaveLength(6)
      expect(statuses.filter((s) => s === 503)).toHaveLength(4)
      expect((await g2.runtime.status()).audit.state).toBe('fail_closed')
      const monitor = await g2.regulator.get<TGatewayMonitor>(
        `/api/v1/gateway/campaigns/${g2.campaign.id}/monitor`,
      )
      expect(monitor.body.audit).toMatchObject({ state: 'fail_closed', accepted: 6, written: 0 })
      expect(monitor.body.audit.lastError).toMatch(/gateway_record_packs/)
      await t2.services.database.exec('alter table gateway_record_packs_away rename to gateway_record_packs')
      expect(await g2.runtime.drain(10_000)).toBe(true)
      const counters = (await g2.runtime.status()).audit
      expect(counters.accepted).toBe(counters.written)
      expect(counters.state).toBe('ok')
      const written = await g2.regulator.get<Page<TGatewayRecord>>(
        `/api/v1/gateway/records?campaignId=${g2.campaign.id}&pageSize=100`,
      )
      expect(
        written.body.items.filter((r) => r.path?.startsWith('/news?n=')).map((r) => r.path),
      ).toHaveLength(6)
      expect(written.body.total).toBe(counters.written)
      expect(
        (
          await viaProxy(g2.http, `http://${g2.names.orgA}:${g2.target.httpPort}/`, {
            token: g2.tokens.teamA,
          })
        ).status,
      ).toBe(200)
    } finally {
      await g2.close()
      await t2.close()
    }
  })
})
