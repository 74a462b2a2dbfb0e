// @wangan/scanners — pure, streaming parsers for vulnerability-scanner reports (no database, no network).
export { parseScan, type ParseScanInput } from './parse-scan'
export { detectFormat, detectTool } from './detect/detect-tool'
export { DEFAULT_MAX_BYTES, type ScanSource } from './input/read-source'
export { ScanParseError, type ScanParseErrorKind } from './scan-parse-error'
export {
  isScanTool,
  SCAN_SEVERITIES,
  SCAN_TOOLS,
  type ScanComponent,
  type ScanEndpoint,
  type ScanFinding,
  type ScanFormat,
  type ScanReport,
  type ScanSeverity,
  type ScanTool,
} from './scan-types'
