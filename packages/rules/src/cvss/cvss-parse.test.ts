import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cvssMetrics } from './cvss-metrics'
import { CvssError, parseCvss, validateCvss } from './cvss-parse'
import { scoreCvss } from './cvss-score'

const critical31 = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'

function errorOf(vector: string): CvssError {
  try {
    parseCvss(vector)
  } catch (error) {
    if (error instanceof CvssError) return error
    throw error
  }
  throw new Error(`expected ${vector} to be refused`)
}

describe('parseCvss', () => {
  it('parses a canonical 3.1 vector', () => {
    const parsed = parseCvss(critical31)
    expect(parsed.version).toBe('3.1')
    expect(parsed.metrics).toEqual({ AV: 'N', AC: 'L', PR: 'N', UI: 'N', S: 'U', C: 'H', I: 'H', A: 'H' })
    expect(parsed.normalized).toBe(critical31)
  })

  it('accepts any metric order and explicit X, normalising to the specification order without X', () => {
    const parsed = parseCvss('CVSS:3.1/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N/E:X/RL:O')
    expect(parsed.normalized).toBe(`${critical31}/RL:O`)
    expect(parsed.metrics.E).toBe('X')
    expect(validateCvss(' CVSS:4.0/SA:N/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N ')).toBe(
      'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
    )
  })

  it.each([
    ['', 'empty', null, /empty CVSS vector/],
    ['CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P', 'bad_prefix', 'CVSS', /unsupported CVSS version 2\.0/],
    ['AV:N/AC:L/Au:N/C:P/I:P/A:P', 'bad_prefix', 'CVSS', /bad prefix "AV:N".*v2/],
    ['cvss:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'bad_prefix', 'CVSS', /bad prefix "cvss:3\.1"/],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:Y', 'unknown_metric', 'ZZ', /unknown metric "ZZ"/],
    ['CVSS:3.1/AV:N/AC:L/AT:N/PR:N/UI:N/S:U/C:H/I:H/A:H', 'unknown_metric', 'AT', /unknown metric "AT"/],
    ['CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'bad_value', 'AV', /bad value "Q" for metric AV/],
    ['CVSS:3.1/AV:n/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'bad_value', 'AV', /bad value "n"/],
    ['CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'bad_value', 'AV', /bad value "X"/],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MS:Z', 'bad_value', 'MS', /Modified Scope/],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H', 'missing_metric', 'A', /missing mandatory metric A /],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/C:H', 'missing_metric', 'S', /metrics S \(Scope\), I .*, A /],
    ['CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'duplicate_metric', 'AV', /duplicate metric AV/],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/', 'malformed_metric', '', /malformed metric ""/],
    ['CVSS:3.1/AV:N/ACL/PR:N/UI:N/S:U/C:H/I:H/A:H', 'malformed_metric', 'ACL', /position 2/],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N', 'missing_metric', 'SA', /SA \(Subsequent/],
    [
      'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:R/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
      'bad_value',
      'UI',
      /expected one of N, P, A/,
    ],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MSC:S', 'bad_value', 'MSC', /MSC/],
  ])('refuses %j naming the bad metric', (vector, code, metric, message) => {
    const error = errorOf(vector)
    expect(error.code).toBe(code)
    expect(error.metric).toBe(metric)
    expect(error.message).toMatch(message)
  })

  it('scores any permutation of a valid vector like the canonical one', () => {
    const v31 = cvssMetrics['3.1']
    const vectorArbitrary = fc
      .tuple(
        ...v31.map((definition) =>
          definition.mandatory
            ? fc.constantFrom(...definition.values).map((value) => `${definition.key}:${value}`)
            : fc.option(fc.constantFrom(...definition.values).map((value) => `${definition.key}:${value}`)),
        ),
      )
      .map((parts) => parts.filter((part): part is string => part !== null))
    fc.assert(
      fc.property(
        vectorArbitrary.chain((parts) =>
          fc.tuple(fc.constant(parts), fc.shuffledSubarray(parts, { minLength: parts.length })),
        ),
        ([canonical, shuffled]) => {
          const expected = scoreCvss(`CVSS:3.1/${canonical.join('/')}`)
          expect(scoreCvss(`CVSS:3.1/${shuffled.join('/')}`)).toEqual(expected)
          const normalized = validateCvss(`CVSS:3.1/${shuffled.join('/')}`)
          expect(validateCvss(normalized)).toBe(normalized)
        },
      ),
      { numRuns: 300 },
    )
  })
})
