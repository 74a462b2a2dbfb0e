import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { HOUR } from '../../clock'
import { systemContext } from '../../context'
import { createTestPlatform, type TestClient, type TestPlatform } from '../../testing/test-platform'

type Round = {
  id: string
  name: string
  status: string
  deadline: string
  version: number
  summary: { participants: number; submitted: number; pending: number; late: number }
  canManage: boolean
}
type Participant = {
  organisationId: string
  organisationName: string
  status: string
  isLate: boolean
  submissions: number
  submittedAssetCount: number | null
  currentAssetCount: number
  liaison: { name: string; mobile: string | null } | null
  version: number
  canSubmit: boolean
}
type Page<T> = { items: T[]; total: number }
type Snapshot = {
  submitted: boolean
  assets: { assetId: string; canonical: string; ownerOrganisationId: string }[]
}

let t: TestPlatform
let regulator: TestClient
let liaison: TestClient
let round: Round
beforeAll(async () => {
  t = await createTestPlatform()
  regulator = await t.as('regulator')
  liaison = await t.as('org_liaison')
  const ctx = systemContext('test')
  await t.services.assets.create(ctx, {
    organisationId: t.basics.orgA.id,
    type: 'website',
    identifier: 'www.jyj.example.gov.cn',
  })
  await t.services.assets.create(ctx, {
    organisationId: t.basics.orgASub.id,
    type: 'ip',
    identifier: '203.0.113.0/28',
  })
  await t.services.assets.create(ctx, {
    organisationId: t.basics.orgB.id,
    type: 'domain',
    identifier: 'tn.example.gov.cn',
  })
})
afterAll(async () => {
  await t?.close()
})

