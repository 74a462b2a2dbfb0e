// The one set-based query that tallies a campaign's counted findings per organisation for a unit rule set
// (unit-tally-scoring.ts): a GROUP BY organisation with a handful of aggregates, each the exact figure an item needs
// — matching findings, 漏洞积分 (severity points summed as integers of 1/S), the fix-delay deductions summed, the
// not-fixed re-tests. The columns follow the rule set and its parameters, so another standard or a what-if
// aggregates what it needs without code. The covering index `findings_scoring_idx` (migration 0014) lets it read
// the index alone.
import type { FindingFilter, ParamValues, UnitRuleSet } from '@wangan/rules/scoring'
import { sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../../db/client'
import { queryRows } from '../../db/transaction'
import {
  SEVERITIES,
  amountNumber,
  bracketLimitWholeMs,
  unitScale,
  type Scale,
  type UnitItemTally,
} from './unit-tally-scoring'

// The rule set's words and numbers are written into the statement as literals (checked here), so that the planner
// sees constants: `kind in ('vulnerability', …)` and the bracket limits fold at plan time.
function word(value: string): SQL {
  if (!/^[a-z_]+$/.test(value)) throw new Error(`not a vocabulary word: ${value}`)
  return sql.raw(`'${value}'`)
}

function integer(value: number | bigint): SQL {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new Error(`not an integer: ${value}`)
  return sql.raw(String(value))
}

const inList = (values: readonly string[]) => sql.join(values.map(word), sql`, `)

function interval(ms: bigint): SQL {
  return sql.raw(`interval '${ms} milliseconds'`)
}

function filterCondition(filter: FindingFilter, params: ParamValues): SQL {
  const conditions: SQL[] = [sql`kind in (${inList(filter.kinds)})`]
  // Integer record counts reach a threshold when they reach it rounded up.
  if (filter.minRecords !== undefined)
    conditions.push(sql`record_count >= ${integer(Math.ceil(amountNumber(filter.minRecords, params)))}`)
  if (filter.sensitiveOnly) conditions.push(sql`is_sensitive is true`)
  return sql.join(conditions, sql` and `)
}

/**
 * The deduction (in units of 1/S) of a notified finding by its fix delay: the first bracket, in the rule set's
 * order, whose limit the delay does not pass; `late` after all of them, `notFixed` without a fix. The delay is
 * compared as the engine reads it — whole milliseconds of the stored times, a fix before the notice counting as 0
 * — and the cheap raw difference decides everything but a millisecond either side of a limit.
 */
function delayDeduction(
  item: Extract<UnitRuleSet['items'][number], { kind: 'timeliness' }>,
  params: ParamValues,
  scale: Scale,
): SQL {
  const cases = item.brackets.map((bracket) => {
    const ms = bracketLimitWholeMs(amountNumber(bracket.withinHours, params))
    const deduct = integer(scale.of(bracket.deduct))
    if (ms < 0n) return sql``
    return sql`when fixed_at - notified_at <= ${interval(ms - 1n)} then ${deduct}
      when fixed_at - notified_at <= ${interval(ms + 1n)}
        and date_trunc('milliseconds', fixed_at) - date_trunc('milliseconds', notified_at) <= ${interval(ms)} then ${deduct}`
  })
  return sql`(case when fixed_at is null then ${integer(scale.of(item.deductIfNotFixed))} ${sql.join(cases, sql` `)} else ${integer(scale.of(item.deductIfLate))} end)`
}

type Column = { name: string; expression: SQL }

function columnsOf(ruleSet: UnitRuleSet, params: ParamValues, scale: Scale): Column[] {
  const columns: Column[] = [{ name: 'counted_findings', expression: sql`count(*)` }]
  ruleSet.items.forEach((item, index) => {
    const prefix = `i${index}`
    if (item.kind === 'presence') return
    const matches = filterCondition(item.filter, params)
    switch (item.kind) {
      case 'perFindingDeduction':
        columns.push({ name: `${prefix}_n`, expression: sql`count(*) filter (where ${matches})` })
        return
      case 'vulnerabilityRatio': {
        const points = sql.join(
          SEVERITIES.map(
            (severity) =>
              sql`when ${word(severity)} then ${integer(scale.of(item.severityPoints[severity]))}`,
          ),
          sql` `,
        )
        columns.push({ name: `${prefix}_n`, expression: sql`count(*) filter (where ${matches})` })
        columns.push({
          name: `${prefix}_points`,
          expression: sql`coalesce(sum(case severity ${points} else 0 end) filter (where ${matches}), 0)`,
        })
        return
      }
      case 'perRetestDeduction':
        columns.push({
          name: `${prefix}_retests`,
          expression: sql`coalesce(sum(not_fixed_retests) filter (where ${matches}), 0)`,
        })
        return
      case 'timeliness': {
        const notified = sql`${matches} and notified_at is not null`
        columns.push({ name: `${prefix}_n`, expression: sql`count(*) filter (where ${notified})` })
        columns.push({
          name: `${prefix}_deducted`,
          expression: sql`coalesce(sum(${delayDeduction(item, params, scale)}) filter (where ${notified}), 0)`,
        })
        return
      }
    }
  })
  return columns
}

export type RawOrganisationTally = {
  organisationId: string
  path: string
  /** Counted findings of every kind. */
  counted: number
  items: Record<string, UnitItemTally>
}

const num = (value: unknown): number => Number(value ?? 0)

/**
 * Tallies the counted findings of a campaign per organisation (the finding's own organisation; the caller rolls
 * subordinate units up to their target).
 */
export async function tallyCampaignFindings(
  executor: Executor,
  campaignId: string,
  ruleSet: UnitRuleSet,
  params: ParamValues,
): Promise<RawOrganisationTally[]> {
  const scale = unitScale(ruleSet, params)
  const columns = sql.join(
    columnsOf(ruleSet, params, scale).map((c) => sql`${c.expression} as ${sql.identifier(c.name)}`),
    sql`, `,
  )
  const rows = await queryRows<Record<string, unknown>>(
    executor,
    sql`select o.path, t.* from (
        select organisation_id, ${columns}
        from findings
        where campaign_id = ${campaignId} and status in (${inList(ruleSet.countedStatuses)})
          and organisation_id is not null
        group by organisation_id
      ) t join organisations o on o.id = t.organisation_id`,
  )
  return rows.map((row) => {
    const items: Record<string, UnitItemTally> = {}
    ruleSet.items.forEach((item, index) => {
      const prefix = `i${index}`
      switch (item.kind) {
        case 'perFindingDeduction':
          items[item.key] = { kind: item.kind, count: num(row[`${prefix}_n`]) }
          break
        case 'vulnerabilityRatio':
          items[item.key] = {
            kind: item.kind,
            count: num(row[`${prefix}_n`]),
            points: num(row[`${prefix}_points`]),
          }
          break
        case 'perRetestDeduction':
          items[item.key] = { kind: item.kind, retests: num(row[`${prefix}_retests`]) }
          break
        case 'timeliness':
          items[item.key] = {
            kind: item.kind,
            notified: num(row[`${prefix}_n`]),
            deducted: num(row[`${prefix}_deducted`]),
          }
          break
        case 'presence':
          break
      }
    })
    return {
      organisationId: String(row.organisation_id),
      path: String(row.path),
      counted: num(row.counted_findings),
      items,
    }
  })
}

/** Adds the tallies of a subordinate unit to its target's. */
export function addTallies(
  into: Record<string, UnitItemTally>,
  from: Record<string, UnitItemTally>,
): Record<string, UnitItemTally> {
  for (const [key, tally] of Object.entries(from)) {
    const current = into[key]
    if (!current) {
      into[key] = structuredClone(tally)
      continue
    }
    if (current.kind === 'perFindingDeduction' && tally.kind === current.kind) current.count += tally.count
    else if (current.kind === 'perRetestDeduction' && tally.kind === current.kind)
      current.retests += tally.retests
    else if (current.kind === 'vulnerabilityRatio' && tally.kind === current.kind) {
      current.count += tally.count
      current.points += tally.points
    } else if (current.kind === 'timeliness' && tally.kind === current.kind) {
      current.notified += tally.notified
      current.deducted += tally.deducted
    }
  }
  return into
}
