// The classified-protection workflow through the API, with each role of SPEC §2: registration and self-grading by
// the liaison, the random expert draw by the police, the experts' opinions, approval by the supervising department,
// filing by the police, re-grading (回头看), assessments and rectification; and everyone else's 404s.
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { systemContext } from '../../context'
import { auditEvents, expertDraws } from '../../db/schema'
import { insertOrganisation } from '../organisations/organisations.repository'
import { multipartBody } from '../../testing/multipart'
import { samplePdf } from '../../testing/sample-files'
import { createTestPlatform, type TestClient, type TestPlatform } from '../../testing/test-platform'
import { drawFromPool } from './expert-draw'
import type { TAssessment, TGrading, TReviewAssignment, TSystem, TSystemDetail } from './dengbao.schemas'

type ErrorBody = { error: { code: string; message: string; details?: { path: string; message: string }[] } }

let t: TestPlatform
let liaison: TestClient
let liaisonB: TestClient
let leader: TestClient
let police: TestClient
let policeOther: TestClient
let regulator: TestClient
let regulatorOther: TestClient
let experts: TestClient[]
let expertOwnOrg: TestClient
let expertOther: TestClient

const SOME_ID = '00000000-0000-4000-8000-000000000000'
const url = '/api/v1/dengbao'

const grading = {
  business: { object: 'society', degree: 'serious', reasoning: '业务数据泄露会影响社会秩序' },
  service: { object: 'citizen', degree: 'especially_serious', reasoning: '服务中断影响个人办事' },
}

beforeAll(async () => {
  t = await createTestPlatform()
  const { orgA, orgB, city, otherCity } = t.basics
  liaison = await t.as('org_liaison', { organisationId: orgA.id })
  liaisonB = await t.as('org_liaison', { organisationId: orgB.id })
  leader = await t.as('org_leader', { organisationId: orgA.id })
  police = await t.as('police', { regionId: city.id })
  policeOther = await t.as('police', { regionId: otherCity.id })
  regulator = await t.as('regulator', { regionId: city.id })
  regulatorOther = await t.as('regulator', { regionId: otherCity.id })
  experts = [
    await t.as('expert', { regionId: city.id }),
    await t.as('expert', { regionId: city.id }),
    await t.as('expert', { regionId: city.id }),
  ]
  // works for the organisation being graded (专家库 affiliation): never drawn for its systems
  expertOwnOrg = await t.as('expert', { regionId: city.id })
  expertOther = await t.as('expert', { regionId: otherCity.id })
  const affiliated = await police.put(`${url}/experts/${expertOwnOrg.userId}`, {
    version: 0,
    organisationId: orgA.id,
    specialty: '云计算',
  })
  expect(affiliated.status, JSON.stringify(affiliated.body)).toBe(200)
})
afterAll(async () => {
  await t?.close()
})

async function registerSystem(client: TestClient, organisationId: string, name: string): Promise<TSystem> {
  const response = await client.post<TSystem>(`${url}/systems`, {
    organisationId,
    name,
    type: 'cloud',
    description: '<script>alert(1)</script> 政务云平台',
    isCriticalInfrastructure: true,
    contacts: [{ name: '李四', mobile: '+86 138-0000-0002', email: 'LI@Example.gov.cn' }],
  })
  expect(response.status, JSON.stringify(response.body)).toBe(201)
  return response.body
}

async function detail(client: TestClient, id: string) {
  return client.get<TSystemDetail>(`${url}/systems/${id}`)
}

/** Takes a system through self-grading, review, approval and filing. */
async function fileSystem(systemId: string, filingNumber: string): Promise<TGrading> {
  const submitted = await liaison.post<TGrading>(`${url}/systems/${systemId}/gradings`, grading)
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(201)
  const gradingId = submitted.body.id
  const drawn = await police.post<TGrading>(`${url}/gradings/${gradingId}/draw`, { count: 3 })
  expect(drawn.status, JSON.stringify(drawn.body)).toBe(200)
  for (const expert of experts) {
    const tasks = await expert.get<{ items: TReviewAssignment[] }>(`${url}/reviews?state=pending`)
    const task = tasks.body.items.find((i) => i.grading.id === gradingId)!
    expect(
      (await expert.post(`${url}/reviews/${task.id}/opinion`, { opinion: 'agree', comments: '定级合理' }))
        .status,
    ).toBe(200)
  }
  expect((await regulator.post(`${url}/gradings/${gradingId}/approve`, { opinion: '同意' })).status).toBe(200)
  const filed = await police.post<TGrading>(`${url}/gradings/${gradingId}/file`, {
    filingNumber,
    filedOn: '2026-01-04',
  })
  expect(filed.status, JSON.stringify(filed.body)).toBe(200)
  return filed.body
}

describe('the expert pool (专家库)', () => {
  test('the police see the experts of their region and keep their affiliations', async () => {
    const pool = await police.get<{ id: string; organisationName: string | null; version: number }[]>(
      `${url}/experts`,
    )
    expect(pool.status).toBe(200)
    const ids = pool.body.map((e) => e.id)
    expect(ids).toEqual(expect.arrayContaining([...experts.map((e) => e.userId), expertOwnOrg.userId]))
    expect(ids).not.toContain(expertOther.userId)
    expect(pool.body.find((e) => e.id === expertOwnOrg.userId)).toMatchObject({
      organisationName: '市教育局',
      version: 1,
    })
    const stale = await police.put(`${url}/experts/${expertOwnOrg.userId}`, {
      version: 0,
      organisationId: null,
    })
    expect(stale.status).toBe(409)
    expect(
      (await policeOther.put(`${url}/experts/${expertOwnOrg.userId}`, { version: 1, organisationId: null }))
        .status,
    ).toBe(404)
    expect(
      (await police.put(`${url}/experts/${liaison.userId}`, { version: 0, organisationId: null })).status,
    ).toBe(404)
  })
})