describe('census rounds', () => {
  test('a regulator opens a round: every top-level organisation of the region takes part', async () => {
    const deadline = new Date(t.clock.now().getTime() + 48 * HOUR).toISOString()
    const created = await regulator.post<Round>('/api/v1/census-rounds', {
      name: '2026 年资产普查',
      deadline,
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    round = created.body
    // 教育局 and 天宁区; the 信息中心 reports through 教育局; the other city's organisation is not asked.
    expect(round.summary).toEqual({ participants: 2, submitted: 0, pending: 2, late: 0 })
    const board = await regulator.get<Page<Participant>>(`/api/v1/census-rounds/${round.id}/participants`)
    expect(board.body.items.map((p) => p.organisationName).sort()).toEqual(['天宁区', '市教育局'])
    const education = board.body.items.find((p) => p.organisationId === t.basics.orgA.id)!
    expect(education.currentAssetCount).toBe(2)
    expect(education.liaison).toEqual({ name: '张三', mobile: '13800000001' })
    expect(education.canSubmit).toBe(true)

    const liaisonRounds = await liaison.get<Page<Round>>('/api/v1/census-rounds')
    expect(liaisonRounds.body.items.map((r) => r.id)).toEqual([round.id])
    const ownBoard = await liaison.get<Page<Participant>>(`/api/v1/census-rounds/${round.id}/participants`)
    expect(ownBoard.body.items.map((p) => p.organisationId)).toEqual([t.basics.orgA.id])
    expect((await liaison.get(`/api/v1/census-rounds/${round.id}`)).body).toMatchObject({ canManage: false })

    const outsider = await t.as('regulator', { regionId: t.basics.otherCity.id })
    expect((await outsider.get(`/api/v1/census-rounds/${round.id}`)).status).toBe(404)
    expect((await outsider.get<Page<Round>>('/api/v1/census-rounds')).body.total).toBe(0)
  })

  test('explicit participants must be active organisations of the region', async () => {
    const deadline = new Date(t.clock.now().getTime() + HOUR).toISOString()
    const refused = await regulator.post<{ error: { details: { path: string }[] } }>(
      '/api/v1/census-rounds',
      {
        name: '专项普查',
        deadline,
        organisationIds: [t.basics.orgASub.id, t.basics.orgOther.id],
      },
    )
    expect(refused.status).toBe(400)
    expect(refused.body.error.details.map((d) => d.path)).toEqual(['body.organisationIds.1'])
    const ok = await regulator.post<Round>('/api/v1/census-rounds', {
      name: '专项普查',
      deadline,
      organisationIds: [t.basics.orgASub.id],
      campaignId: '00000000-0000-4000-8000-00000000c0de',
    })
    expect(ok.body.summary.participants).toBe(1)
    const byCampaign = await regulator.get<Page<Round>>(
      '/api/v1/census-rounds?campaignId=00000000-0000-4000-8000-00000000c0de',
    )
    expect(byCampaign.body.items.map((r) => r.id)).toEqual([ok.body.id])
  })

  test('the liaison submits: the organisation’s and its subordinate unit’s assets are snapshotted', async () => {
    const before = await liaison.get<Participant>(
      `/api/v1/census-rounds/${round.id}/participants/${t.basics.orgA.id}`,
    )
    const unconfirmed = await liaison.post(
      `/api/v1/census-rounds/${round.id}/participants/${t.basics.orgA.id}/submit`,
      {
        version: before.body.version,
      },
    )
    expect(unconfirmed.status).toBe(400)
    const submitted = await liaison.post<Participant>(
      `/api/v1/census-rounds/${round.id}/participants/${t.basics.orgA.id}/submit`,
      { confirm: true, statement: '已核对本单位及直属单位全部互联网资产', version: before.body.version },
    )
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200)
    expect(submitted.body).toMatchObject({
      status: 'submitted',
      submittedAssetCount: 2,
      isLate: false,
      submissions: 1,
    })
    const snapshot = await liaison.get<Snapshot>(
      `/api/v1/census-rounds/${round.id}/participants/${t.basics.orgA.id}/snapshot`,
    )
    expect(snapshot.body.assets.map((a) => a.canonical).sort()).toEqual([
      '203.0.113.0/28',
      'www.jyj.example.gov.cn',
    ])

    // Later edits change the registry, not what was reported then.
    await t.services.assets.create(systemContext('test'), {
      organisationId: t.basics.orgA.id,
      type: 'domain',
      identifier: 'later.example.gov.cn',
    })
    const { census } = t.services
    expect(await census.wasReported(round.id, t.basics.orgA.id, 'https://www.jyj.example.gov.cn/login')).toBe(
      true,
    )
    expect(await census.wasReported(round.id, t.basics.orgA.id, '203.0.113.9')).toBe(true)
    expect(await census.wasReported(round.id, t.basics.orgA.id, 'http://later.example.gov.cn/')).toBe(false)
    expect(await census.wasReported(round.id, t.basics.orgB.id, 'tn.example.gov.cn')).toBeNull()

    const stale = await liaison.post(
      `/api/v1/census-rounds/${round.id}/participants/${t.basics.orgA.id}/submit`,
      {
        confirm: true,
        version: before.body.version,
      },
    )
    expect(stale.status).toBe(409)
    const foreign = await liaison.post(
      `/api/v1/census-rounds/${round.id}/participants/${t.basics.orgB.id}/submit`,
      {
        confirm: true,
        version: 1,
      },
    )
    expect(foreign.status).toBe(404)
    expect(
      (await liaison.get(`/api/v1/census-rounds/${round.id}/participants/${t.basics.orgB.id}/snapshot`))
        .status,
    ).toBe(404)
    const leader = await t.as('org_leader')
    expect(
      (
        await leader.get<Snapshot>(
          `/api/v1/census-rounds/${round.id}/participants/${t.basics.orgA.id}/snapshot`,
        )
      ).body.submitted,
    ).toBe(true)
  })

  test('the status board shows who has not submitted and who was late; a resubmission replaces the snapshot', async () => {
    t.clock.advance(72 * HOUR)
    // Sessions time out while the clock jumps three days.
    regulator = await t.as('regulator')
    liaison = await t.as('org_liaison')
    const pending = await regulator.get<Page<Participant>>(
      `/api/v1/census-rounds/${round.id}/participants?status=pending`,
    )
    expect(pending.body.items.map((p) => p.organisationId)).toEqual([t.basics.orgB.id])
    const current = await liaison.get<Participant>(
      `/api/v1/census-rounds/${round.id}/participants/${t.basics.orgA.id}`,
    )
    const resubmitted = await liaison.post<Participant>(
      `/api/v1/census-rounds/${round.id}/participants/${t.basics.orgA.id}/submit`,
      { confirm: true, version: current.body.version },
    )
    expect(resubmitted.body).toMatchObject({ isLate: true, submissions: 2, submittedAssetCount: 3 })
    const late = await regulator.get<Page<Participant>>(
      `/api/v1/census-rounds/${round.id}/participants?late=true`,
    )
    expect(late.body.items.map((p) => p.organisationId)).toEqual([t.basics.orgA.id])
    const summary = await regulator.get<Round>(`/api/v1/census-rounds/${round.id}`)
    expect(summary.body.summary).toEqual({ participants: 2, submitted: 1, pending: 1, late: 1 })
    const history = await regulator.get<Page<{ action: string }>>(
      `/api/v1/organisations/${t.basics.orgA.id}/history`,
    )
    expect(history.body.items.filter((e) => e.action === 'census.submitted')).toHaveLength(2)
  })

  test('a closed round takes no submissions; only its region’s regulator manages it', async () => {
    const district = await t.as('regulator', { regionId: t.basics.districtA.id })
    const seen = await district.get<Round>(`/api/v1/census-rounds/${round.id}`)
    expect(seen.status).toBe(200)
    expect(seen.body.canManage).toBe(false)
    expect(seen.body.summary.participants).toBe(1)
    expect(
      (await district.post(`/api/v1/census-rounds/${round.id}/close`, { version: seen.body.version })).status,
    ).toBe(403)
    const moved = await regulator.patch<Round>(`/api/v1/census-rounds/${round.id}`, {
      deadline: new Date(t.clock.now().getTime() + HOUR).toISOString(),
      version: seen.body.version,
    })
    expect(moved.status).toBe(200)
    const closed = await regulator.post<Round>(`/api/v1/census-rounds/${round.id}/close`, {
      version: moved.body.version,
    })
    expect(closed.body.status).toBe('closed')
    const participant = await regulator.get<Participant>(
      `/api/v1/census-rounds/${round.id}/participants/${t.basics.orgB.id}`,
    )
    expect(participant.body.canSubmit).toBe(false)
    const late = await regulator.post<{ error: { code: string } }>(
      `/api/v1/census-rounds/${round.id}/participants/${t.basics.orgB.id}/submit`,
      { confirm: true, version: participant.body.version },
    )
    expect(late.status).toBe(409)
    expect(late.body.error.code).toBe('ILLEGAL_TRANSITION')
  })
})
