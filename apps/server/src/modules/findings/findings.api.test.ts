import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { HOUR } from '../../clock'
import { systemContext } from '../../context'
import { createTestPlatform, type TestClient, type TestPlatform } from '../../testing/test-platform'
import { setUpCampaign, type CampaignSetup } from '../campaigns/campaign-test-setup'
import type { TFindingDetail } from './findings.schemas'

type ErrorBody = {
  error: {
    code: string
    message: string
    details?: { path: string; message: string }[] | Record<string, unknown>
  }
}
type Submitted = { finding: TFindingDetail; replayed: boolean }
type Page = {
  items: { id: string; status: string; organisationId: string | null; teamId: string | null }[]
  total: number
  totalCapped: boolean
}

let t: TestPlatform
let s: CampaignSetup
let url: string

const VECTOR_31 = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'
const VECTOR_40 = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N'

beforeAll(async () => {
  t = await createTestPlatform()
  t.clock.set('2022-05-16T02:00:00Z')
  s = await setUpCampaign(t)
  url = `/api/v1/campaigns/${s.campaign.id}/findings`
})
afterAll(async () => {
  await t?.close()
})

let seq = 0
function body(over: Record<string, unknown> = {}) {
  seq++
  return {
    kind: 'vulnerability',
    title: `SQL 注入 ${seq}`,
    descriptionMd: '登录接口存在 SQL 注入。',
    reproductionMd: "1. 打开 /login\n2. 用户名输入 `' or 1=1 --`",
    target: `https://${s.assets.orgAWeb}/login?id=${seq}`,
    cvssVector: VECTOR_31,
    ...over,
  }
}

