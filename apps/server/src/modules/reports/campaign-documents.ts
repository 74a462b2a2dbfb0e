// The campaign's documents: the ranking table (XLSX), the score bulletin (通报, DOCX: the ranking and each
// organisation's deductions) and the summary report (复盘总结, DOCX: scope, targets, teams, findings by severity and
// kind, rectification, rankings, charts as images). Built from figures the service computed; no queries here.
import ExcelJS from 'exceljs'
import { renderChartImage, type ChartOption } from '../../reports/chart-image'
import { renderOfficialDocument, type DocumentBlock } from '../../reports/official-document'
import { FORM_TITLES } from '../forms/forms.schemas'
import { neutraliseCell } from '../registry-import/spreadsheet-cells'
import type { TargetDeduction } from '../scoring/campaign-scoring'
import type { TCampaignScores, TCampaignTeamScores } from '../scoring/scoring.schemas'
import {
  categoryChart,
  findingsOverTimeChart,
  funnelChart,
  KIND_LABELS,
  rankingChart,
  scoreDistributionChart,
  SEVERITY_LABELS,
} from './campaign-charts'
import type { TCampaignDashboard } from './reports.schemas'

export type CampaignDocumentInput = {
  dashboard: TCampaignDashboard
  scores: TCampaignScores
  teams: TCampaignTeamScores
  deductions: Map<string, TargetDeduction[]>
  documentNumber: string | null
  /** 成文日期. */
  date: Date
}

/** 中共常州市委网络安全和信息化委员会办公室 for 常州市 (seed 001's issuer). */
export function issuerOf(regionName: string): string {
  return `中共${regionName}委网络安全和信息化委员会办公室`
}

const points = (value: number) => String(Math.round(value * 100) / 100)

