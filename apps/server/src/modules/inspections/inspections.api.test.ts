// Annual on-site inspections through the API: regulators inspect their region, the score follows every save, sign-off
// locks it, the organisation reads its own signed-off inspection, the DOCX report and last year's comparison.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestPlatform, type TestClient, type TestPlatform } from '../../testing/test-platform'
import { docxText } from './docx-text'
import { fullMarksAnswers } from './inspection-answers'
import type { TInspection, TInspectionTemplateView } from './inspections.schemas'

type ErrorBody = { error: { code: string; message: string; details?: { path: string; message: string }[] } }

let t: TestPlatform
let regulator: TestClient
let regulatorB: TestClient
let regulatorOther: TestClient
let liaison: TestClient
let liaisonB: TestClient
let police: TestClient
let view: TInspectionTemplateView
const url = '/api/v1/inspections'

beforeAll(async () => {
  t = await createTestPlatform()
  regulator = await t.as('regulator', { regionId: t.basics.city.id })
  regulatorB = await t.as('regulator', { regionId: t.basics.districtA.id })
  regulatorOther = await t.as('regulator', { regionId: t.basics.otherCity.id })
  liaison = await t.as('org_liaison', { organisationId: t.basics.orgA.id })
  liaisonB = await t.as('org_liaison', { organisationId: t.basics.orgB.id })
  police = await t.as('police', { regionId: t.basics.city.id })
  view = (await regulator.get<TInspectionTemplateView>(`${url}/templates/onsite-inspection`)).body
})
afterAll(async () => {
  await t?.close()
})

async function open(organisationId: string, year: number, templateId = 'onsite-inspection') {
  const response = await regulator.post<TInspection>(url, { organisationId, year, templateId })
  expect(response.status, JSON.stringify(response.body)).toBe(201)
  return response.body
}

describe('forms', () => {
  test('the two forms of seed 004, 100 points each, with their items and rules', async () => {
    const forms = await liaison.get<{ id: string; points: number; itemCount: number }[]>(`${url}/templates`)
    expect(forms.body.map((f) => [f.id, f.points, f.itemCount])).toEqual([
      ['onsite-inspection', 100, 60],
      ['onsite-inspection-ics', 100, 89],
    ])
    expect(view.items.reduce((sum, i) => sum + i.points, 0)).toBe(100)
    const logs = view.items.find((i) => i.code === 'T2-6')!
    expect(logs.rule).toMatchObject({ kind: 'numeric-bands', unit: '个月' })
    expect(view.sections.find((s) => s.code === 'T1-2.4')).toMatchObject({
      points: 40,
      parent: 'T1-2',
      depth: 1,
    })
    expect((await police.get(`${url}/templates`)).status).toBe(403)
  })
})

