// Builders for the scoring tests: snapshots written the way a person writes them by hand.
import { type TTeamSnapshotInput, type TUnitSnapshotInput } from './snapshot'

type UnitFindingInput = TUnitSnapshotInput['findings'] extends (infer F)[] | undefined ? F : never
type TeamInput = TTeamSnapshotInput['teams'][number]
type TeamFindingInput = TTeamSnapshotInput['findings'] extends (infer F)[] | undefined ? F : never
type OrganisationInput = TUnitSnapshotInput['organisations'][number]

/** The notification time most examples use: 2022-05-16 10:00 Beijing time. */
export const notified = '2022-05-16T10:00:00+08:00'

/** `notified` plus some hours and seconds, written with the +08:00 offset. */
export function after(hours: number, seconds = 0): string {
  const ms = Date.parse(notified) + hours * 3_600_000 + seconds * 1000 + 8 * 3_600_000
  return new Date(ms).toISOString().replace(/\.000Z$/, '+08:00')
}

export function org(id: string, assets: number, extra: Partial<OrganisationInput> = {}): OrganisationInput {
  return { id, assets, ...extra }
}

let sequence = 0

/** A counted (verified) finding unless `extra.status` says otherwise. */
export function finding(
  organisation: string,
  kind: UnitFindingInput['kind'],
  extra: Partial<UnitFindingInput> = {},
): UnitFindingInput {
  sequence += 1
  return { id: `auto-${sequence}`, organisation, kind, status: 'verified', ...extra }
}

export function vulnerabilities(
  organisation: string,
  count: number,
  severity: 'critical' | 'high' | 'medium' | 'low',
  extra: Partial<UnitFindingInput> = {},
): UnitFindingInput[] {
  return Array.from({ length: count }, () => finding(organisation, 'vulnerability', { severity, ...extra }))
}

export function team(id: string, extra: Partial<TeamInput> = {}): TeamInput {
  return { id, ...extra }
}

export function teamFinding(
  teamId: string,
  cvss: string | null,
  extra: Partial<TeamFindingInput> = {},
): TeamFindingInput {
  sequence += 1
  return { id: `auto-t${sequence}`, team: teamId, status: 'verified', cvss, ...extra }
}

export const cvss98 = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'
export const cvss75 = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N'
export const cvss53 = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N'
export const cvss30_54 = 'CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:U/C:L/I:L/A:N'
