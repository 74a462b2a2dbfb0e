// Time is injected so that deadlines, lockouts, idle timeouts and escalations can be tested without sleeping.
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock for tests: starts at `start` and moves only when told to. */
export class ManualClock implements Clock {
  private current: number
  constructor(start: Date | string = '2026-01-05T02:00:00Z') {
    this.current = new Date(start).getTime()
  }
  now(): Date {
    return new Date(this.current)
  }
  advance(ms: number): void {
    this.current += ms
  }
  set(to: Date | string): void {
    this.current = new Date(to).getTime()
  }
}

export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
