import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../../../', import.meta.url))

function wangan(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/wangan.mjs', 'grade', ...args], {
    cwd: root,
    encoding: 'utf8',
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

const cells: [string, number][] = [
  ['citizen:general', 1],
  ['citizen:serious', 2],
  ['citizen:especially_serious', 2],
  ['society:general', 2],
  ['society:serious', 3],
  ['society:especially_serious', 4],
  ['nation:general', 3],
  ['nation:serious', 4],
  ['nation:especially_serious', 5],
]

describe('wangan grade', () => {
  it('prints the CONTRACTS example as one JSON line', () => {
    const { code, stdout, stderr } = wangan('--business', 'citizen:serious', '--service', 'society:serious')
    expect(code).toBe(0)
    expect(stderr).toBe('')
    expect(stdout).toBe('{"business":2,"service":3,"level":3}\n')
  })

  // 18 processes: give a busy machine room beyond the default 30 s
  it('grades every cell of the matrix on both sides', { timeout: 90_000 }, () => {
    for (const [harm, level] of cells) {
      const business = JSON.parse(
        wangan('--business', harm, '--service', 'citizen:general').stdout,
      ) as unknown
      expect(business).toEqual({ business: level, service: 1, level })
      const service = JSON.parse(wangan('--business=citizen:general', `--service=${harm}`).stdout) as unknown
      expect(service).toEqual({ business: 1, service: level, level })
    }
  })

  it.each([
    [['--business', 'citizen:serious'], /missing --service/],
    [['--service', 'citizen:serious'], /missing --business/],
    [['--business', 'city:serious', '--service', 'nation:general'], /--business: unknown object "city"/],
    [['--business', 'nation:general', '--service', 'nation:grave'], /--service: unknown degree "grave"/],
    [['--business', 'nation', '--service', 'nation:general'], /--business: expected <object>:<degree>/],
    [['--level', '3'], /Unknown option '--level'/],
  ])('rejects %j with exit 2 and one line naming the argument', (args, message) => {
    const { code, stdout, stderr } = wangan(...args)
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(message)
    expect(stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(stderr).not.toMatch(/\n\s+at /)
  })
})
