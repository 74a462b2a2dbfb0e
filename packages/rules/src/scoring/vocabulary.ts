// The words of the finding workflow that the scoring standards read (CONTRACTS `score`, SPEC §3).
import { z } from 'zod'

export const findingKinds = [
  'vulnerability',
  'weak_password',
  'intrusion_trace',
  'data_leak',
  'unreported_asset',
] as const
export const ZFindingKind = z.enum(findingKinds)
export type FindingKind = z.infer<typeof ZFindingKind>

export const findingSeverities = ['critical', 'high', 'medium', 'low'] as const
export const ZFindingSeverity = z.enum(findingSeverities)
export type FindingSeverity = z.infer<typeof ZFindingSeverity>

export const findingStatuses = [
  'submitted',
  'verified',
  'notified',
  'rectification_submitted',
  'returned',
  'fixed',
  'rejected',
  'duplicate',
  'withdrawn',
] as const
export const ZFindingStatus = z.enum(findingStatuses)
export type FindingStatus = z.infer<typeof ZFindingStatus>

/** Verified or later and not withdrawn: the findings every standard counts (CONTRACTS `score`). */
export const countedStatuses: readonly FindingStatus[] = [
  'verified',
  'notified',
  'rectification_submitted',
  'returned',
  'fixed',
]
