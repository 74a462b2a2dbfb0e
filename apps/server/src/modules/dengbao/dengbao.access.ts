// Who sees and does what in classified protection (SPEC §2): the police (等保办) and the regulator see the systems of
// their region subtree, an organisation's liaison and leader those of their organisation and its subordinate units;
// experts see only the reviews they are assigned (through their own queries), nobody else sees any of it.
import { sql, type SQL } from 'drizzle-orm'
import type { Role } from '../../access/roles'
import { visibleOrganisationsCondition } from '../../access/scope'
import type { Actor } from '../../context'

export const DENGBAO_READERS: readonly Role[] = ['police', 'regulator', 'org_liaison', 'org_leader']

/** Condition over the `organisations` table joined to a system: whose systems the actor may see. */
export function visibleSystemsCondition(actor: Actor): SQL {
  if (!DENGBAO_READERS.includes(actor.role)) return sql`false`
  return visibleOrganisationsCondition(actor)
}

export type TSystemOwner = {
  organisationId: string
  organisationPath: string
  organisationRegionId: string
}

/** May the actor register and edit systems of this organisation (liaison of it, or police of its region)? The caller
 * has already checked that the organisation is visible. */
export function canMaintainSystems(actor: Actor): boolean {
  return actor.role === 'org_liaison' || actor.role === 'police'
}

/**
 * 主管部门审核: the region's regulator (网信办) approves; so does the leader of an organisation flagged as industry
 * regulator (行业主管监管部门) when that organisation is above the system's organisation in the hierarchy — never the
 * organisation approving itself.
 */
export function canApproveAs(
  actor: Actor,
  owner: TSystemOwner,
  actorOrganisation: { id: string; isIndustryRegulator: boolean } | null,
): boolean {
  if (actor.role === 'regulator') return true
  if (actor.role !== 'org_leader' || !actorOrganisation?.isIndustryRegulator || !actor.organisationPath)
    return false
  return (
    owner.organisationId !== actorOrganisation.id && owner.organisationPath.startsWith(actor.organisationPath)
  )
}
