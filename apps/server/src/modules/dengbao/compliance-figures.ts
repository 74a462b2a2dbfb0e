// Figures of the compliance modules on a fresh embedded database (not a test: it prints, it asserts nothing).
//   node --import tsx apps/server/src/modules/dengbao/compliance-figures.ts [systems]
// Import of N systems from XLSX (check only, then for real), the dashboard and the reminder query over them, and the
// time and size of the two DOCX reports.
import ExcelJS from 'exceljs'
import { insertOrganisation } from '../organisations/organisations.repository'
import { createTestPlatform } from '../../testing/test-platform'
import { evaluationReport } from '../evaluation/evaluation.report'
import { fullMarksAnswers } from '../inspections/inspection-answers'
import { inspectionReport } from '../inspections/inspections.report'
import { templateView } from '../inspections/inspections.service'

const count = Number(process.argv[2] ?? 2000)
const ms = (start: bigint) => Number((process.hrtime.bigint() - start) / 1_000_000n)

async function main() {
  const t = await createTestPlatform()
  try {
    const organisations = await t.services.database.db.transaction(async (tx) => {
      const out: string[] = []
      for (let i = 0; i < 50; i++)
        out.push(
          (
            await insertOrganisation(tx, {
              name: `测评单位${i}`,
              category: 'other',
              regionId: t.basics.city.id,
            })
          ).name,
        )
      return out
    })
    const police = await t.as('police', { regionId: t.basics.city.id })
    const regulator = await t.as('regulator', { regionId: t.basics.city.id })

    const book = new ExcelJS.Workbook()
    const sheet = book.addWorksheet('定级对象')
    sheet.addRow(['单位名称', '系统名称', '系统类型', '关键信息基础设施', '联系人', '联系人手机'])
    for (let i = 0; i < count; i++)
      sheet.addRow([
        organisations[i % organisations.length],
        `业务系统${i}`,
        '传统信息系统',
        i % 10 ? '否' : '是',
        '王五',
        '13900000000',
      ])
    const content = Buffer.from(await book.xlsx.writeBuffer()).toString('base64')

    let start = process.hrtime.bigint()
    const dry = await police.post<{ rows: number }>('/api/v1/dengbao/systems/import', {
      content,
      dryRun: true,
    })
    const dryMs = ms(start)
    start = process.hrtime.bigint()
    const real = await police.post<{ created: number }>('/api/v1/dengbao/systems/import', { content })
    const realMs = ms(start)
    start = process.hrtime.bigint()
    await police.get('/api/v1/dengbao/dashboard')
    const dashboardMs = ms(start)
    start = process.hrtime.bigint()
    const due = await t.services.dengbao.deadlines.dueForReminders({ withinDays: 365 })
    const dueMs = ms(start)

    const inspection = await regulator.post<{ id: string; version: number }>('/api/v1/inspections', {
      organisationId: t.basics.orgA.id,
      year: 2026,
    })
    await regulator.patch(`/api/v1/inspections/${inspection.body.id}`, {
      version: inspection.body.version,
      answers: fullMarksAnswers(templateView('onsite-inspection')),
    })
    const full = await regulator.get<Parameters<typeof inspectionReport>[0]>(
      `/api/v1/inspections/${inspection.body.id}`,
    )
    start = process.hrtime.bigint()
    const inspectionDocx = await inspectionReport(full.body)
    const inspectionMs = ms(start)
    const evaluation = await regulator.post<Parameters<typeof evaluationReport>[0]>('/api/v1/evaluations', {
      regionId: t.basics.city.id,
      year: 2026,
      title: '测试',
    })
    start = process.hrtime.bigint()
    const evaluationDocx = await evaluationReport(evaluation.body)
    const evaluationMs = ms(start)

    console.log(
      JSON.stringify({
        systems: count,
        importCheckMs: dryMs,
        importCheckedRows: dry.body.rows,
        importMs: realMs,
        imported: real.body.created,
        dashboardMs,
        reminderQueryMs: dueMs,
        dueItems: due.length,
        inspectionReport: { ms: inspectionMs, bytes: inspectionDocx.length },
        evaluationReport: { ms: evaluationMs, bytes: evaluationDocx.length },
      }),
    )
  } finally {
    await t.close()
  }
}

void main()
