// Object-level visibility (SPEC §2): a regulator sees their region's subtree, an organisation's people see their
// organisation and its subordinate units, a team sees its own work. Services combine these conditions with their
// queries, so an object outside the caller's scope is simply not found (404, the same as a missing one).
import { sql, type SQL } from 'drizzle-orm'
import type { Actor } from '../context'
import { organisations, regions } from '../db/schema'
import { AppError } from '../http/errors'
import { ORGANISATION_ROLES, REGION_ROLES } from './roles'

const NOTHING = sql`false`

/** Escapes LIKE wildcards in a materialised path (ids are UUIDs, but never trust that). */
function prefixPattern(path: string): string {
  return `${path.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/** Regions the actor may see: admin all (to manage them); the regulator side its subtree; others their own region. */
export function visibleRegionsCondition(actor: Actor): SQL {
  if (actor.role === 'admin' || actor.role === 'auditor') return sql`true`
  if (!actor.regionPath) return NOTHING
  return sql`${regions.path} like ${prefixPattern(actor.regionPath)}`
}

/** Condition over the `organisations` table: which organisations the actor may see. */
export function visibleOrganisationsCondition(actor: Actor): SQL {
  if (actor.role === 'admin') return sql`true`
  if (REGION_ROLES.includes(actor.role)) {
    if (!actor.regionPath) return NOTHING
    return sql`${organisations.regionId} in (select ${regions.id} from ${regions} where ${regions.path} like ${prefixPattern(actor.regionPath)})`
  }
  if (ORGANISATION_ROLES.includes(actor.role)) {
    if (!actor.organisationPath) return NOTHING
    return sql`${organisations.path} like ${prefixPattern(actor.organisationPath)}`
  }
  return NOTHING
}

/** Is the region with this path inside the actor's region subtree? */
export function isRegionInScope(actor: Actor, regionPath: string): boolean {
  if (actor.role === 'admin') return true
  return !!actor.regionPath && regionPath.startsWith(actor.regionPath)
}

/** Is the organisation with this path the actor's own or one of its subordinate units? */
export function isOwnOrganisation(actor: Actor, organisationPath: string): boolean {
  return !!actor.organisationPath && organisationPath.startsWith(actor.organisationPath)
}

export function requireRegion(actor: Actor): string {
  if (!actor.regionPath || !actor.regionId)
    throw new AppError('FORBIDDEN', '您的账户未关联行政区划 (your account has no region)')
  return actor.regionPath
}
