// Annual on-site inspections (seed 004, SPEC §8): one per organisation and year, filled by the regulator's inspectors
// against a checklist template of @wangan/rules/inspection, scored live and locked at sign-off.
import { index, integer, jsonb, numeric, pgEnum, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, ts, updatedAt, version } from './common'
import { organisations } from './organisations'
import { users } from './users'

export const inspectionStatus = pgEnum('inspection_status', ['in_progress', 'signed_off'])

/** Evidence for an item: what the inspector saw (a label, a reference such as 截图编号3), optionally a stored file
 * (files module, encrypted at rest), read back only through the inspection. */
export type TInspectionEvidence = {
  label: string
  reference: string | null
  fileId?: string | null
  fileName?: string | null
}

export const inspections = pgTable(
  'inspections',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    year: integer('year').notNull(),
    /** `onsite-inspection` (附件5) or `onsite-inspection-ics` (附件6) */
    templateId: text('template_id').notNull(),
    status: inspectionStatus('status').notNull().default('in_progress'),
    /** item code → answer, in the shape the template's rule expects */
    answers: jsonb('answers').$type<Record<string, unknown>>().notNull().default({}),
    /** item code → the inspector's note */
    notes: jsonb('notes').$type<Record<string, string>>().notNull().default({}),
    evidence: jsonb('evidence').$type<Record<string, TInspectionEvidence[]>>().notNull().default({}),
    conclusion: text('conclusion'),
    /** score of the answers so far (unanswered items count 0); final at sign-off */
    total: numeric('total', { precision: 6, scale: 2, mode: 'number' }).notNull().default(0),
    answeredCount: integer('answered_count').notNull().default(0),
    /** every regulator who has saved answers */
    inspectorIds: jsonb('inspector_ids').$type<string[]>().notNull().default([]),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    signedOffBy: uuid('signed_off_by').references(() => users.id, { onDelete: 'set null' }),
    signedOffAt: ts('signed_off_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('inspections_org_year_idx').on(t.organisationId, t.year),
    index('inspections_year_idx').on(t.year),
  ],
)
