import { bigint, index, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id } from './common'
import { users } from './users'

/** A stored file (evidence, attachment, report). The bytes live encrypted in the blob store under `address`, an HMAC of
 * the content: identical uploads share one blob. Domain tables reference files by id and decide who may read them. */
export const files = pgTable(
  'files',
  {
    id: id(),
    address: text('address').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    mediaType: text('media_type').notNull(),
    originalName: text('original_name').notNull(),
    purpose: text('purpose').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('files_address_idx').on(t.address)],
)
