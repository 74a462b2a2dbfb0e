import { z } from 'zod'
import { roles } from '../../http/access'
import type { WanganApp } from '../../http/app'
import { pageOf, ZIdParams, ZOk } from '../../http/schemas'
import type { Services } from '../../services'
import { attachmentName } from '../dengbao/dengbao.routes'
import { ZEvidenceFileParams } from '../files/item-evidence.schemas'
import { inspectionReport } from './inspections.report'
import {
  ZCreateInspectionRequest,
  ZInspection,
  ZInspectionForm,
  ZInspectionSummary,
  ZInspectionTemplate,
  ZInspectionTemplateSummary,
  ZListInspectionsQuery,
  ZSignOffRequest,
  ZUpdateInspectionRequest,
  ZUploadEvidenceRequest,
} from './inspections.schemas'
import { DOCX_MIME } from './report-docx'

const tags = ['inspections 现场检查']
const base = '/api/v1/inspections'
/** The regulator's staff inspect; an organisation's liaison and leader read their own signed-off inspections. */
const readers = roles('regulator', 'org_liaison', 'org_leader')
const inspectors = roles('regulator')
const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024

export function registerInspectionsRoutes(app: WanganApp, { inspections }: Services): void {
  app.route({
    method: 'GET',
    url: `${base}/templates`,
    config: { access: readers },
    schema: {
      tags,
      summary: '检查表（seed 004 附件5/附件6） Inspection forms',
      response: { 200: z.array(ZInspectionTemplateSummary) },
    },
    handler: () => inspections.templates(),
  })
  app.route({
    method: 'GET',
    url: `${base}/templates/:templateId`,
    config: { access: readers },
    schema: {
      tags,
      summary: '检查表条目与评分规则 A form’s items and scoring rules',
      params: z.strictObject({ templateId: ZInspectionForm }),
      response: { 200: ZInspectionTemplate },
    },
    handler: (request) => inspections.template(request.params.templateId),
  })
  app.route({
    method: 'GET',
    url: base,
    config: { access: readers },
    schema: {
      tags,
      summary: '现场检查列表 Inspections',
      querystring: ZListInspectionsQuery,
      response: { 200: pageOf(ZInspectionSummary) },
    },
    handler: (request) => inspections.list(request.ctx, request.query),
  })
  app.route({
    method: 'POST',
    url: base,
    config: { access: inspectors },
    schema: {
      tags,
      summary: '新建年度现场检查 Open an inspection of an organisation for a year',
      body: ZCreateInspectionRequest,
      response: { 201: ZInspection },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await inspections.create(request.ctx, request.body)),
  })
  app.route({
    method: 'GET',
    url: `${base}/:id`,
    config: { access: readers },
    schema: {
      tags,
      summary: '现场检查（含评分明细与上年对比） An inspection with its score and last year’s',
      params: ZIdParams,
      response: { 200: ZInspection },
    },
    handler: (request) => inspections.get(request.ctx, request.params.id),
  })
  app.route({
    method: 'PATCH',
    url: `${base}/:id`,
    config: { access: inspectors },
    schema: {
      tags,
      summary: '填写检查结果 Save answers, notes, evidence, conclusion',
      params: ZIdParams,
      body: ZUpdateInspectionRequest,
      response: { 200: ZInspection },
    },
    handler: (request) => inspections.update(request.ctx, request.params.id, request.body),
  })
  app.route({
    method: 'DELETE',
    url: `${base}/:id`,
    config: { access: inspectors },
    schema: {
      tags,
      summary: '删除未签发的检查 Delete an unsigned inspection',
      params: ZIdParams,
      response: { 200: ZOk },
    },
    handler: async (request) => {
      await inspections.remove(request.ctx, request.params.id)
      return { ok: true as const }
    },
  })
  app.route({
    method: 'POST',
    url: `${base}/:id/sign-off`,
    config: { access: inspectors },
    schema: {
      tags,
      summary: '签发（锁定） Sign off and lock',
      params: ZIdParams,
      body: ZSignOffRequest,
      response: { 200: ZInspection },
    },
    handler: (request) => inspections.signOff(request.ctx, request.params.id, request.body),
  })
  app.route({
    method: 'POST',
    url: `${base}/:id/evidence`,
    config: { access: inspectors },
    bodyLimit: Math.ceil((EVIDENCE_MAX_BYTES * 4) / 3) + 64 * 1024,
    schema: {
      tags,
      summary: '上传证据文件 Upload an evidence file for an item',
      params: ZIdParams,
      body: ZUploadEvidenceRequest,
      response: { 200: ZInspection },
    },
    handler: (request) => inspections.uploadEvidence(request.ctx, request.params.id, request.body),
  })
  app.route({
    method: 'GET',
    url: `${base}/:id/evidence/:fileId`,
    config: { access: readers },
    schema: { tags, summary: '下载证据文件 Download an evidence file', params: ZEvidenceFileParams },
    handler: async (request, reply) => {
      const { file, content } = await inspections.readEvidence(
        request.ctx,
        request.params.id,
        request.params.fileId,
      )
      return reply
        .header('content-type', file.mediaType)
        .header('content-disposition', attachmentName(file.originalName))
        .header('x-content-type-options', 'nosniff')
        .send(content)
    },
  })
  app.route({
    method: 'GET',
    url: `${base}/:id/report.docx`,
    config: { access: readers },
    schema: { tags, summary: '现场检查评分报告 (DOCX) The inspection report', params: ZIdParams },
    handler: async (request, reply) => {
      const inspection = await inspections.get(request.ctx, request.params.id)
      const file = await inspectionReport(inspection)
      return reply
        .header('content-type', DOCX_MIME)
        .header(
          'content-disposition',
          attachmentName(`${inspection.organisationName}${inspection.year}年度现场检查评分报告.docx`),
        )
        .send(file)
    },
  })
}
