import { z } from 'zod'
import { ZId, ZPageQuery } from '../../http/schemas'

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

export const ZContact = z.object({
  id: z.uuid(),
  kind: z.enum(['liaison', 'leader']),
  name: z.string(),
  mobile: z.string().nullable(),
  email: z.string().nullable(),
})

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

export const ZOrganisationDetail = ZOrganisation.extend({ contacts: z.array(ZContact) })
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
