import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { systemContext } from '../../context'
import { createTestPlatform, type TestClient, type TestPlatform } from '../../testing/test-platform'

type ErrorBody = {
  error: { code: string; message: string; details?: { path: string; message: string; code?: string }[] }
}
type Asset = {
  id: string
  organisationId: string
  organisationName: string
  type: string
  identifier: string
  canonical: string
  path: string | null
  ports: number[] | null
  name: string | null
  source: string
  status: string
  version: number
}
type Conflict = {
  key: string
  kind: string
  identifier: string
  claims: { assetId: string; organisationId: string | null; organisationName: string | null }[]
  decision: { decision: string; keptAssetId: string | null } | null
  canSettle: boolean
}
type Detail = Asset & { conflicts: Conflict[]; normalisationNotes: string[]; canEdit: boolean }
type Page<T> = { items: T[]; total: number }

let t: TestPlatform
let regulator: TestClient
let liaison: TestClient
beforeAll(async () => {
  t = await createTestPlatform()
  regulator = await t.as('regulator')
  liaison = await t.as('org_liaison')
})
afterAll(async () => {
  await t?.close()
})

const create = (client: TestClient, body: Record<string, unknown>) =>
  client.post<Asset & ErrorBody>('/api/v1/assets', { organisationId: t.basics.orgA.id, ...body })

