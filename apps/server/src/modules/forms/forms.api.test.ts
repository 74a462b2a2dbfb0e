// Forms through the API: the liaison drafts, is told what is missing, attaches the stamped scan, submits; the
// regulator returns, sets deadlines, exports; reminders; the forms feed the scores (自查情况, 服务对象评价,
// 网安行动评价); and who may see and do what.
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { HOUR } from '../../clock'
import { createTestPlatform, type TestClient, type TestPlatform } from '../../testing/test-platform'
import { setUpCampaign, type CampaignSetup } from '../campaigns/campaign-test-setup'
import { docxText } from '../inspections/docx-text'
import type { TCampaignTeamScores, TWhatIfResponse } from '../scoring/scoring.schemas'
import { addFinding } from '../scoring/scoring-test-setup'
import type { TCampaignForms, TForm } from './forms.schemas'

let t: TestPlatform
let s: CampaignSetup
let liaisonA: TestClient
let leaderA: TestClient
let liaisonB: TestClient
let companyId = ''
let otherCompanyId = ''

const selfInspection = {
  organisation: {
    checkedUnits: 3,
    checkedAssets: 12,
    otherServiceProviders: '',
    periodFrom: '2026-01-01',
    periodTo: '2026-01-04',
    methods: '远程扫描与人工核查',
  },
  problems: {
    management: '=HYPERLINK("http://evil") 责任制落实不到位',
    technical: '<script>alert(1)</script> 发现两个高危漏洞',
    vulnerabilities: 2,
    intrusions: 0,
    dataLeaks: 0,
    damaged: 0,
  },
  rectification: { rate: 100, progress: '已全部整改', expectedCompletion: null },
  experience: '建立了资产台账',
}

const evaluation = {
  evaluator: { unitName: '市教育局', address: '常州市龙城大道', contactName: '张三', mobile: '13800000001' },
  technical: {
    validVulnerabilities: 5,
    bySeverity: { critical: 1, high: 2, medium: 2, low: 0 },
    adviceEffectiveness: '整改建议具体可行',
  },
  response: {
    responseTime: '3 天',
    effectiveWorkingTime: '24 小时',
    effectiveTestRange: '12 个系统',
    manualEffort: '2 人',
  },
  compliance: { violations: '无', disruption: '无' },
  overallScore: 92,
  remarks: '',
}

function must<T>(response: { status: number; body: unknown }, status = 200): T {
  if (response.status !== status)
    throw new Error(`expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`)
  return response.body as T
}

