import { jsonb, pgTable, text } from 'drizzle-orm/pg-core'
import { updatedAt } from './common'

/** Platform settings changed at run time by an admin (audited), e.g. the roles that must use a second factor. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').$type<unknown>().notNull(),
  updatedAt: updatedAt(),
})