describe('registering assets', () => {
  test('identifiers are normalised: case, punycode, default port, path apart from the host', async () => {
    const site = await create(liaison, {
      type: 'website',
      identifier: 'https://WWW.Example.gov.cn:443/portal/',
      name: '门户',
    })
    expect(site.status, JSON.stringify(site.body)).toBe(201)
    expect(site.body.canonical).toBe('www.example.gov.cn')
    expect(site.body.path).toBe('/portal')
    expect(site.body.source).toBe('self_reported')
    const idn = await create(liaison, { type: 'domain', identifier: '测试.中国' })
    expect(idn.body.canonical).toBe('xn--0zwm56d.xn--fiqs8s')
    const net = await create(liaison, { type: 'ip', identifier: '203.0.113.77/24' })
    expect(net.status).toBe(201)
    expect(net.body.canonical).toBe('203.0.113.0/24')
    const detail = await liaison.get<Detail>(`/api/v1/assets/${net.body.id}`)
    expect(detail.body.normalisationNotes.join()).toMatch(/主机位/)
    const withPort = await create(liaison, { type: 'ip', identifier: '198.51.100.9:8443', ports: [443] })
    expect(withPort.body.canonical).toBe('198.51.100.9')
    expect(withPort.body.ports).toEqual([443, 8443])
    const v6 = await create(liaison, { type: 'ip', identifier: '2001:DB8:0:0::/48' })
    expect(v6.body.canonical).toBe('2001:db8::/48')
  })

  test('invalid IPs, CIDRs and identifiers of the wrong type are refused with the reason', async () => {
    const badIp = await create(liaison, { type: 'ip', identifier: '203.0.113.256' })
    expect(badIp.status).toBe(400)
    expect(badIp.body.error.details?.[0]?.path).toBe('body.identifier')
    const wide = await create(liaison, { type: 'ip', identifier: '10.0.0.0/4' })
    expect(wide.status).toBe(400)
    expect(wide.body.error.message).toMatch(/过大/)
    const wrongType = await create(liaison, { type: 'ip', identifier: 'www.example.gov.cn' })
    expect(wrongType.status).toBe(400)
    expect(wrongType.body.error.details?.[0]?.code).toBe('wrong_asset_type')
    const suffix = await create(liaison, { type: 'domain', identifier: '*.gov.cn' })
    expect(suffix.status).toBe(400)
  })

  test('the same identity twice in one organisation is a conflict; in another organisation it is flagged', async () => {
    const first = await create(regulator, { type: 'website', identifier: 'http://oa.shared.example.gov.cn' })
    expect(first.status).toBe(201)
    const twice = await create(regulator, { type: 'website', identifier: 'OA.Shared.Example.gov.cn.' })
    expect(twice.status).toBe(409)
    expect(twice.body.error.details?.[0]?.code).toBe('duplicate')
    const other = await create(regulator, {
      organisationId: t.basics.orgB.id,
      type: 'website',
      identifier: 'https://oa.shared.example.gov.cn/',
    })
    expect(other.status).toBe(201)
    const detail = await regulator.get<Detail>(`/api/v1/assets/${first.body.id}`)
    expect(detail.body.conflicts).toHaveLength(1)
    expect(detail.body.conflicts[0]!.kind).toBe('same-identifier')
    expect(detail.body.conflicts[0]!.claims.map((c) => c.organisationName).sort()).toEqual([
      '天宁区',
      '市教育局',
    ])
    // The liaison of 教育局 sees the conflict but not who the other claimant is.
    const seenByLiaison = await liaison.get<Detail>(`/api/v1/assets/${first.body.id}`)
    const claims = seenByLiaison.body.conflicts[0]!.claims
    expect(claims.find((c) => c.assetId === other.body.id)!.organisationName).toBeNull()

    const open = await regulator.get<Page<Conflict>>('/api/v1/assets/conflicts')
    const conflict = open.body.items.find((c) => c.identifier === 'oa.shared.example.gov.cn')!
    expect(conflict.canSettle).toBe(true)
    const settled = await regulator.post<Conflict>('/api/v1/assets/conflicts/settle', {
      key: conflict.key,
      decision: 'assigned',
      keptAssetId: other.body.id,
      note: '经核实属天宁区',
    })
    expect(settled.status, JSON.stringify(settled.body)).toBe(200)
    expect(settled.body.decision?.decision).toBe('assigned')
    const retired = await regulator.get<Detail>(`/api/v1/assets/${first.body.id}`)
    expect(retired.body.status).toBe('retired')
    expect(retired.body.conflicts).toEqual([])
    const again = await regulator.get<Page<Conflict>>('/api/v1/assets/conflicts')
    expect(again.body.items.find((c) => c.identifier === 'oa.shared.example.gov.cn')).toBeUndefined()
    const history = await regulator.get<Page<{ action: string }>>(`/api/v1/assets/${first.body.id}/history`)
    expect(history.body.items.map((e) => e.action)).toEqual([
      'asset.retired',
      'asset.conflict_settled',
      'asset.created',
    ])
  })

  test('a shared claim (政务云) is settled as shared and leaves the open list', async () => {
    const a = await create(regulator, { type: 'ip', identifier: '192.0.2.10' })
    const b = await create(regulator, {
      organisationId: t.basics.orgB.id,
      type: 'ip',
      identifier: '192.0.2.10',
    })
    expect(b.status).toBe(201)
    const open = await regulator.get<Page<Conflict>>('/api/v1/assets/conflicts')
    const conflict = open.body.items.find((c) => c.identifier === '192.0.2.10')!
    const district = await t.as('regulator', { regionId: t.basics.districtA.id })
    const notMine = await district.post<ErrorBody>('/api/v1/assets/conflicts/settle', {
      key: conflict.key,
      decision: 'shared',
    })
    expect(notMine.status).toBe(403)
    const shared = await regulator.post<Conflict>('/api/v1/assets/conflicts/settle', {
      key: conflict.key,
      decision: 'shared',
    })
    expect(shared.body.decision?.decision).toBe('shared')
    const twice = await regulator.post('/api/v1/assets/conflicts/settle', {
      key: conflict.key,
      decision: 'shared',
    })
    expect(twice.status).toBe(409)
    const stillOpen = await regulator.get<Page<Conflict>>('/api/v1/assets/conflicts?status=open')
    expect(stillOpen.body.items.find((c) => c.key === conflict.key)).toBeUndefined()
    const settled = await regulator.get<Page<Conflict>>('/api/v1/assets/conflicts?status=settled')
    expect(settled.body.items.find((c) => c.key === conflict.key)).toBeDefined()
    expect(a.status).toBe(201)
    const unknown = await regulator.post('/api/v1/assets/conflicts/settle', {
      key: 'same-identifier:nothing',
      decision: 'shared',
    })
    expect(unknown.status).toBe(404)
  })
})