async function submit(client: TestClient, over: Record<string, unknown> = {}) {
  const res = await client.post<Submitted>(url, body(over))
  if (res.status !== 201) throw new Error(`submit: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body.finding
}

describe('submissions of each kind', () => {
  test('a vulnerability: CVSS v3.1 scored, severity from its band, target matched to the asset and organisation', async () => {
    const f = await submit(s.teamA.tester, {
      cve: ['cve-2021-44228'],
      cwe: 89,
      webshellPaths: ['/var/www/html/shell.php'],
    })
    expect(f).toMatchObject({
      kind: 'vulnerability',
      status: 'submitted',
      cvssVersion: '3.1',
      cvssBase: 9.8,
      severity: 'critical',
      severitySource: 'cvss',
      organisationId: t.basics.orgA.id,
      organisationName: '市教育局',
      teamId: s.teamA.id,
      cve: ['CVE-2021-44228'],
      cwe: 89,
      webshellPaths: ['/var/www/html/shell.php'],
      sourceLevel: 'city',
    })
    expect(f.assetId).not.toBeNull()
    expect(f.timeline).toMatchObject([{ action: 'submit', toStatus: 'submitted' }])
    const audit = await t.services.audit.list({
      action: 'finding.submitted',
      objectId: f.id,
      page: 1,
      pageSize: 5,
    })
    expect(audit.items).toHaveLength(1)
  })

  test('a CVSS v4.0 vector scores too', async () => {
    const f = await submit(s.teamA.tester, { cvssVector: VECTOR_40, target: s.assets.orgAIp })
    expect(f).toMatchObject({
      cvssVersion: '4.0',
      cvssBase: 9.3,
      severity: 'critical',
      organisationId: t.basics.orgA.id,
    })
  })

  test('a malformed vector is refused naming the metric', async () => {
    const res = await s.teamA.tester.post<ErrorBody>(
      url,
      body({ cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:Q' }),
    )
    expect(res.status).toBe(400)
    const [detail] = res.body.error.details as { path: string; message: string }[]
    expect(detail).toMatchObject({ path: 'body.cvssVector' })
    expect(detail!.message).toMatch(/\bA\b/)
    const missing = await s.teamA.tester.post<ErrorBody>(url, body({ cvssVector: 'CVSS:3.1/AV:N/AC:L' }))
    expect(missing.status).toBe(400)
    expect(JSON.stringify(missing.body)).toMatch(/PR/)
  })

  test('a weak password without a vector carries the tester’s severity; on a subordinate unit’s asset it is that unit’s', async () => {
    const f = await submit(s.teamA.tester, {
      kind: 'weak_password',
      title: '后台弱口令 admin/123456',
      target: `http://${s.assets.orgASubWeb}/admin`,
      cvssVector: undefined,
      severity: 'high',
    })
    expect(f).toMatchObject({
      kind: 'weak_password',
      severity: 'high',
      severitySource: 'tester',
      cvssBase: null,
      organisationId: t.basics.orgASub.id,
    })
    const neither = await s.teamA.tester.post<ErrorBody>(url, body({ cvssVector: undefined }))
    expect(neither.status).toBe(400)
    const both = await s.teamA.tester.post<ErrorBody>(url, body({ severity: 'low' }))
    expect(both.status).toBe(400)
  })

  test('an intrusion trace', async () => {
    const f = await submit(s.teamA.tester, {
      kind: 'intrusion_trace',
      title: '发现暗链与 webshell',
      target: `https://${s.assets.orgBWeb}/`,
      cvssVector: undefined,
      severity: 'high',
      webshellPaths: ['/upload/x.jsp', '/upload/y.aspx'],
    })
    expect(f).toMatchObject({
      kind: 'intrusion_trace',
      organisationId: t.basics.orgB.id,
      webshellPaths: ['/upload/x.jsp', '/upload/y.aspx'],
    })
  })

  test('a data leak needs its categories and count; sensitivity defaults from seed 001’s list', async () => {
    const missing = await s.teamA.tester.post<ErrorBody>(
      url,
      body({ kind: 'data_leak', severity: 'high', cvssVector: undefined }),
    )
    expect(missing.status).toBe(400)
    expect((missing.body.error.details as { path: string }[])[0]!.path).toBe('body.dataLeak')
    const f = await submit(s.teamA.tester, {
      kind: 'data_leak',
      title: '学生信息泄露',
      cvssVector: undefined,
      severity: 'high',
      dataLeak: { categories: ['minor', 'specific_identity'], recordCount: 12000 },
    })
    expect(f.dataLeak).toEqual({
      categories: ['minor', 'specific_identity'],
      recordCount: 12000,
      isSensitive: true,
    })
    const plain = await submit(s.teamA.tester, {
      kind: 'data_leak',
      cvssVector: undefined,
      severity: 'medium',
      dataLeak: { categories: ['transaction'], recordCount: 30 },
    })
    expect(plain.dataLeak?.isSensitive).toBe(false)
  })

  test('an unreported asset names its organisation; an unknown target of another kind stays unmatched', async () => {
    const f = await submit(s.teamA.tester, {
      kind: 'unreported_asset',
      title: '未报备的测试系统',
      target: 'http://test-oa.jyj.test.gov.cn:8080/',
      cvssVector: undefined,
      severity: 'low',
      organisationId: t.basics.orgA.id,
    })
    expect(f).toMatchObject({ kind: 'unreported_asset', organisationId: t.basics.orgA.id, assetId: null })
    const without = await s.teamA.tester.post<ErrorBody>(
      url,
      body({ kind: 'unreported_asset', organisationId: undefined }),
    )
    expect(without.status).toBe(400)
    const unmatched = await submit(s.teamA.tester, { target: 'https://unknown.example.org/' })
    expect(unmatched).toMatchObject({ organisationId: null, assetId: null })
    expect(unmatched.timeline[0]?.note).toMatchObject({ unmatched: true })
    const queue = await s.reviewer.get<Page>(`/api/v1/findings?campaignId=${s.campaign.id}&unmatched=true`)
    expect(queue.body.items.map((x) => x.id)).toContain(unmatched.id)
  })

  test('naming another organisation than the asset’s owner is refused; so is an organisation outside the campaign', async () => {
    const wrong = await s.teamA.tester.post<ErrorBody>(url, body({ organisationId: t.basics.orgB.id }))
    expect(wrong.status).toBe(400)
    expect(wrong.body.error.message).toMatch(/市教育局/)
    const outside = await s.teamA.tester.post<ErrorBody>(
      url,
      body({ target: 'https://nobody.example.org', organisationId: t.basics.orgOther.id }),
    )
    expect(outside.status).toBe(400)
  })

  test('a target that is not a host, URL or IP is refused with the reason', async () => {
    const res = await s.teamA.tester.post<ErrorBody>(url, body({ target: 'not a host' }))
    expect(res.status).toBe(400)
    expect((res.body.error.details as { path: string }[])[0]!.path).toBe('body.target')
  })
})

