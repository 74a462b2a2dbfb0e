// The forms as documents: one form as DOCX laid out like its annex (附件4 sections, 附件5 table, 附件6 sections), and
// every form of a kind as one XLSX sheet. User text goes in as text runs and neutralised cells, never as markup or
// formulas.
import ExcelJS from 'exceljs'
import type { FileChild } from 'docx'
import { heading, paragraph, renderDocument, table, title } from '../inspections/report-docx'
import { neutraliseCell } from '../registry-import/spreadsheet-cells'
import { FORM_TITLES, type FormKind, type TForm, type TFormSummary } from './forms.schemas'

type Content = Record<string, unknown>

const text = (value: unknown): string =>
  value === null || value === undefined ? '' : typeof value === 'string' ? value : String(value)
const section = (content: Content, key: string): Content =>
  (content[key] && typeof content[key] === 'object' ? content[key] : {}) as Content

function shanghaiDate(iso: string | null): string {
  if (!iso) return ''
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')
}

function selfInspectionBody(form: TForm): FileChild[] {
  const c = form.content
  const org = section(c, 'organisation')
  const problems = section(c, 'problems')
  const rect = section(c, 'rectification')
  const services = [...form.serviceCompanyNames, text(org.otherServiceProviders)].filter(Boolean).join('；')
  return [
    heading('一、工作组织'),
    paragraph(
      `被检查单位数量：${text(org.checkedUnits)}；检查互联网资产数量：${text(org.checkedAssets)}；` +
        `技术服务单位：${services || '无'}；检查时间：${text(org.periodFrom)} 至 ${text(org.periodTo)}。`,
    ),
    paragraph(`检查方式：${text(org.methods)}`),
    heading('二、主要问题'),
    heading('（一）管理问题', 2),
    paragraph(text(problems.management)),
    heading('（二）技术问题', 2),
    paragraph(
      `发现安全漏洞 ${text(problems.vulnerabilities)} 个，被入侵 ${text(problems.intrusions)} 起，数据泄露 ${text(problems.dataLeaks)} 起，被破坏 ${text(problems.damaged)} 起。`,
    ),
    paragraph(text(problems.technical)),
    heading('三、整改情况'),
    paragraph(`整改率：${text(rect.rate)}%；预期完成整改时间：${text(rect.expectedCompletion) || '—'}。`),
    paragraph(text(rect.progress)),
    heading('四、工作经验'),
    paragraph(text(c.experience)),
  ]
}

function serviceEvaluationBody(form: TForm): FileChild[] {
  const c = form.content
  const evaluator = section(c, 'evaluator')
  const technical = section(c, 'technical')
  const bySeverity = section(technical, 'bySeverity')
  const response = section(c, 'response')
  const compliance = section(c, 'compliance')
  const score = typeof c.overallScore === 'number' ? c.overallScore : null
  const rows: [string, string][] = [
    ['评价单位', text(evaluator.unitName) || form.organisationName],
    ['单位地址', text(evaluator.address)],
    ['联系人', text(evaluator.contactName)],
    ['手机号码', text(evaluator.mobile)],
    ['技术支撑单位', form.companyName ?? ''],
    ['技术能力 · 发现有效漏洞数量', text(technical.validVulnerabilities)],
    [
      '技术能力 · 发现有效漏洞质量（GB/T 30279-2020 分级统计）',
      `超危 ${text(bySeverity.critical)}，高危 ${text(bySeverity.high)}，中危 ${text(bySeverity.medium)}，低危 ${text(bySeverity.low)}`,
    ],
    ['技术能力 · 漏洞整改建议有效性', text(technical.adviceEffectiveness)],
    ['响应能力 · 响应速度', text(response.responseTime)],
    ['响应能力 · 有效工作时间', text(response.effectiveWorkingTime)],
    ['响应能力 · 有效测试范围', text(response.effectiveTestRange)],
    ['响应能力 · 人工测试有效投入', text(response.manualEffort)],
    ['合规能力 · 测试违规情况', text(compliance.violations)],
    ['合规能力 · 不当操作影响被测系统正常运行情况', text(compliance.disruption)],
    ['总体评价', score === null ? '' : `${score} 分（${form.grade ?? ''}）`],
  ]
  return [
    table(['项目', '评价'], rows, [35, 65]),
    paragraph('总体评价：优秀 90 分以上；良好 80 分以上；一般 60 分以上；较差 60 分以下。', { size: 18 }),
    ...(text(c.remarks) ? [paragraph(`备注：${text(c.remarks)}`)] : []),
  ]
}

function workSummaryBody(form: TForm): FileChild[] {
  const c = form.content
  return [
    ['一、工作部署', 'deployment'],
    ['二、工作组织', 'organisation'],
    ['三、专项保障工作情况', 'work'],
    ['四、工作经验', 'experience'],
    ['五、下一步工作计划', 'nextSteps'],
    ['六、意见建议', 'suggestions'],
  ].flatMap(([name, key]) => [heading(name!), paragraph(text(c[key!]))])
}

export function formDocumentName(form: Pick<TFormSummary, 'kind' | 'organisationName'>): string {
  return `${form.organisationName}${FORM_TITLES[form.kind].zh}.docx`
}

