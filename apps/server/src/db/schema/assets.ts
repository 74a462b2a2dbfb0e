import { sql } from 'drizzle-orm'
import {
  bigint,
  cidr,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { createdAt, id, ts, updatedAt, version } from './common'
import { organisations } from './organisations'

/** website 网站/业务系统 · domain 域名 · ip IP/互联网出口地址/网段 · cloud 云资源 · app 移动应用/小程序 · other 其他 */
export const assetType = pgEnum('asset_type', ['website', 'domain', 'ip', 'cloud', 'app', 'other'])
/** self_reported 单位自报 · discovered 检测发现 · imported 批量导入 */
export const assetSource = pgEnum('asset_source', ['self_reported', 'discovered', 'imported'])
export const assetStatus = pgEnum('asset_status', ['active', 'retired'])
/** What on the network the identifier names (null: apps and opaque cloud ids, which are never matched). */
export const assetNetworkKind = pgEnum('asset_network_kind', ['host', 'wildcard', 'cidr'])

/** 互联网资产 of an organisation. `identifier` is what the user wrote; `canonical` the normalised spelling of
 * `@wangan/rules/registry` that matching, search and conflicts use. */
export const assets = pgTable(
  'assets',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    type: assetType('type').notNull(),
    identifier: text('identifier').notNull(),
    canonical: text('canonical').notNull(),
    /** canonical + website path: one organisation registers one identity once per type. */
    identityKey: text('identity_key').notNull(),
    networkKind: assetNetworkKind('network_kind'),
    /** The address or network of IP-identified assets, for containment search (`network >>= '10.1.2.3'`). */
    network: cidr('network'),
    path: text('path'),
    /** When set, only these ports belong to the asset (matching and gateway scope). */
    ports: integer('ports').array(),
    name: text('name'),
    source: assetSource('source').notNull(),
    status: assetStatus('status').notNull().default('active'),
    /** 定级对象 this asset belongs to; the classified-protection module owns that table (no FK on purpose). */
    informationSystemId: uuid('information_system_id'),
    notes: text('notes'),
    importId: uuid('import_id'),
    retiredAt: ts('retired_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('assets_identity_idx').on(t.organisationId, t.type, t.identityKey),
    index('assets_canonical_idx').on(t.canonical),
    index('assets_org_status_idx').on(t.organisationId, t.status),
    index('assets_import_idx').on(t.importId),
  ],
)

/** One row, bumped in every transaction that changes assets: cached matchers compare it to know they are stale. */
export const assetRegistryState = pgTable('asset_registry_state', {
  id: smallint('id').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull(),
})

export const assetConflictDecision = pgEnum('asset_conflict_decision', ['shared', 'assigned'])

/** A regulator's settlement of a conflict. `key` names the conflict by kind and the exact set of assets involved, so
 * a new claimant re-opens it as a new conflict. */
export const assetConflictDecisions = pgTable(
  'asset_conflict_decisions',
  {
    id: id(),
    key: text('key').notNull(),
    kind: text('kind').notNull(),
    identifier: text('identifier').notNull(),
    assetIds: uuid('asset_ids').array().notNull(),
    decision: assetConflictDecision('decision').notNull(),
    keptAssetId: uuid('kept_asset_id'),
    note: text('note'),
    decidedBy: uuid('decided_by'),
    decidedAt: ts('decided_at').notNull(),
  },
  (t) => [uniqueIndex('asset_conflict_decisions_key_idx').on(t.key)],
)

export const registryImportKind = pgEnum('registry_import_kind', ['organisations', 'assets'])
export const registryImportStatus = pgEnum('registry_import_status', [
  'running',
  'rejected',
  'failed',
  'done',
])

/** An import of organisations or assets from a spreadsheet: its outcome and the per-row error report. Live progress
 * is kept in memory by the process running it. */
export const registryImports = pgTable(
  'registry_imports',
  {
    id: id(),
    kind: registryImportKind('kind').notNull(),
    status: registryImportStatus('status').notNull().default('running'),
    fileName: text('file_name').notNull(),
    format: text('format'),
    fileBytes: bigint('file_bytes', { mode: 'number' }).notNull(),
    encoding: text('encoding'),
    totalRows: integer('total_rows'),
    insertedRows: integer('inserted_rows').notNull().default(0),
    errorCount: integer('error_count').notNull().default(0),
    /** At most the first 1,000 problems: `{ row, column, value, message, code }`. */
    errors: jsonb('errors')
      .$type<unknown[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    message: text('message'),
    createdBy: uuid('created_by'),
    createdByName: text('created_by_name'),
    /** The scope the import ran in: organisation subtree of a liaison, region of a regulator. */
    organisationPath: text('organisation_path'),
    regionPath: text('region_path'),
    createdAt: createdAt(),
    finishedAt: ts('finished_at'),
  },
  (t) => [index('registry_imports_created_idx').on(t.createdAt)],
)