describe('the testing window', () => {
  test('submissions before or after the window are refused with the window in the message', async () => {
    t.clock.advance(6 * 24 * HOUR)
    const after = await t.login(s.teamA.tester.username!)
    const res = await after.post<ErrorBody>(url, body())
    expect(res.status).toBe(409)
    expect(res.body.error.message).toMatch(/检测时间窗口/)
    expect(res.body.error.details).toMatchObject({
      reason: 'outside_testing_window',
      testingStartsAt: s.campaign.testingStartsAt,
    })
    t.clock.advance(-8 * 24 * HOUR)
    const before = await t.login(s.teamA.tester.username!)
    expect((await before.post<ErrorBody>(url, body())).status).toBe(409)
    t.clock.advance(2 * 24 * HOUR)
  })

  test('a draft campaign takes no submissions', async () => {
    const draft = await setUpCampaign(t, { activate: false })
    const res = await draft.teamA.tester.post<ErrorBody>(
      `/api/v1/campaigns/${draft.campaign.id}/findings`,
      body({ target: `https://${draft.assets.orgAWeb}/` }),
    )
    expect(res.status).toBe(409)
    expect(res.body.error.details).toMatchObject({ reason: 'campaign_not_active' })
  })

  test('a team of another campaign cannot submit to this one', async () => {
    const other = await setUpCampaign(t)
    expect((await other.teamA.tester.post(url, body())).status).toBe(404)
  })
})

describe('idempotent submission', () => {
  test('the same Idempotency-Key returns the first finding (200) instead of a second one', async () => {
    const payload = body()
    const key = `key-${Date.now()}-abcdef`
    const first = await s.teamA.tester.request<Submitted>('POST', url, payload, { 'idempotency-key': key })
    expect(first.status).toBe(201)
    const second = await s.teamA.tester.request<Submitted>('POST', url, payload, { 'idempotency-key': key })
    expect(second.status).toBe(200)
    expect(second.body.replayed).toBe(true)
    expect(second.body.finding.id).toBe(first.body.finding.id)
    const changed = await s.teamA.tester.request<ErrorBody>(
      'POST',
      url,
      { ...payload, title: '别的' },
      { 'idempotency-key': key },
    )
    expect(changed.status).toBe(409)
  })

  test('clientRequestId in the body does the same, also for retries racing each other', async () => {
    const payload = body({ clientRequestId: `client-${Date.now()}-race` })
    const results = await Promise.all([1, 2, 3].map(() => s.teamA.tester.post<Submitted>(url, payload)))
    const ids = new Set(results.map((r) => r.body.finding.id))
    expect(ids.size).toBe(1)
    expect(results.filter((r) => r.status === 201)).toHaveLength(1)
    const list = await s.reviewer.get<Page>(
      `/api/v1/findings?campaignId=${s.campaign.id}&q=${encodeURIComponent(payload.title)}`,
    )
    expect(list.body.total).toBe(1)
  })

  test('a key is per user: another tester’s same key is another submission', async () => {
    const key = `shared-${Date.now()}-key`
    const a = await s.teamA.tester.request<Submitted>('POST', url, body(), { 'idempotency-key': key })
    const b = await s.teamA.lead.request<Submitted>('POST', url, body(), { 'idempotency-key': key })
    expect(a.status).toBe(201)
    expect(b.status).toBe(201)
    expect(a.body.finding.id).not.toBe(b.body.finding.id)
  })
})

