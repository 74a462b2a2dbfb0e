import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { eq } from 'drizzle-orm'
import { HOUR } from '../../clock'
import { users } from '../../db/schema'
import { createTestPlatform, type TestClient, type TestPlatform } from '../../testing/test-platform'
import { setUpCampaign, type CampaignSetup } from './campaign-test-setup'
import type { TCampaignBoard, TCampaignDetail, TCampaignTarget } from './campaigns.schemas'

type ErrorBody = { error: { code: string; message: string; details?: { path: string; message: string }[] } }
type Team = {
  id: string
  name: string
  leadUserId: string | null
  members: { id: string; username: string; role: string }[]
  campaignTargetIds: string[]
  version: number
}

let t: TestPlatform
let regulator: TestClient
let s: CampaignSetup
const DAY = 24 * HOUR

async function userRow(id: string) {
  const [row] = await t.services.database.db.select().from(users).where(eq(users.id, id))
  return row!
}

beforeAll(async () => {
  t = await createTestPlatform()
  t.clock.set('2022-05-10T02:00:00Z')
  regulator = await t.as('regulator')
  s = await setUpCampaign(t)
})
afterAll(async () => {
  await t?.close()
})

describe('a campaign from a template', () => {
  test('the templates carry the phases of seeds 000 and 001 for the year asked', async () => {
    const res = await regulator.get<
      { id: string; phases: { kind: string; startsAt: string | null; endsAt: string }[] }[]
    >('/api/v1/campaign-templates?year=2022')
    expect(res.status).toBe(200)
    const changzhou = res.body.find((x) => x.id === 'wangan-2022-changzhou')!
    expect(changzhou.phases.map((p) => p.kind)).toEqual([
      'asset_census',
      'self_inspection',
      'testing',
      'rectification',
      'retest',
      'summary',
    ])
    // 2022年5月16日零时至5月20日24时 (Beijing time)
    expect(changzhou.phases[2]).toMatchObject({
      startsAt: '2022-05-15T16:00:00.000Z',
      endsAt: '2022-05-20T16:00:00.000Z',
    })
    const yixing = res.body.find((x) => x.id === 'wangan-2021-yixing')!
    // 3月31日前完成资产普查
    expect(yixing.phases[0]).toMatchObject({
      kind: 'asset_census',
      startsAt: null,
      endsAt: '2022-03-31T16:00:00.000Z',
    })
  })

  test('creating with the template’s dates, its standards and the regulator’s region', async () => {
    const res = await regulator.post<TCampaignDetail>('/api/v1/campaigns', {
      name: '网安2022常州行动',
      year: 2022,
      template: 'wangan-2022-changzhou',
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      status: 'draft',
      regionId: t.basics.city.id,
      regionName: '测试市',
      unitStandardId: 'changzhou-2022',
      teamStandardId: 'yixing-2021-teams',
      testingStartsAt: '2022-05-15T16:00:00.000Z',
      testingEndsAt: '2022-05-20T16:00:00.000Z',
      isTestingOpen: false,
      canManage: true,
      canSubmit: false,
      targetCount: 0,
    })
    expect(res.body.phases).toHaveLength(6)
    expect(
      res.body.phases.every(
        (p) => p.state === 'upcoming' || p.kind === 'asset_census' || p.kind === 'self_inspection',
      ),
    ).toBe(true)
    const audit = await t.services.audit.list({
      action: 'campaign.created',
      objectId: res.body.id,
      page: 1,
      pageSize: 5,
    })
    expect(audit.items).toHaveLength(1)
  })

  test('another testing window moves every phase by the same amount', async () => {
    const res = await regulator.post<TCampaignDetail>('/api/v1/campaigns', {
      name: '窗口平移',
      year: 2022,
      template: 'wangan-2022-changzhou',
      testingStartsAt: '2022-06-06T00:00:00+08:00',
      testingEndsAt: '2022-06-09T00:00:00+08:00',
    })
    expect(res.status).toBe(201)
    const phases = Object.fromEntries(res.body.phases.map((p) => [p.kind, p]))
    expect(phases.testing).toMatchObject({
      startsAt: '2022-06-05T16:00:00.000Z',
      endsAt: '2022-06-08T16:00:00.000Z',
    })
    // 21 days later than 5月16日: the summary (6月1日–6月30日) moves the same 21 days.
    expect(phases.summary).toMatchObject({
      startsAt: '2022-06-21T16:00:00.000Z',
      endsAt: '2022-07-21T16:00:00.000Z',
    })
  })

  test('unknown templates, standards and bad parameters are refused naming the field', async () => {
    const bad = await regulator.post<ErrorBody>('/api/v1/campaigns', {
      name: 'x',
      year: 2022,
      template: 'nope',
    })
    expect(bad.status).toBe(400)
    expect(bad.body.error.details?.[0]?.path).toBe('body.template')
    const standard = await regulator.post<ErrorBody>('/api/v1/campaigns', {
      name: 'x',
      year: 2022,
      template: 'wangan-2021-yixing',
      unitStandardId: 'yixing-2021-teams',
      teamStandardParams: { nonsense: 1 },
    })
    expect(standard.status).toBe(400)
    const paths = standard.body.error.details!.map((d) => d.path)
    expect(paths).toContain('body.unitStandardId')
    expect(paths).toContain('body.teamStandardParams.nonsense')
    const window = await regulator.post<ErrorBody>('/api/v1/campaigns', {
      name: 'x',
      year: 2022,
      template: 'wangan-2021-yixing',
      testingStartsAt: '2022-04-21T00:00:00+08:00',
    })
    expect(window.status).toBe(400)
  })

  test('a regulator cannot create a campaign for another city', async () => {
    const res = await regulator.post<ErrorBody>('/api/v1/campaigns', {
      name: '越权',
      year: 2022,
      template: 'wangan-2021-yixing',
      regionId: t.basics.otherCity.id,
    })
    expect(res.status).toBe(400)
    expect(res.body.error.details?.[0]?.path).toBe('body.regionId')
  })
})

