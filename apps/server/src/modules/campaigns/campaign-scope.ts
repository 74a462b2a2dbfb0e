// Who sees which campaign and which finding (SPEC §2). Conditions over the tables, combined with each query, so that
// an object outside the caller's scope is simply not found (404, the same as a missing one).
import { sql, type SQL } from 'drizzle-orm'
import { ORGANISATION_ROLES, TEAM_ROLES, type Role } from '../../access/roles'
import type { Actor } from '../../context'
import { campaigns, campaignTargets, findings, organisations, regions, teams } from '../../db/schema'

const NOTHING = sql`false`

/** The regulator's technical side: they see every campaign of their region's subtree and its findings. */
export const CAMPAIGN_REGION_ROLES: readonly Role[] = ['regulator', 'reviewer', 'retester']

/** Finding states an organisation sees: from the notice on (never unverified, rejected or duplicate ones). */
export const ORGANISATION_VISIBLE_STATUSES = [
  'notified',
  'rectification_submitted',
  'returned',
  'fixed',
] as const

function likePrefix(path: string): string {
  return `${path.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

function regionSubtree(actor: Actor): SQL {
  return sql`(select ${regions.id} from ${regions} where ${regions.path} like ${likePrefix(actor.regionPath!)})`
}

function ownOrganisations(actor: Actor): SQL {
  return sql`(select ${organisations.id} from ${organisations} where ${organisations.path} like ${likePrefix(actor.organisationPath!)})`
}

/** Condition over `campaigns`. */
export function visibleCampaignsCondition(actor: Actor): SQL {
  if (CAMPAIGN_REGION_ROLES.includes(actor.role)) {
    if (!actor.regionPath) return NOTHING
    return sql`${campaigns.regionId} in ${regionSubtree(actor)}`
  }
  if (TEAM_ROLES.includes(actor.role)) {
    if (!actor.teamId) return NOTHING
    return sql`${campaigns.id} = (select ${teams.campaignId} from ${teams} where ${teams.id} = ${actor.teamId})`
  }
  if (ORGANISATION_ROLES.includes(actor.role)) {
    if (!actor.organisationPath) return NOTHING
    return sql`exists (select 1 from ${campaignTargets} where ${campaignTargets.campaignId} = ${campaigns.id} and ${campaignTargets.organisationId} in ${ownOrganisations(actor)})`
  }
  return NOTHING
}

/**
 * Condition over `findings`. The regulator's side sees the findings of its campaigns and those on organisations of
 * its region (a provincial check's findings on a city's units); a team only its own; an organisation only its own
 * (and its subordinate units') from the notice on.
 */
export function visibleFindingsCondition(actor: Actor): SQL {
  if (CAMPAIGN_REGION_ROLES.includes(actor.role)) {
    if (!actor.regionPath) return NOTHING
    return sql`(${findings.campaignId} in (select ${campaigns.id} from ${campaigns} where ${campaigns.regionId} in ${regionSubtree(actor)}) or ${findings.organisationId} in (select ${organisations.id} from ${organisations} where ${organisations.regionId} in ${regionSubtree(actor)}))`
  }
  if (TEAM_ROLES.includes(actor.role)) {
    if (!actor.teamId) return NOTHING
    return sql`${findings.teamId} = ${actor.teamId}`
  }
  if (ORGANISATION_ROLES.includes(actor.role)) {
    if (!actor.organisationPath) return NOTHING
    const states = sql.join(
      ORGANISATION_VISIBLE_STATUSES.map((s) => sql`${s}`),
      sql`, `,
    )
    return sql`(${findings.organisationId} in ${ownOrganisations(actor)} and (${findings.status} in (${states}) or (${findings.status} = 'withdrawn' and ${findings.notifiedAt} is not null)))`
  }
  return NOTHING
}

/** May the actor run (manage, review) what belongs to a campaign of the region with this path? */
export function isCampaignRegionInScope(actor: Actor, campaignRegionPath: string): boolean {
  return (
    CAMPAIGN_REGION_ROLES.includes(actor.role) &&
    !!actor.regionPath &&
    campaignRegionPath.startsWith(actor.regionPath)
  )
}
