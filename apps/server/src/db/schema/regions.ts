import { type AnyPgColumn, index, pgEnum, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, updatedAt, version } from './common'

export const regionLevel = pgEnum('region_level', ['province', 'city', 'district'])

/** 行政区划: a tree (province → city → district). `path` is the chain of ids from the root, `/a/b/c/`, so a subtree is
 * one indexed prefix match. */
export const regions = pgTable(
  'regions',
  {
    id: id(),
    parentId: uuid('parent_id').references((): AnyPgColumn => regions.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    code: text('code'),
    level: regionLevel('level').notNull(),
    path: text('path').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    index('regions_parent_idx').on(t.parentId),
    uniqueIndex('regions_path_idx').on(t.path),
    uniqueIndex('regions_code_idx').on(t.code),
  ],
)
