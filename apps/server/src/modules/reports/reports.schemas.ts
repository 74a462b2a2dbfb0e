import { z } from 'zod'
import { text } from '../../http/schemas'
import { ZOrganisationCategory } from '../organisations/organisations.schemas'
import { ZFormKind } from '../forms/forms.schemas'

const severityCounts = {
  critical: z.number().int(),
  high: z.number().int(),
  medium: z.number().int(),
  low: z.number().int(),
}

export const ZCampaignDashboard = z.object({
  campaign: z.object({
    id: z.uuid(),
    name: z.string(),
    year: z.number().int(),
    regionName: z.string(),
    status: z.string(),
    testingStartsAt: z.string(),
    testingEndsAt: z.string(),
    targetCount: z.number().int(),
    teamCount: z.number().int(),
    unitStandardId: z.string(),
  }),
  computedAt: z.string(),
  daily: z.array(z.object({ day: z.string(), ...severityCounts })),
  byKind: z.array(z.object({ kind: z.string(), ...severityCounts, total: z.number().int() })),
  funnel: z.object({
    submitted: z.number().int(),
    verified: z.number().int(),
    notified: z.number().int(),
    rectificationSubmitted: z.number().int(),
    fixed: z.number().int(),
    rejected: z.number().int(),
    duplicate: z.number().int(),
    withdrawn: z.number().int(),
  }),
  rectification: z.object({
    notified: z.number().int(),
    fixed: z.number().int(),
    rate: z.number().nullable(),
    within24h: z.number().int(),
    within48h: z.number().int(),
    within72h: z.number().int(),
    later: z.number().int(),
    open: z.number().int(),
    meanHours: z.number().nullable(),
    medianHours: z.number().nullable(),
    notFixedRetests: z.number().int(),
  }),
  scoreDistribution: z.array(z.object({ band: z.string(), count: z.number().int() })),
  /** The best and the last organisations (at most 15 each). */
  top: z.array(
    z.object({
      organisationId: z.uuid(),
      name: z.string(),
      category: ZOrganisationCategory,
      rank: z.number(),
      total: z.number(),
    }),
  ),
  bottom: z.array(
    z.object({
      organisationId: z.uuid(),
      name: z.string(),
      category: ZOrganisationCategory,
      rank: z.number(),
      total: z.number(),
    }),
  ),
  categories: z.array(
    z.object({
      category: ZOrganisationCategory,
      label: z.string(),
      organisations: z.number().int(),
      mean: z.number(),
      best: z.number(),
      worst: z.number(),
    }),
  ),
  teams: z.array(
    z.object({
      teamId: z.uuid(),
      name: z.string(),
      companyName: z.string(),
      rank: z.number(),
      total: z.number(),
    }),
  ),
  forms: z.array(
    z.object({
      kind: ZFormKind,
      expected: z.number().int(),
      submitted: z.number().int(),
      late: z.number().int(),
    }),
  ),
})
export type TCampaignDashboard = z.infer<typeof ZCampaignDashboard>

export const ZDocumentQuery = z.strictObject({
  /** 发文字号 of the document, e.g. 常网办通〔2022〕15号 (default: left for the office to fill in). */
  documentNumber: text(60).optional(),
})
