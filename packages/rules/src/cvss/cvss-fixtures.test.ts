// Every vector of the Red Hat reference lists (../shared/fixtures/cvss) must score exactly as upstream says.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { cvssScoreDetails, scoreCvss } from './cvss-score'
import { severityFromScore } from './cvss-severity'
import { pathToFileURL } from 'node:url'
import { sharedPath } from '../../../../test-support/shared-dir'

const fixtures = pathToFileURL(`${sharedPath('fixtures', 'cvss')}/`)

type V3Line = { vector: string; base: number; temporal: number; environmental: number }
type V4Line = { vector: string; score: number; nomenclature: string; base?: number }

function lines<T>(file: string): T[] {
  return readFileSync(new URL(file, fixtures), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T)
}

const temporalMetric = /\/(E|RL|RC):/
const environmentalMetric = /\/(CR|IR|AR|MAV|MAC|MPR|MUI|MS|MC|MI|MA):/

function checkV3(
  file: string,
  version: '3.0' | '3.1',
): { checked: number; extended: number; mismatches: string[] } {
  const mismatches: string[] = []
  let extended = 0
  const all = lines<V3Line>(file)
  for (const line of all) {
    const details = cvssScoreDetails(line.vector)
    if (details.version !== version) mismatches.push(`${line.vector}: version ${details.version}`)
    if (details.base !== line.base) mismatches.push(`${line.vector}: base ${details.base} ≠ ${line.base}`)
    if (details.severity !== severityFromScore(line.base)) mismatches.push(`${line.vector}: severity`)
    const hasTemporal = temporalMetric.test(line.vector)
    const hasEnvironmental = environmentalMetric.test(line.vector)
    if (hasTemporal || hasEnvironmental) extended++
    // Without temporal metrics the temporal score equals the base score (every modifier is Not Defined = 1).
    const temporal = details.temporal ?? details.base
    if (temporal !== line.temporal) mismatches.push(`${line.vector}: temporal ${temporal} ≠ ${line.temporal}`)
    if (hasEnvironmental && details.environmental !== line.environmental) {
      mismatches.push(`${line.vector}: environmental ${details.environmental} ≠ ${line.environmental}`)
    }
    if (!hasEnvironmental && details.environmental !== null)
      mismatches.push(`${line.vector}: environmental set`)
  }
  return { checked: all.length, extended, mismatches }
}

describe('CVSS reference vectors (RedHatProductSecurity/cvss tests)', () => {
  it('scores all 2,600 CVSS 3.0 vectors exactly, temporal and environmental included', () => {
    const result = checkV3('v30.jsonl', '3.0')
    expect(result.checked).toBe(2600)
    // 6 cvsslib3 + 2 calculator3 lines remain after upstream duplicates were removed.
    expect(result.extended).toBe(8)
    expect(result.mismatches).toEqual([])
  })

  it('scores all 2,592 CVSS 3.1 vectors exactly', () => {
    const result = checkV3('v31.jsonl', '3.1')
    expect(result.checked).toBe(2592)
    expect(result.mismatches).toEqual([])
  })

  it('scores all 1,694 CVSS 4.0 vectors exactly (the single score of the whole vector)', () => {
    const all = lines<V4Line>('v40.jsonl')
    const mismatches: string[] = []
    for (const line of all) {
      const details = cvssScoreDetails(line.vector)
      if (details.base !== line.score) mismatches.push(`${line.vector}: ${details.base} ≠ ${line.score}`)
      if (line.base !== undefined && details.base !== line.base) mismatches.push(`${line.vector}: base`)
      if (details.nomenclature !== line.nomenclature) {
        mismatches.push(`${line.vector}: nomenclature ${details.nomenclature} ≠ ${line.nomenclature}`)
      }
      if (scoreCvss(line.vector).severity !== severityFromScore(line.score))
        mismatches.push(`${line.vector}: severity`)
    }
    expect(all.length).toBe(1694)
    expect(mismatches).toEqual([])
  })

  it('accepts the two non-canonical 3.0 vectors (metric order, explicit RL:X) and scores them as upstream', () => {
    const reordered = lines<V3Line>('v30.jsonl').filter((line) => line.vector.startsWith('CVSS:3.0/S:U/'))
    expect(reordered).toHaveLength(1)
    const [line] = reordered
    expect(line?.vector).toBe('CVSS:3.0/S:U/AV:N/AC:L/PR:H/UI:N/C:L/I:L/A:N/E:F/RL:X')
    expect(cvssScoreDetails(line?.vector ?? '')).toMatchObject({
      base: 3.8,
      temporal: 3.7,
      vector: 'CVSS:3.0/AV:N/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:N/E:F',
    })
  })
})
