// City evaluations through the API: scenario and scope, rating with the Chinese names of 表A.1, removals only with a
// reason, the direct-score item, live provisional results, weights, completion, the DOCX report with its radar chart,
// and the region boundary. Results agree with `evaluateCity` (the rules behind `wangan evaluate-city`).
import { evaluateCity } from '@wangan/rules/evaluation'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestPlatform, type TestClient, type TestPlatform } from '../../testing/test-platform'
import { docxText, zipEntry } from '../inspections/docx-text'
import type { TCityFrameworkView, TEvaluation } from './evaluation.schemas'

type ErrorBody = { error: { code: string; message: string; details?: { path: string; message: string }[] } }

let t: TestPlatform
let regulator: TestClient
let regulatorDistrict: TestClient
let regulatorOther: TestClient
let police: TestClient
let framework: TCityFrameworkView
const url = '/api/v1/evaluations'

beforeAll(async () => {
  t = await createTestPlatform()
  regulator = await t.as('regulator', { regionId: t.basics.city.id })
  regulatorDistrict = await t.as('regulator', { regionId: t.basics.districtA.id })
  regulatorOther = await t.as('regulator', { regionId: t.basics.otherCity.id })
  police = await t.as('police', { regionId: t.basics.city.id })
  framework = (await regulator.get<TCityFrameworkView>(`${url}/framework`)).body
})
afterAll(async () => {
  await t?.close()
})

const itemsOf = (prefix: string) =>
  framework.items.filter((i) => i.code.startsWith(`${prefix}.`)).map((i) => i.code)

describe('the framework', () => {
  test('表B.1: five first-level indicators, 100 points, 144 items, one direct-score item', () => {
    expect(framework.first.map((f) => [f.code, f.name, f.points])).toEqual([
      ['1', '政策规范', 20],
      ['2', '风险控制', 30],
      ['3', '网络安全文化', 15],
      ['4', '研究创新', 15],
      ['5', '发展协同', 20],
    ])
    expect(framework.items).toHaveLength(144)
    expect(framework.items.filter((i) => i.isDirectScore).map((i) => i.code)).toEqual(['5.3.1.3'])
    expect(framework.third.find((x) => x.code === '1.1.0')).toMatchObject({ isImplicit: true, points: 3 })
  })
})