describe('information systems', () => {
  test('a liaison registers a system of their organisation; contacts are normalised and text kept as given', async () => {
    const system = await registerSystem(liaison, t.basics.orgA.id, '教育云平台')
    expect(system).toMatchObject({
      organisationName: '市教育局',
      type: 'cloud',
      stage: 'ungraded',
      proposedLevel: null,
      filedLevel: null,
      description: '<script>alert(1)</script> 政务云平台',
      contacts: [{ name: '李四', mobile: '13800000002', email: 'LI@example.gov.cn' }],
    })
    const again = await liaison.post<ErrorBody>(`${url}/systems`, {
      organisationId: t.basics.orgA.id,
      name: '教育云平台',
      type: 'cloud',
    })
    expect(again.status).toBe(400)
    expect(again.body.error.details?.[0]?.path).toBe('body.name')
  })

  test('nobody outside the organisation or region sees a system: the same 404 as a missing one', async () => {
    const system = await registerSystem(liaison, t.basics.orgA.id, '招生系统')
    expect((await detail(liaison, system.id)).status).toBe(200)
    expect((await detail(leader, system.id)).status).toBe(200)
    expect((await detail(police, system.id)).status).toBe(200)
    expect((await detail(regulator, system.id)).status).toBe(200)
    const missing = await liaisonB.get<ErrorBody>(`${url}/systems/${SOME_ID}`)
    for (const outsider of [liaisonB, policeOther, regulatorOther]) {
      const response = await outsider.get<ErrorBody>(`${url}/systems/${system.id}`)
      expect(response.status).toBe(404)
      expect(response.body.error.message).toBe(missing.body.error.message)
      expect((await outsider.patch(`${url}/systems/${system.id}`, { version: 1, name: 'x' })).status).toBe(
        outsider === regulatorOther ? 403 : 404,
      )
    }
    const listB = await liaisonB.get<{ items: TSystem[] }>(`${url}/systems`)
    expect(listB.body.items.map((s) => s.id)).not.toContain(system.id)
    const listOther = await policeOther.get<{ items: TSystem[]; total: number }>(`${url}/systems`)
    expect(listOther.body.total).toBe(0)
    // registering a system for someone else's organisation
    const foreign = await liaisonB.post<ErrorBody>(`${url}/systems`, {
      organisationId: t.basics.orgA.id,
      name: '冒名系统',
      type: 'other',
    })
    expect(foreign.status).toBe(400)
    expect(foreign.body.error.details?.[0]?.path).toBe('body.organisationId')
  })

  test('edits name the version they read; a stale version is a conflict', async () => {
    const system = await registerSystem(liaison, t.basics.orgA.id, '办公系统')
    const first = await liaison.patch<TSystemDetail>(`${url}/systems/${system.id}`, {
      version: system.version,
      isCriticalInfrastructure: false,
    })
    expect(first.status).toBe(200)
    expect(first.body.isCriticalInfrastructure).toBe(false)
    const stale = await police.patch<ErrorBody>(`${url}/systems/${system.id}`, {
      version: system.version,
      name: '办公系统二',
    })
    expect(stale.status).toBe(409)
    expect(stale.body.error.code).toBe('CONFLICT')
    expect((await liaison.delete(`${url}/systems/${system.id}`)).status).toBe(200)
    expect((await detail(liaison, system.id)).status).toBe(404)
  })
})

describe('linked internet assets', () => {
  test('a liaison links assets of the system’s own organisation, through the registry', async () => {
    const system = await registerSystem(liaison, t.basics.orgA.id, '门户网站群')
    const asset = async (client: TestClient, organisationId: string, identifier: string) => {
      const response = await client.post<{ id: string }>('/api/v1/assets', {
        organisationId,
        type: 'website',
        identifier,
      })
      expect(response.status, JSON.stringify(response.body)).toBe(201)
      return response.body.id
    }
    const www = await asset(liaison, t.basics.orgA.id, 'https://www.jyj.example.gov.cn')
    const zs = await asset(liaison, t.basics.orgA.id, 'https://zs.jyj.example.gov.cn')
    const foreign = await asset(liaisonB, t.basics.orgB.id, 'https://www.tn.example.gov.cn')
    const refused = await liaison.put<ErrorBody>(`${url}/systems/${system.id}/assets`, {
      assetIds: [www, foreign],
    })
    expect(refused.status).toBe(400)
    expect(refused.body.error.details?.map((d) => d.path)).toEqual(['body.assetIds.1'])
    const linked = await liaison.put<{ id: string }[]>(`${url}/systems/${system.id}/assets`, {
      assetIds: [www, zs],
    })
    expect(linked.status).toBe(200)
    expect(linked.body.map((a) => a.id).sort()).toEqual([www, zs].sort())
    const relinked = await liaison.put<{ id: string }[]>(`${url}/systems/${system.id}/assets`, {
      assetIds: [zs],
    })
    expect(relinked.body.map((a) => a.id)).toEqual([zs])
    expect((await detail(police, system.id)).body.assets.map((a) => a.identifier)).toEqual([
      'https://zs.jyj.example.gov.cn',
    ])
    expect((await liaisonB.put(`${url}/systems/${system.id}/assets`, { assetIds: [] })).status).toBe(404)
  })
})

