// The city evaluation report (城市网络安全评价报告, DOCX): the result and grade (表B.2), a radar chart of the first-level
// scores drawn by Word from its own data (docx charts: no image to rasterise, and the figures stay editable), the
// scores by indicator, the gap to the next grade with the indicators that would close it fastest, removed items with
// their reasons, and every item's rating, notes and evidence (labels, references, names of the files uploaded).
import { Paragraph } from 'docx'
import { ChartRun } from 'docx/charts'
import { SCENARIO_LABELS, type TCityFrameworkView, type TEvaluation } from './evaluation.schemas'
import { frameworkView } from './evaluation.service'
import { notesWithEvidence } from '../files/item-evidence'
import {
  formatPoints,
  heading,
  paragraph,
  renderDocument,
  shanghaiDateTime,
  table,
  title,
} from '../inspections/report-docx'

const RATING_LABEL = new Map<number, string>([
  [1, '全部满足'],
  [0.8, '大部分满足'],
  [0.5, '部分满足'],
  [0, '不满足'],
])

/** Score rates of the first-level indicators in scope (score ÷ points in scope × 100): the radar's spokes. */
export function firstLevelRates(evaluation: TEvaluation, framework: TCityFrameworkView = frameworkView()) {
  return framework.first
    .filter((f) => evaluation.result.firstPoints[f.code] !== undefined)
    .map((f) => {
      const points = evaluation.result.firstPoints[f.code] ?? 0
      const score = evaluation.result.first[f.code] ?? 0
      return {
        code: f.code,
        name: f.name,
        points,
        score,
        rate: points ? Math.round((score / points) * 10000) / 100 : 0,
      }
    })
}

