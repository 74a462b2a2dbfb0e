import { type z } from 'zod'
import { type RuleSet, type TeamRuleSet, type UnitRuleSet } from './rule-set'
import { changzhou2022 } from './rule-sets/changzhou-2022'
import { yixing2021 } from './rule-sets/yixing-2021'
import { yixing2021Teams } from './rule-sets/yixing-2021-teams'
import { parseOrThrow, ScoringInputError } from './scoring-error'

/** The built-in standards by id. The server may hold more (validated with ZRuleSet) and pass them as options. */
export const ruleSets: Readonly<Record<string, RuleSet>> = {
  [changzhou2022.id]: changzhou2022,
  [yixing2021.id]: yixing2021,
  [yixing2021Teams.id]: yixing2021Teams,
}

export function getRuleSet(id: string): RuleSet {
  const ruleSet = Object.hasOwn(ruleSets, id) ? ruleSets[id] : undefined
  if (!ruleSet) {
    throw new ScoringInputError([
      {
        path: 'standard',
        message: `unknown standard "${id}": expected one of ${Object.keys(ruleSets).join(', ')}`,
      },
    ])
  }
  return ruleSet
}

function ofSubject<S extends RuleSet['subject']>(
  id: string,
  subject: S,
  command: string,
): Extract<RuleSet, { subject: S }> {
  const ruleSet = getRuleSet(id)
  if (ruleSet.subject !== subject) {
    const other = Object.values(ruleSets)
      .filter((candidate) => candidate.subject === subject)
      .map((candidate) => candidate.id)
    throw new ScoringInputError([
      {
        path: 'standard',
        message: `"${id}" scores ${ruleSet.subject}s, not ${subject}s (${command}: ${other.join(', ')})`,
      },
    ])
  }
  return ruleSet as Extract<RuleSet, { subject: S }>
}

export const getUnitRuleSet = (id: string): UnitRuleSet => ofSubject(id, 'organisation', 'score')
export const getTeamRuleSet = (id: string): TeamRuleSet => ofSubject(id, 'team', 'score-teams')

/** A rule set chosen by id from the registry, or given as an object (validated: errors are under `ruleSet`). */
export function resolveRuleSet<R>(choice: string | R, byId: (id: string) => R, schema: z.ZodType<R>): R {
  if (typeof choice === 'string') return byId(choice)
  return parseOrThrow(schema, choice, ['ruleSet'])
}
