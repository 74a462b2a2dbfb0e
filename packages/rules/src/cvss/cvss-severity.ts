// Qualitative severity of a CVSS score, and the grade names of GB/T 30279-2020 (网络安全漏洞分类分级指南) that the
// platform shows beside it. GB/T 30279 has no grade for a score of 0, hence `null` for `none`.

export type CvssSeverity = 'none' | 'low' | 'medium' | 'high' | 'critical'
export type FindingSeverity = Exclude<CvssSeverity, 'none'>
export type Gbt30279Grade = '超危' | '高危' | '中危' | '低危'

/** CVSS bands: none 0, low 0.1–3.9, medium 4.0–6.9, high 7.0–8.9, critical 9.0–10.0. */
export function severityFromScore(score: number): CvssSeverity {
  if (!Number.isFinite(score) || score < 0 || score > 10) {
    throw new RangeError(`a CVSS score is between 0 and 10, got ${score}`)
  }
  if (score === 0) return 'none'
  if (score < 4) return 'low'
  if (score < 7) return 'medium'
  if (score < 9) return 'high'
  return 'critical'
}

export const gbt30279Grades: Readonly<Record<FindingSeverity, Gbt30279Grade>> = {
  critical: '超危',
  high: '高危',
  medium: '中危',
  low: '低危',
}

export function gbt30279Grade(severity: CvssSeverity): Gbt30279Grade | null {
  return severity === 'none' ? null : gbt30279Grades[severity]
}

export function severityFromGbt30279Grade(grade: Gbt30279Grade): FindingSeverity {
  const entry = Object.entries(gbt30279Grades).find(([, name]) => name === grade)
  if (!entry) throw new RangeError(`unknown GB/T 30279-2020 grade ${String(grade)}`)
  return entry[0] as FindingSeverity
}
