import { SCAN_TOOLS } from '@wangan/scanners'
import { z } from 'zod'
import { ZId, ZPageQuery } from '../../http/schemas'

export const ZScanTool = z.enum(SCAN_TOOLS)

export const ZScanImport = z.object({
  id: z.uuid(),
  campaignId: z.uuid(),
  teamId: z.uuid(),
  fileId: z.uuid().nullable(),
  fileName: z.string(),
  tool: z.string(),
  format: z.string(),
  /** Findings in the report after the tool's merge rule (DefectDojo's counts). */
  findingCount: z.number().int(),
  /** Drafts: one per finding and organisation its endpoints belong to (and one for unmatched endpoints). */
  draftCount: z.number().int(),
  unmatchedDraftCount: z.number().int(),
  pendingCount: z.number().int(),
  submittedCount: z.number().int(),
  discardedCount: z.number().int(),
  createdAt: z.string(),
  durationMs: z.number().int(),
  /** Drafts per organisation (null: endpoints that matched no asset). */
  organisations: z.array(
    z.object({
      organisationId: z.uuid().nullable(),
      organisationName: z.string().nullable(),
      drafts: z.number().int(),
    }),
  ),
})
export type TScanImport = z.infer<typeof ZScanImport>

export const ZDraftEndpoint = z.object({
  protocol: z.string().nullable(),
  host: z.string(),
  port: z.number().int().nullable(),
  path: z.string().nullable(),
  assetId: z.uuid().nullable(),
})

export const ZFindingDraft = z.object({
  id: z.uuid(),
  importId: z.uuid(),
  ordinal: z.number().int(),
  organisationId: z.uuid().nullable(),
  organisationName: z.string().nullable(),
  assetId: z.uuid().nullable(),
  target: z.string(),
  title: z.string(),
  severity: z.string(),
  cve: z.array(z.string()),
  cwe: z.number().int().nullable(),
  cvssVector: z.string().nullable(),
  description: z.string(),
  solution: z.string(),
  toolId: z.string().nullable(),
  endpoints: z.array(ZDraftEndpoint),
  status: z.enum(['pending', 'submitted', 'discarded']),
  findingId: z.uuid().nullable(),
})
export type TFindingDraft = z.infer<typeof ZFindingDraft>

export const ZListDraftsQuery = z.strictObject({
  ...ZPageQuery,
  status: z.enum(['pending', 'submitted', 'discarded']).optional(),
  organisationId: ZId.optional(),
  unmatched: z.enum(['true']).optional(),
  /** Comma-separated scanner severities: `critical,high`. */
  severity: z
    .string()
    .max(60)
    .transform((v) => v.split(',').filter(Boolean))
    .pipe(z.array(z.enum(['critical', 'high', 'medium', 'low', 'info'])).max(5))
    .optional(),
})
export type TListDraftsQuery = z.infer<typeof ZListDraftsQuery>

export const ZDraftPage = z.object({
  items: z.array(ZFindingDraft),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
})

export const ZDraftIdsRequest = z.strictObject({ draftIds: z.array(ZId).min(1).max(500) })

export const ZSubmitDraftsResponse = z.object({
  submitted: z.array(z.object({ draftId: z.uuid(), findingId: z.uuid() })),
  skipped: z.array(z.object({ draftId: z.uuid(), reason: z.string() })),
})

export const ZImportUploadQuery = z.strictObject({ tool: ZScanTool.optional() })
export const ZDraftParams = z.strictObject({ id: ZId, draftId: ZId })
