// What is due (and overdue) in classified protection for a year (seed 003 一、工作目标): grading and filing by 31 August,
// assessment of level-3-and-above systems by 31 October (level 2 on the region's cycle, if it set one), rectification
// items by their own deadline (by default 31 December). Pure: the service loads the facts and the reminder job of the
// notifications module calls the service. Dates are calendar days in Asia/Shanghai (YYYY-MM-DD); a deadline day is
// still on time, the day after is overdue.
import {
  assessmentCycle,
  dengbaoDeadlinesFor,
  nextAssessmentDue,
  type TDengbaoDeadlines,
  type TSecurityLevel,
} from '@wangan/rules/grading'

export type TEffectiveDeadlines = TDengbaoDeadlines & {
  year: number
  level2IntervalMonths: number | null
  /** the region whose settings apply, or null for seed 003's defaults */
  regionId: string | null
}

export type TDueSystem = {
  systemId: string
  systemName: string
  organisationId: string
  /** null until the system has a filing */
  filedLevel: number | null
  /** level of the latest grading round, filed or not */
  proposedLevel: number | null
  /** dates of the system's assessments (YYYY-MM-DD) */
  assessedOn: readonly string[]
  openRectification: readonly { id: string; title: string; deadline: string }[]
}

export type TDueKind = 'grading_filing' | 'assessment' | 'rectification'

export type TDueItem = {
  kind: TDueKind
  systemId: string
  systemName: string
  organisationId: string
  /** the rectification item, for kind `rectification` */
  itemId: string | null
  title: string
  dueOn: string
  isOverdue: boolean
  /** whole days until the due date (negative when overdue) */
  daysLeft: number
}

export function defaultEffectiveDeadlines(year: number): TEffectiveDeadlines {
  return { ...dengbaoDeadlinesFor(year), year, level2IntervalMonths: null, regionId: null }
}

const DUE_TITLES: Record<Exclude<TDueKind, 'rectification'>, string> = {
  grading_filing: '定级备案',
  assessment: '等级测评',
}

/** The obligations of one system that are still open in `year`, as of `today`. */
export function dueItemsOfSystem(
  system: TDueSystem,
  deadlines: TEffectiveDeadlines,
  today: string,
): TDueItem[] {
  const items: TDueItem[] = []
  const push = (kind: TDueKind, dueOn: string, title: string, itemId: string | null = null) =>
    items.push({
      kind,
      systemId: system.systemId,
      systemName: system.systemName,
      organisationId: system.organisationId,
      itemId,
      title,
      dueOn,
      isOverdue: today > dueOn,
      daysLeft: daysBetween(today, dueOn),
    })

  if (system.filedLevel === null)
    push('grading_filing', deadlines.gradingAndFiling, DUE_TITLES.grading_filing)

  const assessment = assessmentDue(system, deadlines)
  if (assessment) push('assessment', assessment, DUE_TITLES.assessment)

  for (const item of system.openRectification) push('rectification', item.deadline, item.title, item.id)
  return items
}

/**
 * When the system's next assessment falls due within `deadlines.year`, or null. The level is the filed one, else the
 * proposed one (a system graded 3 but not yet filed still owes its assessment). Level 3 and above: once a year, by
 * the year's assessment deadline. Level 2 (when the region set a cycle): the last assessment plus the cycle, or the
 * year's deadline when there has been none.
 */
export function assessmentDue(system: TDueSystem, deadlines: TEffectiveDeadlines): string | null {
  const level = asLevel(system.filedLevel ?? system.proposedLevel)
  if (level === null) return null
  const cycle = assessmentCycle(level, { level2IntervalMonths: deadlines.level2IntervalMonths })
  if (!cycle.isRequired) return null
  const year = String(deadlines.year)
  const last = [...system.assessedOn].sort().at(-1) ?? null
  if (level >= 3) return system.assessedOn.some((d) => d.startsWith(year)) ? null : deadlines.assessment
  if (!last) return deadlines.assessment
  const next = nextAssessmentDue(level, last, { level2IntervalMonths: deadlines.level2IntervalMonths })
  if (!next || next > `${year}-12-31`) return null
  return next
}

function asLevel(level: number | null): TSecurityLevel | null {
  return level === 1 || level === 2 || level === 3 || level === 4 || level === 5 ? level : null
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

/** Today's date in Asia/Shanghai (UTC+8, no daylight saving). */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
}

export function shanghaiYear(at: Date): number {
  return Number(shanghaiDate(at).slice(0, 4))
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}
