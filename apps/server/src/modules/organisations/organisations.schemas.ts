import { z } from 'zod'
import { longText, text, ZId, ZPageQuery } from '../../http/schemas'
import {
  ZContactEmail,
  ZContactMobile,
  ZContactPhone,
  ZCreditCode,
  ZOrganisationName,
  ZPersonName,
} from './registry-fields'

export const ORGANISATION_CATEGORIES = [
  'district',
  'party_government',
  'mass_organisation',
  'news_media',
  'state_enterprise',
  'other',
] as const
export const ZOrganisationCategory = z.enum(ORGANISATION_CATEGORIES)

export const CATEGORY_LABELS: Record<(typeof ORGANISATION_CATEGORIES)[number], string> = {
  district: '辖市区',
  party_government: '市级党政机关及其管理单位',
  mass_organisation: '市群团组织',
  news_media: '市主要新闻单位',
  state_enterprise: '市属国有企业',
  other: '其他',
}

export const CONTACT_KINDS = ['liaison', 'leader'] as const
export const ZContactKind = z.enum(CONTACT_KINDS)
export const CONTACT_KIND_LABELS: Record<(typeof CONTACT_KINDS)[number], string> = {
  liaison: '网络安全工作联络员',
  leader: '单位负责人',
}

export const ZContact = z.object({
  id: z.uuid(),
  kind: ZContactKind,
  name: z.string(),
  mobile: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  version: z.number().int(),
})
export type TContact = z.infer<typeof ZContact>

export const ZOrganisation = z.object({
  id: z.uuid(),
  name: z.string(),
  shortName: z.string().nullable(),
  creditCode: z.string().nullable(),
  category: ZOrganisationCategory,
  isIndustryRegulator: z.boolean(),
  parentId: z.uuid().nullable(),
  regionId: z.uuid(),
  status: z.enum(['active', 'inactive']),
  address: z.string().nullable(),
  notes: z.string().nullable(),
  version: z.number().int(),
})
export type TOrganisation = z.infer<typeof ZOrganisation>

export const ZOrganisationDetail = ZOrganisation.extend({
  contacts: z.array(ZContact),
  parentName: z.string().nullable(),
  regionName: z.string().nullable(),
  subordinateCount: z.number().int(),
  assetCount: z.number().int(),
  /** What the caller may do here: the UI shows or hides its buttons by these. */
  canEdit: z.boolean(),
  canEditContacts: z.boolean(),
})
export type TOrganisationDetail = z.infer<typeof ZOrganisationDetail>

export const ZListOrganisationsQuery = z.strictObject({
  ...ZPageQuery,
  q: z.string().trim().max(64).optional(),
  regionId: ZId.optional(),
  category: ZOrganisationCategory.optional(),
  isIndustryRegulator: z.enum(['true', 'false']).optional(),
  parentId: ZId.optional(),
  status: z.enum(['active', 'inactive']).optional(),
})
export type TListOrganisationsQuery = z.infer<typeof ZListOrganisationsQuery>

/** One node of the organisation tree, flat: `parentId` is null for a root of what the caller sees (a unit whose
 * parent is outside their scope), nodes come parents first, children in name order. */
export const ZOrganisationTreeNode = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  depth: z.number().int(),
  name: z.string(),
  shortName: z.string().nullable(),
  category: ZOrganisationCategory,
  status: z.enum(['active', 'inactive']),
  isIndustryRegulator: z.boolean(),
})
export type TOrganisationTreeNode = z.infer<typeof ZOrganisationTreeNode>

export const ZOrganisationTreeQuery = z.strictObject({
  regionId: ZId.optional(),
  status: z.enum(['active', 'inactive']).optional(),
})

const ZContactInput = z.strictObject({
  kind: ZContactKind,
  name: ZPersonName,
  mobile: ZContactMobile.nullable().optional(),
  email: ZContactEmail.nullable().optional(),
  phone: ZContactPhone.nullable().optional(),
})

export const ZCreateOrganisationRequest = z.strictObject({
  name: ZOrganisationName,
  shortName: text(50).nullable().optional(),
  creditCode: ZCreditCode.nullable().optional(),
  category: ZOrganisationCategory,
  isIndustryRegulator: z.boolean().optional(),
  parentId: ZId.nullable().optional(),
  regionId: ZId,
  address: text(200).nullable().optional(),
  notes: longText(2000).nullable().optional(),
  contacts: z.array(ZContactInput).max(10).optional(),
})
export type TCreateOrganisationRequest = z.infer<typeof ZCreateOrganisationRequest>

export const ZUpdateOrganisationRequest = z.strictObject({
  name: ZOrganisationName.optional(),
  shortName: text(50).nullable().optional(),
  creditCode: ZCreditCode.nullable().optional(),
  category: ZOrganisationCategory.optional(),
  isIndustryRegulator: z.boolean().optional(),
  /** Moving under another parent rewrites the subtree's paths; a move under one's own subordinate is refused. */
  parentId: ZId.nullable().optional(),
  regionId: ZId.optional(),
  address: text(200).nullable().optional(),
  notes: longText(2000).nullable().optional(),
  version: z.number().int().min(1),
})
export type TUpdateOrganisationRequest = z.infer<typeof ZUpdateOrganisationRequest>

export const ZVersionRequest = z.strictObject({ version: z.number().int().min(1) })

export const ZCreateContactRequest = ZContactInput
export type TCreateContactRequest = z.infer<typeof ZCreateContactRequest>

export const ZUpdateContactRequest = z.strictObject({
  name: ZPersonName.optional(),
  mobile: ZContactMobile.nullable().optional(),
  email: ZContactEmail.nullable().optional(),
  phone: ZContactPhone.nullable().optional(),
  version: z.number().int().min(1),
})
export type TUpdateContactRequest = z.infer<typeof ZUpdateContactRequest>

export const ZContactParams = z.strictObject({ id: ZId, contactId: ZId })

export const ZHistoryEvent = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorUsername: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  objectType: z.string(),
  objectId: z.string().nullable(),
  summary: z.record(z.string(), z.unknown()),
})
export type THistoryEvent = z.infer<typeof ZHistoryEvent>
export const ZHistoryQuery = z.strictObject({ ...ZPageQuery })

export const ZExportFormat = z.enum(['xlsx', 'csv'])
export const ZExportOrganisationsQuery = ZListOrganisationsQuery.omit({ page: true, pageSize: true }).extend({
  format: ZExportFormat.default('xlsx'),
})
export type TExportOrganisationsQuery = z.infer<typeof ZExportOrganisationsQuery>
