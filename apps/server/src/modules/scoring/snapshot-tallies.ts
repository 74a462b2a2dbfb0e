// The tallies of unit-tally-scoring.ts computed from a per-finding snapshot (the CLI's input) instead of SQL: the
// reference that the database aggregation (unit-tally-query.ts) is tested against, and the bridge that lets the
// agreement tests compare the tally scorer with the engine on the same snapshot.
import {
  resolveParams,
  type FindingFilter,
  type ParamValues,
  type TUnitFinding,
  type TUnitSnapshotInput,
  type UnitRuleSet,
} from '@wangan/rules/scoring'
import {
  amountNumber,
  bracketLimitWholeMs,
  unitScale,
  type OrganisationTally,
  type Scale,
  type UnitItemTally,
} from './unit-tally-scoring'

type SnapshotFinding = Pick<
  TUnitFinding,
  'organisation' | 'kind' | 'severity' | 'status' | 'notifiedAt' | 'fixedAt' | 'records' | 'sensitive'
> & { notFixedRetests?: number | undefined }

export function matchesFilter(finding: SnapshotFinding, filter: FindingFilter, params: ParamValues): boolean {
  if (!filter.kinds.includes(finding.kind)) return false
  if (filter.minRecords !== undefined) {
    if (finding.records == null || finding.records < amountNumber(filter.minRecords, params)) return false
  }
  if (filter.sensitiveOnly && finding.sensitive !== true) return false
  return true
}

function emptyTally(item: UnitRuleSet['items'][number]): UnitItemTally {
  switch (item.kind) {
    case 'perFindingDeduction':
      return { kind: item.kind, count: 0 }
    case 'vulnerabilityRatio':
      return { kind: item.kind, count: 0, points: 0 }
    case 'presence':
      return { kind: item.kind }
    case 'timeliness':
      return { kind: item.kind, notified: 0, deducted: 0 }
    case 'perRetestDeduction':
      return { kind: item.kind, retests: 0 }
  }
}

/** Adds one counted finding to an organisation's tallies (every item of the rule set). */
function addFinding(
  tallies: Record<string, UnitItemTally>,
  ruleSet: UnitRuleSet,
  params: ParamValues,
  scale: Scale,
  finding: SnapshotFinding,
): void {
  for (const item of ruleSet.items) {
    if (item.kind === 'presence' || !matchesFilter(finding, item.filter, params)) continue
    if (item.kind === 'timeliness' && !finding.notifiedAt) continue
    const tally = (tallies[item.key] ??= emptyTally(item))
    if (tally.kind === 'perFindingDeduction') tally.count += 1
    else if (tally.kind === 'vulnerabilityRatio' && item.kind === 'vulnerabilityRatio') {
      tally.count += 1
      if (finding.severity) tally.points += scale.of(item.severityPoints[finding.severity])
    } else if (tally.kind === 'perRetestDeduction') tally.retests += finding.notFixedRetests ?? 0
    else if (tally.kind === 'timeliness' && item.kind === 'timeliness') {
      tally.notified += 1
      if (!finding.fixedAt) {
        tally.deducted += scale.of(item.deductIfNotFixed)
        continue
      }
      const delay = BigInt(Date.parse(finding.fixedAt) - Date.parse(finding.notifiedAt!))
      const bracket = item.brackets.find(
        (candidate) => delay <= bracketLimitWholeMs(amountNumber(candidate.withinHours, params)),
      )
      tally.deducted += scale.of(bracket ? bracket.deduct : item.deductIfLate)
    }
  }
}

/** Per-organisation tallies of a unit snapshot under a rule set (counted statuses only), in snapshot order. */
export function tallySnapshot(
  ruleSet: UnitRuleSet,
  snapshot: TUnitSnapshotInput,
  overrides: Record<string, unknown> = {},
): OrganisationTally[] {
  const params = resolveParams(ruleSet, { ...snapshot.params, ...overrides })
  const scale = unitScale(ruleSet, params)
  const byOrganisation = new Map<string, Record<string, UnitItemTally>>()
  for (const finding of snapshot.findings ?? []) {
    if (!ruleSet.countedStatuses.includes(finding.status)) continue
    let tallies = byOrganisation.get(finding.organisation)
    if (!tallies) byOrganisation.set(finding.organisation, (tallies = {}))
    addFinding(tallies, ruleSet, params, scale, finding)
  }
  return snapshot.organisations.map((organisation) => ({
    id: organisation.id,
    ...(organisation.name === undefined ? {} : { name: organisation.name }),
    assets: organisation.assets,
    selfInspectionFiled: organisation.selfInspectionFiled === true,
    items: byOrganisation.get(organisation.id) ?? {},
  }))
}