describe('an inspection', () => {
  test('answers score as they are saved; bad answers are named by item and field', async () => {
    const inspection = await open(t.basics.orgA.id, 2025)
    expect(inspection.score).toMatchObject({ total: 0, max: 100, answered: 0, itemCount: 60 })
    const saved = await regulator.patch<TInspection>(`${url}/${inspection.id}`, {
      version: inspection.version,
      answers: {
        'T2-6': 3, // 日志留存 3 个月: 50 %
        'T2-22': { total: 4, virus: 1, trojan: 2, backdoor: 1 }, // −40 %
        'T2-23': { total: 30, high: 2, medium: 3 }, // 5 × −5 % = −25 %
        'T1-2.1.1': ['count', 'functions', 'competentUnit'], // 缺两项 −1
        'T1-1.6.1': 'work_plan', // 暂未开展，有工作计划书：得分
      },
      notes: { 'T2-6': '现场查看日志服务器，最早记录为 10 月' },
      evidence: { 'T2-22': [{ label: '杀毒软件扫描截图', reference: '截图 3' }] },
    })
    expect(saved.status, JSON.stringify(saved.body)).toBe(200)
    const points = Object.fromEntries(saved.body.score.items.map((i) => [i.code, i.points]))
    expect(points).toMatchObject({ 'T2-6': 1, 'T2-22': 1.2, 'T2-23': 3, 'T1-2.1.1': 1, 'T1-1.6.1': 1 })
    expect(saved.body.score.total).toBe(7.2)
    expect(saved.body.score.answered).toBe(5)
    expect(saved.body.score.items.find((i) => i.code === 'T1-2.1.1')!.explanation).toMatch(/缺2项/)
    expect(saved.body.notes['T2-6']).toMatch(/日志服务器/)
    expect(saved.body.evidence['T2-22']).toEqual([
      { label: '杀毒软件扫描截图', reference: '截图 3', fileId: null, fileName: null },
    ])

    const bad = await regulator.patch<ErrorBody>(`${url}/${inspection.id}`, {
      version: saved.body.version,
      answers: { 'T2-22': { total: 1, virus: 2, trojan: 0, backdoor: 0 }, 'T3-99.1': true },
    })
    expect(bad.status).toBe(400)
    expect(bad.body.error.details!.map((d) => d.path).sort()).toEqual([
      'body.answers["T2-22"].total',
      'body.answers["T3-99.1"]',
    ])
    const notACode = await regulator.patch<ErrorBody>(`${url}/${inspection.id}`, {
      version: saved.body.version,
      answers: { 'T9-1': true },
    })
    expect(notACode.body.error.details?.map((d) => d.path)).toEqual(['body.answers.T9-1'])
    const stale = await regulator.patch<ErrorBody>(`${url}/${inspection.id}`, {
      version: 1,
      answers: { 'T2-6': 6 },
    })
    expect(stale.status).toBe(409)

    const cleared = await regulator.patch<TInspection>(`${url}/${inspection.id}`, {
      version: saved.body.version,
      clear: ['T2-6'],
      notes: { 'T2-6': null },
    })
    expect(cleared.body.score.total).toBe(6.2)
    expect(cleared.body.notes['T2-6']).toBeUndefined()

    const early = await regulator.post<ErrorBody>(`${url}/${inspection.id}/sign-off`, {
      version: cleared.body.version,
    })
    expect(early.status).toBe(409)
    expect(early.body.error.message).toMatch(/尚有 56 项未评分/)
  })

  test('full answers give 100; sign-off locks it; the organisation then reads it and its report', async () => {
    const inspection = await open(t.basics.orgA.id, 2026)
    expect((await liaison.get(`${url}/${inspection.id}`)).status).toBe(404)
    const answers = { ...fullMarksAnswers(view), 'T2-6': 2 }
    const filled = await regulator.patch<TInspection>(`${url}/${inspection.id}`, {
      version: inspection.version,
      answers,
      conclusion: '总体情况良好，日志留存不足六个月。',
    })
    expect(filled.body.score).toMatchObject({ total: 99, answered: 60 })
    expect(filled.body.can).toEqual({ edit: true, signOff: true })
    // last year's inspection (in progress, 6.2 points) is compared project by project
    expect(filled.body.comparison).toMatchObject({ year: 2025, total: 6.2, delta: 92.8 })
    expect(filled.body.comparison!.sections.find((s) => s.code === 'T1-1')).toMatchObject({ points: 30 })

    const otherInspector = await t.as('regulator', { regionId: t.basics.city.id })
    const signed = await otherInspector.post<TInspection>(`${url}/${inspection.id}/sign-off`, {
      version: filled.body.version,
    })
    expect(signed.status).toBe(200)
    expect(signed.body).toMatchObject({ status: 'signed_off', total: 99 })
    const locked = await regulator.patch<ErrorBody>(`${url}/${inspection.id}`, {
      version: signed.body.version,
      answers: { 'T2-6': 6 },
    })
    expect(locked.status).toBe(409)
    expect(locked.body.error.code).toBe('ILLEGAL_TRANSITION')
    expect((await regulator.delete(`${url}/${inspection.id}`)).status).toBe(409)

    const own = await liaison.get<TInspection>(`${url}/${inspection.id}`)
    expect(own.status).toBe(200)
    expect(own.body.can).toEqual({ edit: false, signOff: false })
    // the organisation does not see last year's unsigned inspection, so no comparison for them
    expect(own.body.comparison).toBeNull()
    expect((await liaison.get<{ total: number }>(url)).body.total).toBe(1)
    expect((await liaison.patch(`${url}/${inspection.id}`, { version: 9 })).status).toBe(403)

    const report = await t.app.inject({
      method: 'GET',
      url: `${url}/${inspection.id}/report.docx`,
      headers: { cookie: liaison.cookie! },
    })
    expect(report.statusCode).toBe(200)
    expect(report.headers['content-type']).toContain('wordprocessingml')
    const docx = report.rawPayload
    expect(docx.subarray(0, 2).toString()).toBe('PK')
    const xml = docxText(docx)
    expect(xml).toContain('市教育局 2026年度网络安全工作现场检查评分报告')
    expect(xml).toContain('总体情况良好，日志留存不足六个月。')
    expect(xml).toContain('99 / 100')
  })

  test('one inspection per organisation and year; nobody outside the region sees it', async () => {
    const inspection = await open(t.basics.orgB.id, 2026, 'onsite-inspection-ics')
    expect(inspection.score.itemCount).toBe(89)
    const twice = await regulator.post<ErrorBody>(url, { organisationId: t.basics.orgB.id, year: 2026 })
    expect(twice.status).toBe(409)
    expect((await regulatorB.get(`${url}/${inspection.id}`)).status).toBe(200)
    for (const outsider of [regulatorOther, liaisonB, liaison])
      expect((await outsider.get(`${url}/${inspection.id}`)).status).toBe(404)
    expect((await regulatorOther.patch(`${url}/${inspection.id}`, { version: 1, answers: {} })).status).toBe(
      404,
    )
    const foreign = await regulatorOther.post<ErrorBody>(url, {
      organisationId: t.basics.orgA.id,
      year: 2027,
    })
    expect(foreign.status).toBe(400)
    expect((await regulatorB.post(url, { organisationId: t.basics.orgA.id, year: 2027 })).status).toBe(400)
    expect((await regulator.delete(`${url}/${inspection.id}`)).status).toBe(200)
  })

  test('evidence files are stored encrypted and read back only through the inspection', async () => {
    const inspection = await open(t.basics.orgA.id, 2024)
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    )
    const uploaded = await regulator.post<TInspection>(`${url}/${inspection.id}/evidence`, {
      itemCode: 'T2-9',
      label: '防火墙策略截图',
      fileName: '../../etc/passwd.png',
      content: png.toString('base64'),
      version: inspection.version,
    })
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(200)
    const [entry] = uploaded.body.evidence['T2-9']!
    expect(entry).toMatchObject({ label: '防火墙策略截图', fileName: 'passwd.png' })
    const download = await t.app.inject({
      method: 'GET',
      url: `${url}/${inspection.id}/evidence/${entry!.fileId}`,
      headers: { cookie: regulator.cookie! },
    })
    expect(download.statusCode).toBe(200)
    expect(download.headers['content-type']).toBe('image/png')
    expect(Buffer.compare(download.rawPayload, png)).toBe(0)
    const other = await open(t.basics.orgB.id, 2024)
    expect((await regulator.get(`${url}/${other.id}/evidence/${entry!.fileId}`)).status).toBe(404)
    const html = await regulator.post<ErrorBody>(`${url}/${inspection.id}/evidence`, {
      itemCode: 'T2-9',
      label: 'x',
      fileName: 'x.html',
      content: Buffer.from('<html><script>alert(1)</script></html>').toString('base64'),
      version: uploaded.body.version,
    })
    expect(html.status).toBeGreaterThanOrEqual(400)
    // a file id from elsewhere cannot be slipped into the evidence list
    const slipped = await regulator.patch<ErrorBody>(`${url}/${inspection.id}`, {
      version: uploaded.body.version,
      evidence: { 'T2-1': [{ label: 'x', fileId: '00000000-0000-4000-8000-000000000000' }] },
    })
    expect(slipped.status).toBe(400)
  })
})
