// Times are stored in UTC and shown in Asia/Shanghai whatever the browser's own zone is (SPEC: 时间以北京时间显示).
import dayjs, { type Dayjs } from 'dayjs'
import timezone from 'dayjs/plugin/timezone'
import utc from 'dayjs/plugin/utc'
import 'dayjs/locale/zh-cn'

dayjs.extend(utc)
dayjs.extend(timezone)

export const DISPLAY_TIME_ZONE = 'Asia/Shanghai'

/** `2024-05-01 08:30:00` in Beijing time, or '' for a missing value. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return ''
  const parsed = dayjs.utc(value)
  return parsed.isValid() ? parsed.tz(DISPLAY_TIME_ZONE).format('YYYY-MM-DD HH:mm:ss') : String(value)
}

/**
 * A wall-clock time picked in the UI (whose Dayjs carries the browser's zone) read as Beijing time and returned as a
 * UTC ISO string for the API.
 */
export function beijingWallClockToIso(picked: Dayjs): string {
  return dayjs.tz(picked.format('YYYY-MM-DDTHH:mm:ss'), DISPLAY_TIME_ZONE).toISOString()
}

export function setDateLocale(language: 'zh-CN' | 'en'): void {
  dayjs.locale(language === 'zh-CN' ? 'zh-cn' : 'en')
}
