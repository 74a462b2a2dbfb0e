// City-wide evaluations (seed 002, SPEC §9): a region rated against the 表B.1 framework of @wangan/rules/evaluation.
import { index, integer, jsonb, numeric, pgEnum, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, ts, updatedAt, version } from './common'
import { regions } from './regions'
import { users } from './users'

/** 全面评价 / 专项评价 / 阶段评价 (附录A) */
export const evaluationScenario = pgEnum('city_evaluation_scenario', ['full', 'special', 'phased'])
export const evaluationStatus = pgEnum('city_evaluation_status', ['in_progress', 'completed'])

export type TEvaluationWeights = {
  first?: Record<string, number>
  second?: Record<string, number>
  third?: Record<string, number>
}

export type TEvaluationEvidence = {
  label: string
  reference: string | null
  fileId?: string | null
  fileName?: string | null
}

export const cityEvaluations = pgTable(
  'city_evaluations',
  {
    id: id(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'restrict' }),
    year: integer('year').notNull(),
    title: text('title').notNull(),
    scenario: evaluationScenario('scenario').notNull(),
    /** first-level codes (full, special) or second-level codes (phased) */
    scope: jsonb('scope').$type<string[]>().notNull(),
    /** item code → 1 / 0.8 / 0.5 / 0 */
    ratings: jsonb('ratings').$type<Record<string, number>>().notNull().default({}),
    /** item code → notes and evidence seen */
    notes: jsonb('notes').$type<Record<string, string>>().notNull().default({}),
    /** item code → evidence seen: a label with a reference, or an uploaded file (encrypted in the file store) */
    evidence: jsonb('evidence').$type<Record<string, TEvaluationEvidence[]>>().notNull().default({}),
    /** items removed from the evaluation, each with its recorded reason */
    removed: jsonb('removed').$type<{ item: string; reason: string }[]>().notNull().default([]),
    weights: jsonb('weights').$type<TEvaluationWeights>(),
    status: evaluationStatus('status').notNull().default('in_progress'),
    /** the result at completion (null while in progress: it is computed on reading) */
    total: numeric('total', { precision: 6, scale: 2, mode: 'number' }),
    scaledTotal: numeric('scaled_total', { precision: 6, scale: 2, mode: 'number' }),
    grade: text('grade'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    completedBy: uuid('completed_by').references(() => users.id, { onDelete: 'set null' }),
    completedAt: ts('completed_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [index('city_evaluations_region_year_idx').on(t.regionId, t.year)],
)
