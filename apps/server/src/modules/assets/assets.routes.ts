import { roles } from '../../http/access'
import type { WanganApp } from '../../http/app'
import { pageOf, ZIdParams } from '../../http/schemas'
import type { Services } from '../../services'
import { ZHistoryEvent, ZHistoryQuery, ZVersionRequest } from '../organisations/organisations.schemas'
import { ASSET_COLUMNS } from '../registry-import/registry-columns'
import { attachmentHeader, CONTENT_TYPES, tableStream } from '../registry-import/table-writer'
import {
  ASSET_SOURCE_LABELS,
  ASSET_STATUS_LABELS,
  ASSET_TYPE_LABELS,
  ZAsset,
  ZAssetConflict,
  ZAssetDetail,
  ZCreateAssetRequest,
  ZExportAssetsQuery,
  ZListAssetsQuery,
  ZListConflictsQuery,
  ZMatchQuery,
  ZMatchResponse,
  ZRetireAssetRequest,
  ZSettleConflictRequest,
  ZUpdateAssetRequest,
} from './assets.schemas'

const tags = ['assets 互联网资产']
const readers = roles(
  'admin',
  'regulator',
  'reviewer',
  'retester',
  'police',
  'expert',
  'org_liaison',
  'org_leader',
)
/** Regulators in their region; a liaison for their organisation and its subordinate units (checked per object). */
const editors = roles('admin', 'regulator', 'org_liaison')
const settlers = roles('admin', 'regulator')

export function registerAssetRoutes(app: WanganApp, { assets }: Services): void {
  app.route({
    method: 'GET',
    url: '/api/v1/assets',
    config: { access: readers },
    schema: {
      tags,
      summary: '资产列表，可按任意标识搜索 Assets, searchable by any identifier (URL, host, IP …)',
      querystring: ZListAssetsQuery,
      response: { 200: pageOf(ZAsset) },
    },
    handler: (request) => assets.list(request.ctx, request.query),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/assets/export',
    config: { access: readers },
    schema: {
      tags,
      summary: '导出资产列表 (XLSX/CSV) Export the filtered list',
      querystring: ZExportAssetsQuery,
    },
    handler: async (request, reply) => {
      const { format, ...filter } = request.query
      const rows = (async function* () {
        for await (const a of assets.iterate(request.ctx, filter))
          yield {
            organisationName: a.organisationName,
            creditCode: a.creditCode,
            type: ASSET_TYPE_LABELS[a.type],
            identifier: a.identifier,
            name: a.name,
            ports: a.ports?.join(',') ?? '',
            status: ASSET_STATUS_LABELS[a.status],
            notes: a.notes,
            canonical: a.path ? `${a.canonical}${a.path}` : a.canonical,
            source: ASSET_SOURCE_LABELS[a.source],
          }
      })()
      return reply
        .header('content-type', CONTENT_TYPES[format])
        .header('content-disposition', attachmentHeader(`资产列表.${format}`, `assets.${format}`))
        .send(tableStream(format, '资产', ASSET_COLUMNS, rows))
    },
  })
  app.route({
    method: 'GET',
    url: '/api/v1/assets/match',
    config: { access: readers },
    schema: {
      tags,
      summary: '目标归属查询 Which asset (and organisation) a URL, host or IP belongs to',
      querystring: ZMatchQuery,
      response: { 200: ZMatchResponse },
    },
    handler: (request) => assets.matchForActor(request.ctx, request.query.target),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/assets/conflicts',
    config: { access: settlers },
    schema: {
      tags,
      summary: '资产冲突（多个单位登记同一资产） Assets claimed by more than one organisation',
      querystring: ZListConflictsQuery,
      response: { 200: pageOf(ZAssetConflict) },
    },
    handler: (request) => assets.listConflicts(request.ctx, request.query),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/assets/conflicts/settle',
    config: { access: settlers },
    schema: {
      tags,
      summary: '处理资产冲突 Settle a conflict: shared, or assigned to one organisation',
      body: ZSettleConflictRequest,
      response: { 200: ZAssetConflict },
    },
    handler: (request) => assets.settleConflict(request.ctx, request.body),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/assets',
    config: { access: editors },
    schema: {
      tags,
      summary: '登记资产 Register an asset',
      body: ZCreateAssetRequest,
      response: { 201: ZAsset },
    },
    handler: async (request, reply) => reply.code(201).send(await assets.create(request.ctx, request.body)),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/assets/:id',
    config: { access: readers },
    schema: { tags, summary: '资产详情 Get an asset', params: ZIdParams, response: { 200: ZAssetDetail } },
    handler: (request) => assets.get(request.ctx, request.params.id),
  })
  app.route({
    method: 'PATCH',
    url: '/api/v1/assets/:id',
    config: { access: editors },
    schema: {
      tags,
      summary: '修改资产 Update an asset',
      params: ZIdParams,
      body: ZUpdateAssetRequest,
      response: { 200: ZAsset },
    },
    handler: (request) => assets.update(request.ctx, request.params.id, request.body),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/assets/:id/retire',
    config: { access: editors },
    schema: {
      tags,
      summary: '停用资产 Retire an asset',
      params: ZIdParams,
      body: ZRetireAssetRequest,
      response: { 200: ZAsset },
    },
    handler: (request) =>
      assets.setStatus(
        request.ctx,
        request.params.id,
        'retired',
        request.body.version,
        request.body.reason ?? null,
      ),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/assets/:id/reactivate',
    config: { access: editors },
    schema: {
      tags,
      summary: '恢复资产 Reactivate a retired asset',
      params: ZIdParams,
      body: ZVersionRequest,
      response: { 200: ZAsset },
    },
    handler: (request) => assets.setStatus(request.ctx, request.params.id, 'active', request.body.version),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/assets/:id/history',
    config: { access: readers },
    schema: {
      tags,
      summary: '资产变更记录 Change history of an asset',
      params: ZIdParams,
      querystring: ZHistoryQuery,
      response: { 200: pageOf(ZHistoryEvent) },
    },
    handler: (request) =>
      assets.history(request.ctx, request.params.id, request.query.page, request.query.pageSize),
  })
}
