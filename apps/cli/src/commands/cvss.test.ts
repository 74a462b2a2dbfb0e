import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../../../', import.meta.url))

function wangan(...args: string[]) {
  const started = performance.now()
  const result = spawnSync(process.execPath, ['bin/wangan.mjs', 'cvss', ...args], {
    cwd: root,
    encoding: 'utf8',
  })
  return { ...result, elapsed: performance.now() - started }
}

describe('wangan cvss', () => {
  beforeAll(() => {
    // The first call may rebuild the CLI bundle; timing is measured on later calls.
    wangan('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')
  }, 60_000)

  it('prints version, base score and severity as one JSON line', () => {
    const result = wangan('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')
    expect(result.status).toBe(0)
    expect(result.stdout).toBe('{"version":"3.1","base":9.8,"severity":"critical"}\n')
    expect(result.stderr).toBe('')
  })

  it('scores 3.0 and 4.0 vectors', () => {
    expect(JSON.parse(wangan('CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:U/C:L/I:L/A:N').stdout)).toEqual({
      version: '3.0',
      base: 5.4,
      severity: 'medium',
    })
    expect(
      JSON.parse(wangan('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N').stdout),
    ).toEqual({
      version: '4.0',
      base: 9.3,
      severity: 'critical',
    })
    expect(JSON.parse(wangan('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N').stdout)).toEqual({
      version: '3.1',
      base: 0,
      severity: 'none',
    })
  })

  it('prints every score with --details', () => {
    const result = wangan('--details', 'CVSS:3.0/S:U/AV:N/AC:L/PR:H/UI:N/C:L/I:L/A:N/E:F/RL:X')
    expect(JSON.parse(result.stdout)).toMatchObject({ base: 3.8, temporal: 3.7, environmental: null })
  })

  it.each([
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:Q', /bad value "Q" for metric A \(Availability Impact\)/],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H', /missing mandatory metric A /],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/XX:1', /unknown metric "XX"/],
    ['CVSS:3.1/AV:N/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', /duplicate metric AV/],
    ['CVSS:9.9/AV:N', /unsupported CVSS version 9\.9/],
  ])('refuses %s with exit 2 naming the metric', (vector, message) => {
    const result = wangan(vector)
    expect(result.status).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(message)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })

  it('refuses a missing or extra argument with exit 2', () => {
    expect(wangan().status).toBe(2)
    expect(wangan('CVSS:3.1/AV:N', 'extra').stderr).toMatch(/expected one vector/)
    expect(wangan('--bogus', 'x').status).toBe(2)
  })

  it('starts in well under a second', () => {
    const best = Math.min(
      ...[1, 2, 3].map(() => wangan('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H').elapsed),
    )
    expect(best).toBeLessThan(1000)
  })
})
