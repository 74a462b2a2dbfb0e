export { cvssMetrics, cvssVersions, type CvssMetricDefinition, type CvssVersion } from './cvss-metrics'
export { CvssError, parseCvss, validateCvss, type CvssErrorCode, type ParsedCvss } from './cvss-parse'
export {
  cvssScoreDetails,
  scoreCvss,
  type CvssScore,
  type CvssScoreDetails,
  type CvssV4Nomenclature,
} from './cvss-score'
export {
  gbt30279Grade,
  gbt30279Grades,
  severityFromGbt30279Grade,
  severityFromScore,
  type CvssSeverity,
  type FindingSeverity,
  type Gbt30279Grade,
} from './cvss-severity'
