import { z } from 'zod'
import { longText, text, ZId, ZIsoDateTime, ZPageQuery } from '../../http/schemas'
import { ZAssetType } from '../assets/assets.schemas'
import { ZOrganisationCategory } from '../organisations/organisations.schemas'

export const ZCensusRound = z.object({
  id: z.uuid(),
  name: z.string(),
  regionId: z.uuid(),
  regionName: z.string(),
  /** Set when the round belongs to a campaign (专项行动); no foreign key, the campaigns module owns that table. */
  campaignId: z.uuid().nullable(),
  deadline: z.string(),
  status: z.enum(['open', 'closed']),
  notes: z.string().nullable(),
  closedAt: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int(),
  summary: z.object({
    participants: z.number().int(),
    submitted: z.number().int(),
    pending: z.number().int(),
    late: z.number().int(),
  }),
  canManage: z.boolean(),
})
export type TCensusRound = z.infer<typeof ZCensusRound>

export const ZListCensusRoundsQuery = z.strictObject({
  ...ZPageQuery,
  status: z.enum(['open', 'closed']).optional(),
  campaignId: ZId.optional(),
})

export const ZCreateCensusRoundRequest = z.strictObject({
  name: text(100),
  /** The region whose organisations take part; defaults to the regulator's own region. */
  regionId: ZId.optional(),
  deadline: ZIsoDateTime,
  /** Explicit participants; by default every active top-level organisation of the region's subtree. */
  organisationIds: z.array(ZId).max(10_000).optional(),
  campaignId: ZId.nullable().optional(),
  notes: longText(2000).nullable().optional(),
})
export type TCreateCensusRoundRequest = z.infer<typeof ZCreateCensusRoundRequest>

export const ZUpdateCensusRoundRequest = z.strictObject({
  name: text(100).optional(),
  deadline: ZIsoDateTime.optional(),
  notes: longText(2000).nullable().optional(),
  version: z.number().int().min(1),
})
export type TUpdateCensusRoundRequest = z.infer<typeof ZUpdateCensusRoundRequest>

export const ZCensusParticipant = z.object({
  organisationId: z.uuid(),
  organisationName: z.string(),
  category: ZOrganisationCategory,
  status: z.enum(['pending', 'submitted']),
  submittedAt: z.string().nullable(),
  submittedByName: z.string().nullable(),
  /** Submitted after the deadline. */
  isLate: z.boolean(),
  submissions: z.number().int(),
  /** Assets in the submitted snapshot. */
  submittedAssetCount: z.number().int().nullable(),
  /** Active assets of the organisation and its subordinate units now. */
  currentAssetCount: z.number().int(),
  statement: z.string().nullable(),
  liaison: z.object({ name: z.string(), mobile: z.string().nullable() }).nullable(),
  version: z.number().int(),
  canSubmit: z.boolean(),
})
export type TCensusParticipant = z.infer<typeof ZCensusParticipant>

export const ZParticipantsQuery = z.strictObject({
  ...ZPageQuery,
  status: z.enum(['pending', 'submitted']).optional(),
  late: z.enum(['true', 'false']).optional(),
})

export const ZParticipantParams = z.strictObject({ id: ZId, organisationId: ZId })

export const ZSubmitCensusRequest = z.strictObject({
  /** The liaison confirms that the list is complete (本单位及直属单位的全部互联网资产). */
  confirm: z.literal(true, { error: '须确认资产清单完整 (confirm that the list is complete)' }),
  statement: longText(2000).nullable().optional(),
  version: z.number().int().min(1),
})

export const ZSnapshotAsset = z.object({
  assetId: z.uuid(),
  ownerOrganisationId: z.uuid(),
  type: ZAssetType,
  identifier: z.string(),
  canonical: z.string(),
  path: z.string().nullable(),
  ports: z.array(z.number().int()).nullable(),
  name: z.string().nullable(),
})
export type TSnapshotAsset = z.infer<typeof ZSnapshotAsset>