describe('an evaluation', () => {
  test('rated item by item; the result follows every save and agrees with evaluate-city', async () => {
    const badScope = await regulator.post<ErrorBody>(url, {
      regionId: t.basics.city.id,
      year: 2026,
      title: 'x',
      scenario: 'full',
      scope: ['1', '2'],
    })
    expect(badScope.status).toBe(400)
    const created = await regulator.post<TEvaluation>(url, {
      regionId: t.basics.city.id,
      year: 2026,
      title: '测试市2026年度城市网络安全评价',
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const evaluation = created.body
    expect(evaluation).toMatchObject({
      scenario: 'full',
      scope: ['1', '2', '3', '4', '5'],
      status: 'in_progress',
    })
    expect(evaluation.result).toMatchObject({ isComplete: false, total: 0, grade: '不合格' })
    expect(evaluation.result.unrated).toHaveLength(144)

    // everything 全部满足 except: 2.x items 部分满足, one removal, and the direct-score case of 5.3.1
    const ratings: Record<string, string | number> = {}
    for (const item of framework.items)
      ratings[item.code] = item.code.startsWith('2.') ? '部分满足' : '全部满足'
    Object.assign(ratings, { '5.3.1.1': 0, '5.3.1.2': 0, '5.3.1.3': 1 })
    delete ratings['2.6.3.3']
    const saved = await regulator.patch<TEvaluation>(`${url}/${evaluation.id}`, {
      version: evaluation.version,
      ratings,
      removals: { '2.6.3.3': '本市无该类设施，不适用' },
      notes: { '1.1.0.1': '<b>已出台</b> 网络安全工作责任制实施细则' },
    })
    expect(saved.status, JSON.stringify(saved.body)).toBe(200)
    const expected = evaluateCity({
      scope: ['1', '2', '3', '4', '5'],
      ratings: Object.fromEntries(
        Object.entries(ratings).map(([code, r]) => [
          code,
          typeof r === 'number' ? r : r === '全部满足' ? 1 : 0.5,
        ]),
      ) as Record<string, 0 | 0.5 | 1>,
      removed: [{ item: '2.6.3.3', reason: '本市无该类设施，不适用' }],
    })
    expect(saved.body.result).toMatchObject({
      isComplete: true,
      unrated: [],
      total: expected.total,
      scaledTotal: expected.scaledTotal,
      grade: expected.grade,
      first: expected.first,
    })
    expect(saved.body.result.total).toBe(85)
    expect(saved.body.result.grade).toBe('优秀')
    // 5.3.1 = max(mean (0+0+1)/3, 1) × 3: the direct-score item alone gives full marks
    expect(saved.body.result.third['5.3.1']).toBe(3)
    expect(saved.body.ratings['1.1.0.1']).toBe(1)
    expect(saved.body.notes['1.1.0.1']).toBe('<b>已出台</b> 网络安全工作责任制实施细则')
    expect(saved.body.removed).toEqual([{ item: '2.6.3.3', reason: '本市无该类设施，不适用' }])

    // removing needs a reason; a removed item cannot be rated until restored
    const noReason = await regulator.patch<ErrorBody>(`${url}/${evaluation.id}`, {
      version: saved.body.version,
      removals: { '2.6.3.2': '' },
    })
    expect(noReason.status).toBe(400)
    const ratedRemoved = await regulator.patch<ErrorBody>(`${url}/${evaluation.id}`, {
      version: saved.body.version,
      ratings: { '2.6.3.3': 1 },
    })
    expect(ratedRemoved.status).toBe(400)
    expect(ratedRemoved.body.error.details?.[0]?.path).toBe('body.ratings.2.6.3.3')
    const unknown = await regulator.patch<ErrorBody>(`${url}/${evaluation.id}`, {
      version: saved.body.version,
      ratings: { '9.9.9.9': 1, '1.1.0.2': '差不多' },
    })
    expect(unknown.status).toBe(400)

    // a withdrawn rating counts as 不满足 until rated again; completion waits for it
    const withdrawn = await regulator.patch<TEvaluation>(`${url}/${evaluation.id}`, {
      version: saved.body.version,
      ratings: { '4.1.1.1': null },
    })
    expect(withdrawn.body.result).toMatchObject({ isComplete: false, unrated: ['4.1.1.1'] })
    expect(withdrawn.body.result.total).toBeLessThan(85)
    expect(withdrawn.body.result.gapToNextGrade).toMatchObject({ grade: '优秀', threshold: 85 })
    // the fastest way back: the indicator that lost most (4.1.1 with one item now at 0) comes first
    expect(withdrawn.body.result.weakest[0]?.code).toBe('4.1.1')
    expect(withdrawn.body.result.gapClosedBy).toEqual(['4.1.1'])
    const early = await regulator.post<ErrorBody>(`${url}/${evaluation.id}/complete`, {
      version: withdrawn.body.version,
    })
    expect(early.status).toBe(409)

    // weights of the weighted form must sum to 1 under each parent
    const badWeights = await regulator.patch<ErrorBody>(`${url}/${evaluation.id}`, {
      version: withdrawn.body.version,
      ratings: { '4.1.1.1': '大部分满足' },
      weights: { first: { '1': 0.5, '2': 0.5, '3': 0.1, '4': 0.1, '5': 0.1 } },
    })
    expect(badWeights.status).toBe(400)
    expect(badWeights.body.error.details?.[0]?.path).toMatch(/^body\.weights\.first/)
    const weighted = await regulator.patch<TEvaluation>(`${url}/${evaluation.id}`, {
      version: withdrawn.body.version,
      ratings: { '4.1.1.1': '大部分满足' },
      weights: { first: { '1': 0.2, '2': 0.3, '3': 0.15, '4': 0.15, '5': 0.2 } },
    })
    expect(weighted.status).toBe(200)
    expect(weighted.body.result.weighted?.score).toBe(weighted.body.result.scaledTotal)

    const done = await regulator.post<TEvaluation>(`${url}/${evaluation.id}/complete`, {
      version: weighted.body.version,
    })
    expect(done.status).toBe(200)
    expect(done.body).toMatchObject({ status: 'completed', grade: weighted.body.result.grade })
    expect(done.body.scaledTotal).toBe(weighted.body.result.scaledTotal)
    const locked = await regulator.patch<ErrorBody>(`${url}/${evaluation.id}`, {
      version: done.body.version,
      ratings: { '1.1.0.1': 0 },
    })
    expect(locked.status).toBe(409)

    const report = await t.app.inject({
      method: 'GET',
      url: `${url}/${evaluation.id}/report.docx`,
      headers: { cookie: regulator.cookie! },
    })
    expect(report.statusCode).toBe(200)
    const text = docxText(report.rawPayload)
    expect(text).toContain('测试市2026年度城市网络安全评价报告')
    expect(text).toContain('本市无该类设施，不适用')
    // user text is a text run: escaped in the XML, never markup
    expect(text).toContain('&lt;b&gt;已出台&lt;/b&gt;')
    const chart = zipEntry(report.rawPayload, 'word/charts/chart1.xml')?.toString('utf8') ?? ''
    expect(chart).toContain('<c:radarChart>')
    for (const name of ['政策规范', '风险控制', '网络安全文化', '研究创新', '发展协同'])
      expect(chart).toContain(name)

    const reopened = await regulator.post<TEvaluation>(`${url}/${evaluation.id}/reopen`, {
      version: done.body.version,
      reason: '补充评价证据',
    })
    expect(reopened.body).toMatchObject({ status: 'in_progress', grade: null })
  })

  test('special and phased evaluations: the result is also given on the 100-point scale', async () => {
    const special = await regulator.post<TEvaluation>(url, {
      regionId: t.basics.city.id,
      year: 2026,
      title: '风险控制专项评价',
      scenario: 'special',
      scope: ['2'],
    })
    expect(special.status).toBe(201)
    const ratings = Object.fromEntries(itemsOf('2').map((code) => [code, '大部分满足']))
    const rated = await regulator.patch<TEvaluation>(`${url}/${special.body.id}`, {
      version: special.body.version,
      ratings,
    })
    expect(rated.body.result).toMatchObject({
      pointsInScope: 30,
      total: 24,
      scaledTotal: 80,
      grade: '良好',
      isComplete: true,
    })
    expect(Object.keys(rated.body.result.first)).toEqual(['2'])
    // the bar chart stands in for the radar when fewer than three first-level indicators are in scope
    const report = await t.app.inject({
      method: 'GET',
      url: `${url}/${special.body.id}/report.docx`,
      headers: { cookie: regulator.cookie! },
    })
    expect(zipEntry(report.rawPayload, 'word/charts/chart1.xml')?.toString('utf8')).toContain('<c:barChart>')

    const wrong = await regulator.post<ErrorBody>(url, {
      regionId: t.basics.city.id,
      year: 2026,
      title: 'x',
      scenario: 'special',
      scope: ['2.3'],
    })
    expect(wrong.status).toBe(400)
    const phased = await regulator.post<TEvaluation>(url, {
      regionId: t.basics.districtA.id,
      year: 2026,
      title: '等级保护阶段评价',
      scenario: 'phased',
      scope: ['1.2'],
    })
    expect(phased.status).toBe(201)
    expect(phased.body.result.unrated).toEqual(itemsOf('1.2'))
  })

  test('a regulator sees the evaluations of their region subtree only', async () => {
    const list = await regulator.get<{ total: number }>(url)
    expect(list.body.total).toBe(3)
    const district = await regulatorDistrict.get<{ items: { title: string; id: string }[] }>(url)
    expect(district.body.items.map((i) => i.title)).toEqual(['等级保护阶段评价'])
    const cityOnes = (
      await regulator.get<{ items: { id: string; regionId: string }[] }>(url)
    ).body.items.filter((i) => i.regionId === t.basics.city.id)
    for (const outsider of [regulatorDistrict, regulatorOther])
      expect((await outsider.get(`${url}/${cityOnes[0]!.id}`)).status).toBe(404)
    expect((await regulatorOther.patch(`${url}/${cityOnes[0]!.id}`, { version: 1 })).status).toBe(404)
    expect((await police.get(url)).status).toBe(403)
    const foreign = await regulatorDistrict.post<ErrorBody>(url, {
      regionId: t.basics.city.id,
      year: 2026,
      title: 'x',
    })
    expect(foreign.status).toBe(400)
    expect(foreign.body.error.details?.[0]?.path).toBe('body.regionId')
  })
})