describe('the grading workflow, each step by its role', () => {
  test('self-grading → random expert review → approval → filing, audited at every step', async () => {
    const system = await registerSystem(liaison, t.basics.orgA.id, '学籍管理系统')

    // police and regulators do not self-grade
    expect((await police.post(`${url}/systems/${system.id}/gradings`, grading)).status).toBe(403)
    const submitted = await liaison.post<TGrading>(`${url}/systems/${system.id}/gradings`, grading)
    expect(submitted.status).toBe(201)
    expect(submitted.body).toMatchObject({
      round: 1,
      status: 'submitted',
      business: { object: 'society', degree: 'serious', level: 3, reasoning: '业务数据泄露会影响社会秩序' },
      service: { object: 'citizen', degree: 'especially_serious', level: 2 },
      level: 3,
    })
    const gradingId = submitted.body.id
    const busy = await liaison.post<ErrorBody>(`${url}/systems/${system.id}/gradings`, grading)
    expect(busy.status).toBe(409)
    expect(busy.body.error.code).toBe('ILLEGAL_TRANSITION')

    // the draw: experts of the region, minus the one working for the organisation
    expect((await regulator.post(`${url}/gradings/${gradingId}/draw`, { count: 3 })).status).toBe(403)
    expect((await policeOther.post(`${url}/gradings/${gradingId}/draw`, { count: 3 })).status).toBe(404)
    const pool = await police.get<{ eligible: number; excludedSameOrganisation: number }>(
      `${url}/gradings/${gradingId}/expert-pool`,
    )
    expect(pool.body).toEqual({ eligible: 3, excludedSameOrganisation: 1 })
    const tooMany = await police.post<ErrorBody>(`${url}/gradings/${gradingId}/draw`, { count: 4 })
    expect(tooMany.status).toBe(400)
    expect(tooMany.body.error.message).toMatch(/专家库人数不足/)
    expect((await regulator.post(`${url}/gradings/${gradingId}/approve`, { opinion: '同意' })).status).toBe(
      409,
    )

    const drawn = await police.post<TGrading>(`${url}/gradings/${gradingId}/draw`, { count: 3 })
    expect(drawn.status).toBe(200)
    expect(drawn.body.status).toBe('under_review')
    expect(drawn.body.draws).toHaveLength(1)
    expect(drawn.body.draws[0]!.seed).toMatch(/^[0-9a-f]{64}$/)
    expect(drawn.body.reviews.map((r) => r.expertName).sort()).toEqual(
      experts.map((e) => e.username!.replace(/^expert-(\d+)$/, 'expert $1')).sort(),
    )
    // the recorded seed and pool reproduce the selection
    const [draw] = await t.services.database.db
      .select()
      .from(expertDraws)
      .where(eq(expertDraws.gradingId, gradingId))
    expect(drawFromPool(draw!.seed, draw!.poolUserIds, 3)).toEqual(draw!.selectedUserIds)
    expect(draw!.poolUserIds).not.toContain(expertOwnOrg.userId)

    // experts see only their own tasks; the organisation sees opinions without names
    expect((await expertOwnOrg.get<{ total: number }>(`${url}/reviews`)).body.total).toBe(0)
    expect((await expertOther.get<{ total: number }>(`${url}/reviews`)).body.total).toBe(0)
    const tasks = await Promise.all(
      experts.map(
        async (e) => (await e.get<{ items: TReviewAssignment[] }>(`${url}/reviews?state=pending`)).body.items,
      ),
    )
    const taskOf = tasks.map((items) => items.find((i) => i.grading.id === gradingId)!)
    expect(taskOf[0]).toMatchObject({
      system: { name: '学籍管理系统', organisationName: '市教育局' },
      opinion: null,
    })
    expect((await experts[1]!.get(`${url}/reviews/${taskOf[0]!.id}`)).status).toBe(404)
    expect(
      (await experts[1]!.post(`${url}/reviews/${taskOf[0]!.id}/opinion`, { opinion: 'agree', comments: 'x' }))
        .status,
    ).toBe(404)
    expect((await expertOther.get(`${url}/systems/${system.id}`)).status).toBe(403)

    const changed = await experts[0]!.post<ErrorBody>(`${url}/reviews/${taskOf[0]!.id}/opinion`, {
      opinion: 'agree_with_changes',
      comments: '建议定为第三级',
    })
    expect(changed.status).toBe(400)
    expect(changed.body.error.details?.[0]?.path).toBe('body.suggestedLevel')
    expect(
      (
        await experts[0]!.post(`${url}/reviews/${taskOf[0]!.id}/opinion`, {
          opinion: 'agree_with_changes',
          suggestedLevel: 3,
          comments: '补充定级理由后同意',
        })
      ).status,
    ).toBe(200)
    const twice = await experts[0]!.post<ErrorBody>(`${url}/reviews/${taskOf[0]!.id}/opinion`, {
      opinion: 'agree',
      comments: '再次',
    })
    expect(twice.status).toBe(409)
    await experts[1]!.post(`${url}/reviews/${taskOf[1]!.id}/opinion`, { opinion: 'agree', comments: '同意' })
    expect((await detail(police, system.id)).body.stage).toBe('under_review')
    await experts[2]!.post(`${url}/reviews/${taskOf[2]!.id}/opinion`, {
      opinion: 'disagree',
      comments: '客体判断有误',
    })

    const reviewed = await detail(liaison, system.id)
    expect(reviewed.body.stage).toBe('reviewed')
    expect(reviewed.body.gradings[0]!.reviews.map((r) => r.expertName)).toEqual(['专家1', '专家2', '专家3'])
    expect(reviewed.body.gradings[0]!.reviews.map((r) => r.opinion).sort()).toEqual([
      'agree',
      'agree_with_changes',
      'disagree',
    ])

    // approval: the regulator (or an industry regulator above the organisation), never the organisation itself
    const byLeader = await leader.post<ErrorBody>(`${url}/gradings/${gradingId}/approve`, { opinion: '同意' })
    expect(byLeader.status).toBe(403)
    expect(
      (await regulatorOther.post(`${url}/gradings/${gradingId}/approve`, { opinion: '同意' })).status,
    ).toBe(404)
    expect(
      (
        await police.post(`${url}/gradings/${gradingId}/file`, {
          filingNumber: '32990013001-26001',
          filedOn: '2026-01-04',
        })
      ).status,
    ).toBe(409)
    const approved = await regulator.post<TGrading>(`${url}/gradings/${gradingId}/approve`, {
      opinion: '同意定为第三级',
    })
    expect(approved.status).toBe(200)
    expect(approved.body.approval).toMatchObject({ opinion: '同意定为第三级' })

    // filing
    expect(
      (
        await liaison.post(`${url}/gradings/${gradingId}/file`, {
          filingNumber: 'X-1',
          filedOn: '2026-01-04',
        })
      ).status,
    ).toBe(403)
    const future = await police.post<ErrorBody>(`${url}/gradings/${gradingId}/file`, {
      filingNumber: '32990013001-26001',
      filedOn: '2026-02-01',
    })
    expect(future.status).toBe(400)
    const filed = await police.post<TGrading>(`${url}/gradings/${gradingId}/file`, {
      filingNumber: '32990013001-26001',
      filedOn: '2026-01-04',
    })
    expect(filed.status).toBe(200)
    expect(filed.body.filing).toMatchObject({ filingNumber: '32990013001-26001', filedOn: '2026-01-04' })
    const after = await detail(leader, system.id)
    expect(after.body).toMatchObject({ stage: 'filed', filedLevel: 3, filingNumber: '32990013001-26001' })
    expect(after.body.can).toMatchObject({ edit: false, submitGrading: false, approve: false })

    const actions = (
      await t.services.database.db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.objectId, gradingId))
        .orderBy(auditEvents.seq)
    ).map((e) => e.action)
    expect(actions).toEqual([
      'dengbao.experts_drawn',
      'dengbao.review_answered',
      'dengbao.review_answered',
      'dengbao.review_answered',
      'dengbao.review_completed',
      'dengbao.grading_approved',
      'dengbao.grading_filed',
    ])
  })

  test('re-grading a filed system (回头看) needs the reason; the old filing stays valid until the new one', async () => {
    const system = await registerSystem(liaison, t.basics.orgA.id, '考试报名系统')
    await fileSystem(system.id, '32990013001-26002')
    const noReason = await liaison.post<ErrorBody>(`${url}/systems/${system.id}/gradings`, grading)
    expect(noReason.status).toBe(400)
    expect(noReason.body.error.details?.[0]?.path).toBe('body.changeReason')
    const regraded = await liaison.post<TGrading>(`${url}/systems/${system.id}/gradings`, {
      business: { object: 'nation', degree: 'general', reasoning: '新增涉密数据' },
      service: { object: 'society', degree: 'general', reasoning: '同前' },
      changeReason: '系统新增数据共享功能',
    })
    expect(regraded.status).toBe(201)
    expect(regraded.body).toMatchObject({ round: 2, level: 3, changeReason: '系统新增数据共享功能' })
    const during = await detail(police, system.id)
    expect(during.body).toMatchObject({
      stage: 'submitted',
      filedLevel: 3,
      filingNumber: '32990013001-26002',
    })

    // returned by the police before the review: the organisation grades again in a new round
    expect((await regulator.post(`${url}/gradings/${regraded.body.id}/return`, { reason: 'x' })).status).toBe(
      403,
    )
    const returned = await police.post<TGrading>(`${url}/gradings/${regraded.body.id}/return`, {
      reason: '定级报告不完整',
    })
    expect(returned.status).toBe(200)
    expect(returned.body.returned).toMatchObject({ reason: '定级报告不完整' })
    expect((await police.post(`${url}/gradings/${regraded.body.id}/draw`, { count: 3 })).status).toBe(409)
    const third = await liaison.post<TGrading>(`${url}/systems/${system.id}/gradings`, {
      ...grading,
      changeReason: '补充定级报告',
    })
    expect(third.body.round).toBe(3)
    const gradings = (await detail(liaison, system.id)).body.gradings
    expect(gradings.map((g) => [g.round, g.status])).toEqual([
      [3, 'submitted'],
      [2, 'returned'],
      [1, 'filed'],
    ])
  })

  test('a filing number belongs to one system', async () => {
    const system = await registerSystem(liaison, t.basics.orgA.id, '档案系统')
    const submitted = await liaison.post<TGrading>(`${url}/systems/${system.id}/gradings`, grading)
    await police.post(`${url}/gradings/${submitted.body.id}/draw`, { count: 1 })
    const reviews = await Promise.all(
      experts.map(
        async (e) => (await e.get<{ items: TReviewAssignment[] }>(`${url}/reviews?state=pending`)).body.items,
      ),
    )
    for (const [i, items] of reviews.entries()) {
      const task = items.find((x) => x.grading.id === submitted.body.id)
      if (task)
        await experts[i]!.post(`${url}/reviews/${task.id}/opinion`, { opinion: 'agree', comments: '同意' })
    }
    await regulator.post(`${url}/gradings/${submitted.body.id}/approve`, { opinion: '同意' })
    const taken = await police.post<ErrorBody>(`${url}/gradings/${submitted.body.id}/file`, {
      filingNumber: '32990013001-26001',
      filedOn: '2026-01-04',
    })
    expect(taken.status).toBe(400)
    expect(taken.body.error.details?.[0]?.path).toBe('body.filingNumber')
  })

  test('an industry regulator above the organisation approves as the supervising department', async () => {
    const { health, hospital } = await t.services.database.db.transaction(async (tx) => {
      const health = await insertOrganisation(tx, {
        name: '市卫生健康委员会',
        category: 'party_government',
        regionId: t.basics.city.id,
        isIndustryRegulator: true,
      })
      const hospital = await insertOrganisation(tx, {
        name: '市第一人民医院',
        category: 'other',
        regionId: t.basics.city.id,
        parentId: health.id,
      })
      return { health, hospital }
    })
    const healthLeader = await t.as('org_leader', { organisationId: health.id })
    const hospitalLiaison = await t.as('org_liaison', { organisationId: hospital.id })
    const hospitalLeader = await t.as('org_leader', { organisationId: hospital.id })
    const system = await registerSystem(hospitalLiaison, hospital.id, 'HIS 系统')
    const submitted = await hospitalLiaison.post<TGrading>(`${url}/systems/${system.id}/gradings`, grading)
    await police.post(`${url}/gradings/${submitted.body.id}/draw`, { count: 2 })
    // the expert working for 市教育局 may be drawn here: the hospital is another organisation
    for (const expert of [...experts, expertOwnOrg]) {
      const items = (await expert.get<{ items: TReviewAssignment[] }>(`${url}/reviews?state=pending`)).body
        .items
      const task = items.find((x) => x.grading.id === submitted.body.id)
      if (task) await expert.post(`${url}/reviews/${task.id}/opinion`, { opinion: 'agree', comments: '同意' })
    }
    expect((await detail(healthLeader, system.id)).body.can.approve).toBe(true)
    expect(
      (await hospitalLeader.post(`${url}/gradings/${submitted.body.id}/approve`, { opinion: '自己审自己' }))
        .status,
    ).toBe(403)
    const approved = await healthLeader.post<TGrading>(`${url}/gradings/${submitted.body.id}/approve`, {
      opinion: '行业主管部门同意',
    })
    expect(approved.status).toBe(200)
    expect(approved.body.approval).toMatchObject({ organisationName: '市卫生健康委员会' })
  })
})

