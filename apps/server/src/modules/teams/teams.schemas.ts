import { z } from 'zod'
import { longText, text, ZId, ZPageQuery } from '../../http/schemas'
import { ZEmail, ZMobile, ZUsername } from '../users/users.schemas'

export const ZTestingCompany = z.object({
  id: z.uuid(),
  regionId: z.uuid(),
  name: z.string(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  notes: z.string().nullable(),
  teamCount: z.number().int(),
  version: z.number().int(),
})
export type TTestingCompany = z.infer<typeof ZTestingCompany>

export const ZListTestingCompaniesQuery = z.strictObject({
  ...ZPageQuery,
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
  q: z.string().trim().max(64).optional(),
})
export type TListTestingCompaniesQuery = z.infer<typeof ZListTestingCompaniesQuery>

/** A mobile or fixed-line number as written in 附件3 (spaces and dashes allowed, normalised on save). */
const ZPhone = z.string().trim().max(32)

export const ZCreateTestingCompanyRequest = z.strictObject({
  name: text(100),
  contactName: text(32).nullable().optional(),
  contactPhone: ZPhone.nullable().optional(),
  notes: longText(1000).nullable().optional(),
  /** Defaults to the regulator's own region. */
  regionId: ZId.optional(),
})
export type TCreateTestingCompanyRequest = z.infer<typeof ZCreateTestingCompanyRequest>

export const ZUpdateTestingCompanyRequest = z.strictObject({
  name: text(100).optional(),
  contactName: text(32).nullable().optional(),
  contactPhone: ZPhone.nullable().optional(),
  notes: longText(1000).nullable().optional(),
  version: z.number().int().min(1),
})
export type TUpdateTestingCompanyRequest = z.infer<typeof ZUpdateTestingCompanyRequest>

export const ZTeamRole = z.enum(['team_lead', 'tester'])

export const ZTeamMember = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: ZTeamRole,
  mobile: z.string().nullable(),
  isDisabled: z.boolean(),
})
export type TTeamMember = z.infer<typeof ZTeamMember>

export const ZTeam = z.object({
  id: z.uuid(),
  campaignId: z.uuid(),
  companyId: z.uuid(),
  companyName: z.string(),
  name: z.string(),
  leadUserId: z.uuid().nullable(),
  members: z.array(ZTeamMember),
  /** Campaign targets assigned to the team; empty: it may test every target. */
  campaignTargetIds: z.array(z.uuid()),
  findingCount: z.number().int(),
  version: z.number().int(),
})
export type TTeam = z.infer<typeof ZTeam>

export const ZCreateTeamRequest = z.strictObject({ companyId: ZId, name: text(64) })
export type TCreateTeamRequest = z.infer<typeof ZCreateTeamRequest>

export const ZUpdateTeamRequest = z.strictObject({
  name: text(64).optional(),
  leadUserId: ZId.nullable().optional(),
  version: z.number().int().min(1),
})
export type TUpdateTeamRequest = z.infer<typeof ZUpdateTeamRequest>

export const ZInviteMemberRequest = z.strictObject({
  username: ZUsername,
  displayName: text(64),
  role: ZTeamRole,
  mobile: ZMobile.nullable().optional(),
  email: ZEmail.nullable().optional(),
})
export type TInviteMemberRequest = z.infer<typeof ZInviteMemberRequest>

export const ZInviteMemberResponse = z.object({
  member: ZTeamMember,
  /** Shown once: the member changes it at first login. */
  initialPassword: z.string(),
})

export const ZAssignTargetsRequest = z.strictObject({
  campaignTargetIds: z.array(ZId).max(2000),
  version: z.number().int().min(1),
})

export const ZMemberParams = z.strictObject({ id: ZId, userId: ZId })