export async function evaluationReport(evaluation: TEvaluation): Promise<Buffer> {
  const framework = frameworkView()
  const r = evaluation.result
  const isFinal = evaluation.status === 'completed'
  const name = (code: string) =>
    framework.first.find((x) => x.code === code)?.name ??
    framework.second.find((x) => x.code === code)?.name ??
    framework.third.find((x) => x.code === code)?.name ??
    code
  const rates = firstLevelRates(evaluation, framework)
  const reportTitle = `${evaluation.regionName}${evaluation.year}年度城市网络安全评价报告`

  const children = [
    title(reportTitle),
    ...(isFinal
      ? []
      : [paragraph('草稿：评价尚未完成，未评分的评价项暂按“不满足”计 (draft)', { bold: true })]),
    table(
      ['项目', '内容'],
      [
        ['评价对象', evaluation.regionName],
        ['评价名称', evaluation.title],
        ['评价类型', SCENARIO_LABELS[evaluation.scenario]],
        ['评价范围', evaluation.scope.map((c) => `${c} ${name(c)}`).join('、')],
        ['总分', `${formatPoints(r.total)} / ${formatPoints(r.pointsInScope)}`],
        ['百分制得分', formatPoints(r.scaledTotal)],
        ['评价等级', r.grade],
        [
          '完成',
          isFinal && evaluation.completedAt
            ? `${evaluation.completedByName ?? ''} ${shanghaiDateTime(new Date(evaluation.completedAt))}`
            : '未完成',
        ],
      ],
      [25, 75],
    ),
    heading('一、一级指标得分'),
  ]

  if (rates.length >= 3)
    children.push(
      new Paragraph({
        children: [
          new ChartRun({
            type: 'radar',
            title: '一级指标得分率（%）',
            categories: rates.map((x) => x.name),
            series: [{ name: evaluation.title, values: rates.map((x) => x.rate), color: '1677FF' }],
            filled: true,
            valueAxis: { minimum: 0, maximum: 100, interval: 20 },
            legend: false,
            transformation: { width: 520, height: 360 },
            altText: {
              name: '一级指标得分率雷达图',
              description: rates.map((x) => `${x.name} ${x.rate}%`).join('，'),
            },
          }),
        ],
      }),
    )
  else
    children.push(
      new Paragraph({
        children: [
          new ChartRun({
            type: 'bar',
            title: '一级指标得分率（%）',
            categories: rates.map((x) => x.name),
            series: [{ name: evaluation.title, values: rates.map((x) => x.rate), color: '1677FF' }],
            valueAxis: { minimum: 0, maximum: 100, interval: 20 },
            legend: false,
            transformation: { width: 520, height: 220 },
          }),
        ],
      }),
    )
  children.push(
    table(
      ['编号', '一级指标', '得分', '分值（范围内）', '得分率'],
      rates.map((x) => [x.code, x.name, x.score, x.points, `${formatPoints(x.rate)}%`]),
      [10, 40, 15, 20, 15],
    ),
  )
  if (r.weighted)
    children.push(
      paragraph(
        `加权评价（附录A）：综合得分 ${formatPoints(r.weighted.score)}；一级指标 ${Object.entries(
          r.weighted.first,
        )
          .map(([code, value]) => `${name(code)} ${formatPoints(value)}`)
          .join('，')}。`,
      ),
    )

  children.push(heading('二、差距分析'))
  if (r.gapToNextGrade) {
    children.push(
      paragraph(
        `距“${r.gapToNextGrade.grade}”（${r.gapToNextGrade.threshold}分）还差 ${formatPoints(r.gapToNextGrade.scaledPoints)} 分（百分制），即评价范围内 ${formatPoints(r.gapToNextGrade.points)} 分。`,
      ),
    )
    if (r.gapClosedBy.length)
      children.push(
        paragraph(
          `最快补足差距的三级指标：${r.gapClosedBy.map((code) => `${code} ${name(code)}`).join('、')}。`,
        ),
      )
  } else children.push(paragraph('已达到最高等级“优秀”。'))
  if (r.weakest.length)
    children.push(
      table(
        ['编号', '失分较多的三级指标', '分值', '得分', '失分', '百分制失分'],
        r.weakest.slice(0, 10).map((w) => [w.code, w.name, w.points, w.score, w.lost, w.scaledLost]),
        [10, 40, 12, 12, 12, 14],
      ),
    )

  children.push(heading('三、剪裁的评价项'))
  if (evaluation.removed.length)
    children.push(
      table(
        ['编号', '评价项', '剪裁理由'],
        evaluation.removed.map((x) => [
          x.item,
          framework.items.find((i) => i.code === x.item)?.text ?? '',
          x.reason,
        ]),
        [12, 50, 38],
      ),
    )
  else children.push(paragraph('无。'))
  if (r.emptied.length)
    children.push(
      paragraph(
        `以下三级指标的评价项全部剪裁，得 0 分且分值仍计入范围：${r.emptied.map((c) => `${c} ${name(c)}`).join('、')}。`,
      ),
    )

  children.push(heading('四、逐项评分'))
  const removed = new Set(evaluation.removed.map((x) => x.item))
  for (const first of framework.first.filter((f) => r.firstPoints[f.code] !== undefined)) {
    children.push(
      heading(
        `${first.code} ${first.name}（${formatPoints(r.first[first.code] ?? 0)} / ${formatPoints(r.firstPoints[first.code] ?? 0)}分）`,
        2,
      ),
    )
    const rows: (string | number)[][] = []
    for (const second of framework.second.filter(
      (s) => s.first === first.code && r.second[s.code] !== undefined,
    ))
      for (const third of framework.third.filter((t) => t.second === second.code))
        for (const item of framework.items.filter((i) => i.third === third.code)) {
          const rating = evaluation.ratings[item.code]
          rows.push([
            item.code,
            `${third.isImplicit ? second.name : `${second.name} / ${third.name}`}\n${item.text}${item.isDirectScore ? '（直接得分项）' : ''}`,
            removed.has(item.code)
              ? '已剪裁'
              : rating === undefined
                ? '未评分'
                : (RATING_LABEL.get(rating) ?? String(rating)),
            notesWithEvidence(evaluation.notes[item.code], evaluation.evidence[item.code]),
          ])
        }
    children.push(table(['编号', '指标与评价项', '满足程度', '说明与证据'], rows, [10, 50, 14, 26]))
  }
  children.push(
    paragraph(
      '评分方法：评价项按全部满足 1、大部分满足 0.8、部分满足 0.5、不满足 0 计分；三级指标得分 = 评价项平均分 × 分值（5.3.1.3 为直接得分项）；二级、一级指标及总分为下级得分之和；等级按百分制得分：≥85 优秀，75–85 良好，60–75 合格，<60 不合格（seed 002 附录A、表B.1、表B.2）。',
      { italic: true, size: 18 },
    ),
  )
  return renderDocument({ title: reportTitle, subject: framework.title, children })
}