describe('matching and search', () => {
  test('URLs, hosts, IPs and IP:port match the owning asset: exact, wildcard, parent domain, longest prefix', async () => {
    await create(regulator, { type: 'domain', identifier: '*.jyj.example.gov.cn' })
    await create(regulator, { type: 'domain', identifier: 'match.example.gov.cn' })
    await create(regulator, { organisationId: t.basics.orgB.id, type: 'ip', identifier: '198.51.100.0/24' })
    await create(regulator, { type: 'ip', identifier: '198.51.100.128/25' })
    await create(regulator, { type: 'ip', identifier: '2001:db8:aa::/48' })
    const match = (target: string) =>
      regulator.get<{ match: { kind: string; matched: string; asset: Asset } | null }>(
        `/api/v1/assets/match?target=${encodeURIComponent(target)}`,
      )
    expect((await match('https://WWW.Example.gov.cn:443/x')).body.match?.kind).toBe('exact')
    expect((await match('https://a.b.jyj.example.gov.cn/login')).body.match).toMatchObject({
      kind: 'wildcard',
      matched: '*.jyj.example.gov.cn',
    })
    expect((await match('http://deep.match.example.gov.cn/')).body.match?.kind).toBe('parent-domain')
    const inner = (await match('198.51.100.200:8080')).body.match!
    expect(inner).toMatchObject({ kind: 'cidr', matched: '198.51.100.128/25' })
    expect(inner.asset.organisationId).toBe(t.basics.orgA.id)
    const outer = (await match('http://198.51.100.3/')).body.match!
    expect(outer.asset.organisationId).toBe(t.basics.orgB.id)
    expect((await match('[2001:db8:aa:1::5]:443')).body.match?.matched).toBe('2001:db8:aa::/48')
    expect((await match('https://nobody.example.com/')).body.match).toBeNull()
    // A liaison does not learn that 198.51.100.3 belongs to another organisation.
    const asLiaison = await liaison.get<{ match: unknown }>('/api/v1/assets/match?target=198.51.100.3')
    expect(asLiaison.body.match).toBeNull()
  })

  test('the service API matches within a scope and sees changes at once', async () => {
    const { assets } = t.services
    const scope = { organisationIds: [t.basics.orgB.id] }
    expect(await assets.matchTarget('https://scoped.example.gov.cn/', scope)).toBeNull()
    const created = await assets.create(systemContext('test'), {
      organisationId: t.basics.orgB.id,
      type: 'website',
      identifier: 'scoped.example.gov.cn',
      source: 'discovered',
    })
    expect(created.source).toBe('discovered')
    const found = await assets.matchTarget('https://scoped.example.gov.cn/', scope)
    expect(found).toMatchObject({ assetId: created.id, organisationId: t.basics.orgB.id, kind: 'exact' })
    expect(
      await assets.matchTarget('https://scoped.example.gov.cn/', { organisationIds: [t.basics.orgASub.id] }),
    ).toBeNull()
    const tree = { organisationIds: [t.basics.orgA.id], includeSubordinates: true }
    const sub = await assets.create(systemContext('test'), {
      organisationId: t.basics.orgASub.id,
      type: 'website',
      identifier: 'sub.unit.example.gov.cn',
    })
    expect(
      (await assets.matchEndpoint({ host: 'SUB.unit.example.gov.cn', port: 443, scheme: 'https' }, tree))
        ?.assetId,
    ).toBe(sub.id)
    const counts = await assets.countActive([t.basics.orgA.id])
    const own = await assets.countActive([t.basics.orgA.id], { includeSubordinates: false })
    expect(counts.get(t.basics.orgA.id)).toBe(own.get(t.basics.orgA.id)! + 1)
  })

  test('search by any identifier: text, a URL of the asset, an IP inside a registered network', async () => {
    const byUrl = await regulator.get<Page<Asset>>(
      `/api/v1/assets?q=${encodeURIComponent('https://WWW.EXAMPLE.gov.cn:443/portal/index.html')}`,
    )
    expect(byUrl.body.items.map((a) => a.canonical)).toContain('www.example.gov.cn')
    const byIp = await regulator.get<Page<Asset>>('/api/v1/assets?q=198.51.100.130')
    expect(byIp.body.items.map((a) => a.canonical).sort()).toEqual(['198.51.100.0/24', '198.51.100.128/25'])
    const byText = await regulator.get<Page<Asset>>('/api/v1/assets?q=门户')
    expect(byText.body.items.map((a) => a.name)).toEqual(['门户'])
    const filtered = await regulator.get<Page<Asset>>(
      `/api/v1/assets?organisationId=${t.basics.orgB.id}&type=ip`,
    )
    expect(filtered.body.items.every((a) => a.organisationId === t.basics.orgB.id && a.type === 'ip')).toBe(
      true,
    )
    const withSubs = await regulator.get<Page<Asset>>(
      `/api/v1/assets?organisationId=${t.basics.orgA.id}&includeSubordinates=true`,
    )
    expect(withSubs.body.items.some((a) => a.organisationId === t.basics.orgASub.id)).toBe(true)
    const asLiaison = await liaison.get<Page<Asset>>('/api/v1/assets?q=198.51.100')
    expect(asLiaison.body.items.every((a) => a.organisationId === t.basics.orgA.id)).toBe(true)
  })
})