export async function formDocument(form: TForm): Promise<Buffer> {
  const kindTitle = FORM_TITLES[form.kind]
  const body =
    form.kind === 'self_inspection'
      ? selfInspectionBody(form)
      : form.kind === 'service_evaluation'
        ? serviceEvaluationBody(form)
        : workSummaryBody(form)
  const status =
    form.status === 'submitted'
      ? `已报送 ${shanghaiDate(form.submittedAt)}${form.submittedByName ? `（${form.submittedByName}）` : ''}${form.isLate ? '，逾期' : ''}`
      : form.status === 'returned'
        ? `已退回：${form.returnReason ?? ''}`
        : '草稿'
  return renderDocument({
    title: `${form.organisationName}${kindTitle.zh}`,
    subject: `${form.campaignName} ${kindTitle.annex}`,
    children: [
      paragraph(kindTitle.annex, { bold: true }),
      title(`${form.organisationName}\n“${form.campaignName}”${kindTitle.zh}`),
      paragraph(`状态：${status}`, { size: 18 }),
      ...body,
      ...(form.attachments.length
        ? [heading('附件'), ...form.attachments.map((a, i) => paragraph(`${i + 1}. ${a.originalName}`))]
        : []),
    ],
  })
}

type ExportRow = { summary: TFormSummary; content: Content; serviceCompanyNames: string[] }

function columnsFor(kind: FormKind): { header: string; value: (row: ExportRow) => string | number }[] {
  const common = [
    { header: '单位', value: (r: ExportRow) => r.summary.organisationName },
    {
      header: '状态',
      value: (r: ExportRow) => ({ draft: '草稿', submitted: '已报送', returned: '已退回' })[r.summary.status],
    },
    { header: '报送时间', value: (r: ExportRow) => shanghaiDate(r.summary.submittedAt) },
    { header: '逾期', value: (r: ExportRow) => (r.summary.isLate ? '是' : '') },
  ]
  const at = (path: string[]) => (r: ExportRow) => {
    let value: unknown = r.content
    for (const key of path) value = value && typeof value === 'object' ? (value as Content)[key] : undefined
    return typeof value === 'number' ? value : text(value)
  }
  switch (kind) {
    case 'self_inspection':
      return [
        ...common,
        { header: '被检查单位数量', value: at(['organisation', 'checkedUnits']) },
        { header: '检查互联网资产数量', value: at(['organisation', 'checkedAssets']) },
        {
          header: '技术服务单位',
          value: (r) =>
            [...r.serviceCompanyNames, text(at(['organisation', 'otherServiceProviders'])(r))]
              .filter(Boolean)
              .join('；'),
        },
        { header: '检查开始', value: at(['organisation', 'periodFrom']) },
        { header: '检查结束', value: at(['organisation', 'periodTo']) },
        { header: '检查方式', value: at(['organisation', 'methods']) },
        { header: '管理问题', value: at(['problems', 'management']) },
        { header: '技术问题', value: at(['problems', 'technical']) },
        { header: '安全漏洞', value: at(['problems', 'vulnerabilities']) },
        { header: '被入侵', value: at(['problems', 'intrusions']) },
        { header: '数据泄露', value: at(['problems', 'dataLeaks']) },
        { header: '被破坏', value: at(['problems', 'damaged']) },
        { header: '整改率(%)', value: at(['rectification', 'rate']) },
        { header: '整改进度', value: at(['rectification', 'progress']) },
        { header: '预期完成整改时间', value: at(['rectification', 'expectedCompletion']) },
        { header: '工作经验', value: at(['experience']) },
      ]
    case 'service_evaluation':
      return [
        ...common,
        { header: '技术支撑单位', value: (r) => r.summary.companyName ?? '' },
        { header: '联系人', value: at(['evaluator', 'contactName']) },
        { header: '手机号码', value: at(['evaluator', 'mobile']) },
        { header: '发现有效漏洞数量', value: at(['technical', 'validVulnerabilities']) },
        { header: '超危', value: at(['technical', 'bySeverity', 'critical']) },
        { header: '高危', value: at(['technical', 'bySeverity', 'high']) },
        { header: '中危', value: at(['technical', 'bySeverity', 'medium']) },
        { header: '低危', value: at(['technical', 'bySeverity', 'low']) },
        { header: '漏洞整改建议有效性', value: at(['technical', 'adviceEffectiveness']) },
        { header: '响应速度', value: at(['response', 'responseTime']) },
        { header: '有效工作时间', value: at(['response', 'effectiveWorkingTime']) },
        { header: '有效测试范围', value: at(['response', 'effectiveTestRange']) },
        { header: '人工测试有效投入', value: at(['response', 'manualEffort']) },
        { header: '测试违规情况', value: at(['compliance', 'violations']) },
        { header: '不当操作影响情况', value: at(['compliance', 'disruption']) },
        { header: '总体评价(分)', value: (r) => r.summary.overallScore ?? '' },
        { header: '等级', value: (r) => r.summary.grade ?? '' },
      ]
    case 'work_summary':
      return [
        ...common,
        { header: '工作部署', value: at(['deployment']) },
        { header: '工作组织', value: at(['organisation']) },
        { header: '专项保障工作情况', value: at(['work']) },
        { header: '工作经验', value: at(['experience']) },
        { header: '下一步工作计划', value: at(['nextSteps']) },
        { header: '意见建议', value: at(['suggestions']) },
      ]
  }
}

export async function formsWorkbook(
  campaignName: string,
  kind: FormKind,
  rows: ExportRow[],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Wangan 网安'
  const sheet = workbook.addWorksheet(FORM_TITLES[kind].zh.slice(0, 31))
  const columns = columnsFor(kind)
  sheet.addRow([`${campaignName} ${FORM_TITLES[kind].zh}（${FORM_TITLES[kind].annex}）`]).font = {
    bold: true,
    size: 14,
  }
  const header = sheet.addRow(columns.map((column) => column.header))
  header.font = { bold: true }
  for (const row of rows)
    sheet.addRow(
      columns.map((column) => {
        const value = column.value(row)
        return typeof value === 'number' ? value : neutraliseCell(value)
      }),
    )
  sheet.columns.forEach((column, index) => {
    column.width = index === 0 ? 28 : 18
  })
  sheet.views = [{ state: 'frozen', ySplit: 2 }]
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
