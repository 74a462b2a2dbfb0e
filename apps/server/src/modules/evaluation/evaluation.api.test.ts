// City evaluations through the API: scenario and scope, rating with the Chinese names of 表A.1, removals only with a
// reason, the direct-score item, live provisional results, weights, completion, the DOCX report with its radar chart,
// the region boundary, and evidence per item (labels with references, files uploaded through the evaluation, kept
// encrypted and read back only through it). Results agree with `evaluateCity` (the rules behind `wangan evaluate-city`).
import { evaluateCity } from '@wangan/rules/evaluation'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { auditEvents } from '../../db/schema'
import { multipartBody } from '../../testing/multipart'
import { SAMPLE_PDF, SAMPLE_PNG } from '../../testing/sample-files'
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

describe('evidence per item', () => {
  const png = SAMPLE_PNG
  const pdf = SAMPLE_PDF
  const upload = async (
    client: TestClient,
    id: string,
    fields: Record<string, string>,
    file: { name: string; content: Buffer; type?: string },
  ) => {
    const { payload, contentType } = multipartBody(fields, file)
    const response = await t.app.inject({
      method: 'POST',
      url: `${url}/${id}/evidence`,
      headers: { cookie: client.cookie!, 'x-csrf-token': client.csrfToken!, 'content-type': contentType },
      payload,
    })
    return { status: response.statusCode, body: JSON.parse(response.body) as TEvaluation & ErrorBody }
  }
  const download = (client: TestClient, id: string, fileId: string) =>
    t.app.inject({
      method: 'GET',
      url: `${url}/${id}/evidence/${fileId}`,
      headers: { cookie: client.cookie! },
    })

  test('labels and files per item: uploaded, read back byte for byte, listed in the report, locked at completion', async () => {
    const created = await regulator.post<TEvaluation>(url, {
      regionId: t.basics.city.id,
      year: 2027,
      title: '网络安全文化专项评价（证据）',
      scenario: 'special',
      scope: ['3'],
    })
    expect(created.status).toBe(201)
    const id = created.body.id
    expect(created.body.evidence).toEqual({})

    // evidence entries are saved with the ratings and notes; hostile text is kept as given
    const hostile = '<img src=x onerror=alert(1)>宣传周工作方案'
    const saved = await regulator.patch<TEvaluation>(`${url}/${id}`, {
      version: created.body.version,
      ratings: { '3.1.1.1': '全部满足' },
      notes: { '3.1.1.1': '查阅宣传周方案与活动记录' },
      evidence: { '3.1.1.1': [{ label: hostile, reference: '网信办〔2027〕3号' }] },
    })
    expect(saved.status, JSON.stringify(saved.body)).toBe(200)
    expect(saved.body.evidence['3.1.1.1']).toEqual([
      { label: hostile, reference: '网信办〔2027〕3号', fileId: null, fileName: null },
    ])
    const unknownItem = await regulator.patch<ErrorBody>(`${url}/${id}`, {
      version: saved.body.version,
      evidence: { '9.9.9.9': [{ label: 'x' }] },
    })
    expect(unknownItem.status).toBe(400)
    expect(unknownItem.body.error.details?.map((d) => d.path)).toEqual(['body.evidence.9.9.9.9'])

    // a PNG and a PDF uploaded for the item (multipart; the fields come before the file)
    const withPng = await upload(
      regulator,
      id,
      { itemCode: '3.1.1.1', label: '宣传周活动照片', version: String(saved.body.version) },
      { name: '../../活动照片.png', content: png, type: 'image/png' },
    )
    expect(withPng.status, JSON.stringify(withPng.body)).toBe(200)
    const pngEntry = withPng.body.evidence['3.1.1.1']![1]!
    expect(pngEntry).toMatchObject({ label: '宣传周活动照片', reference: null, fileName: '活动照片.png' })
    const withPdf = await upload(
      regulator,
      id,
      { itemCode: '3.1.1.1', reference: '附件2', version: String(withPng.body.version) },
      { name: '宣传周总结.pdf', content: pdf, type: 'text/plain' },
    )
    expect(withPdf.status, JSON.stringify(withPdf.body)).toBe(200)
    const pdfEntry = withPdf.body.evidence['3.1.1.1']![2]!
    // without a label the file's name stands in
    expect(pdfEntry).toMatchObject({
      label: '宣传周总结.pdf',
      reference: '附件2',
      fileName: '宣传周总结.pdf',
    })

    const pngBack = await download(regulator, id, pngEntry.fileId!)
    expect(pngBack.statusCode).toBe(200)
    expect(pngBack.headers['content-type']).toBe('image/png')
    expect(pngBack.headers['x-content-type-options']).toBe('nosniff')
    expect(Buffer.compare(pngBack.rawPayload, png)).toBe(0)
    const pdfBack = await download(regulator, id, pdfEntry.fileId!)
    expect(pdfBack.statusCode).toBe(200)
    // typed by content, not by the client's Content-Type
    expect(pdfBack.headers['content-type']).toBe('application/pdf')
    expect(Buffer.compare(pdfBack.rawPayload, pdf)).toBe(0)

    // files of forbidden types, unknown items, missing fields and stale versions are refused, and nothing is listed
    const current = withPdf.body.version
    const html = await upload(
      regulator,
      id,
      { itemCode: '3.1.1.1', version: String(current) },
      { name: 'page.png', content: Buffer.from('<html><script>alert(1)</script></html>'), type: 'image/png' },
    )
    expect(html.status).toBe(415)
    expect(html.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE')
    const svg = await upload(
      regulator,
      id,
      { itemCode: '3.1.1.1', version: String(current) },
      { name: 'chart.svg', content: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>') },
    )
    expect(svg.status).toBe(415)
    const unknown = await upload(
      regulator,
      id,
      { itemCode: '9.9.9.9', version: String(current) },
      { name: 'a.png', content: png },
    )
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.details?.map((d) => d.path)).toEqual(['body.itemCode'])
    const malformed = await upload(
      regulator,
      id,
      { version: String(current) },
      { name: 'a.png', content: png },
    )
    expect(malformed.status).toBe(400)
    expect(malformed.body.error.details?.map((d) => d.path)).toEqual(['body.itemCode'])
    const stale = await upload(
      regulator,
      id,
      { itemCode: '3.1.1.1', version: String(created.body.version) },
      { name: 'a.png', content: png },
    )
    expect(stale.status).toBe(409)
    expect((await regulator.get<TEvaluation>(`${url}/${id}`)).body).toMatchObject({ version: current })

    // outside the region (another city, or a district below the evaluated city) it does not exist
    for (const outsider of [regulatorOther, regulatorDistrict]) {
      const refused = await upload(
        outsider,
        id,
        { itemCode: '3.1.1.1', version: String(current) },
        { name: 'a.png', content: png },
      )
      expect(refused.status).toBe(404)
      expect((await download(outsider, id, pngEntry.fileId!)).statusCode).toBe(404)
    }
    expect((await download(police, id, pngEntry.fileId!)).statusCode).toBe(403)
    // a file is read only through the evaluation that lists it
    const other = await regulator.post<TEvaluation>(url, {
      regionId: t.basics.city.id,
      year: 2027,
      title: '另一次评价',
      scenario: 'special',
      scope: ['4'],
    })
    expect((await download(regulator, other.body.id, pngEntry.fileId!)).statusCode).toBe(404)
    // … and a file id from elsewhere cannot be slipped into an evidence list
    const slipped = await regulator.patch<ErrorBody>(`${url}/${other.body.id}`, {
      version: other.body.version,
      evidence: { '4.1.1.1': [{ label: 'x', fileId: pngEntry.fileId }] },
    })
    expect(slipped.status).toBe(400)
    expect(slipped.body.error.details?.[0]?.path).toBe('body.evidence')

    // removing an entry: the list is saved without it; its file is no longer handed out
    const entries = withPdf.body.evidence['3.1.1.1']!
    const removed = await regulator.patch<TEvaluation>(`${url}/${id}`, {
      version: current,
      evidence: {
        '3.1.1.1': entries
          .filter((e) => e.fileId !== pngEntry.fileId)
          .map(({ label, reference, fileId }) => ({ label, reference, fileId })),
      },
    })
    expect(removed.status, JSON.stringify(removed.body)).toBe(200)
    expect(removed.body.evidence['3.1.1.1']!.map((e) => e.fileName)).toEqual([null, '宣传周总结.pdf'])
    expect((await download(regulator, id, pngEntry.fileId!)).statusCode).toBe(404)

    // every change is in the audit trail
    const actions = (
      await t.services.database.db
        .select({ action: auditEvents.action, summary: auditEvents.summary })
        .from(auditEvents)
        .where(and(eq(auditEvents.objectType, 'city_evaluation'), eq(auditEvents.objectId, id)))
        .orderBy(auditEvents.seq)
    ).map((e) => e.action)
    expect(actions).toEqual([
      'evaluation.created',
      'evaluation.rated',
      'evaluation.evidence_added',
      'evaluation.evidence_added',
      'evaluation.rated',
    ])

    // the report lists the evidence of each item: label, reference, file name
    const rated = await regulator.patch<TEvaluation>(`${url}/${id}`, {
      version: removed.body.version,
      ratings: Object.fromEntries(itemsOf('3').map((code) => [code, '全部满足'])),
    })
    const done = await regulator.post<TEvaluation>(`${url}/${id}/complete`, { version: rated.body.version })
    expect(done.status, JSON.stringify(done.body)).toBe(200)
    const report = await t.app.inject({
      method: 'GET',
      url: `${url}/${id}/report.docx`,
      headers: { cookie: regulator.cookie! },
    })
    expect(report.statusCode).toBe(200)
    const text = docxText(report.rawPayload)
    expect(text).toContain('宣传周总结.pdf')
    expect(text).toContain('网信办〔2027〕3号')
    expect(text).toContain('附件2')
    expect(text).not.toContain('活动照片.png')
    expect(text).toContain('&lt;img src=x onerror=alert(1)&gt;宣传周工作方案')

    // a completed evaluation is locked: no uploads, no edits of its evidence; its files stay readable
    const lockedUpload = await upload(
      regulator,
      id,
      { itemCode: '3.1.1.1', version: String(done.body.version) },
      { name: 'late.png', content: png },
    )
    expect(lockedUpload.status).toBe(409)
    expect(lockedUpload.body.error.code).toBe('ILLEGAL_TRANSITION')
    const lockedEdit = await regulator.patch<ErrorBody>(`${url}/${id}`, {
      version: done.body.version,
      evidence: { '3.1.1.1': null },
    })
    expect(lockedEdit.status).toBe(409)
    expect((await download(regulator, id, pdfEntry.fileId!)).statusCode).toBe(200)
    expect((await regulator.get<TEvaluation>(`${url}/${id}`)).body.evidence['3.1.1.1']).toHaveLength(2)
  })
})
