import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  add,
  compare,
  div,
  fromNumber,
  mul,
  rational,
  roundHalfUp,
  roundRational,
  sub,
  toNumber,
} from './rational'

describe('roundHalfUp', () => {
  it.each([
    [0.125, 0.13],
    [0.135, 0.14],
    [1.005, 1.01],
    [2.675, 2.68],
    [12.345, 12.35],
    [12.344, 12.34],
    [-0.125, -0.13],
    [-0.124, -0.12],
    [0.004, 0],
    [0.005, 0.01],
    [88, 88],
    [1e-7, 0],
    [123456.785, 123456.79],
  ])('%d → %d', (value, expected) => {
    expect(roundHalfUp(value)).toBe(expected)
  })

  it('never returns negative zero', () => {
    expect(Object.is(roundHalfUp(-0.001), 0)).toBe(true)
  })

  it('rounds exact fractions: 55 × (1 − 1/3) = 36.666… → 36.67, 50 × 7/8 = 43.75', () => {
    expect(roundRational(mul(rational(55n), sub(rational(1n), rational(1n, 3n))))).toBe(36.67)
    expect(roundRational(mul(rational(50n), rational(7n, 8n)))).toBe(43.75)
    expect(roundRational(rational(1n, 8n))).toBe(0.13)
    expect(roundRational(rational(5n, 3n), 0)).toBe(2)
  })

  it('agrees with decimal arithmetic on two-decimal sums', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -100_000, max: 100_000 }), { maxLength: 8 }), (cents) => {
        const exact = cents.reduce((total, value) => add(total, rational(BigInt(value), 100n)), rational(0n))
        expect(roundRational(exact)).toBe(cents.reduce((a, b) => a + b, 0) / 100)
      }),
    )
  })
})

describe('fromNumber', () => {
  it('reads the shortest decimal form exactly', () => {
    expect(fromNumber(0.1)).toEqual(rational(1n, 10n))
    expect(fromNumber(9.8)).toEqual(rational(49n, 5n))
    expect(fromNumber(-2.5)).toEqual(rational(-5n, 2n))
    expect(fromNumber(1e21)).toEqual(rational(10n ** 21n))
    expect(fromNumber(1.5e-7)).toEqual(rational(15n, 10n ** 8n))
  })

  it('refuses non-finite numbers', () => {
    expect(() => fromNumber(Number.NaN)).toThrow(RangeError)
    expect(() => fromNumber(Number.POSITIVE_INFINITY)).toThrow(RangeError)
  })

  it('round-trips through toNumber', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), (value) => {
        expect(toNumber(fromNumber(value))).toBe(value === 0 ? 0 : value)
      }),
    )
  })
})

describe('arithmetic', () => {
  it('keeps fractions exact', () => {
    expect(add(fromNumber(0.1), fromNumber(0.2))).toEqual(fromNumber(0.3))
    expect(div(rational(80n), rational(3n))).toEqual(rational(80n, 3n))
    expect(compare(rational(80n, 3n), rational(160n, 6n))).toBe(0)
    expect(compare(rational(1n, 3n), rational(1n, 2n))).toBe(-1)
    expect(() => rational(1n, 0n)).toThrow(RangeError)
  })
})