describe('isolation', () => {
  test('a team never sees another team’s findings', async () => {
    const mine = await submit(s.teamA.tester)
    const theirs = await submit(s.teamB.tester, { target: `https://${s.assets.orgBWeb}/x` })
    expect((await s.teamB.tester.get(`/api/v1/findings/${mine.id}`)).status).toBe(404)
    expect((await s.teamA.tester.get(`/api/v1/findings/${theirs.id}`)).status).toBe(404)
    // The team lead sees the team's findings.
    expect((await s.teamA.lead.get(`/api/v1/findings/${mine.id}`)).status).toBe(200)
    const listB = await s.teamB.tester.get<Page>('/api/v1/findings')
    expect(listB.body.items.every((f) => f.teamId === s.teamB.id)).toBe(true)
    expect(listB.body.items.map((f) => f.id)).toContain(theirs.id)
    // Filtering by another team's id shows nothing either.
    expect((await s.teamB.tester.get<Page>(`/api/v1/findings?teamId=${s.teamA.id}`)).body.total).toBe(0)
    // Nor its comments or evidence.
    expect((await s.teamB.tester.get(`/api/v1/findings/${mine.id}/comments`)).status).toBe(404)
  })

  test('nobody outside the regulator’s side and the team sees unverified findings', async () => {
    const f = await submit(s.teamA.tester)
    const liaison = await t.as('org_liaison', { organisationId: t.basics.orgA.id })
    const leader = await t.as('org_leader', { organisationId: t.basics.orgA.id })
    const otherCity = await t.as('reviewer', { regionId: t.basics.otherCity.id })
    const districtReviewer = await t.as('reviewer', { regionId: t.basics.districtB.id })
    for (const client of [liaison, leader, otherCity, districtReviewer]) {
      expect((await client.get(`/api/v1/findings/${f.id}`)).status).toBe(404)
      expect((await client.get<Page>(`/api/v1/findings?campaignId=${s.campaign.id}`)).body.total).toBe(0)
    }
    expect((await s.retester.get(`/api/v1/findings/${f.id}`)).status).toBe(200)
    expect((await s.regulator.get(`/api/v1/findings/${f.id}`)).status).toBe(200)
  })

  test('a provincial check’s findings on the city’s organisations: the city’s reviewers read them but do not act', async () => {
    const province = await t.as('regulator', { regionId: t.basics.province.id })
    const created = await province.post<{ id: string; version: number }>('/api/v1/campaigns', {
      name: '省级检查',
      year: 2022,
      template: 'wangan-2022-changzhou',
      regionId: t.basics.province.id,
      testingStartsAt: new Date(t.clock.now().getTime() - HOUR).toISOString(),
      testingEndsAt: new Date(t.clock.now().getTime() + 48 * HOUR).toISOString(),
    })
    await province.post(`/api/v1/campaigns/${created.body.id}/targets`, {
      organisationIds: [t.basics.orgA.id],
    })
    const company = await province.post<{ id: string }>('/api/v1/testing-companies', {
      name: `省级支撑单位 ${Date.now()}`,
    })
    const team = await province.post<{ id: string }>(`/api/v1/campaigns/${created.body.id}/teams`, {
      companyId: company.body.id,
      name: '省队',
    })
    const detail = await province.get<{ version: number }>(`/api/v1/campaigns/${created.body.id}`)
    await province.post(`/api/v1/campaigns/${created.body.id}/activate`, { version: detail.body.version })
    const tester = await t.as('tester', { teamId: team.body.id })
    const res = await tester.post<Submitted>(
      `/api/v1/campaigns/${created.body.id}/findings`,
      body({ sourceLevel: 'province' }),
    )
    expect(res.status).toBe(201)
    const f = res.body.finding
    expect(f).toMatchObject({ organisationId: t.basics.orgA.id, sourceLevel: 'province' })
    const queue = await s.reviewer.get<Page>(`/api/v1/findings?campaignId=${created.body.id}`)
    expect(queue.body.items.map((x) => x.id)).toEqual([f.id])
    const seen = await s.reviewer.get<TFindingDetail>(`/api/v1/findings/${f.id}`)
    expect(seen.body.availableActions).toEqual([])
    expect((await s.reviewer.post(`/api/v1/findings/${f.id}/verify`, { version: f.version })).status).toBe(
      403,
    )
    // Another city's reviewer sees neither.
    const other = await t.as('reviewer', { regionId: t.basics.otherCity.id })
    expect((await other.get<Page>(`/api/v1/findings?campaignId=${created.body.id}`)).body.total).toBe(0)
  })

  test('an organisation sees its findings from the notice on, without the team and the internal timeline', async () => {
    const f = await submit(s.teamA.tester)
    const verified = await s.reviewer.post<TFindingDetail>(`/api/v1/findings/${f.id}/verify`, {
      version: f.version,
    })
    expect(verified.status).toBe(200)
    const liaison = await t.as('org_liaison', { organisationId: t.basics.orgA.id })
    expect((await liaison.get(`/api/v1/findings/${f.id}`)).status).toBe(404)
    await t.services.findings.transition(systemContext('notifications'), f.id, 'notify', {})
    const seen = await liaison.get<TFindingDetail>(`/api/v1/findings/${f.id}`)
    expect(seen.status).toBe(200)
    expect(seen.body).toMatchObject({ status: 'notified', teamId: null, teamName: null })
    expect(seen.body.timeline.map((e) => e.action)).toEqual(['notify'])
    expect(seen.body.availableActions.sort()).toEqual(['appeal', 'submit_rectification'])
    // The liaison of a subordinate unit does not see its parent's findings; another organisation sees nothing.
    const sub = await t.as('org_liaison', { organisationId: t.basics.orgASub.id })
    expect((await sub.get(`/api/v1/findings/${f.id}`)).status).toBe(404)
    const orgB = await t.as('org_liaison', { organisationId: t.basics.orgB.id })
    expect((await orgB.get(`/api/v1/findings/${f.id}`)).status).toBe(404)
    // Comments stay between the reviewers and the team.
    expect((await liaison.get(`/api/v1/findings/${f.id}/comments`)).status).toBe(403)
  })
})

