import type { ScanSeverity } from '../scan-types'

/** DefectDojo's severity names (Critical, High, Medium, Low, Info) to ours; anything else is null. */
export function fromDojoName(name: string | null | undefined): ScanSeverity | null {
  switch ((name ?? '').trim().toLowerCase()) {
    case 'critical':
      return 'critical'
    case 'high':
      return 'high'
    case 'medium':
      return 'medium'
    case 'low':
      return 'low'
    case 'info':
    case 'informational':
    case 'information':
      return 'info'
    default:
      return null
  }
}

/** The NVD bands DefectDojo uses for nmap/vulners and OpenVAS scores: 0 info, <4 low, <7 medium, <9 high. */
export function fromCvssBands(score: number): ScanSeverity {
  if (score === 0) return 'info'
  if (score < 4) return 'low'
  if (score < 7) return 'medium'
  if (score < 9) return 'high'
  return 'critical'
}