describe('liaison portal and history', () => {
  test('a liaison edits their own assets; another organisation’s are not found; a leader only reads', async () => {
    const mine = await create(liaison, { type: 'cloud', identifier: 'i-bp1example0001', name: '云主机' })
    expect(mine.status).toBe(201)
    const foreign = await create(regulator, {
      organisationId: t.basics.orgB.id,
      type: 'domain',
      identifier: 'tianning.example.gov.cn',
    })
    expect((await liaison.get(`/api/v1/assets/${foreign.body.id}`)).status).toBe(404)
    expect(
      (await liaison.patch(`/api/v1/assets/${foreign.body.id}`, { name: '改', version: 1 })).status,
    ).toBe(404)
    expect((await liaison.post(`/api/v1/assets/${foreign.body.id}/retire`, { version: 1 })).status).toBe(404)
    expect((await liaison.get(`/api/v1/assets/${foreign.body.id}/history`)).status).toBe(404)
    expect(
      (
        await create(liaison, {
          organisationId: t.basics.orgB.id,
          type: 'domain',
          identifier: 'x.example.gov.cn',
        })
      ).status,
    ).toBe(404)
    const other = await t.as('regulator', { regionId: t.basics.otherCity.id })
    expect((await other.get(`/api/v1/assets/${mine.body.id}`)).status).toBe(404)
    const leader = await t.as('org_leader')
    expect((await leader.get(`/api/v1/assets/${mine.body.id}`)).status).toBe(200)
    expect((await leader.patch(`/api/v1/assets/${mine.body.id}`, { name: '改', version: 1 })).status).toBe(
      403,
    )

    const edited = await liaison.patch<Asset>(`/api/v1/assets/${mine.body.id}`, {
      type: 'cloud',
      identifier: 'https://oss.example.gov.cn/bucket',
      version: mine.body.version,
    })
    expect(edited.status).toBe(200)
    expect(edited.body.canonical).toBe('oss.example.gov.cn')
    const moved = await liaison.patch<Asset>(`/api/v1/assets/${mine.body.id}`, {
      organisationId: t.basics.orgASub.id,
      version: edited.body.version,
    })
    expect(moved.body.organisationId).toBe(t.basics.orgASub.id)
    const toForeign = await liaison.patch(`/api/v1/assets/${mine.body.id}`, {
      organisationId: t.basics.orgB.id,
      version: moved.body.version,
    })
    expect(toForeign.status).toBe(400)
    const retired = await liaison.post<Asset>(`/api/v1/assets/${mine.body.id}/retire`, {
      version: moved.body.version,
      reason: '已下线',
    })
    expect(retired.body.status).toBe('retired')
    expect(await t.services.assets.matchTarget('https://oss.example.gov.cn/')).toBeNull()
    const back = await liaison.post<Asset>(`/api/v1/assets/${mine.body.id}/reactivate`, {
      version: retired.body.version,
    })
    expect(back.body.status).toBe('active')
    expect((await t.services.assets.matchTarget('https://oss.example.gov.cn/'))?.assetId).toBe(mine.body.id)

    const history = await liaison.get<Page<{ action: string; summary: Record<string, unknown> }>>(
      `/api/v1/assets/${mine.body.id}/history`,
    )
    expect(history.body.items.map((e) => e.action)).toEqual([
      'asset.reactivated',
      'asset.retired',
      'asset.transferred',
      'asset.updated',
      'asset.created',
    ])
    expect(history.body.items[1]!.summary.reason).toBe('已下线')
  })

  test('retired duplicates say to reactivate; an inactive organisation takes no new assets', async () => {
    const asset = await create(regulator, { type: 'domain', identifier: 'old.example.gov.cn' })
    await regulator.post(`/api/v1/assets/${asset.body.id}/retire`, { version: asset.body.version })
    const again = await create(regulator, { type: 'domain', identifier: 'old.example.gov.cn' })
    expect(again.status).toBe(409)
    expect(again.body.error.message).toMatch(/恢复/)
    const org = await regulator.post<{ id: string; version: number }>('/api/v1/organisations', {
      name: '将停用单位',
      category: 'other',
      regionId: t.basics.city.id,
    })
    await create(regulator, {
      organisationId: org.body.id,
      type: 'domain',
      identifier: 'closing.example.gov.cn',
    })
    expect(await t.services.assets.matchTarget('closing.example.gov.cn')).not.toBeNull()
    await regulator.post(`/api/v1/organisations/${org.body.id}/deactivate`, { version: org.body.version })
    expect(await t.services.assets.matchTarget('closing.example.gov.cn')).toBeNull()
    const refused = await create(regulator, {
      organisationId: org.body.id,
      type: 'domain',
      identifier: 'new.example.gov.cn',
    })
    expect(refused.status).toBe(400)
  })

  test('exports neutralise formula-like cells and keep the filter', async () => {
    await create(liaison, {
      type: 'other',
      identifier: 'cmd-asset',
      name: '=cmd|"/c calc"!A1',
      notes: '+1-2',
    })
    const csv = await liaison.get<string>('/api/v1/assets/export?format=csv&type=other')
    const text = String(csv.body)
    expect(text.startsWith('\ufeff单位名称,统一社会信用代码,资产类型,资产标识')).toBe(true)
    expect(text).toContain(`"'=cmd|""/c calc""!A1"`)
    expect(text).toContain("'+1-2")
    expect(text).not.toContain('tianning')
  })
})
