// 等保 deadline reminders (seed 003 deadlines; SPEC §6 channels): which reminder an open obligation is owed today.
// Pure, no I/O. An obligation is reminded once per bracket: before its due date when the days left first fall within
// a bracket (by default 30 days, 7 days, and the day itself), and after it once per period overdue (by default every
// 7 days: overdue week 1, 2, 3 …). The bracket is part of the delivery's idempotency key, so a daily job that runs
// many times — or again after a crash — sends each bracket once. See docs/interpretations/compliance.md (Reminders).
import { z } from 'zod'

export const ZReminderSettings = z.strictObject({
  /** Days before the due date at which a reminder is sent; 0 is the day itself. */
  daysBefore: z
    .array(z.number().int().min(0).max(366))
    .min(1)
    .max(10)
    .refine((days) => new Set(days).size === days.length, { error: '天数不能重复 (days must be distinct)' }),
  /** After the due date, one reminder per this many days overdue (0: no overdue reminders). */
  overdueEveryDays: z.number().int().min(0).max(366),
  /** Hour of the day (Asia/Shanghai) at which the daily job runs. */
  hourOfDay: z.number().int().min(0).max(23),
  /** SMS and e-mail to the organisation's liaisons (the platform inbox always gets the reminder). */
  sms: z.boolean(),
  email: z.boolean(),
})
export type TReminderSettings = z.infer<typeof ZReminderSettings>

export const DEFAULT_REMINDER_SETTINGS: TReminderSettings = {
  daysBefore: [30, 7, 0],
  overdueEveryDays: 7,
  hourOfDay: 9,
  sms: true,
  email: true,
}

export type TBracket = {
  /** `before-30`, `before-7`, `before-0` (the day itself), `overdue-1`, `overdue-2` … */
  id: string
  kind: 'before' | 'overdue'
  /** days before the due date (kind before), or the ordinal of the overdue period (kind overdue) */
  value: number
}

/** The bracket an obligation with `daysLeft` days to its due date is in today, or null when nothing is owed yet. */
export function bracketOf(daysLeft: number, settings: TReminderSettings): TBracket | null {
  if (daysLeft < 0) {
    if (settings.overdueEveryDays <= 0) return null
    const period = Math.ceil(-daysLeft / settings.overdueEveryDays)
    return { id: `overdue-${period}`, kind: 'overdue', value: period }
  }
  const threshold = [...settings.daysBefore].sort((a, b) => a - b).find((d) => daysLeft <= d)
  if (threshold === undefined) return null
  return { id: `before-${threshold}`, kind: 'before', value: threshold }
}

/** How far ahead the job looks: the widest bracket. */
export function horizonDays(settings: TReminderSettings): number {
  return Math.max(...settings.daysBefore)
}

export type TObligationRef = {
  kind: string
  systemId: string
  itemId: string | null
  dueOn: string
}

/** The reminder's key: the obligation (kind, system, rectification item), its due date and the bracket. The
 * delivery key adds the channel and the address. */
export function reminderRef(obligation: TObligationRef, bracket: TBracket): string {
  return `${obligation.kind}:${obligation.systemId}:${obligation.itemId ?? '-'}:${obligation.dueOn}:${bracket.id}`
}

/** `还有7天到期` · `今日到期` · `已逾期12天` (the template variable `state`). */
export function dueState(daysLeft: number): string {
  if (daysLeft > 0) return `还有${daysLeft}天到期`
  if (daysLeft === 0) return '今日到期'
  return `已逾期${-daysLeft}天`
}

/** 2026-08-31 → 2026年8月31日. */
export function chineseDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number)
  return `${y}年${m}月${d}日`
}

/** When the daily job of `day` (YYYY-MM-DD, Asia/Shanghai) should run. */
export function runTimeOf(day: string, hourOfDay: number): Date {
  return new Date(`${day}T${String(hourOfDay).padStart(2, '0')}:00:00+08:00`)
}
