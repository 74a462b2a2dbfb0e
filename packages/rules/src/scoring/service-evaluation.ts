// 服务评价表 (seed 000 附件5) 总体评价: 优秀 90分以上, 良好 80分以上, 一般 60分以上, 较差 60分以下.
// "以上" includes the figure itself (GB/T 1.1 convention), so exactly 90 is 优秀.

export type ServiceEvaluationGrade = '优秀' | '良好' | '一般' | '较差'

export const serviceEvaluationGrades: readonly { grade: ServiceEvaluationGrade; from: number }[] = [
  { grade: '优秀', from: 90 },
  { grade: '良好', from: 80 },
  { grade: '一般', from: 60 },
  { grade: '较差', from: 0 },
]

export function serviceEvaluationGrade(score: number): ServiceEvaluationGrade {
  if (!Number.isFinite(score) || score < 0 || score > 100) {
    throw new RangeError(`a service evaluation score is between 0 and 100, got ${score}`)
  }
  const band = serviceEvaluationGrades.find((candidate) => score >= candidate.from)
  return band ? band.grade : '较差'
}
