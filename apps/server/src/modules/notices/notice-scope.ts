// Who sees which notice (SPEC §2): the regulator's side sees the notices of its region's campaigns and those to
// organisations of its region; an organisation's people see the notices to their organisation and its subordinate
// units, never another's. Anything else is "not found".
import { sql, type SQL } from 'drizzle-orm'
import { ORGANISATION_ROLES } from '../../access/roles'
import type { Actor } from '../../context'
import { campaigns, notices, organisations, regions } from '../../db/schema'
import { CAMPAIGN_REGION_ROLES } from '../campaigns/campaign-scope'

const NOTHING = sql`false`

function likePrefix(path: string): string {
  return `${path.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/** Condition over `notices`. */
export function visibleNoticesCondition(actor: Actor): SQL {
  if (CAMPAIGN_REGION_ROLES.includes(actor.role)) {
    if (!actor.regionPath) return NOTHING
    const subtree = sql`(select ${regions.id} from ${regions} where ${regions.path} like ${likePrefix(actor.regionPath)})`
    return sql`(${notices.campaignId} in (select ${campaigns.id} from ${campaigns} where ${campaigns.regionId} in ${subtree}) or ${notices.organisationId} in (select ${organisations.id} from ${organisations} where ${organisations.regionId} in ${subtree}))`
  }
  if (ORGANISATION_ROLES.includes(actor.role)) {
    if (!actor.organisationPath) return NOTHING
    return sql`${notices.organisationId} in (select ${organisations.id} from ${organisations} where ${organisations.path} like ${likePrefix(actor.organisationPath)})`
  }
  return NOTHING
}
