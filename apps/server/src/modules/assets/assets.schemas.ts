import { ASSET_TYPES } from '@wangan/rules/registry'
import { z } from 'zod'
import { longText, text, ZId, ZPageQuery } from '../../http/schemas'

export const ZAssetType = z.enum(ASSET_TYPES)
export type TAssetType = z.infer<typeof ZAssetType>
export const ASSET_TYPE_LABELS: Record<TAssetType, string> = {
  website: '网站/业务系统',
  domain: '域名',
  ip: 'IP/网段',
  cloud: '云资源',
  app: '移动应用/小程序',
  other: '其他',
}

export const ASSET_SOURCES = ['self_reported', 'discovered', 'imported'] as const
export const ZAssetSource = z.enum(ASSET_SOURCES)
export const ASSET_SOURCE_LABELS: Record<(typeof ASSET_SOURCES)[number], string> = {
  self_reported: '单位自报',
  discovered: '检测发现',
  imported: '批量导入',
}

export const ASSET_STATUSES = ['active', 'retired'] as const
export const ZAssetStatus = z.enum(ASSET_STATUSES)
export const ASSET_STATUS_LABELS: Record<(typeof ASSET_STATUSES)[number], string> = {
  active: '在用',
  retired: '已停用',
}

export const ZAsset = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  organisationName: z.string(),
  type: ZAssetType,
  /** As written by the user. */
  identifier: z.string(),
  /** The normalised spelling used for matching and conflicts (`www.example.gov.cn`, `10.0.0.0/8`). */
  canonical: z.string(),
  networkKind: z.enum(['host', 'wildcard', 'cidr']).nullable(),
  path: z.string().nullable(),
  ports: z.array(z.number().int()).nullable(),
  name: z.string().nullable(),
  source: ZAssetSource,
  status: ZAssetStatus,
  informationSystemId: z.uuid().nullable(),
  notes: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  retiredAt: z.string().nullable(),
  version: z.number().int(),
})
export type TAsset = z.infer<typeof ZAsset>

export const ZConflictClaim = z.object({
  assetId: z.uuid(),
  /** Null when the claiming organisation lies outside the caller's jurisdiction. */
  organisationId: z.uuid().nullable(),
  organisationName: z.string().nullable(),
  identifier: z.string(),
})

export const ZAssetConflict = z.object({
  /** Names the conflict: its kind and the exact set of assets involved. */
  key: z.string(),
  kind: z.enum(['same-identifier', 'cidr-overlap']),
  identifier: z.string(),
  claims: z.array(ZConflictClaim),
  decision: z
    .object({
      decision: z.enum(['shared', 'assigned']),
      keptAssetId: z.uuid().nullable(),
      note: z.string().nullable(),
      decidedAt: z.string(),
    })
    .nullable(),
  canSettle: z.boolean(),
})
export type TAssetConflict = z.infer<typeof ZAssetConflict>

export const ZAssetDetail = ZAsset.extend({
  conflicts: z.array(ZAssetConflict),
  /** Notes from normalisation (host bits cleared, reduced to host …). */
  normalisationNotes: z.array(z.string()),
  canEdit: z.boolean(),
})
export type TAssetDetail = z.infer<typeof ZAssetDetail>

const ZBooleanText = z.enum(['true', 'false'])

export const ZListAssetsQuery = z.strictObject({
  ...ZPageQuery,
  /** Any identifier: text in the identifier or name, or a URL/host/IP whose owning asset is found by matching. */
  q: z.string().trim().max(512).optional(),
  organisationId: ZId.optional(),
  /** With organisationId: also the assets of its subordinate units. */
  includeSubordinates: ZBooleanText.optional(),
  regionId: ZId.optional(),
  type: ZAssetType.optional(),
  status: ZAssetStatus.optional(),
  source: ZAssetSource.optional(),
})
export type TListAssetsQuery = z.infer<typeof ZListAssetsQuery>

export const ZExportAssetsQuery = ZListAssetsQuery.omit({ page: true, pageSize: true }).extend({
  format: z.enum(['xlsx', 'csv']).default('xlsx'),
})
export type TExportAssetsQuery = z.infer<typeof ZExportAssetsQuery>

const ZPorts = z
  .array(
    z
      .number()
      .int()
      .min(1, { error: '端口应为 1–65535 (port 1–65535)' })
      .max(65535, { error: '端口应为 1–65535 (port 1–65535)' }),
  )
  .max(100)

export const ZCreateAssetRequest = z.strictObject({
  organisationId: ZId,
  type: ZAssetType,
  identifier: z.string().max(2048),
  name: text(200).nullable().optional(),
  ports: ZPorts.nullable().optional(),
  /** A liaison's asset is always self-reported; a regulator may record one found during testing. */
  source: z.enum(['self_reported', 'discovered']).optional(),
  informationSystemId: ZId.nullable().optional(),
  notes: longText(2000).nullable().optional(),
})
export type TCreateAssetRequest = z.infer<typeof ZCreateAssetRequest>

export const ZUpdateAssetRequest = z.strictObject({
  /** Moving an asset to another organisation needs the right to edit both. */
  organisationId: ZId.optional(),
  type: ZAssetType.optional(),
  identifier: z.string().max(2048).optional(),
  name: text(200).nullable().optional(),
  ports: ZPorts.nullable().optional(),
  informationSystemId: ZId.nullable().optional(),
  notes: longText(2000).nullable().optional(),
  version: z.number().int().min(1),
})
export type TUpdateAssetRequest = z.infer<typeof ZUpdateAssetRequest>

export const ZRetireAssetRequest = z.strictObject({
  version: z.number().int().min(1),
  reason: longText(500).nullable().optional(),
})

export const ZMatchQuery = z.strictObject({ target: z.string().trim().min(1).max(2048) })
export const ZMatchResponse = z.object({
  match: z
    .object({
      kind: z.enum(['exact', 'wildcard', 'parent-domain', 'cidr', 'ip']),
      matched: z.string(),
      asset: ZAsset,
    })
    .nullable(),
})

export const ZListConflictsQuery = z.strictObject({
  ...ZPageQuery,
  status: z.enum(['open', 'settled', 'all']).default('open'),
})

export const ZSettleConflictRequest = z.strictObject({
  key: z.string().min(1).max(4000),
  /** shared: both claims are right (政务云, a shared egress); assigned: keep one asset, retire the other claims. */
  decision: z.enum(['shared', 'assigned']),
  keptAssetId: ZId.nullable().optional(),
  note: longText(1000).nullable().optional(),
})
export type TSettleConflictRequest = z.infer<typeof ZSettleConflictRequest>
