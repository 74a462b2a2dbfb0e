// The inspection report (现场检查评分报告, DOCX): the organisation and year, the score by project, the comparison with the
// year before, every item with its points and the reason in the checklist's words, notes, evidence and the conclusion.
import { notesWithEvidence } from '../files/item-evidence'
import { heading, paragraph, renderDocument, shanghaiDateTime, table, title } from './report-docx'
import type { TInspection } from './inspections.schemas'
import { templateView } from './inspections.service'

export async function inspectionReport(inspection: TInspection): Promise<Buffer> {
  const view = templateView(inspection.templateId)
  const isFinal = inspection.status === 'signed_off'
  const scoreOf = new Map(inspection.score.items.map((i) => [i.code, i]))
  const headingTitle = `${inspection.organisationName} ${inspection.year}年度网络安全工作现场检查评分报告`

  const children = [
    title(headingTitle),
    ...(isFinal
      ? []
      : [paragraph('草稿：本检查尚未签发，分数可能变化 (draft: not signed off)', { bold: true })]),
    table(
      ['项目', '内容'],
      [
        ['被检查单位', inspection.organisationName],
        ['年度', `${inspection.year}年`],
        ['检查表', view.title],
        ['检查人员', inspection.inspectors.map((i) => i.name).join('、') || '—'],
        [
          '签发',
          isFinal && inspection.signedOffAt
            ? `${inspection.signedOffByName ?? ''} ${shanghaiDateTime(new Date(inspection.signedOffAt))}`
            : '未签发',
        ],
        ['总分', `${inspection.score.total} / ${inspection.score.max}`],
        ['已评条目', `${inspection.score.answered} / ${inspection.score.itemCount}`],
      ],
      [25, 75],
    ),
    heading('一、得分汇总'),
    table(
      ['编号', '项目', '得分', '满分'],
      inspection.score.sections
        .filter((s) => /^T1-\d+(\.\d+)?$/.test(s.code))
        .map((s) => [s.code.replace(/^T1-/, ''), s.title, s.points, s.max]),
      [12, 58, 15, 15],
    ),
  ]

  if (inspection.comparison) {
    const c = inspection.comparison
    children.push(
      heading(`二、与${c.year}年度对比`),
      paragraph(
        `${c.year}年度总分 ${c.total}，本年度 ${inspection.score.total}，${c.delta >= 0 ? '提高' : '下降'} ${Math.abs(c.delta)} 分${c.status === 'signed_off' ? '' : `（${c.year}年度检查未签发）`}。`,
      ),
      table(
        ['编号', '项目', `${c.year}年`, `${inspection.year}年`, '变化'],
        c.sections
          .filter((s) => /^T1-\d+$/.test(s.code))
          .map((s) => [
            s.code.replace(/^T1-/, ''),
            s.title,
            s.previousPoints,
            s.points,
            `${s.delta > 0 ? '+' : ''}${s.delta}`,
          ]),
        [10, 45, 15, 15, 15],
      ),
    )
  }

  children.push(heading(inspection.comparison ? '三、逐项评分' : '二、逐项评分'))
  for (const section of view.sections) {
    const items = view.items.filter((i) => i.section === section.code)
    if (items.length === 0) continue
    const sectionScore = inspection.score.sections.find((s) => s.code === section.code)
    children.push(heading(`${section.title}（${sectionScore?.points ?? 0} / ${section.points}分）`, 2))
    children.push(
      table(
        ['编号', '检查内容', '分值', '得分', '评分说明', '检查记录'],
        items.map((item) => {
          const result = scoreOf.get(item.code)
          const note = notesWithEvidence(inspection.notes[item.code], inspection.evidence[item.code])
          return [item.number, item.prompt, item.points, result?.points ?? 0, result?.explanation ?? '', note]
        }),
        [8, 34, 8, 8, 24, 18],
      ),
    )
  }

  children.push(heading('检查结论'), paragraph(inspection.conclusion?.trim() || '（未填写）'))
  children.push(paragraph(`评分依据：${view.source}。分数保留两位小数。`, { italic: true, size: 18 }))
  return renderDocument({ title: headingTitle, subject: view.title, children })
}
