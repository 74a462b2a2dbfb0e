import { z } from 'zod'
import { roles } from '../../http/access'
import type { WanganApp } from '../../http/app'
import { receiveCheckedUpload, sendStoredFile } from '../../http/files'
import { pageOf, ZIdParams, ZOk } from '../../http/schemas'
import type { Services } from '../../services'
import { attachmentName } from '../dengbao/dengbao.routes'
import { ZEvidenceFileParams } from '../files/item-evidence.schemas'
import { DOCX_MIME } from '../inspections/report-docx'
import { evaluationReport } from './evaluation.report'
import {
  ZCityFramework,
  ZCompleteRequest,
  ZCreateEvaluationRequest,
  ZEvaluation,
  ZEvaluationSummary,
  ZListEvaluationsQuery,
  ZReopenRequest,
  ZUpdateEvaluationRequest,
} from './evaluation.schemas'

const tags = ['evaluation 城市网络安全评价']
const base = '/api/v1/evaluations'
/** City evaluations are the regulator's (网信办) work over their region subtree. */
const evaluators = roles('regulator')

export function registerEvaluationRoutes(app: WanganApp, { evaluation, files }: Services): void {
  app.route({
    method: 'GET',
    url: `${base}/framework`,
    config: { access: evaluators },
    schema: {
      tags,
      summary: '评价指标体系（表B.1） The evaluation framework',
      response: { 200: ZCityFramework },
    },
    handler: () => evaluation.framework(),
  })
  app.route({
    method: 'GET',
    url: base,
    config: { access: evaluators },
    schema: {
      tags,
      summary: '城市评价列表 City evaluations',
      querystring: ZListEvaluationsQuery,
      response: { 200: pageOf(ZEvaluationSummary) },
    },
    handler: (request) => evaluation.list(request.ctx, request.query),
  })
  app.route({
    method: 'POST',
    url: base,
    config: { access: evaluators },
    schema: {
      tags,
      summary: '新建城市评价 Start an evaluation',
      body: ZCreateEvaluationRequest,
      response: { 201: ZEvaluation },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await evaluation.create(request.ctx, request.body)),
  })
  app.route({
    method: 'GET',
    url: `${base}/:id`,
    config: { access: evaluators },
    schema: {
      tags,
      summary: '城市评价（含得分、等级与差距） An evaluation with its result',
      params: ZIdParams,
      response: { 200: ZEvaluation },
    },
    handler: (request) => evaluation.get(request.ctx, request.params.id),
  })
  app.route({
    method: 'PATCH',
    url: `${base}/:id`,
    config: { access: evaluators },
    schema: {
      tags,
      summary: '评分、说明与证据、剪裁、范围与权重 Rate, notes and evidence, remove items, scope, weights',
      params: ZIdParams,
      body: ZUpdateEvaluationRequest,
      response: { 200: ZEvaluation },
    },
    handler: (request) => evaluation.update(request.ctx, request.params.id, request.body),
  })
  app.route({
    method: 'DELETE',
    url: `${base}/:id`,
    config: { access: evaluators },
    schema: { tags, summary: '删除未完成的评价 Delete', params: ZIdParams, response: { 200: ZOk } },
    handler: async (request) => {
      await evaluation.remove(request.ctx, request.params.id)
      return { ok: true as const }
    },
  })
  app.route({
    method: 'POST',
    url: `${base}/:id/complete`,
    config: { access: evaluators },
    schema: {
      tags,
      summary: '完成评价（锁定结果） Complete',
      params: ZIdParams,
      body: ZCompleteRequest,
      response: { 200: ZEvaluation },
    },
    handler: (request) => evaluation.complete(request.ctx, request.params.id, request.body),
  })
  app.route({
    method: 'POST',
    url: `${base}/:id/reopen`,
    config: { access: evaluators },
    schema: {
      tags,
      summary: '重新打开评价 Reopen for corrections',
      params: ZIdParams,
      body: ZReopenRequest,
      response: { 200: ZEvaluation },
    },
    handler: (request) => evaluation.reopen(request.ctx, request.params.id, request.body),
  })
  app.route({
    method: 'POST',
    url: `${base}/:id/evidence`,
    config: { access: evaluators },
    schema: {
      tags,
      summary:
        '上传评价项证据文件 Upload an evidence file for an item (multipart: fields itemCode, version, optional label and reference, then the file; ≤ 20 MB; images, PDF, text, ZIP; while in progress)',
      params: ZIdParams,
      consumes: ['multipart/form-data'],
      response: { 200: ZEvaluation },
    },
    handler: async (request) => {
      const { file, checked } = await receiveCheckedUpload(
        request,
        files,
        request.ctx,
        'evidence',
        (fields) => evaluation.checkEvidenceUpload(request.ctx, request.params.id, fields),
      )
      return evaluation.attachEvidence(request.ctx, request.params.id, checked, file)
    },
  })
  app.route({
    method: 'GET',
    url: `${base}/:id/evidence/:fileId`,
    config: { access: evaluators },
    schema: {
      tags,
      summary: '下载证据文件 Download an evidence file (images and PDF inline with ?inline=1)',
      params: ZEvidenceFileParams,
      querystring: z.strictObject({ inline: z.enum(['1']).optional() }),
    },
    handler: async (request, reply) => {
      const stored = await evaluation.readEvidence(request.ctx, request.params.id, request.params.fileId)
      return sendStoredFile(reply, stored, { inline: request.query.inline === '1' })
    },
  })
  app.route({
    method: 'GET',
    url: `${base}/:id/report.docx`,
    config: { access: evaluators },
    schema: { tags, summary: '城市网络安全评价报告 (DOCX) The report', params: ZIdParams },
    handler: async (request, reply) => {
      const current = await evaluation.get(request.ctx, request.params.id)
      return reply
        .header('content-type', DOCX_MIME)
        .header(
          'content-disposition',
          attachmentName(`${current.regionName}${current.year}年度城市网络安全评价报告.docx`),
        )
        .send(await evaluationReport(current))
    },
  })
}