describe('review', () => {
  test('verify, reject with a reason, withdraw a verified one; every step on the timeline and audited', async () => {
    const a = await submit(s.teamA.tester)
    const verified = await s.reviewer.post<TFindingDetail>(`/api/v1/findings/${a.id}/verify`, {
      version: a.version,
      severity: 'high',
      severityReason: '需要登录后才能利用',
    })
    expect(verified.body).toMatchObject({
      status: 'verified',
      severity: 'high',
      severitySource: 'reviewer',
      severityReason: '需要登录后才能利用',
    })
    expect(verified.body.timeline.map((e) => e.action)).toEqual(['submit', 'verify'])
    const b = await submit(s.teamA.tester)
    const noReason = await s.reviewer.post<ErrorBody>(`/api/v1/findings/${b.id}/reject`, {
      version: b.version,
      reason: '',
    })
    expect(noReason.status).toBe(400)
    const rejected = await s.reviewer.post<TFindingDetail>(`/api/v1/findings/${b.id}/reject`, {
      version: b.version,
      reason: '无法复现',
    })
    expect(rejected.body.status).toBe('rejected')
    expect(rejected.body.timeline.at(-1)?.note).toEqual({ reason: '无法复现' })
    const withdrawn = await s.reviewer.post<TFindingDetail>(`/api/v1/findings/${a.id}/withdraw`, {
      version: verified.body.version,
      reason: '复核为误报',
    })
    expect(withdrawn.body.status).toBe('withdrawn')
    const audit = await t.services.audit.list({
      objectType: 'finding',
      objectId: a.id,
      page: 1,
      pageSize: 10,
    })
    expect(audit.items.map((e) => e.action).sort()).toEqual([
      'finding.submitted',
      'finding.verify',
      'finding.withdraw',
    ])
    // The team sees the outcome and the reason.
    const seen = await s.teamA.tester.get<TFindingDetail>(`/api/v1/findings/${b.id}`)
    expect(seen.body.timeline.at(-1)).toMatchObject({ action: 'reject', note: { reason: '无法复现' } })
  })

  test('a finding without an organisation is verified only with one of the campaign’s targets', async () => {
    const f = await submit(s.teamA.tester, { target: 'https://ghost.example.net/' })
    const res = await s.reviewer.post<ErrorBody>(`/api/v1/findings/${f.id}/verify`, { version: f.version })
    expect(res.status).toBe(400)
    const outside = await s.reviewer.post<ErrorBody>(`/api/v1/findings/${f.id}/verify`, {
      version: f.version,
      organisationId: t.basics.orgOther.id,
    })
    expect(outside.status).toBe(400)
    const ok = await s.reviewer.post<TFindingDetail>(`/api/v1/findings/${f.id}/verify`, {
      version: f.version,
      organisationId: t.basics.orgB.id,
    })
    expect(ok.body).toMatchObject({ status: 'verified', organisationId: t.basics.orgB.id })
  })

  test('severity adjustments need a reason and appear on the timeline', async () => {
    const f = await submit(s.teamA.tester)
    const res = await s.reviewer.post<TFindingDetail>(`/api/v1/findings/${f.id}/severity`, {
      version: f.version,
      severity: 'medium',
      reason: '仅内网可达',
    })
    expect(res.body).toMatchObject({ severity: 'medium', severitySource: 'reviewer', cvssBase: 9.8 })
    expect(res.body.timeline.at(-1)).toMatchObject({
      action: 'adjust_severity',
      note: { severity: ['critical', 'medium'] },
    })
    const same = await s.reviewer.post<ErrorBody>(`/api/v1/findings/${f.id}/severity`, {
      version: res.body.version,
      severity: 'medium',
      reason: 'x',
    })
    expect(same.status).toBe(400)
  })

  test('comments are shared between the reviewers and the team', async () => {
    const f = await submit(s.teamA.tester)
    await s.reviewer.post(`/api/v1/findings/${f.id}/comments`, { body: '请补充复现截图' })
    const reply = await s.teamA.tester.post<{ body: string; authorRole: string }[]>(
      `/api/v1/findings/${f.id}/comments`,
      { body: '已补充' },
    )
    expect(reply.body.map((c) => [c.authorRole, c.body])).toEqual([
      ['reviewer', '请补充复现截图'],
      ['tester', '已补充'],
    ])
  })
})

