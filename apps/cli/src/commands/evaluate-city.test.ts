import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { cityFrameworkIndex } from '@wangan/rules/evaluation'

const root = fileURLToPath(new URL('../../../../', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'wangan-evaluate-city-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

let fileCount = 0
function inputFile(content: unknown): string {
  const path = join(dir, `input-${++fileCount}.json`)
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content))
  return path
}

function wangan(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/wangan.mjs', 'evaluate-city', ...args], {
    cwd: root,
    encoding: 'utf8',
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

const allItems = [...cityFrameworkIndex.item.keys()]
const ratingsOf = (value: number | string, prefix = '') =>
  Object.fromEntries(allItems.filter((code) => code.startsWith(prefix)).map((code) => [code, value]))

describe('wangan evaluate-city', () => {
  it('evaluates the full framework and prints one JSON line with the contract keys', () => {
    const ratings = { ...ratingsOf('大部分满足'), '1.1.0.1': '全部满足', '5.3.1.3': 1 }
    const { code, stdout, stderr } = wangan('--input', inputFile({ framework: 'suzhou-2022', ratings }))
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout.trimEnd().split('\n')).toHaveLength(1)
    const result = JSON.parse(stdout) as Record<string, unknown>
    // all 0.8 → 80; 1.1.0.1 at 1 adds 0.2·3/5 = 0.12; 5.3.1 goes to full marks by its direct-score item (+0.6)
    expect(result).toMatchObject({
      total: 80.72,
      scaledTotal: 80.72,
      grade: '良好',
      first: { '1': 16.12, '2': 24, '3': 12, '4': 12, '5': 16.6 },
    })
    expect(Object.keys(result).slice(0, 4)).toEqual(['total', 'scaledTotal', 'grade', 'first'])
  })

  it('scales a special evaluation to 100 and records removed items', () => {
    const ratings = { ...ratingsOf(1, '1.'), ...ratingsOf(0.5, '2.') }
    delete ratings['2.6.3.3']
    const { code, stdout } = wangan(
      '--input',
      inputFile({ scope: ['1', '2'], ratings, removed: [{ item: '2.6.3.3', reason: '不适用' }] }),
    )
    expect(code).toBe(0)
    expect(JSON.parse(stdout)).toMatchObject({
      total: 35,
      scaledTotal: 70,
      grade: '合格',
      first: { '1': 20, '2': 15 },
      pointsInScope: 50,
      gapToNextGrade: { grade: '良好', threshold: 75, scaledPoints: 5, points: 2.5 },
      removed: [{ item: '2.6.3.3', reason: '不适用' }],
    })
  })

  it.each([
    [
      'an unrated item in scope',
      { ratings: { '1.1.0.1': 1 } },
      /ratings\["1\.1\.0\.2"\]: unrated item in scope/,
    ],
    [
      'a bad rating',
      { ratings: { ...ratingsOf(1), '3.2.1.1': 0.6 } },
      /ratings\["3\.2\.1\.1"\]: rating must be/,
    ],
    [
      'a removal without reason',
      { ratings: ratingsOf(1), removed: [{ item: '2.6.3.3' }] },
      /removed\[0\]\.reason/,
    ],
    ['an unknown scope', { scope: ['7'], ratings: ratingsOf(1) }, /scope\[0\]: unknown indicator "7"/],
    ['malformed JSON', '{"ratings": {', /is not valid JSON/],
  ])('rejects %s with exit 2 and one line on stderr', (_name, content, message) => {
    const { code, stdout, stderr } = wangan('--input', inputFile(content))
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(message)
    expect(stderr.trimEnd().split('\n')).toHaveLength(1)
  })

  it('names a missing --input or an unreadable file', () => {
    expect(wangan()).toMatchObject({ code: 2, stderr: expect.stringMatching(/missing --input <file>/) })
    expect(wangan('--input', join(dir, 'nope.json'))).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/cannot read .*nope\.json: ENOENT/),
    })
    expect(wangan('--inptu', 'x')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/Unknown option '--inptu'/),
    })
  })
})
