// When a graded system must be assessed (等级测评) and the yearly deadlines of a classified-protection campaign.
import { type TSecurityLevel } from './grading-matrix'

export type TAssessmentCycleOptions = {
  /**
   * Months between assessments of a level-2 system. Seed 003 only obliges level 3 and above; a region may also
   * require level-2 assessments (e.g. every 24 months). `null` (the default): level 2 is not periodically assessed.
   */
  level2IntervalMonths?: number | null
}

export type TAssessmentCycle = {
  isRequired: boolean
  /** months between assessments; null when no periodic assessment is required */
  intervalMonths: number | null
  basis: string
}

export const assessmentCycleRule = {
  yearlyFromLevel: 3,
  intervalMonths: 12,
  level2IntervalMonths: null,
  basis: '第三级(含)以上信息系统运营者…每年开展网络安全等级测评 (渝等保办〔2020〕2号 二(三))',
} as const

export function assessmentCycle(
  level: TSecurityLevel,
  options: TAssessmentCycleOptions = {},
): TAssessmentCycle {
  if (level >= assessmentCycleRule.yearlyFromLevel) {
    return {
      isRequired: true,
      intervalMonths: assessmentCycleRule.intervalMonths,
      basis: assessmentCycleRule.basis,
    }
  }
  if (level === 2) {
    const interval = options.level2IntervalMonths ?? assessmentCycleRule.level2IntervalMonths
    if (interval !== null && (!Number.isInteger(interval) || interval < 1)) {
      throw new RangeError(`level2IntervalMonths must be a positive whole number of months, got ${interval}`)
    }
    return interval === null
      ? {
          isRequired: false,
          intervalMonths: null,
          basis: 'level 2: periodic assessment not configured for this region',
        }
      : { isRequired: true, intervalMonths: interval, basis: 'level 2: interval configured by the region' }
  }
  return {
    isRequired: false,
    intervalMonths: null,
    basis: 'level 1: protected by the operator itself (自主保护)',
  }
}

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/

/**
 * The date the next assessment is due: the last assessment date plus the interval (the day is clamped to the
 * end of a shorter month, so 2024-02-29 + 12 months is 2025-02-28). Null when no periodic assessment is required.
 */
export function nextAssessmentDue(
  level: TSecurityLevel,
  lastAssessedOn: string,
  options: TAssessmentCycleOptions = {},
): string | null {
  const match = isoDate.exec(lastAssessedOn)
  if (!match) throw new RangeError(`lastAssessedOn must be a date YYYY-MM-DD, got "${lastAssessedOn}"`)
  const cycle = assessmentCycle(level, options)
  if (cycle.intervalMonths === null) return null
  const year = Number(match[1])
  const month = Number(match[2]) - 1 + cycle.intervalMonths
  const day = Number(match[3])
  const targetYear = year + Math.floor(month / 12)
  const targetMonth = month % 12
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate()
  return formatDate(targetYear, targetMonth + 1, Math.min(day, lastDay))
}

export type TDeadlineRule = {
  month: number
  day: number
  minLevel: TSecurityLevel | null
  zh: string
  en: string
}

/** Seed 003's default deadlines of the year (8月底 / 10月底 / 12月底), as data so a region can override them. */
export const defaultDengbaoDeadlines = {
  source: '渝等保办〔2020〕2号 一、工作目标',
  gradingAndFiling: {
    month: 8,
    day: 31,
    minLevel: null,
    zh: '8月底前基本完成系统梳理和定级备案工作',
    en: 'grading and filing of every system by 31 August',
  },
  assessment: {
    month: 10,
    day: 31,
    minLevel: 3,
    zh: '10月底前完成第三级以上系统的等级测评工作',
    en: 'assessment of level-3-and-above systems by 31 October',
  },
  rectification: {
    month: 12,
    day: 31,
    minLevel: null,
    zh: '12月底前完成安全建设整改工作',
    en: 'security rectification by 31 December',
  },
} as const satisfies { source: string } & Record<
  'gradingAndFiling' | 'assessment' | 'rectification',
  TDeadlineRule
>

export type TDengbaoDeadlines = { gradingAndFiling: string; assessment: string; rectification: string }

/** The default deadlines of a year as dates (YYYY-MM-DD, local time Asia/Shanghai: the end of that day). */
export function dengbaoDeadlinesFor(year: number): TDengbaoDeadlines {
  if (!Number.isInteger(year) || year < 2000 || year > 9999) throw new RangeError(`invalid year ${year}`)
  const at = (rule: TDeadlineRule) => formatDate(year, rule.month, rule.day)
  return {
    gradingAndFiling: at(defaultDengbaoDeadlines.gradingAndFiling),
    assessment: at(defaultDengbaoDeadlines.assessment),
    rectification: at(defaultDengbaoDeadlines.rectification),
  }
}

/** Whether a system of this level is subject to the deadline (the assessment deadline applies from level 3). */
export function isSubjectToDeadline(rule: TDeadlineRule, level: TSecurityLevel): boolean {
  return rule.minLevel === null || level >= rule.minLevel
}

function formatDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}