describe('an expert declines (回避), and the police draw a replacement', () => {
  test('the review waits for the replacement, who is never someone drawn before; declined experts give no opinion', async () => {
    // a system of an organisation of its own: all four experts of the city are eligible, including the one working
    // for 市教育局
    const statistics = await t.services.database.db.transaction((tx) =>
      insertOrganisation(tx, { name: '市统计局', category: 'party_government', regionId: t.basics.city.id }),
    )
    const statisticsLiaison = await t.as('org_liaison', { organisationId: statistics.id })
    const system = await registerSystem(statisticsLiaison, statistics.id, '统计数据发布系统')
    const submitted = await statisticsLiaison.post<TGrading>(`${url}/systems/${system.id}/gradings`, grading)
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201)
    const gradingId = submitted.body.id
    // nothing to replace before the first draw
    expect((await police.post(`${url}/gradings/${gradingId}/draw-replacement`, { count: 1 })).status).toBe(
      409,
    )
    const drawn = await police.post<TGrading>(`${url}/gradings/${gradingId}/draw`, { count: 3 })
    expect(drawn.status, JSON.stringify(drawn.body)).toBe(200)
    const everyone = [...experts, expertOwnOrg]
    const taskOf = async (expert: TestClient) =>
      (await expert.get<{ items: TReviewAssignment[] }>(`${url}/reviews`)).body.items.find(
        (i) => i.grading.id === gradingId,
      )
    const tasks = await Promise.all(everyone.map(taskOf))
    const drawnIdx = tasks.flatMap((task, i) => (task ? [i] : []))
    expect(drawnIdx).toHaveLength(3)
    const [decliner, second, third] = drawnIdx.map((i) => ({ client: everyone[i]!, task: tasks[i]! }))
    const undrawn = everyone[[0, 1, 2, 3].find((i) => !drawnIdx.includes(i))!]!

    // no replacement while nobody has declined; a decline needs a reason and is the expert's own
    const none = await police.post<ErrorBody>(`${url}/gradings/${gradingId}/draw-replacement`, { count: 1 })
    expect(none.status).toBe(400)
    expect(none.body.error.details?.[0]).toMatchObject({ path: 'body.count' })
    expect(
      (await decliner!.client.post(`${url}/reviews/${decliner!.task.id}/decline`, { reason: '' })).status,
    ).toBe(400)
    expect(
      (await second!.client.post(`${url}/reviews/${decliner!.task.id}/decline`, { reason: 'x' })).status,
    ).toBe(404)
    const declined = await decliner!.client.post<TReviewAssignment>(
      `${url}/reviews/${decliner!.task.id}/decline`,
      {
        reason: '本人曾参与该系统建设，申请回避',
      },
    )
    expect(declined.status, JSON.stringify(declined.body)).toBe(200)
    expect(declined.body.declinedAt).not.toBeNull()
    // declined: no opinion afterwards, no second decline, off the pending list, on the declined list
    expect(
      (
        await decliner!.client.post<ErrorBody>(`${url}/reviews/${decliner!.task.id}/opinion`, {
          opinion: 'agree',
          comments: '同意',
        })
      ).status,
    ).toBe(409)
    expect(
      (await decliner!.client.post(`${url}/reviews/${decliner!.task.id}/decline`, { reason: '再次' })).status,
    ).toBe(409)
    const pendingIds = (
      await decliner!.client.get<{ items: TReviewAssignment[] }>(`${url}/reviews?state=pending`)
    ).body.items.map((i) => i.id)
    expect(pendingIds).not.toContain(decliner!.task.id)
    const declinedIds = (
      await decliner!.client.get<{ items: TReviewAssignment[] }>(`${url}/reviews?state=declined`)
    ).body.items.map((i) => i.id)
    expect(declinedIds).toContain(decliner!.task.id)

    // the two others answer: the review is not complete, one place waits for a replacement
    for (const { client, task } of [second!, third!])
      expect(
        (await client.post(`${url}/reviews/${task.id}/opinion`, { opinion: 'agree', comments: '同意' }))
          .status,
      ).toBe(200)
    const waiting = await detail(police, system.id)
    expect(waiting.body.stage).toBe('under_review')
    expect(waiting.body.can).toMatchObject({ drawReplacements: 1, approve: false })
    expect((await detail(statisticsLiaison, system.id)).body.can.drawReplacements).toBe(0)
    const shown = waiting.body.gradings[0]!.reviews.find((r) => r.id === decliner!.task.id)!
    expect(shown).toMatchObject({ declineReason: '本人曾参与该系统建设，申请回避', opinion: null })
    // the organisation sees that an expert declined, not who or why
    const toOrganisation = (await detail(statisticsLiaison, system.id)).body.gradings[0]!.reviews.find(
      (r) => r.id === decliner!.task.id,
    )!
    expect(toOrganisation).toMatchObject({
      expertName: expect.stringMatching(/^专家\d$/),
      declineReason: null,
    })
    expect(toOrganisation.declinedAt).not.toBeNull()

    // replacement: only the police, at most the places left, and only the expert never drawn for this round
    expect((await regulator.post(`${url}/gradings/${gradingId}/draw-replacement`, { count: 1 })).status).toBe(
      403,
    )
    expect(
      (await policeOther.post(`${url}/gradings/${gradingId}/draw-replacement`, { count: 1 })).status,
    ).toBe(404)
    const tooMany = await police.post<ErrorBody>(`${url}/gradings/${gradingId}/draw-replacement`, {
      count: 2,
    })
    expect(tooMany.status).toBe(400)
    const replaced = await police.post<TGrading>(`${url}/gradings/${gradingId}/draw-replacement`, {
      count: 1,
    })
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200)
    expect(replaced.body.draws).toHaveLength(2)
    expect(replaced.body.reviews).toHaveLength(4)
    const replacementTask = await taskOf(undrawn)
    expect(replacementTask).toBeDefined()
    expect((await detail(police, system.id)).body.can.drawReplacements).toBe(0)

    // the replacement's opinion completes the review, with the three opinions given
    const answered = await undrawn.post(`${url}/reviews/${replacementTask!.id}/opinion`, {
      opinion: 'agree_with_changes',
      suggestedLevel: 2,
      comments: '建议定为第二级',
    })
    expect(answered.status).toBe(200)
    expect((await detail(police, system.id)).body.stage).toBe('reviewed')
    const actions = (
      await t.services.database.db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.objectId, gradingId))
        .orderBy(auditEvents.seq)
    ).map((e) => [e.action, e.summary])
    expect(actions.map(([action]) => action)).toEqual([
      'dengbao.experts_drawn',
      'dengbao.review_declined',
      'dengbao.review_answered',
      'dengbao.review_answered',
      'dengbao.replacement_drawn',
      'dengbao.review_answered',
      'dengbao.review_completed',
    ])
    expect(((actions.at(-1)![1] as { opinions: string[] }).opinions ?? []).sort()).toEqual([
      'agree',
      'agree',
      'agree_with_changes',
    ])
  })
})

