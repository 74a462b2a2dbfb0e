/**
 * Rounds half away from zero to `digits` decimals. Binary floating point stores 1.005 as 1.00499…, so the value is
 * first cut to 12 significant digits, which removes that noise without touching any figure a rule can produce.
 */
export function roundHalfUp(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return value
  const factor = 10 ** digits
  const scaled = Number((Math.abs(value) * factor).toPrecision(12))
  const rounded = Math.round(scaled) / factor
  return value < 0 && rounded !== 0 ? -rounded : rounded
}
