// Who may change what in the registry (SPEC §2, issue 3 §6). Visibility comes from access/scope.ts; these decide
// the writes: a regulator manages everything in their region's subtree (an admin everywhere), an organisation's
// liaison edits the contacts, assets and census submission of their organisation and its subordinate units.
import { sql, type SQL } from 'drizzle-orm'
import { isOwnOrganisation, isRegionInScope, visibleOrganisationsCondition } from '../../access/scope'
import type { Actor } from '../../context'
import { organisations, regions } from '../../db/schema'

export type OrganisationPlace = { path: string; regionPath: string }

/** Create, edit, move, deactivate organisations; settle asset conflicts; run census rounds. */
export function canManageOrganisation(actor: Actor, org: Pick<OrganisationPlace, 'regionPath'>): boolean {
  if (actor.role === 'admin') return true
  return actor.role === 'regulator' && isRegionInScope(actor, org.regionPath)
}

/** Contacts, assets and the census submission. */
export function canEditRegistryOf(actor: Actor, org: OrganisationPlace): boolean {
  if (canManageOrganisation(actor, org)) return true
  return actor.role === 'org_liaison' && isOwnOrganisation(actor, org.path)
}

/** Subquery of the ids of the organisations the actor may see. */
export function visibleOrganisationIds(actor: Actor): SQL {
  return sql`(select ${organisations.id} from ${organisations} where ${visibleOrganisationsCondition(actor)})`
}

/** The path of an organisation's region, joined in the queries that need to decide on writes. */
export const organisationRegionPath = sql<string>`(select ${regions.path} from ${regions} where ${regions.id} = ${organisations.regionId})`

export function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}
