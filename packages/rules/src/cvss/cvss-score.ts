import calculator from 'ae-cvss-calculator'
import { type CvssVersion } from './cvss-metrics'
import { CvssError, parseCvss } from './cvss-parse'
import { severityFromScore, type CvssSeverity } from './cvss-severity'

export type CvssScore = { version: CvssVersion; base: number; severity: CvssSeverity }

export type CvssV4Nomenclature = 'CVSS-B' | 'CVSS-BT' | 'CVSS-BE' | 'CVSS-BTE'

export type CvssScoreDetails = CvssScore & {
  /** The vector in the specification's order without Not Defined metrics. */
  vector: string
  /** v3 only: the temporal score when a temporal metric is defined, else null. */
  temporal: number | null
  /** v3 only: the environmental score when an environmental metric is defined, else null. */
  environmental: number | null
  /** v4 only: which metric groups the single CVSS 4.0 score covers. */
  nomenclature: CvssV4Nomenclature | null
}

const temporalV3 = ['E', 'RL', 'RC']
const threatV4 = ['E']
const environmentalV3 = ['CR', 'IR', 'AR', 'MAV', 'MAC', 'MPR', 'MUI', 'MS', 'MC', 'MI', 'MA']
const environmentalV4 = [
  'CR', 'IR', 'AR', 'MAV', 'MAC', 'MAT', 'MPR', 'MUI', 'MVC', 'MVI', 'MVA', 'MSC', 'MSI', 'MSA',
] // prettier-ignore

function anyDefined(metrics: Readonly<Record<string, string>>, keys: readonly string[]): boolean {
  return keys.some((key) => metrics[key] !== undefined && metrics[key] !== 'X')
}

function finite(value: number | undefined, vector: string): number {
  // The library answers undefined instead of throwing; parseCvss has already refused everything it cannot score.
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new CvssError('malformed_metric', null, `cannot score CVSS vector ${vector}`)
  }
  return value
}

/**
 * Every score a vector carries. For CVSS 4.0, `base` is the single score of the whole vector (CVSS-B, -BT, -BE or
 * -BTE per `nomenclature`), because 4.0 has no separate temporal or environmental score.
 */
export function cvssScoreDetails(vector: string): CvssScoreDetails {
  const parsed = parseCvss(vector)
  const { version, metrics, normalized } = parsed
  if (version === '4.0') {
    const scores = new calculator.Cvss4P0(normalized).calculateScores()
    const base = finite(scores.overall, normalized)
    const threat = anyDefined(metrics, threatV4)
    const environmental = anyDefined(metrics, environmentalV4)
    const nomenclature: CvssV4Nomenclature =
      `CVSS-B${threat ? 'T' : ''}${environmental ? 'E' : ''}` as CvssV4Nomenclature
    return {
      version,
      base,
      severity: severityFromScore(base),
      vector: normalized,
      temporal: null,
      environmental: null,
      nomenclature,
    }
  }
  const instance = version === '3.0' ? new calculator.Cvss3P0(normalized) : new calculator.Cvss3P1(normalized)
  const scores = instance.calculateScores()
  const base = finite(scores.base, normalized)
  return {
    version,
    base,
    severity: severityFromScore(base),
    vector: normalized,
    temporal: anyDefined(metrics, temporalV3) ? finite(scores.temporal, normalized) : null,
    environmental: anyDefined(metrics, environmentalV3) ? finite(scores.environmental, normalized) : null,
    nomenclature: null,
  }
}

/** `{ version, base, severity }` of a CVSS 3.0, 3.1 or 4.0 vector; throws CvssError naming a bad metric. */
export function scoreCvss(vector: string): CvssScore {
  const { version, base, severity } = cvssScoreDetails(vector)
  return { version, base, severity }
}