describe('duplicates', () => {
  test('the same organisation, asset and CVE is proposed; the earlier finding keeps the credit', async () => {
    const first = await submit(s.teamA.tester, { cve: ['CVE-2017-5638'], title: 'Struts2 S2-045' })
    t.clock.advance(60_000)
    const later = await submit(s.teamB.tester, {
      cve: ['CVE-2017-5638'],
      title: 'Apache Struts 远程代码执行',
      target: `https://${s.assets.orgAWeb}/index.action`,
    })
    // The team is not told about another team's finding; the reviewers are.
    expect(later.possibleDuplicateOfId).toBeNull()
    expect(JSON.stringify(later.timeline)).not.toContain(first.id)
    const asReviewer = await s.reviewer.get<TFindingDetail>(`/api/v1/findings/${later.id}`)
    expect(asReviewer.body.possibleDuplicateOfId).toBe(first.id)
    const candidates = await s.reviewer.get<{ id: string; reasons: string[] }[]>(
      `/api/v1/findings/${later.id}/duplicate-candidates`,
    )
    expect(candidates.body[0]).toMatchObject({ id: first.id, reasons: ['cve'] })
    const wrongWay = await s.reviewer.post<ErrorBody>(`/api/v1/findings/${first.id}/mark-duplicate`, {
      version: first.version,
      duplicateOfId: later.id,
    })
    expect(wrongWay.status).toBe(400)
    const marked = await s.reviewer.post<TFindingDetail>(`/api/v1/findings/${later.id}/mark-duplicate`, {
      version: later.version,
      duplicateOfId: first.id,
      reason: '同一漏洞',
    })
    expect(marked.body).toMatchObject({ status: 'duplicate', duplicateOfId: first.id })
    const queue = await s.reviewer.get<Page>(
      `/api/v1/findings?campaignId=${s.campaign.id}&possibleDuplicate=true&status=duplicate`,
    )
    expect(queue.body.items.map((x) => x.id)).toContain(later.id)
  })

  test('the same normalised title at the same location is proposed too', async () => {
    const first = await submit(s.teamA.tester, {
      title: 'XSS - 搜索框',
      target: `https://${s.assets.orgBWeb}/search/`,
    })
    t.clock.advance(60_000)
    const later = await submit(s.teamB.tester, {
      title: 'xss（搜索框）',
      target: `${s.assets.orgBWeb}/search`,
    })
    const unrelated = await submit(s.teamB.tester, {
      title: 'xss（搜索框）',
      target: `${s.assets.orgBWeb}/other`,
    })
    const proposed = async (id: string) =>
      (await s.reviewer.get<TFindingDetail>(`/api/v1/findings/${id}`)).body.possibleDuplicateOfId
    expect(await proposed(later.id)).toBe(first.id)
    expect(await proposed(unrelated.id)).toBeNull()
  })

  test('a rejected finding is no original', async () => {
    const first = await submit(s.teamA.tester, { cve: ['CVE-2019-0708'] })
    await s.reviewer.post(`/api/v1/findings/${first.id}/reject`, { version: first.version, reason: '误报' })
    t.clock.advance(60_000)
    const later = await submit(s.teamB.tester, {
      cve: ['CVE-2019-0708'],
      target: `https://${s.assets.orgAWeb}/`,
    })
    expect(
      (await s.reviewer.get<TFindingDetail>(`/api/v1/findings/${later.id}`)).body.possibleDuplicateOfId,
    ).toBeNull()
    const res = await s.reviewer.post<ErrorBody>(`/api/v1/findings/${later.id}/mark-duplicate`, {
      version: later.version,
      duplicateOfId: first.id,
    })
    expect(res.status).toBe(400)
  })
})

