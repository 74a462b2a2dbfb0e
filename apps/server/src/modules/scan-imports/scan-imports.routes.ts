import { z } from 'zod'
import { roles } from '../../http/access'
import type { WanganApp } from '../../http/app'
import { AppError } from '../../http/errors'
import { ZIdParams } from '../../http/schemas'
import type { Services } from '../../services'
import {
  ZDraftIdsRequest,
  ZDraftPage,
  ZDraftParams,
  ZFindingDraft,
  ZImportUploadQuery,
  ZListDraftsQuery,
  ZScanImport,
  ZSubmitDraftsResponse,
} from './scan-imports.schemas'

const tags = ['scan-imports 扫描报告导入']
const team = roles('team_lead', 'tester')
const readers = roles('regulator', 'reviewer', 'team_lead', 'tester')

export function registerScanImportRoutes(app: WanganApp, { scanImports }: Services): void {
  app.route({
    method: 'POST',
    url: '/api/v1/campaigns/:id/scan-imports',
    config: { access: team },
    schema: {
      tags,
      summary:
        '导入扫描报告 Import a scanner report (multipart; nuclei, openvas, nessus, zap, burp, acunetix, nmap, qualys) as drafts',
      params: ZIdParams,
      querystring: ZImportUploadQuery,
      consumes: ['multipart/form-data'],
      response: { 201: ZScanImport },
    },
    handler: async (request, reply) => {
      if (!request.isMultipart())
        throw new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          '请以 multipart/form-data 上传报告 (upload as multipart/form-data)',
        )
      const part = await request.file()
      if (!part)
        throw new AppError('VALIDATION_FAILED', '没有收到文件 (no file in the request)', [
          { path: 'file', message: '缺少文件 (missing)' },
        ])
      const result = await scanImports.importReport(request.ctx, request.params.id, part.file, {
        fileName: part.filename,
        tool: request.query.tool,
      })
      if (part.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', '文件过大 (the file is too large)')
      return reply.code(201).send(result)
    },
  })
  app.route({
    method: 'GET',
    url: '/api/v1/campaigns/:id/scan-imports',
    config: { access: readers },
    schema: {
      tags,
      summary: '扫描报告导入记录 Imports of a campaign (a team sees its own)',
      params: ZIdParams,
      response: { 200: z.array(ZScanImport) },
    },
    handler: (request) => scanImports.list(request.ctx, request.params.id),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/scan-imports/:id',
    config: { access: readers },
    schema: {
      tags,
      summary: '导入详情 An import with its drafts per organisation',
      params: ZIdParams,
      response: { 200: ZScanImport },
    },
    handler: (request) => scanImports.get(request.ctx, request.params.id),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/scan-imports/:id/drafts',
    config: { access: readers },
    schema: {
      tags,
      summary: '草稿列表 Drafts of an import',
      params: ZIdParams,
      querystring: ZListDraftsQuery,
      response: { 200: ZDraftPage },
    },
    handler: (request) => scanImports.listDrafts(request.ctx, request.params.id, request.query),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/scan-imports/:id/drafts/:draftId',
    config: { access: readers },
    schema: { tags, summary: '草稿 A draft', params: ZDraftParams, response: { 200: ZFindingDraft } },
    handler: (request) => scanImports.getDraft(request.ctx, request.params.id, request.params.draftId),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/scan-imports/:id/submit',
    config: { access: team },
    schema: {
      tags,
      summary: '提交草稿 Submit drafts as findings (informational results are skipped)',
      params: ZIdParams,
      body: ZDraftIdsRequest,
      response: { 200: ZSubmitDraftsResponse },
    },
    handler: (request) => scanImports.submitDrafts(request.ctx, request.params.id, request.body.draftIds),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/scan-imports/:id/discard',
    config: { access: team },
    schema: {
      tags,
      summary: '舍弃草稿 Discard drafts',
      params: ZIdParams,
      body: ZDraftIdsRequest,
      response: { 200: z.object({ discarded: z.number().int() }) },
    },
    handler: (request) => scanImports.discardDrafts(request.ctx, request.params.id, request.body.draftIds),
  })
}