async function upload(client: TestClient, formId: string, name: string, content: Buffer, type: string) {
  const boundary = '----wangan-forms-boundary'
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/v1/forms/${formId}/attachments`,
    headers: {
      cookie: client.cookie!,
      'x-csrf-token': client.csrfToken!,
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
    payload,
  })
  return { status: response.statusCode, body: JSON.parse(response.body) as TForm }
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')

beforeAll(async () => {
  t = await createTestPlatform()
  s = await setUpCampaign(t)
  liaisonA = await t.as('org_liaison', { organisationId: t.basics.orgA.id })
  leaderA = await t.as('org_leader', { organisationId: t.basics.orgA.id })
  liaisonB = await t.as('org_liaison', { organisationId: t.basics.orgB.id })
  const list = must<TCampaignForms>(await liaisonA.get(`/api/v1/campaigns/${s.campaign.id}/forms`))
  companyId = list.companies[0]!.id
  otherCompanyId = must<{ id: string }>(
    await s.regulator.post('/api/v1/testing-companies', {
      name: '江苏骏安信息测评认证有限公司',
      contactName: '许晓晨',
    }),
    201,
  ).id
}, 120_000)

afterAll(async () => {
  await t?.close()
})

describe('自查情况报告 (附件4)', () => {
  let form: TForm

  test('a draft may be partial; the form says what is missing', async () => {
    form = must<TForm>(
      await liaisonA.post(`/api/v1/campaigns/${s.campaign.id}/forms`, {
        kind: 'self_inspection',
        serviceCompanyIds: [companyId],
        content: { experience: '草稿' },
      }),
      201,
    )
    expect(form).toMatchObject({ status: 'draft', organisationId: t.basics.orgA.id, canEdit: true })
    expect(form.missing.map((m) => m.path)).toContain('content.organisation')
    const refused = await liaisonA.post(`/api/v1/forms/${form.id}/submit`, { version: form.version })
    expect(refused.status).toBe(400)
    expect(JSON.stringify(refused.body)).toContain('content.problems')
  })

  test('a second report of the same organisation is refused', async () => {
    const again = await liaisonA.post(`/api/v1/campaigns/${s.campaign.id}/forms`, { kind: 'self_inspection' })
    expect(again.status).toBe(409)
  })

  test('bad content is refused naming the field', async () => {
    const bad = await liaisonA.patch(`/api/v1/forms/${form.id}`, {
      version: form.version,
      content: { rectification: { rate: 120 } },
    })
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body)).toContain('body.content.rectification.rate')
  })

  test('the stamped scan, complete content, submission', async () => {
    const attached = await upload(liaisonA, form.id, '自查报告（盖章）.pdf', PDF, 'application/pdf')
    expect(attached.status).toBe(200)
    expect(attached.body.attachments).toHaveLength(1)
    form = must<TForm>(
      await liaisonA.patch(`/api/v1/forms/${form.id}`, {
        version: attached.body.version,
        content: selfInspection,
      }),
    )
    expect(form.missing).toEqual([])
    form = must<TForm>(await liaisonA.post(`/api/v1/forms/${form.id}/submit`, { version: form.version }))
    // The default deadline of the report is the end of the self-inspection phase, which came before the testing
    // window (open since an hour ago): this submission is late.
    expect(form).toMatchObject({
      status: 'submitted',
      canEdit: false,
      isLate: true,
      dueAt: expect.any(String),
    })
    const download = await s.reviewer.get(
      `/api/v1/forms/${form.id}/attachments/${form.attachments[0]!.id}?inline=1`,
    )
    expect(download.status).toBe(200)
    expect(download.headers['content-type']).toBe('application/pdf')
    // Submitted: no more changes until the regulator returns it.
    expect((await upload(liaisonA, form.id, 'x.pdf', PDF, 'application/pdf')).status).toBe(409)
    expect(
      (await liaisonA.patch(`/api/v1/forms/${form.id}`, { version: form.version, content: {} })).status,
    ).toBe(409)
  })

  test('the regulator returns it with a reason; the liaison corrects and submits again', async () => {
    expect(
      (
        await s.reviewer.post(`/api/v1/forms/${form.id}/return`, {
          version: form.version,
          reason: '缺少盖章',
        })
      ).status,
    ).toBe(403)
    form = must<TForm>(
      await s.regulator.post(`/api/v1/forms/${form.id}/return`, {
        version: form.version,
        reason: '请补充检查方式',
      }),
    )
    expect(form).toMatchObject({ status: 'returned', returnReason: '请补充检查方式' })
    form = must<TForm>(await liaisonA.post(`/api/v1/forms/${form.id}/submit`, { version: form.version }))
    expect(form.status).toBe('submitted')
  })

  test('the report counts for 自查情况 under yixing-2021 (what-if)', async () => {
    const result = must<TWhatIfResponse>(
      await s.regulator.post(`/api/v1/campaigns/${s.campaign.id}/scores/what-if`, {
        standardId: 'yixing-2021',
      }),
    )
    const a = result.rows.find((row) => row.id === t.basics.orgA.id)!
    const b = result.rows.find((row) => row.id === t.basics.orgB.id)!
    expect(a.after.items.selfInspection).toBe(5)
    expect(b.after.items.selfInspection).toBe(0)
  })

  test('DOCX of the form: its sections, hostile text as text', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/forms/${form.id}/document.docx`,
      headers: { cookie: leaderA.cookie! },
    })
    expect(response.statusCode).toBe(200)
    const body = response.rawPayload
    expect(body.subarray(0, 2).toString()).toBe('PK')
    const text = docxText(body)
    expect(text).toContain('一、工作组织')
    // Escaped in the XML: text, not markup.
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(text).toContain('整改率：100%')
  })
})