describe('the state machine through the API', () => {
  test('illegal transitions are refused with ILLEGAL_TRANSITION naming the state and the action', async () => {
    const f = await submit(s.teamA.tester)
    const v = await s.reviewer.post<TFindingDetail>(`/api/v1/findings/${f.id}/verify`, { version: f.version })
    const again = await s.reviewer.post<ErrorBody>(`/api/v1/findings/${f.id}/verify`, {
      version: v.body.version,
    })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('ILLEGAL_TRANSITION')
    expect(again.body.error.message).toMatch(/verified/)
    expect(again.body.error.message).toMatch(/verify/)
    const reject = await s.reviewer.post<ErrorBody>(`/api/v1/findings/${f.id}/reject`, {
      version: v.body.version,
      reason: 'x',
    })
    expect(reject.body.error.code).toBe('ILLEGAL_TRANSITION')
  })

  test('the later steps run through the same machine: notify, rectify, re-test, appeal', async () => {
    const f = await submit(s.teamA.tester)
    await s.reviewer.post(`/api/v1/findings/${f.id}/verify`, { version: f.version })
    const system = systemContext('notifications')
    const issued = t.clock.now()
    await t.services.findings.transition(system, f.id, 'notify', { notifiedAt: issued })
    t.clock.advance(20 * HOUR)
    const report = t.clock.now()
    await t.services.findings.transition(system, f.id, 'submit_rectification', { submittedAt: report })
    t.clock.advance(5 * HOUR)
    const returned = await t.services.findings.transition(system, f.id, 'retest_not_fixed', {
      reason: '仍可注入',
    })
    expect(returned.status).toBe('returned')
    await t.services.findings.transition(system, f.id, 'submit_rectification', {})
    const fixed = await t.services.findings.transition(system, f.id, 'retest_fixed', {})
    expect(fixed.status).toBe('fixed')
    // Back to the time the sessions of this file live in (they time out after 30 idle minutes).
    t.clock.set(issued)
    const detail = await s.reviewer.get<TFindingDetail>(`/api/v1/findings/${f.id}`)
    expect(detail.body).toMatchObject({
      status: 'fixed',
      notFixedRetests: 1,
      notifiedAt: issued.toISOString(),
    })
    expect(detail.body.timeline.map((e) => e.action)).toEqual([
      'submit',
      'verify',
      'notify',
      'submit_rectification',
      'retest_not_fixed',
      'submit_rectification',
      'retest_fixed',
    ])
    // A fixed finding takes nothing more.
    const none = await s.reviewer.post<ErrorBody>(`/api/v1/findings/${f.id}/withdraw`, {
      version: detail.body.version,
      reason: 'x',
    })
    expect(none.body.error.code).toBe('ILLEGAL_TRANSITION')
  })

  test('an organisation appeals; granting the appeal withdraws the finding; a team cannot take these steps', async () => {
    const f = await submit(s.teamA.tester)
    await s.reviewer.post(`/api/v1/findings/${f.id}/verify`, { version: f.version })
    await t.services.findings.transition(systemContext('notifications'), f.id, 'notify', {})
    const orgA = t.basics.orgA
    const liaison = {
      ...systemContext('test'),
      actor: {
        userId: s.teamA.tester.userId!,
        username: 'liaison',
        displayName: '联络员',
        role: 'org_liaison' as const,
        regionId: null,
        regionPath: null,
        organisationId: orgA.id,
        organisationPath: `/${orgA.id}/`,
        teamId: null,
      },
    }
    const appealed = await t.services.findings.transition(liaison, f.id, 'appeal', {
      reason: '该系统已于去年下线，非我单位资产',
      ground: 'not_our_asset',
    })
    expect(appealed.status).toBe('notified')
    const pending = await s.reviewer.get<TFindingDetail>(`/api/v1/findings/${f.id}`)
    expect(pending.body.appeal).toBe('pending')
    expect(pending.body.availableActions.sort()).toEqual(['uphold_appeal', 'withdraw'])
    const granted = await s.reviewer.post<TFindingDetail>(`/api/v1/findings/${f.id}/withdraw`, {
      version: pending.body.version,
      reason: '申诉成立',
    })
    expect(granted.body).toMatchObject({ status: 'withdrawn', appeal: 'granted' })
    const team = {
      ...liaison,
      actor: {
        ...liaison.actor,
        role: 'tester' as const,
        organisationId: null,
        organisationPath: null,
        teamId: s.teamA.id,
      },
    }
    await expect(
      t.services.findings.transition(team, f.id, 'appeal', { reason: 'x', ground: 'other' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })

  test('two reviewers acting on one finding at once: one wins, the other gets 409 CONFLICT', async () => {
    const f = await submit(s.teamA.tester)
    const [a, b] = await Promise.all([
      s.reviewer.post<ErrorBody>(`/api/v1/findings/${f.id}/verify`, { version: f.version }),
      s.reviewer2.post<ErrorBody>(`/api/v1/findings/${f.id}/reject`, {
        version: f.version,
        reason: '重复提交',
      }),
    ])
    expect([a.status, b.status].sort()).toEqual([200, 409])
    const loser = a.status === 409 ? a : b
    expect(loser.body.error.code).toBe('CONFLICT')
    const detail = await s.reviewer.get<TFindingDetail>(`/api/v1/findings/${f.id}`)
    expect(detail.body.timeline).toHaveLength(2)
    expect(detail.body.version).toBe(f.version + 1)
  })

  test('a reviewer of another city cannot act (404), a tester cannot review (403)', async () => {
    const f = await submit(s.teamA.tester)
    const other = await t.as('reviewer', { regionId: t.basics.otherCity.id })
    expect((await other.post(`/api/v1/findings/${f.id}/verify`, { version: f.version })).status).toBe(404)
    expect(
      (await s.teamA.tester.post(`/api/v1/findings/${f.id}/verify`, { version: f.version })).status,
    ).toBe(403)
  })
})

describe('evidence', () => {
  const PNG = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  )

  async function upload(
    client: TestClient,
    id: string,
    name: string,
    content: Buffer,
    type = 'application/octet-stream',
  ) {
    const boundary = '----wangan-test-boundary'
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`,
      ),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ])
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/findings/${id}/evidence`,
      headers: {
        cookie: client.cookie!,
        'x-csrf-token': client.csrfToken!,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      payload,
    })
    return { status: response.statusCode, body: JSON.parse(response.body) as TFindingDetail & ErrorBody }
  }

  test('the team attaches a screenshot and a HAR; HTML is refused; the file is readable by who may read the finding', async () => {
    const f = await submit(s.teamA.tester)
    const png = await upload(s.teamA.tester, f.id, 'shot.png', PNG)
    expect(png.status).toBe(200)
    expect(png.body.evidence).toMatchObject([{ originalName: 'shot.png', mediaType: 'image/png' }])
    const har = await upload(
      s.teamA.tester,
      f.id,
      'req.har',
      Buffer.from(JSON.stringify({ log: { version: '1.2', entries: [] } })),
    )
    expect(har.body.evidence[1]).toMatchObject({ mediaType: 'application/har+json' })
    const html = await upload(
      s.teamA.tester,
      f.id,
      'x.png',
      Buffer.from('<html><script>alert(1)</script></html>'),
    )
    expect(html.status).toBe(415)
    const evidenceId = png.body.evidence[0]!.id
    const asReviewer = await t.app.inject({
      method: 'GET',
      url: `/api/v1/findings/${f.id}/evidence/${evidenceId}`,
      headers: { cookie: s.reviewer.cookie! },
    })
    expect(asReviewer.statusCode).toBe(200)
    expect(asReviewer.rawPayload.equals(PNG)).toBe(true)
    expect(asReviewer.headers['x-content-type-options']).toBe('nosniff')
    expect((await s.teamB.tester.get(`/api/v1/findings/${f.id}/evidence/${evidenceId}`)).status).toBe(404)
    // Another team cannot attach, and nothing is stored for it.
    expect((await upload(s.teamB.tester, f.id, 'y.png', PNG)).status).toBe(404)
    // After review the evidence is frozen.
    await s.reviewer.post(`/api/v1/findings/${f.id}/verify`, { version: f.version })
    expect((await upload(s.teamA.tester, f.id, 'late.png', PNG)).status).toBe(409)
  })
})

describe('the review queue', () => {
  test('filters by status, kind and severity, newest first, with a counted total', async () => {
    const page = await s.reviewer.get<Page>(
      `/api/v1/findings?campaignId=${s.campaign.id}&status=submitted&kind=vulnerability,weak_password&severity=critical,high&pageSize=5`,
    )
    expect(page.status).toBe(200)
    expect(page.body.items.length).toBeLessThanOrEqual(5)
    expect(page.body.items.every((f) => f.status === 'submitted')).toBe(true)
    expect(page.body.totalCapped).toBe(false)
    expect(page.body.total).toBeGreaterThan(5)
    const bad = await s.reviewer.get<ErrorBody>('/api/v1/findings?status=nonsense')
    expect(bad.status).toBe(400)
  })
})