describe('assessments and rectification', () => {
  test('an assessment records its issues as rectification items, tracked to closure', async () => {
    const system = await registerSystem(liaison, t.basics.orgA.id, '资助管理系统')
    const ungraded = await liaison.post<ErrorBody>(`${url}/systems/${system.id}/assessments`, {
      assessedOn: '2026-01-03',
      institution: '某测评机构',
      conclusion: 'compliant',
    })
    expect(ungraded.status).toBe(409)
    await fileSystem(system.id, '32990013001-26003')
    const recorded = await liaison.post<{
      id: string
      items: { id: string; deadline: string; version: number }[]
    }>(`${url}/systems/${system.id}/assessments`, {
      assessedOn: '2026-01-03',
      institution: '江苏省某等级测评中心',
      conclusion: 'basically_compliant',
      score: 78.5,
      reportNumber: 'DJCP-2026-001',
      issues: [
        { title: '未启用登录失败处理', severity: 'high', owner: '信息科王五' },
        { title: '日志留存不足六个月', severity: 'medium', owner: '信息科王五', deadline: '2026-03-31' },
      ],
    })
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201)
    expect(recorded.body.items.map((i) => i.deadline)).toEqual(['2026-03-31', '2026-12-31'])
    expect((await leader.post(`${url}/systems/${system.id}/assessments`, {})).status).toBe(403)
    expect(
      (
        await liaisonB.post(`${url}/assessments/${recorded.body.id}/rectification-items`, {
          issues: [{ title: 'x', severity: 'low', owner: 'y' }],
        })
      ).status,
    ).toBe(404)

    const item = recorded.body.items[0]!
    const progress = await liaison.patch<{ updates: unknown[]; version: number; status: string }>(
      `${url}/rectification-items/${item.id}`,
      { version: item.version, note: '已配置账户锁定策略，待复核' },
    )
    expect(progress.status).toBe(200)
    expect(progress.body.updates).toHaveLength(1)
    t.clock.advance(60_000)
    const noNote = await liaison.patch<ErrorBody>(`${url}/rectification-items/${item.id}`, {
      version: progress.body.version,
      status: 'closed',
    })
    expect(noNote.status).toBe(400)
    const closed = await police.patch<{
      status: string
      isOverdue: boolean
      updates: { statusAfter: string | null }[]
    }>(`${url}/rectification-items/${item.id}`, {
      version: progress.body.version,
      status: 'closed',
      note: '现场核查已整改',
    })
    expect(closed.status).toBe(200)
    expect(closed.body.status).toBe('closed')
    expect(closed.body.updates.at(-1)?.statusAfter).toBe('closed')
    expect(
      (await liaisonB.patch(`${url}/rectification-items/${item.id}`, { version: 3, note: 'x' })).status,
    ).toBe(404)

    const open = await regulator.get<{ items: { id: string }[] }>(
      `${url}/rectification-items?status=open&systemId=${system.id}`,
    )
    expect(open.body.items.map((i) => i.id)).toEqual([recorded.body.items[1]!.id])
    const systemDetail = await detail(liaison, system.id)
    expect(systemDetail.body).toMatchObject({ lastAssessedOn: '2026-01-03', openRectificationCount: 1 })
  })

  test('the institution’s report (测评报告) is uploaded, read back byte for byte, replaced, and kept from outsiders', async () => {
    const system = await registerSystem(liaison, t.basics.orgA.id, '教师管理系统')
    await fileSystem(system.id, '32990013001-26009')
    const recorded = await liaison.post<TAssessment>(`${url}/systems/${system.id}/assessments`, {
      assessedOn: '2026-01-05',
      institution: '江苏省某等级测评中心',
      conclusion: 'compliant',
      reportNumber: 'DJCP-2026-009',
    })
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201)
    expect(recorded.body.reportFile).toBeNull()
    const id = recorded.body.id
    const upload = async (client: TestClient, file: { name: string; content: Buffer }) => {
      const { payload, contentType } = multipartBody({}, file)
      const response = await t.app.inject({
        method: 'POST',
        url: `${url}/assessments/${id}/report`,
        headers: { cookie: client.cookie!, 'x-csrf-token': client.csrfToken!, 'content-type': contentType },
        payload,
      })
      return { status: response.statusCode, body: JSON.parse(response.body) as TAssessment & ErrorBody }
    }
    const download = (client: TestClient) =>
      t.app.inject({
        method: 'GET',
        url: `${url}/assessments/${id}/report`,
        headers: { cookie: client.cookie! },
      })

    // nothing to download yet; the leader reads but may not upload; another organisation gets the 404 of a missing one
    expect((await download(liaison)).statusCode).toBe(404)
    const first = samplePdf('first')
    expect((await upload(leader, { name: 'r.pdf', content: first })).status).toBe(403)
    expect((await upload(liaisonB, { name: 'r.pdf', content: first })).status).toBe(404)
    // an HTML page named .pdf is refused by its content, and nothing is attached
    const html = await upload(liaison, {
      name: '报告.pdf',
      content: Buffer.from('<html><script>1</script></html>'),
    })
    expect(html.status).toBe(415)
    expect((await download(liaison)).statusCode).toBe(404)

    const attached = await upload(liaison, { name: '等级测评报告.pdf', content: first })
    expect(attached.status, JSON.stringify(attached.body)).toBe(200)
    expect(attached.body.reportFile?.name).toBe('等级测评报告.pdf')
    for (const reader of [liaison, leader, police, regulator]) {
      const got = await download(reader)
      expect(got.statusCode).toBe(200)
      expect(got.headers['content-type']).toBe('application/pdf')
      expect(Buffer.compare(got.rawPayload, first)).toBe(0)
    }
    expect(String((await download(liaison)).headers['content-disposition'])).toContain(
      encodeURIComponent('等级测评报告.pdf'),
    )
    for (const outsider of [liaisonB, policeOther, regulatorOther])
      expect((await download(outsider)).statusCode).toBe(404)

    // the police replace it with the corrected report; the audit trail names both files
    const second = samplePdf('second')
    const replaced = await upload(police, { name: '等级测评报告（更正）.pdf', content: second })
    expect(replaced.status).toBe(200)
    expect(Buffer.compare((await download(leader)).rawPayload, second)).toBe(0)
    const shown = await detail(leader, system.id)
    expect(shown.body.assessments.find((a) => a.id === id)?.reportFile?.name).toBe('等级测评报告（更正）.pdf')
    const events = await t.services.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'dengbao.assessment_report_attached'))
      .orderBy(auditEvents.seq)
    const mine = events.filter((e) => (e.summary as { assessment?: string }).assessment === id)
    expect(mine.map((e) => (e.summary as { file: string }).file)).toEqual([
      attached.body.reportFile!.id,
      replaced.body.reportFile!.id,
    ])
    expect((mine[1]!.summary as { replaced?: string }).replaced).toBe(attached.body.reportFile!.id)
  })
})

