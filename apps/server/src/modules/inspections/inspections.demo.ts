// Demo data of the on-site inspection: 市教育局's inspection of last year (signed off) and this year's, half filled in,
// so the comparison and the live score show. Dates follow the real calendar.
import type { DemoStep } from '../demo/demo.service'
import { inspections } from '../../db/schema'
import { fullMarksAnswers } from './inspection-answers'
import { scoreSoFar, templateView } from './inspections.service'

export const inspectionsDemoStep: DemoStep = async (tx, _ctx, state) => {
  const organisationId = state.organisationIds.get('市教育局')
  const inspector = state.userIds.get('demo-regulator') ?? null
  if (!organisationId) return
  const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear()
  const view = templateView('onsite-inspection')
  const lastYear = {
    ...fullMarksAnswers(view),
    'T2-6': 3,
    'T2-23': { total: 12, high: 1, medium: 5 },
    'T1-2.1.1': ['count', 'functions', 'distribution'],
    'T1-1.6.2': 'not_done',
  }
  const all = fullMarksAnswers(view)
  const thisYear = Object.fromEntries(Object.entries(all).filter(([code]) => code.startsWith('T1-1.')))
  for (const [y, answers, signed] of [
    [year - 1, lastYear, true],
    [year, thisYear, false],
  ] as const) {
    const score = scoreSoFar('onsite-inspection', answers)
    await tx.insert(inspections).values({
      organisationId,
      year: y,
      templateId: 'onsite-inspection',
      status: signed ? 'signed_off' : 'in_progress',
      answers,
      notes: signed ? { 'T2-6': '日志仅留存3个月（演示）' } : {},
      conclusion: signed
        ? '网络安全责任制落实较好，技术检测发现日志留存不足、存在中高危漏洞（演示）。'
        : null,
      total: score.total,
      answeredCount: score.answered,
      inspectorIds: inspector ? [inspector] : [],
      createdBy: inspector,
      ...(signed ? { signedOffBy: inspector, signedOffAt: new Date(Date.UTC(y, 10, 20, 2)) } : {}),
    })
  }
}
