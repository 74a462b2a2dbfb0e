import { describe, expect, test } from 'vitest'
import {
  CAMPAIGN_TEMPLATES,
  describeWindow,
  findTemplate,
  isInWindow,
  phaseState,
  planPhases,
} from './campaign-templates'

describe('campaign templates', () => {
  test('both seeds give the six phases in order, each ending after it starts', () => {
    for (const template of CAMPAIGN_TEMPLATES) {
      const phases = planPhases(template, 2022)
      expect(phases.map((p) => p.kind)).toEqual([
        'asset_census',
        'self_inspection',
        'testing',
        'rectification',
        'retest',
        'summary',
      ])
      for (const p of phases) if (p.startsAt) expect(p.endsAt.getTime()).toBeGreaterThan(p.startsAt.getTime())
    }
  })

  test('“5月16日零时至5月20日24时” is the window of seed 001, in Beijing time', () => {
    const testing = planPhases(findTemplate('wangan-2022-changzhou')!, 2022).find(
      (p) => p.kind === 'testing',
    )!
    expect(testing.startsAt?.toISOString()).toBe('2022-05-15T16:00:00.000Z')
    expect(testing.endsAt.toISOString()).toBe('2022-05-20T16:00:00.000Z')
    expect(describeWindow({ testingStartsAt: testing.startsAt!, testingEndsAt: testing.endsAt })).toBe(
      '2022-05-16 00:00 至 2022-05-21 00:00 (UTC+8)',
    )
  })

  test('a chosen window moves every other phase by the same amount and keeps their lengths', () => {
    const template = findTemplate('wangan-2021-yixing')!
    const plain = planPhases(template, 2021)
    const window = { startsAt: new Date('2021-05-03T16:00:00Z'), endsAt: new Date('2021-05-06T16:00:00Z') }
    const moved = planPhases(template, 2021, window)
    const shift = window.startsAt.getTime() - plain[2]!.startsAt!.getTime()
    for (const [i, p] of moved.entries()) {
      if (p.kind === 'testing') {
        expect(p).toMatchObject(window)
        continue
      }
      expect(p.endsAt.getTime() - plain[i]!.endsAt.getTime()).toBe(shift)
    }
    expect(moved[0]!.startsAt).toBeNull()
  })

  test('phase states and the window follow the clock; the window’s end is excluded', () => {
    const phase = { startsAt: new Date('2022-05-15T16:00:00Z'), endsAt: new Date('2022-05-20T16:00:00Z') }
    expect(phaseState(phase, new Date('2022-05-15T15:59:59Z'))).toBe('upcoming')
    expect(phaseState(phase, new Date('2022-05-15T16:00:00Z'))).toBe('open')
    expect(phaseState(phase, new Date('2022-05-20T16:00:00Z'))).toBe('closed')
    expect(phaseState({ startsAt: null, endsAt: phase.endsAt }, new Date('2000-01-01'))).toBe('open')
    const w = { testingStartsAt: phase.startsAt, testingEndsAt: phase.endsAt }
    expect(isInWindow(w, new Date('2022-05-20T15:59:59.999Z'))).toBe(true)
    expect(isInWindow(w, new Date('2022-05-20T16:00:00Z'))).toBe(false)
  })
})