describe('服务评价表 (附件5)', () => {
  test('an evaluation of the company with its overall score and grade feeds 服务对象评价', async () => {
    const created = must<TForm>(
      await liaisonA.post(`/api/v1/campaigns/${s.campaign.id}/forms`, {
        kind: 'service_evaluation',
        companyId,
        content: evaluation,
      }),
      201,
    )
    expect(created).toMatchObject({ overallScore: 92, grade: '优秀', missing: [] })
    must(await liaisonA.post(`/api/v1/forms/${created.id}/submit`, { version: created.version }))
    const teams = must<TCampaignTeamScores>(
      await s.regulator.get(`/api/v1/campaigns/${s.campaign.id}/scores/teams`),
    )
    // Both teams belong to the company evaluated: 10 × 92 / 100.
    for (const team of teams.teams) {
      expect(team.figures.evaluations).toEqual([92])
      expect(team.items.evaluation).toBe(9.2)
      // orgA named the company in its self-inspection report; the action found no vulnerability there yet.
      expect(team.figures.clientsServed).toBe(1)
      expect(team.items.actionEvaluation).toBe(10)
    }
  })

  test('a company off the roster is refused; one company is evaluated once per organisation', async () => {
    const unknown = await liaisonA.post(`/api/v1/campaigns/${s.campaign.id}/forms`, {
      kind: 'service_evaluation',
      companyId: '00000000-0000-4000-8000-000000000000',
    })
    expect(unknown.status).toBe(400)
    const again = await liaisonA.post(`/api/v1/campaigns/${s.campaign.id}/forms`, {
      kind: 'service_evaluation',
      companyId,
    })
    expect(again.status).toBe(409)
    must(
      await liaisonA.post(`/api/v1/campaigns/${s.campaign.id}/forms`, {
        kind: 'service_evaluation',
        companyId: otherCompanyId,
      }),
      201,
    )
  })

  test('a vulnerability found later in the client lowers 网安行动评价', async () => {
    await addFinding(t, s, {
      tester: s.teamA.tester,
      target: `https://${s.assets.orgAWeb}/`,
      severity: 'high',
    })
    const teams = must<TCampaignTeamScores>(
      await s.regulator.get(`/api/v1/campaigns/${s.campaign.id}/scores/teams`),
    )
    for (const team of teams.teams) {
      expect(team.figures.clientsWithNewVulns).toBe(1)
      expect(team.items.actionEvaluation).toBe(0)
    }
  })
})

