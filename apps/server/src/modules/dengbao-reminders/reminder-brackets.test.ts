import { describe, expect, test } from 'vitest'
import {
  bracketOf,
  chineseDay,
  DEFAULT_REMINDER_SETTINGS,
  dueState,
  reminderRef,
  runTimeOf,
  ZReminderSettings,
} from './reminder-brackets'

const ids = (days: number[]) => days.map((d) => bracketOf(d, DEFAULT_REMINDER_SETTINGS)?.id ?? null)

describe('reminder brackets', () => {
  test('before the due date: 30 days, 7 days, the day itself; nothing further out', () => {
    expect(ids([45, 31, 30, 20, 8, 7, 3, 1, 0])).toEqual([
      null,
      null,
      'before-30',
      'before-30',
      'before-30',
      'before-7',
      'before-7',
      'before-7',
      'before-0',
    ])
  })

  test('after the due date: one bracket per 7 days overdue', () => {
    expect(ids([-1, -7, -8, -14, -15, -60])).toEqual([
      'overdue-1',
      'overdue-1',
      'overdue-2',
      'overdue-2',
      'overdue-3',
      'overdue-9',
    ])
    expect(bracketOf(-3, { ...DEFAULT_REMINDER_SETTINGS, overdueEveryDays: 0 })).toBeNull()
  })

  test('a day run daily over an obligation’s life gives each bracket once', () => {
    const seen = new Map<string, number>()
    for (let daysLeft = 60; daysLeft >= -30; daysLeft--) {
      const b = bracketOf(daysLeft, DEFAULT_REMINDER_SETTINGS)
      if (b) seen.set(b.id, (seen.get(b.id) ?? 0) + 1)
    }
    // the bracket ids are what makes each one a single message; the first day of each is when it goes out
    expect([...seen.keys()]).toEqual([
      'before-30',
      'before-7',
      'before-0',
      'overdue-1',
      'overdue-2',
      'overdue-3',
      'overdue-4',
      'overdue-5',
    ])
  })

  test('texts, keys and times', () => {
    expect(dueState(7)).toBe('还有7天到期')
    expect(dueState(0)).toBe('今日到期')
    expect(dueState(-12)).toBe('已逾期12天')
    expect(chineseDay('2026-08-31')).toBe('2026年8月31日')
    expect(
      reminderRef(
        { kind: 'rectification', systemId: 's', itemId: 'i', dueOn: '2026-12-31' },
        { id: 'before-7', kind: 'before', value: 7 },
      ),
    ).toBe('rectification:s:i:2026-12-31:before-7')
    expect(runTimeOf('2026-08-31', 9).toISOString()).toBe('2026-08-31T01:00:00.000Z')
    expect(ZReminderSettings.safeParse({ ...DEFAULT_REMINDER_SETTINGS, daysBefore: [7, 7] }).success).toBe(
      false,
    )
  })
})
