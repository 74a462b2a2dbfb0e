// Demo data of the city evaluation: 常州市's evaluation of last year (completed) and this year's, mostly rated, with one
// item removed with its reason. Dates follow the real calendar.
import { cityEvaluations } from '../../db/schema'
import type { DemoStep } from '../demo/demo.service'
import { frameworkView, resultOf } from './evaluation.service'

export const evaluationDemoStep: DemoStep = async (tx, _ctx, state) => {
  const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear()
  const evaluator = state.userIds.get('demo-regulator') ?? null
  const items = frameworkView().items
  const scope = ['1', '2', '3', '4', '5']
  // a fixed pattern of ratings: most items met, some mostly or partly
  const rate = (code: string, shift: number) => {
    const n = [...code].reduce((a, c) => a + c.charCodeAt(0), shift)
    return n % 7 === 0 ? 0.5 : n % 5 === 0 ? 0.8 : n % 11 === 0 ? 0 : 1
  }
  const removed = [{ item: '2.6.3.3', reason: '本市尚未规划城市数据流通交易平台，本年度不适用（演示）' }]
  const last = Object.fromEntries(
    items.filter((i) => i.code !== '2.6.3.3').map((i) => [i.code, rate(i.code, 3)]),
  )
  const current = Object.fromEntries(
    items
      .filter((i) => i.code !== '2.6.3.3' && !i.code.startsWith('5.4.'))
      .map((i) => [i.code, rate(i.code, 0)]),
  )
  const lastResult = resultOf({ scope, ratings: last, removed, weights: null })
  await tx.insert(cityEvaluations).values([
    {
      regionId: state.cityId,
      year: year - 1,
      title: `常州市${year - 1}年度城市网络安全评价（演示）`,
      scenario: 'full',
      scope,
      ratings: last,
      removed,
      status: 'completed',
      total: lastResult.total,
      scaledTotal: lastResult.scaledTotal,
      grade: lastResult.grade,
      createdBy: evaluator,
      completedBy: evaluator,
      completedAt: new Date(Date.UTC(year - 1, 11, 20, 2)),
    },
    {
      regionId: state.cityId,
      year,
      title: `常州市${year}年度城市网络安全评价（演示）`,
      scenario: 'full',
      scope,
      ratings: current,
      notes: { '1.2.1.2': '定级专家通过平台随机抽取，抽取记录可追溯（演示）' },
      removed,
      createdBy: evaluator,
    },
  ])
}
