import type { OrganisationCategory } from '../../api/types'

/** The categories of seed 001 附件1, in the order the notice lists them. Labels: `organisations:category.<key>`. */
export const ORGANISATION_CATEGORIES = [
  'district',
  'party_government',
  'mass_organisation',
  'news_media',
  'state_enterprise',
  'other',
] as const satisfies readonly OrganisationCategory[]
