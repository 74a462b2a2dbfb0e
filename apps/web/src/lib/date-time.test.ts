import dayjs from 'dayjs'
import { describe, expect, it } from 'vitest'
import { beijingWallClockToIso, formatDateTime } from './date-time'

describe('formatDateTime', () => {
  it('shows UTC instants in Beijing time (UTC+8, no daylight saving)', () => {
    expect(formatDateTime('2024-01-15T16:30:00.000Z')).toBe('2024-01-16 00:30:00')
    expect(formatDateTime('2024-07-01T00:00:00Z')).toBe('2024-07-01 08:00:00')
  })

  it('leaves missing values empty and unparseable ones as they are', () => {
    expect(formatDateTime(null)).toBe('')
    expect(formatDateTime(undefined)).toBe('')
    expect(formatDateTime('not a date')).toBe('not a date')
  })
})

describe('beijingWallClockToIso', () => {
  it('reads the picked wall-clock time as Beijing time', () => {
    expect(beijingWallClockToIso(dayjs('2024-03-10T09:00:00'))).toBe('2024-03-10T01:00:00.000Z')
  })
})