describe('targets, status and phases', () => {
  let id: string
  beforeAll(async () => {
    const res = await regulator.post<TCampaignDetail>('/api/v1/campaigns', {
      name: '目标测试',
      year: 2022,
      template: 'wangan-2022-changzhou',
    })
    id = res.body.id
  })

  test('a campaign starts only with targets', async () => {
    const detail = await regulator.get<TCampaignDetail>(`/api/v1/campaigns/${id}`)
    const res = await regulator.post<ErrorBody>(`/api/v1/campaigns/${id}/activate`, {
      version: detail.body.version,
    })
    expect(res.status).toBe(409)
    expect(res.body.error.message).toMatch(/被检测单位/)
  })

  test('targets are snapshotted from the registry; organisations outside the region are refused', async () => {
    const res = await regulator.post<{ added: number }>(`/api/v1/campaigns/${id}/targets`, {
      organisationIds: [t.basics.orgA.id, t.basics.orgB.id, t.basics.orgA.id],
    })
    expect(res.body).toEqual({ added: 2, alreadyTargets: 0 })
    const again = await regulator.post<{ added: number }>(`/api/v1/campaigns/${id}/targets`, {
      organisationIds: [t.basics.orgA.id],
    })
    expect(again.body).toEqual({ added: 0, alreadyTargets: 1 })
    const outside = await regulator.post<ErrorBody>(`/api/v1/campaigns/${id}/targets`, {
      organisationIds: [t.basics.orgOther.id],
    })
    expect(outside.status).toBe(400)
    expect(outside.body.error.details?.[0]?.path).toBe('body.organisationIds[0]')
    const targets = await regulator.get<TCampaignTarget[]>(`/api/v1/campaigns/${id}/targets`)
    expect(targets.body.map((x) => x.organisationName).sort()).toEqual(['天宁区', '市教育局'])
    expect(targets.body.find((x) => x.organisationId === t.basics.orgB.id)?.organisationCategory).toBe(
      'district',
    )
  })

  test('a target without findings can be removed', async () => {
    const targets = await regulator.get<TCampaignTarget[]>(`/api/v1/campaigns/${id}/targets`)
    const orgB = targets.body.find((x) => x.organisationId === t.basics.orgB.id)!
    expect((await regulator.delete(`/api/v1/campaigns/${id}/targets/${orgB.id}`)).status).toBe(200)
    expect((await regulator.get<TCampaignTarget[]>(`/api/v1/campaigns/${id}/targets`)).body).toHaveLength(1)
  })

  test('draft → active → closed, with stale versions refused and no way back', async () => {
    const detail = await regulator.get<TCampaignDetail>(`/api/v1/campaigns/${id}`)
    const stale = await regulator.post<ErrorBody>(`/api/v1/campaigns/${id}/activate`, {
      version: detail.body.version - 1,
    })
    expect(stale.status).toBe(409)
    expect(stale.body.error.code).toBe('CONFLICT')
    const active = await regulator.post<TCampaignDetail>(`/api/v1/campaigns/${id}/activate`, {
      version: detail.body.version,
    })
    expect(active.body.status).toBe('active')
    const twice = await regulator.post<ErrorBody>(`/api/v1/campaigns/${id}/activate`, {
      version: active.body.version,
    })
    expect(twice.body.error.code).toBe('ILLEGAL_TRANSITION')
    const closed = await regulator.post<TCampaignDetail>(`/api/v1/campaigns/${id}/close`, {
      version: active.body.version,
    })
    expect(closed.body.status).toBe('closed')
    const edit = await regulator.patch<ErrorBody>(`/api/v1/campaigns/${id}`, {
      name: '改名',
      version: closed.body.version,
    })
    expect(edit.status).toBe(409)
  })

  test('moving the testing phase moves the testing window; a deadline before its start is refused', async () => {
    const res = await regulator.post<TCampaignDetail>('/api/v1/campaigns', {
      name: '阶段调整',
      year: 2022,
      template: 'wangan-2022-changzhou',
    })
    const testing = res.body.phases.find((p) => p.kind === 'testing')!
    const moved = await regulator.patch<TCampaignDetail>(
      `/api/v1/campaigns/${res.body.id}/phases/${testing.id}`,
      {
        endsAt: '2022-05-22T00:00:00+08:00',
        version: testing.version,
      },
    )
    expect(moved.status).toBe(200)
    expect(moved.body.testingEndsAt).toBe('2022-05-21T16:00:00.000Z')
    const bad = await regulator.patch<ErrorBody>(`/api/v1/campaigns/${res.body.id}/phases/${testing.id}`, {
      endsAt: '2022-05-01T00:00:00+08:00',
      version: testing.version + 1,
    })
    expect(bad.status).toBe(400)
    expect(bad.body.error.details?.[0]?.path).toBe('body.endsAt')
  })
})