describe('deadlines, reminders, the board', () => {
  test('the regulator sets a deadline; a late submission is marked; reminders reach who has not filed', async () => {
    const list = must<TCampaignForms>(await s.regulator.get(`/api/v1/campaigns/${s.campaign.id}/forms`))
    expect(list.canManage).toBe(true)
    const summary = list.deadlines.find((d) => d.kind === 'work_summary')!
    expect(summary.isDefault).toBe(true)
    const due = new Date(t.clock.now().getTime() - HOUR)
    const deadlines = must<{ kind: string; dueAt: string; version: number }[]>(
      await s.regulator.put(`/api/v1/campaigns/${s.campaign.id}/form-deadlines/work_summary`, {
        dueAt: due.toISOString(),
        remindDaysBefore: 1,
      }),
    )
    expect(deadlines.find((d) => d.kind === 'work_summary')).toMatchObject({
      dueAt: due.toISOString(),
      version: 1,
    })
    expect(
      (
        await s.regulator.put(`/api/v1/campaigns/${s.campaign.id}/form-deadlines/work_summary`, {
          dueAt: due.toISOString(),
        })
      ).status,
    ).toBe(409)
    // The reminder job is queued for max(now, due − 1 day), i.e. now; run it.
    await t.services.jobs.runDue({ name: 'forms.deadline-reminder', ignoreRetryDelay: true })
    const board = must<TCampaignForms>(
      await s.regulator.get(`/api/v1/campaigns/${s.campaign.id}/forms`),
    ).board
    const row = board.find((b) => b.kind === 'work_summary')!
    expect(row).toMatchObject({ expected: 2, submitted: 0 })
    expect(row.missing.every((m) => m.reminded)).toBe(true)
    // orgA files after the deadline.
    const content = {
      deployment: '部署',
      organisation: '组织',
      work: '保障',
      experience: '经验',
      nextSteps: '计划',
      suggestions: '建议',
    }
    const created = must<TForm>(
      await liaisonA.post(`/api/v1/campaigns/${s.campaign.id}/forms`, { kind: 'work_summary', content }),
      201,
    )
    const submitted = must<TForm>(
      await liaisonA.post(`/api/v1/forms/${created.id}/submit`, { version: created.version }),
    )
    expect(submitted.isLate).toBe(true)
    const after = must<TCampaignForms>(
      await s.regulator.get(`/api/v1/campaigns/${s.campaign.id}/forms`),
    ).board
    expect(after.find((b) => b.kind === 'work_summary')).toMatchObject({ submitted: 1, late: 1 })
    // Service evaluations are owed for each company orgA's report names.
    expect(after.find((b) => b.kind === 'service_evaluation')).toMatchObject({ expected: 1, submitted: 1 })
  })

  test('the XLSX export has a row per form, formula-like text neutralised', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/campaigns/${s.campaign.id}/forms/export.xlsx?kind=self_inspection`,
      headers: { cookie: s.regulator.cookie! },
    })
    expect(response.statusCode).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer)
    const sheet = workbook.worksheets[0]!
    expect(sheet.getRow(2).values).toContain('管理问题')
    expect(sheet.getRow(3).getCell(1).value).toBe('市教育局')
    const values = (sheet.getRow(3).values as unknown[]).map(String)
    expect(values).toContain('\'=HYPERLINK("http://evil") 责任制落实不到位')
  })
})

describe('who sees and does what', () => {
  test('another organisation, another region: 404; a leader reads but does not write', async () => {
    const own = must<TCampaignForms>(await liaisonA.get(`/api/v1/campaigns/${s.campaign.id}/forms`))
    const formId = own.forms[0]!.id
    expect((await liaisonB.get(`/api/v1/forms/${formId}`)).status).toBe(404)
    const listB = must<TCampaignForms>(await liaisonB.get(`/api/v1/campaigns/${s.campaign.id}/forms`))
    expect(listB.forms).toEqual([])
    expect(listB.myOrganisations.map((o) => o.id)).toEqual([t.basics.orgB.id])
    const outsider = await t.as('regulator', { regionId: t.basics.otherCity.id })
    expect((await outsider.get(`/api/v1/campaigns/${s.campaign.id}/forms`)).status).toBe(404)
    expect((await outsider.get(`/api/v1/forms/${formId}`)).status).toBe(404)
    expect((await leaderA.get(`/api/v1/forms/${formId}`)).status).toBe(200)
    const leaderEdit = await leaderA.patch(`/api/v1/forms/${formId}`, { version: 1, content: {} })
    expect(leaderEdit.status).toBe(403)
    // A liaison cannot file for another organisation.
    const forOther = await liaisonB.post(`/api/v1/campaigns/${s.campaign.id}/forms`, {
      kind: 'work_summary',
      organisationId: t.basics.orgA.id,
    })
    expect(forOther.status).toBe(404)
    // A team sees no forms at all.
    expect((await s.teamA.tester.get(`/api/v1/campaigns/${s.campaign.id}/forms`)).status).toBe(403)
  })
})