describe('deadlines, what is due, overdue lists and the dashboard', () => {
  test('seed 003 deadlines, a region’s own, and the due items they give', async () => {
    const defaults = await police.get(`${url}/deadlines?year=2026`)
    expect(defaults.body).toMatchObject({
      year: 2026,
      regionId: null,
      gradingAndFiling: '2026-08-31',
      assessment: '2026-10-31',
      rectification: '2026-12-31',
    })
    expect(
      (
        await regulator.request('PUT', `${url}/deadlines`, {
          regionId: t.basics.districtA.id,
          year: 2026,
          gradingAndFiling: '2026-06-30',
          assessment: '2026-09-30',
          rectification: '2026-11-30',
        })
      ).status,
    ).toBe(403)
    expect(
      (
        await policeOther.request('PUT', `${url}/deadlines`, {
          regionId: t.basics.districtA.id,
          year: 2026,
          gradingAndFiling: '2026-06-30',
          assessment: '2026-09-30',
          rectification: '2026-11-30',
        })
      ).status,
    ).toBe(404)
    const wrongYear = await police.request<ErrorBody>('PUT', `${url}/deadlines`, {
      regionId: t.basics.districtA.id,
      year: 2026,
      gradingAndFiling: '2025-06-30',
      assessment: '2026-09-30',
      rectification: '2026-11-30',
    })
    expect(wrongYear.status).toBe(400)
    const set = await police.request('PUT', `${url}/deadlines`, {
      regionId: t.basics.districtA.id,
      year: 2026,
      gradingAndFiling: '2026-06-30',
      assessment: '2026-09-30',
      rectification: '2026-11-30',
      level2IntervalMonths: 24,
    })
    expect(set.status).toBe(200)
    expect(set.body).toMatchObject({ regionId: t.basics.districtA.id, gradingAndFiling: '2026-06-30' })

    // orgB sits in districtA: its systems follow the district's deadlines
    const systemB = await registerSystem(liaisonB, t.basics.orgB.id, '区政务服务系统')
    const dueB = await liaisonB.get<{ items: { kind: string; dueOn: string; isOverdue: boolean }[] }>(
      `${url}/due`,
    )
    expect(dueB.body.items).toEqual([
      expect.objectContaining({ kind: 'grading_filing', dueOn: '2026-06-30', isOverdue: false }),
    ])

    t.clock.set('2026-07-01T04:00:00Z')
    // sessions idle out when the clock jumps months: log in again
    police = await t.login(police.username!)
    policeOther = await t.login(policeOther.username!)
    liaison = await t.login(liaison.username!)
    try {
      const overdue = await police.get<{
        organisations: {
          organisationName: string
          gradingFiling: number
          assessment: number
          total: number
        }[]
      }>(`${url}/overdue`)
      expect(overdue.status, JSON.stringify(overdue.body)).toBe(200)
      const b = overdue.body.organisations.find((o) => o.organisationName === '天宁区')
      expect(b).toMatchObject({ gradingFiling: 1, total: 1 })
      // orgA's unfiled systems are not overdue before 31 August (the city follows the defaults)
      expect(
        overdue.body.organisations.find((o) => o.organisationName === '市教育局')?.gradingFiling ?? 0,
      ).toBe(0)
      expect(
        (await liaison.get<{ organisations: unknown[] }>(`${url}/overdue`)).body.organisations,
      ).toHaveLength(0)
      expect(
        (await policeOther.get<{ organisations: unknown[] }>(`${url}/overdue`)).body.organisations,
      ).toHaveLength(0)

      t.clock.set('2026-11-02T04:00:00Z')
      police = await t.login(police.username!)
      policeOther = await t.login(policeOther.username!)
      liaison = await t.login(liaison.username!)
      const late = await police.get<{
        organisations: {
          organisationName: string
          gradingFiling: number
          assessment: number
          rectification: number
        }[]
      }>(`${url}/overdue`)
      const a = late.body.organisations.find((o) => o.organisationName === '市教育局')!
      expect(a.gradingFiling).toBeGreaterThan(0)
      // level-3 systems filed in January without an assessment this year: overdue after 31 October
      expect(a.assessment).toBeGreaterThan(0)
      const withinWeek = await liaison.get<{ items: { kind: string; isOverdue: boolean }[] }>(
        `${url}/due?withinDays=7`,
      )
      expect(withinWeek.body.items.every((i) => i.isOverdue)).toBe(true)

      const dashboard = await police.get<{
        systems: number
        byLevel: Record<string, number>
        filing: { filed: number; notFiled: number; overdue: number }
        assessment: { required: number; done: number; overdue: number }
        organisationsWithOverdue: number
      }>(`${url}/dashboard?year=2026`)
      expect(dashboard.status).toBe(200)
      const systems = await police.get<{ total: number; items: TSystem[] }>(`${url}/systems?pageSize=500`)
      expect(dashboard.body.systems).toBe(systems.body.total)
      expect(dashboard.body.filing.filed + dashboard.body.filing.notFiled).toBe(systems.body.total)
      expect(dashboard.body.filing.filed).toBe(systems.body.items.filter((s) => s.filedLevel !== null).length)
      expect(dashboard.body.assessment.required).toBe(
        dashboard.body.assessment.done + dashboard.body.assessment.overdue,
      )
      expect(dashboard.body.organisationsWithOverdue).toBeGreaterThanOrEqual(2)
      const district = await police.get<{ systems: number; deadlines: { regionId: string } }>(
        `${url}/dashboard?year=2026&regionId=${t.basics.districtA.id}`,
      )
      expect(district.body).toMatchObject({ systems: 1, deadlines: { regionId: t.basics.districtA.id } })
      expect((await policeOther.get(`${url}/dashboard?regionId=${t.basics.districtA.id}`)).status).toBe(404)

      // the hook for reminders: everything due, with the liaisons to tell
      const reminders = await t.services.dengbao.deadlines.dueForReminders({ withinDays: 0 })
      const forA = reminders.find((r) => r.organisationId === t.basics.orgA.id)
      expect(forA?.liaisons).toEqual([{ name: '张三', mobile: '13800000001', email: 'zhang@example.gov.cn' }])
      expect(reminders.some((r) => r.systemId === systemB.id && r.kind === 'grading_filing')).toBe(true)
    } finally {
      t.clock.set('2026-01-05T02:00:00Z')
    }
  })

  test('the reminder hook runs without a user', async () => {
    const items = await t.services.dengbao.deadlines.dueForReminders({
      withinDays: 365,
      asOf: new Date('2026-03-01T00:00:00Z'),
    })
    expect(items.length).toBeGreaterThan(0)
    expect(systemContext('job:dengbao-reminders').actor).toBeNull()
  })
})
