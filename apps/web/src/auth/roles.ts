// The roles of SPEC §2 as the web app needs them. The server owns the truth (apps/server/src/access/roles.ts); this
// list is checked against the SDK's role type, so a role added on the server fails the web typecheck until added here.
import type { Role } from '../api/types'

export type { Role }

export const ROLES = [
  'admin',
  'regulator',
  'reviewer',
  'retester',
  'team_lead',
  'tester',
  'org_liaison',
  'org_leader',
  'police',
  'expert',
  'auditor',
] as const satisfies readonly Role[]

type MissingRoles = Exclude<Role, (typeof ROLES)[number]>
const everyRoleListed: [MissingRoles] extends [never] ? true : MissingRoles = true
void everyRoleListed

/** The regulator's side: they belong to a region and see its subtree. */
export const REGION_ROLES: readonly Role[] = ['regulator', 'reviewer', 'retester', 'police', 'expert']
/** Users of an organisation (单位), who see only it and its subordinate units. */
export const ORGANISATION_ROLES: readonly Role[] = ['org_liaison', 'org_leader']
/** Members of a testing team (检测队). */
export const TEAM_ROLES: readonly Role[] = ['team_lead', 'tester']

export const isRegionRole = (role: Role) => REGION_ROLES.includes(role)
export const isOrganisationRole = (role: Role) => ORGANISATION_ROLES.includes(role)