describe('the status board', () => {
  test('phases with their state at the clock’s time and the figures of each', async () => {
    const res = await s.reviewer.get<TCampaignBoard>(`/api/v1/campaigns/${s.campaign.id}/board`)
    expect(res.status).toBe(200)
    const testing = res.body.phases.find((p) => p.kind === 'testing')!
    expect(testing.state).toBe('open')
    expect(testing.figures.find((f) => f.key === 'teams')?.value).toBe(2)
    expect(res.body.phases.find((p) => p.kind === 'summary')?.state).toBe('upcoming')
  })
})

describe('testing companies and teams', () => {
  test('the roster normalises 附件3 phone numbers and refuses duplicates and nonsense', async () => {
    const created = await regulator.post<{ contactPhone: string; id: string }>('/api/v1/testing-companies', {
      name: '江苏骏安信息测评认证有限公司',
      contactName: '许晓晨',
      contactPhone: '1510617 9570',
    })
    expect(created.status).toBe(201)
    expect(created.body.contactPhone).toBe('15106179570')
    const dup = await regulator.post<ErrorBody>('/api/v1/testing-companies', {
      name: '江苏骏安信息测评认证有限公司',
    })
    expect(dup.status).toBe(409)
    const phone = await regulator.post<ErrorBody>('/api/v1/testing-companies', {
      name: '某公司',
      contactPhone: '12345',
    })
    expect(phone.status).toBe(400)
    expect(phone.body.error.details?.[0]?.path).toBe('body.contactPhone')
    const other = await t.as('regulator', { regionId: t.basics.otherCity.id })
    const list = await other.get<{ items: { id: string }[] }>('/api/v1/testing-companies')
    expect(list.body.items.map((c) => c.id)).not.toContain(created.body.id)
    expect(
      (await other.patch(`/api/v1/testing-companies/${created.body.id}`, { name: 'x', version: 1 })).status,
    ).toBe(404)
  })

  test('the regulator invites members; the first team lead leads; the password is shown once and must be changed', async () => {
    const invited = await s.regulator.post<{ member: { id: string; role: string }; initialPassword: string }>(
      `/api/v1/teams/${s.teamB.id}/members`,
      {
        username: `lead-b-${Date.now().toString(36)}`,
        displayName: '二队队长',
        role: 'team_lead',
        mobile: '13912345678',
      },
    )
    expect(invited.status).toBe(201)
    expect(invited.body.initialPassword.length).toBeGreaterThanOrEqual(12)
    const team = await s.regulator.get<Team>(`/api/v1/teams/${s.teamB.id}`)
    expect(team.body.leadUserId).toBe(invited.body.member.id)
    const user = await userRow(invited.body.member.id)
    expect(user).toMatchObject({ mustChangePassword: true, teamId: s.teamB.id, role: 'team_lead' })
    // Removing a member disables the account and leaves the team without a lead.
    const removed = await s.regulator.delete<Team>(
      `/api/v1/teams/${s.teamB.id}/members/${invited.body.member.id}`,
    )
    expect(removed.body.leadUserId).toBeNull()
    expect((await userRow(invited.body.member.id)).isDisabled).toBe(true)
  })

  test('a team sees only itself; other cities’ regulators see nothing of it', async () => {
    const mine = await s.teamA.tester.get<Team[]>(`/api/v1/campaigns/${s.campaign.id}/teams`)
    expect(mine.body.map((x) => x.id)).toEqual([s.teamA.id])
    expect((await s.teamA.tester.get(`/api/v1/teams/${s.teamB.id}`)).status).toBe(404)
    const all = await s.reviewer.get<Team[]>(`/api/v1/campaigns/${s.campaign.id}/teams`)
    expect(all.body).toHaveLength(2)
    const other = await t.as('regulator', { regionId: t.basics.otherCity.id })
    expect((await other.get(`/api/v1/campaigns/${s.campaign.id}`)).status).toBe(404)
    expect((await other.get(`/api/v1/teams/${s.teamA.id}`)).status).toBe(404)
    expect(
      (
        await other.post(`/api/v1/teams/${s.teamA.id}/members`, {
          username: 'intruder',
          displayName: 'x',
          role: 'tester',
        })
      ).status,
    ).toBe(404)
  })

  test('targets assigned to a team are the ones it sees; unknown targets are refused', async () => {
    const targets = await s.regulator.get<TCampaignTarget[]>(`/api/v1/campaigns/${s.campaign.id}/targets`)
    const orgB = targets.body.find((x) => x.organisationId === t.basics.orgB.id)!
    const team = await s.regulator.get<Team>(`/api/v1/teams/${s.teamB.id}`)
    const assigned = await s.regulator.put<Team>(`/api/v1/teams/${s.teamB.id}/targets`, {
      campaignTargetIds: [orgB.id],
      version: team.body.version,
    })
    expect(assigned.status).toBe(200)
    expect(assigned.body.campaignTargetIds).toEqual([orgB.id])
    const seen = await s.teamB.tester.get<TCampaignTarget[]>(`/api/v1/campaigns/${s.campaign.id}/targets`)
    expect(seen.body.map((x) => x.organisationId)).toEqual([t.basics.orgB.id])
    const bad = await s.regulator.put<ErrorBody>(`/api/v1/teams/${s.teamB.id}/targets`, {
      campaignTargetIds: [t.basics.orgA.id],
      version: assigned.body.version,
    })
    expect(bad.status).toBe(400)
    // Clear it again for the other tests.
    await s.regulator.put(`/api/v1/teams/${s.teamB.id}/targets`, {
      campaignTargetIds: [],
      version: assigned.body.version,
    })
  })

  test('an organisation sees the campaigns it is a target of, and only its own target row', async () => {
    const liaison = await t.as('org_liaison', { organisationId: t.basics.orgA.id })
    const list = await liaison.get<{ items: { id: string }[] }>('/api/v1/campaigns')
    expect(list.body.items.map((c) => c.id)).toContain(s.campaign.id)
    const targets = await liaison.get<TCampaignTarget[]>(`/api/v1/campaigns/${s.campaign.id}/targets`)
    expect(targets.body.map((x) => x.organisationId)).toEqual([t.basics.orgA.id])
    const outsider = await t.as('org_liaison', { organisationId: t.basics.orgOther.id })
    expect((await outsider.get(`/api/v1/campaigns/${s.campaign.id}`)).status).toBe(404)
  })

  test('a tester without a team sees no campaign', async () => {
    const loose = await t.as('tester')
    expect((await loose.get<{ items: unknown[] }>('/api/v1/campaigns')).body.items).toEqual([])
    expect((await loose.get(`/api/v1/campaigns/${s.campaign.id}`)).status).toBe(404)
  })

  test('the window closes with the clock', async () => {
    const open = await s.teamA.tester.get<TCampaignDetail>(`/api/v1/campaigns/${s.campaign.id}`)
    expect(open.body).toMatchObject({ isTestingOpen: true, canSubmit: true, myTeamId: s.teamA.id })
    t.clock.advance(6 * DAY)
    const later = await t.login(s.teamA.tester.username!)
    const closed = await later.get<TCampaignDetail>(`/api/v1/campaigns/${s.campaign.id}`)
    expect(closed.body).toMatchObject({ isTestingOpen: false, canSubmit: false })
    t.clock.advance(-6 * DAY)
  })
})
