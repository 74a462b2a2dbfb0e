// Exact rational arithmetic for scores. Binary floating point cannot represent 0.125 + 0.005 or 55 × (1 − 1/3)
// exactly, and the standards round "half up to two decimals" (所有分数取小数点后两位): a score that is exactly
// 12.345 on paper must become 12.35, never 12.34 because the double happened to be 12.344999…. Every score is
// therefore computed as a fraction of integers and rounded once, exactly.

export type Rational = { readonly n: bigint; readonly d: bigint }

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a
  let y = b < 0n ? -b : b
  while (y !== 0n) [x, y] = [y, x % y]
  return x
}

export function rational(n: bigint, d = 1n): Rational {
  if (d === 0n) throw new RangeError('division by zero')
  const sign = d < 0n ? -1n : 1n
  const divisor = gcd(n, d) || 1n
  return { n: (sign * n) / divisor, d: (sign * d) / divisor }
}

export const zero = rational(0n)
export const one = rational(1n)

/** The exact value of a number's shortest decimal representation (so 0.1 is 1/10, not the double nearest it). */
export function fromNumber(value: number): Rational {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`)
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(value))
  if (!match) throw new RangeError(`cannot read ${value} as a decimal`)
  const [, sign = '', whole = '0', fraction = '', exponentText = '0'] = match
  const exponent = Number(exponentText) - fraction.length
  const digits = BigInt(`${sign}${whole}${fraction}`)
  return exponent >= 0
    ? rational(digits * 10n ** BigInt(exponent))
    : rational(digits, 10n ** BigInt(-exponent))
}

export const add = (a: Rational, b: Rational): Rational => rational(a.n * b.d + b.n * a.d, a.d * b.d)
export const sub = (a: Rational, b: Rational): Rational => rational(a.n * b.d - b.n * a.d, a.d * b.d)
export const mul = (a: Rational, b: Rational): Rational => rational(a.n * b.n, a.d * b.d)
export const div = (a: Rational, b: Rational): Rational => rational(a.n * b.d, a.d * b.n)
export const compare = (a: Rational, b: Rational): number => {
  const difference = a.n * b.d - b.n * a.d
  return difference < 0n ? -1 : difference > 0n ? 1 : 0
}
export const isZero = (a: Rational): boolean => a.n === 0n
export const maxOf = (values: readonly Rational[]): Rational =>
  values.reduce((best, value) => (compare(value, best) > 0 ? value : best), values[0] ?? zero)
export const sum = (values: readonly Rational[]): Rational => values.reduce(add, zero)

/** An approximation for display and explanations only; scores go through roundHalfUp. */
export function toNumber(a: Rational): number {
  // Long division to 20 significant digits, so that huge numerators or denominators do not overflow a double.
  const magnitude = a.n < 0n ? -a.n : a.n
  const shift = Math.max(0, a.d.toString().length - magnitude.toString().length + 20)
  const quotient = (magnitude * 10n ** BigInt(shift)) / a.d
  return Number(`${a.n < 0n ? '-' : ''}${quotient}e-${shift}`)
}

/**
 * Rounds half away from zero (四舍五入) to `places` decimals: 0.125 → 0.13, −0.125 → −0.13, 12.344 → 12.34.
 * Returns the double nearest to the rounded decimal.
 */
export function roundRational(a: Rational, places = 2): number {
  const scale = 10n ** BigInt(places)
  const magnitude = (a.n < 0n ? -a.n : a.n) * scale
  let quotient = magnitude / a.d
  if (2n * (magnitude % a.d) >= a.d) quotient += 1n
  if (quotient === 0n) return 0
  const digits = quotient.toString().padStart(places + 1, '0')
  const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`
  return Number(`${a.n < 0n ? '-' : ''}${text}`)
}

/** Rounds a number as written in decimal, half away from zero: roundHalfUp(0.125) = 0.13, roundHalfUp(1.005) = 1.01. */
export function roundHalfUp(value: number, places = 2): number {
  return roundRational(fromNumber(value), places)
}