function beijing(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3_600_000)
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日${String(d.getUTCHours()).padStart(2, '0')}时`
}

function chart(option: ChartOption, caption: string, size = { width: 640, height: 360 }): DocumentBlock {
  const image = renderChartImage(option, size)
  return { kind: 'image', png: image.png, width: image.width, height: image.height, caption }
}

function rankingTable(scores: TCampaignScores, caption: string): DocumentBlock {
  return {
    kind: 'table',
    caption,
    columns: [
      { title: '排名' },
      { title: '单位' },
      { title: '类别' },
      ...scores.items.map((item) => ({
        title: item.max === null ? `${item.title}` : `${item.title}（${item.max}）`,
      })),
      { title: '总分' },
    ],
    rows: scores.organisations.map((row) => [
      row.rank,
      row.name,
      row.categoryLabel,
      ...scores.items.map((item) => points(row.items[item.key] ?? 0)),
      points(row.total),
    ]),
  }
}

// ---- the ranking workbook ----

export async function rankingWorkbook(input: CampaignDocumentInput): Promise<Buffer> {
  const { scores, teams, deductions } = input
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Wangan 网安'
  const header = (sheet: ExcelJS.Worksheet, title: string, columns: string[]) => {
    sheet.addRow([neutraliseCell(title)]).font = { bold: true, size: 14 }
    sheet.addRow([
      `${scores.standard.title}（${scores.standard.id} ${scores.standard.version}） 计算时间 ${beijing(scores.computedAt)}`,
    ])
    sheet.addRow(columns).font = { bold: true }
    sheet.views = [{ state: 'frozen', ySplit: 3 }]
  }
  const itemColumns = scores.items.map((item) =>
    item.max === null ? item.title : `${item.title}（${item.max}分）`,
  )
  const overall = workbook.addWorksheet('总排名')
  header(overall, `${scores.campaignName} 被检测单位得分排名`, [
    '排名',
    '分类排名',
    '单位',
    '类别',
    ...itemColumns,
    '总分',
    '资产数',
    '有效问题数',
  ])
  for (const row of scores.organisations)
    overall.addRow([
      row.rank,
      `${row.categoryRank}/${row.categorySize}`,
      neutraliseCell(row.name),
      row.categoryLabel,
      ...scores.items.map((item) => row.items[item.key] ?? 0),
      row.total,
      row.assets,
      row.countedFindings,
    ])
  const byCategory = workbook.addWorksheet('分类排名')
  header(byCategory, `${scores.campaignName} 分类排名`, ['类别', '分类排名', '单位', '总分', '总排名'])
  for (const category of scores.categories)
    for (const row of scores.organisations
      .filter((candidate) => candidate.category === category.category)
      .sort((a, b) => a.categoryRank - b.categoryRank))
      byCategory.addRow([category.label, row.categoryRank, neutraliseCell(row.name), row.total, row.rank])
  const details = workbook.addWorksheet('扣分明细')
  header(details, `${scores.campaignName} 扣分明细`, ['单位', '评分项', '问题', '扣分', '规则'])
  for (const row of scores.organisations)
    for (const deduction of deductions.get(row.organisationId) ?? [])
      details.addRow([
        neutraliseCell(row.name),
        deduction.itemTitle,
        neutraliseCell(deduction.findingTitle ?? '—'),
        deduction.points,
        neutraliseCell(deduction.rule),
      ])
  const teamSheet = workbook.addWorksheet('技术支撑机构')
  header(teamSheet, `${scores.campaignName} 网络安全技术支撑机构得分排名`, [
    '排名',
    '检测队',
    '单位',
    ...teams.items.map((item) => (item.max === null ? item.title : `${item.title}（${item.max}分）`)),
    '总分',
  ])
  for (const team of teams.teams)
    teamSheet.addRow([
      team.rank,
      neutraliseCell(team.name),
      neutraliseCell(team.companyName),
      ...teams.items.map((item) => team.items[item.key] ?? 0),
      team.total,
    ])
  for (const sheet of workbook.worksheets)
    sheet.columns.forEach((column, index) => {
      column.width = index === 2 || (sheet.name === '扣分明细' && index === 4) ? 36 : 14
    })
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

// ---- the score bulletin (通报) ----

export async function scoreBulletin(input: CampaignDocumentInput): Promise<Buffer> {
  const { dashboard, scores, deductions } = input
  const campaign = dashboard.campaign
  const body: DocumentBlock[] = [
    {
      kind: 'paragraph',
      text:
        `根据${scores.standard.title}，市委网信办对“${campaign.name}”${campaign.targetCount}家被检测单位的表现进行了评分` +
        `（所有分数取小数点后两位）。现将评分情况通报如下。`,
    },
    { kind: 'heading', level: 1, text: '一、总体排名' },
    rankingTable(scores, '表1 被检测单位得分排名'),
    { kind: 'heading', level: 1, text: '二、分类排名' },
  ]
  scores.categories.forEach((category, index) => {
    const rows = scores.organisations
      .filter((row) => row.category === category.category)
      .sort((a, b) => a.categoryRank - b.categoryRank)
    body.push({
      kind: 'table',
      caption: `表${index + 2} ${category.label}（${category.organisations}家，平均 ${points(category.mean)} 分）`,
      columns: [{ title: '分类排名' }, { title: '单位' }, { title: '总分' }, { title: '总排名' }],
      rows: rows.map((row) => [row.categoryRank, row.name, points(row.total), row.rank]),
    })
  })
  body.push({ kind: 'heading', level: 1, text: '三、各单位扣分明细' })
  for (const row of scores.organisations) {
    const list = deductions.get(row.organisationId) ?? []
    const vulnerability = scores.items.find((item) => item.kind === 'vulnerabilityRatio')
    body.push({ kind: 'heading', level: 2, text: `${row.rank}. ${row.name}（${points(row.total)} 分）` })
    if (vulnerability)
      body.push({
        kind: 'paragraph',
        text: `${vulnerability.title}：${points(row.items[vulnerability.key] ?? 0)} 分（满分 ${vulnerability.max ?? ''} 分，按漏洞积分与互联网资产数之比在全部被检测单位中比较）。`,
      })
    body.push(
      list.length
        ? {
            kind: 'table',
            columns: [{ title: '评分项' }, { title: '问题' }, { title: '扣分' }],
            rows: list.map((d) => [d.itemTitle, d.findingTitle ?? '—', points(d.points)]),
          }
        : { kind: 'paragraph', text: '无扣分项。' },
    )
  }
  body.push({
    kind: 'paragraph',
    text: '请各单位对照扣分明细举一反三，完善安全管理体系，切实消除安全隐患。得分情况将与年度网络安全工作责任制落实情况督查检查挂钩。',
  })
  return renderOfficialDocument({
    issuer: issuerOf(campaign.regionName),
    documentNumber: input.documentNumber ?? `〔${campaign.year}〕 号`,
    title: `关于“${campaign.name}”被检测单位评分情况的通报`,
    addressee: '各被检测单位',
    body,
    date: input.date,
  })
}

// ---- the summary report (复盘总结) ----

export async function summaryReport(input: CampaignDocumentInput): Promise<Buffer> {
  const { dashboard, scores, teams } = input
  const { campaign, rectification: r, funnel } = dashboard
  const valid = dashboard.byKind.reduce((total, row) => total + row.total, 0)
  const severityTotals = (['critical', 'high', 'medium', 'low'] as const).map((severity) => ({
    severity,
    count: dashboard.byKind.reduce((total, row) => total + row[severity], 0),
  }))
  const body: DocumentBlock[] = [
    { kind: 'heading', level: 1, text: '一、行动概况' },
    {
      kind: 'paragraph',
      text:
        `“${campaign.name}”由${campaign.regionName}委网信办组织实施，远程技术检测时间为${beijing(campaign.testingStartsAt)}至` +
        `${beijing(campaign.testingEndsAt)}，检测对象为${campaign.targetCount}家单位的在库互联网资产，` +
        `${campaign.teamCount}支检测队参加，所有检测行为均通过安全监管平台进行。`,
    },
    {
      kind: 'table',
      caption: '表1 检测对象',
      columns: [
        { title: '类别' },
        { title: '单位数' },
        { title: '平均分' },
        { title: '最高分' },
        { title: '最低分' },
      ],
      rows: scores.categories.map((c) => [
        c.label,
        c.organisations,
        points(c.mean),
        points(c.best),
        points(c.worst),
      ]),
    },
    {
      kind: 'table',
      caption: '表2 检测队',
      columns: [{ title: '检测队' }, { title: '技术支撑机构' }],
      rows: teams.teams.map((team) => [team.name, team.companyName]),
    },
    { kind: 'heading', level: 1, text: '二、发现问题' },
    {
      kind: 'paragraph',
      text:
        `检测队共提交${funnel.submitted}个问题，经核实有效${valid}个（超危${severityTotals[0]!.count}个、高危${severityTotals[1]!.count}个、` +
        `中危${severityTotals[2]!.count}个、低危${severityTotals[3]!.count}个），驳回${funnel.rejected}个，重复${funnel.duplicate}个，` +
        `经申诉撤销${funnel.withdrawn}个。`,
    },
    {
      kind: 'table',
      caption: '表3 有效问题按类型和危害等级',
      columns: [
        { title: '类型' },
        ...(['critical', 'high', 'medium', 'low'] as const).map((s) => ({ title: SEVERITY_LABELS[s] })),
        { title: '合计' },
      ],
      rows: dashboard.byKind.map((row) => [
        KIND_LABELS[row.kind] ?? row.kind,
        row.critical,
        row.high,
        row.medium,
        row.low,
        row.total,
      ]),
    },
    chart(findingsOverTimeChart(dashboard), '图1 检测期间每日发现的有效问题'),
    { kind: 'heading', level: 1, text: '三、通报整改' },
    {
      kind: 'paragraph',
      text:
        `共通报问题${r.notified}个，复测确认已修复${r.fixed}个，整改率${r.rate === null ? '—' : `${r.rate}%`}；` +
        `24小时内修复${r.within24h}个，48小时内${r.within48h}个，72小时内${r.within72h}个，72小时后${r.later}个，尚未修复${r.open}个；` +
        `平均修复时间${r.meanHours ?? '—'}小时，中位数${r.medianHours ?? '—'}小时；复查发现未修复${r.notFixedRetests}次。`,
    },
    chart(funnelChart(dashboard), '图2 通报整改漏斗'),
    { kind: 'heading', level: 1, text: '四、评分排名' },
    chart(scoreDistributionChart(dashboard.scoreDistribution), '图3 被检测单位得分分布'),
    chart(rankingChart(dashboard.top.slice(0, 10), '得分前十名'), '图4 得分前十名', {
      width: 640,
      height: Math.max(200, 40 + 28 * Math.min(10, dashboard.top.length)),
    }),
    chart(categoryChart(scores.categories), '图5 各类单位得分比较'),
    rankingTable({ ...scores, organisations: scores.organisations.slice(0, 10) }, '表4 得分前十名'),
    rankingTable({ ...scores, organisations: scores.organisations.slice(-10) }, '表5 得分后十名'),
    {
      kind: 'table',
      caption: '表6 网络安全技术支撑机构得分',
      columns: [
        { title: '排名' },
        { title: '检测队' },
        ...teams.items.map((item) => ({ title: item.title })),
        { title: '总分' },
      ],
      rows: teams.teams.map((team) => [
        team.rank,
        team.name,
        ...teams.items.map((item) => points(team.items[item.key] ?? 0)),
        points(team.total),
      ]),
    },
    { kind: 'heading', level: 1, text: '五、材料报送' },
    {
      kind: 'table',
      caption: '表7 材料报送情况',
      columns: [{ title: '材料' }, { title: '应报' }, { title: '已报' }, { title: '逾期' }],
      rows: dashboard.forms.map((f) => [FORM_TITLES[f.kind].zh, f.expected, f.submitted, f.late]),
    },
    { kind: 'heading', level: 1, text: '六、存在问题与下一步工作' },
    {
      kind: 'paragraph',
      text:
        '对行动中暴露出来的问题举一反三，督促整改不到位、漏洞较多的单位限期完成整改；将评分结果运用到年度网络安全工作责任制督导检查中；' +
        '完善资产台账，对漏报、错报资产的单位开展回头看。',
    },
  ]
  return renderOfficialDocument({
    issuer: issuerOf(campaign.regionName),
    documentNumber: input.documentNumber ?? `〔${campaign.year}〕 号`,
    title: `“${campaign.name}”复盘总结报告`,
    addressee: `${campaign.regionName}委网信委`,
    body,
    date: input.date,
  })
}
