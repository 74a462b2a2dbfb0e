// Upload of organisation and asset spreadsheets (multipart, limited to 100 MB, streamed to a temporary file), the job
// status the UI polls for its progress bar and error report, and the templates.
import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { roles } from '../../http/access'
import type { WanganApp } from '../../http/app'
import { AppError, forbidden } from '../../http/errors'
import { pageOf, ZIdParams } from '../../http/schemas'
import type { Services } from '../../services'
import { attachmentHeader, CONTENT_TYPES } from './table-writer'
import {
  ZImportJob,
  ZImportKindParams,
  ZImportQuery,
  ZListImportsQuery,
  ZTemplateQuery,
} from './registry-import.schemas'
import { MAX_IMPORT_BYTES } from './registry-import.service'

const tags = ['registry import 导入导出']
/** Organisations: regulators and the administrator; assets: also a liaison, for their own units (checked per row). */
const importers = roles('admin', 'regulator', 'org_liaison')

export function registerRegistryImportRoutes(app: WanganApp, services: Services): void {
  const { registryImport, config } = services
  app.route({
    method: 'POST',
    url: '/api/v1/registry-imports/:kind',
    config: { access: importers },
    schema: {
      tags,
      summary:
        '上传并导入单位或资产表 (XLSX/CSV, multipart 字段 file) Upload a spreadsheet; poll the returned job for progress and the error report',
      params: ZImportKindParams,
      querystring: ZImportQuery,
      consumes: ['multipart/form-data'],
      response: { 202: ZImportJob },
    },
    handler: async (request, reply) => {
      const { kind } = request.params
      if (kind === 'organisations' && request.ctx.actor?.role === 'org_liaison')
        throw forbidden('单位联络员不能导入单位 (a liaison cannot import organisations)')
      if (!request.isMultipart())
        throw new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          '请以 multipart/form-data 上传文件（字段名 file） (upload the file as multipart/form-data, field "file")',
        )
      const part = await request.file({ limits: { fileSize: MAX_IMPORT_BYTES, files: 1 } })
      if (!part)
        throw new AppError('VALIDATION_FAILED', '没有收到文件 (no file received)', [
          { path: 'body.file', message: '请选择文件 (choose a file)' },
        ])
      const folder = join(config.dataDir, 'tmp', 'imports')
      await mkdir(folder, { recursive: true })
      const path = join(folder, randomUUID())
      try {
        await pipeline(part.file, createWriteStream(path))
      } catch (error) {
        await rm(path, { force: true })
        throw error
      }
      if (part.file.truncated) {
        await rm(path, { force: true })
        throw new AppError(
          'PAYLOAD_TOO_LARGE',
          `文件超过 ${MAX_IMPORT_BYTES / 1024 / 1024} MB，请拆分后上传 (the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB)`,
        )
      }
      const job = await registryImport.start(
        request.ctx,
        kind,
        { path, fileName: part.filename || 'upload', deleteAfter: true },
        { regionId: request.query.regionId },
      )
      return reply.code(202).send(job)
    },
  })
  app.route({
    method: 'GET',
    url: '/api/v1/registry-imports',
    config: { access: importers },
    schema: {
      tags,
      summary: '我的导入记录 Imports I started',
      querystring: ZListImportsQuery,
      response: { 200: pageOf(ZImportJob) },
    },
    handler: (request) => registryImport.list(request.ctx, request.query),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/registry-imports/:id',
    config: { access: importers },
    schema: {
      tags,
      summary: '导入进度与错误报告 Progress and error report of an import',
      params: ZIdParams,
      response: { 200: ZImportJob },
    },
    handler: (request) => registryImport.get(request.ctx, request.params.id),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/registry-imports/templates/:kind',
    config: { access: importers },
    schema: {
      tags,
      summary: '下载导入模板 Download the import template (Chinese headers)',
      params: ZImportKindParams,
      querystring: ZTemplateQuery,
    },
    handler: async (request, reply) => {
      const { kind } = request.params
      const { format } = request.query
      const body = await registryImport.template(kind, format)
      const label = kind === 'organisations' ? '单位导入模板' : '资产导入模板'
      return reply
        .header('content-type', CONTENT_TYPES[format])
        .header('content-disposition', attachmentHeader(`${label}.${format}`, `${kind}-template.${format}`))
        .send(body)
    },
  })
}
