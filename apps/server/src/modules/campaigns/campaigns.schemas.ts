import { z } from 'zod'
import { longText, text, ZId, ZIsoDateTime, ZPageQuery } from '../../http/schemas'
import { PHASE_KINDS } from './campaign-templates'

export const ZCampaignStatus = z.enum(['draft', 'active', 'closed'])
export const ZPhaseKind = z.enum(PHASE_KINDS)
export const ZPhaseState = z.enum(['upcoming', 'open', 'closed'])

const ZStandardParams = z
  .record(z.string().max(64), z.union([z.number(), z.string().max(64)]))
  .refine((v) => Object.keys(v).length <= 32, { error: '参数过多 (too many parameters)' })

export const ZCampaignPhase = z.object({
  id: z.uuid(),
  kind: ZPhaseKind,
  ordinal: z.number().int(),
  name: z.string(),
  startsAt: z.string().nullable(),
  endsAt: z.string(),
  notes: z.string().nullable(),
  state: ZPhaseState,
  version: z.number().int(),
})
export type TCampaignPhase = z.infer<typeof ZCampaignPhase>

export const ZCampaign = z.object({
  id: z.uuid(),
  name: z.string(),
  year: z.number().int(),
  regionId: z.uuid(),
  regionName: z.string(),
  status: ZCampaignStatus,
  template: z.string(),
  description: z.string().nullable(),
  unitStandardId: z.string(),
  unitStandardParams: z.record(z.string(), z.union([z.number(), z.string()])),
  teamStandardId: z.string(),
  teamStandardParams: z.record(z.string(), z.union([z.number(), z.string()])),
  testingStartsAt: z.string(),
  testingEndsAt: z.string(),
  /** Is the testing window open now (and the campaign active)? */
  isTestingOpen: z.boolean(),
  targetCount: z.number().int(),
  teamCount: z.number().int(),
  activatedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int(),
})
export type TCampaign = z.infer<typeof ZCampaign>

export const ZCampaignDetail = ZCampaign.extend({
  phases: z.array(ZCampaignPhase),
  /** The caller's own team in this campaign (testers and team leads). */
  myTeamId: z.uuid().nullable(),
  canManage: z.boolean(),
  canSubmit: z.boolean(),
})
export type TCampaignDetail = z.infer<typeof ZCampaignDetail>

export const ZListCampaignsQuery = z.strictObject({
  ...ZPageQuery,
  q: z.string().trim().max(64).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  status: ZCampaignStatus.optional(),
})
export type TListCampaignsQuery = z.infer<typeof ZListCampaignsQuery>

export const ZCreateCampaignRequest = z
  .strictObject({
    name: text(100),
    year: z.number().int().min(2000).max(2100),
    /** Defaults to the regulator's own region. */
    regionId: ZId.optional(),
    template: z.string().max(64),
    description: longText(2000).nullable().optional(),
    testingStartsAt: ZIsoDateTime.optional(),
    testingEndsAt: ZIsoDateTime.optional(),
    /** Default: the template's standards. */
    unitStandardId: z.string().max(64).optional(),
    unitStandardParams: ZStandardParams.optional(),
    teamStandardId: z.string().max(64).optional(),
    teamStandardParams: ZStandardParams.optional(),
  })
  .refine((v) => (v.testingStartsAt === undefined) === (v.testingEndsAt === undefined), {
    error: '须同时给出检测开始和结束时间 (give both ends of the testing window)',
    path: ['testingEndsAt'],
  })
export type TCreateCampaignRequest = z.infer<typeof ZCreateCampaignRequest>

export const ZUpdateCampaignRequest = z.strictObject({
  name: text(100).optional(),
  description: longText(2000).nullable().optional(),
  unitStandardId: z.string().max(64).optional(),
  unitStandardParams: ZStandardParams.optional(),
  teamStandardId: z.string().max(64).optional(),
  teamStandardParams: ZStandardParams.optional(),
  version: z.number().int().min(1),
})
export type TUpdateCampaignRequest = z.infer<typeof ZUpdateCampaignRequest>

export const ZVersionRequest = z.strictObject({ version: z.number().int().min(1) })

export const ZUpdatePhaseRequest = z.strictObject({
  name: text(50).optional(),
  startsAt: ZIsoDateTime.nullable().optional(),
  endsAt: ZIsoDateTime.optional(),
  notes: longText(500).nullable().optional(),
  version: z.number().int().min(1),
})
export type TUpdatePhaseRequest = z.infer<typeof ZUpdatePhaseRequest>

export const ZPhaseParams = z.strictObject({ id: ZId, phaseId: ZId })
export const ZTargetParams = z.strictObject({ id: ZId, targetId: ZId })

export const ZCampaignTarget = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  organisationName: z.string(),
  organisationCategory: z.string(),
  creditCode: z.string().nullable(),
  isIndustryRegulator: z.boolean(),
  /** Teams the target is assigned to (empty: every team of the campaign may test it). */
  teamIds: z.array(z.uuid()),
  findingCount: z.number().int(),
})
export type TCampaignTarget = z.infer<typeof ZCampaignTarget>

export const ZAddTargetsRequest = z.strictObject({
  organisationIds: z.array(ZId).min(1).max(2000),
})
export const ZAddTargetsResponse = z.object({ added: z.number().int(), alreadyTargets: z.number().int() })

export const ZCampaignTemplate = z.object({
  id: z.string(),
  name: z.string(),
  source: z.string(),
  unitStandardId: z.string(),
  teamStandardId: z.string(),
  phases: z.array(
    z.object({ kind: ZPhaseKind, name: z.string(), startsAt: z.string().nullable(), endsAt: z.string() }),
  ),
})
export const ZTemplatesQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
})

export const ZBoardPhase = z.object({
  kind: ZPhaseKind,
  name: z.string(),
  startsAt: z.string().nullable(),
  endsAt: z.string(),
  state: ZPhaseState,
  /** Figures of the phase: what is done and what is outstanding. */
  figures: z.array(z.object({ key: z.string(), label: z.string(), value: z.number() })),
})
export const ZCampaignBoard = z.object({
  campaignId: z.uuid(),
  now: z.string(),
  phases: z.array(ZBoardPhase),
  findingsByStatus: z.record(z.string(), z.number().int()),
})
export type TCampaignBoard = z.infer<typeof ZCampaignBoard>
