import { z } from 'zod'
import { roles } from '../../http/access'
import type { WanganApp } from '../../http/app'
import { receiveCheckedUpload, sendStoredFile } from '../../http/files'
import { pageOf, ZIdParams, ZOk } from '../../http/schemas'
import type { Services } from '../../services'
import {
  ZAddRectificationItemsRequest,
  ZApproveGradingRequest,
  ZAssessment,
  ZCreateAssessmentRequest,
  ZCreateSystemRequest,
  ZDashboard,
  ZDashboardQuery,
  ZDeadlinesQuery,
  ZDeclineReviewRequest,
  ZDrawExpertsRequest,
  ZDrawReplacementRequest,
  ZDueList,
  ZDueQuery,
  ZEffectiveDeadlines,
  ZExpertOpinionRequest,
  ZExpert,
  ZExpertPool,
  ZFileGradingRequest,
  ZGrading,
  ZGuidance,
  ZImportResult,
  ZLinkAssetsRequest,
  ZLinkedAsset,
  ZListRectificationQuery,
  ZListReviewsQuery,
  ZListSystemsQuery,
  ZOverdueByOrganisation,
  ZPutDeadlinesRequest,
  ZRectificationItem,
  ZReturnGradingRequest,
  ZReviewAssignment,
  ZSubmitGradingRequest,
  ZSystem,
  ZSystemDetail,
  ZUpdateRectificationItemRequest,
  ZUpdateExpertRequest,
  ZUpdateSystemRequest,
} from './dengbao.schemas'
import { MAX_IMPORT_BYTES, XLSX_MIME } from './dengbao-xlsx'

const tags = ['dengbao 等级保护']
const readers = roles('police', 'regulator', 'org_liaison', 'org_leader')
const maintainers = roles('org_liaison', 'police')
const base = '/api/v1/dengbao'

export function attachmentName(name: string): string {
  return `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '')}"; filename*=UTF-8''${encodeURIComponent(name)}`
}

const ZImportRequest = z.strictObject({
  fileName: z.string().max(255).optional(),
  /** the .xlsx file, base64-encoded */
  content: z
    .base64({ error: '须为 base64 编码的 .xlsx 文件 (the file, base64-encoded)' })
    .max(Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 4, {
      error: `文件超过 ${MAX_IMPORT_BYTES / 1024 / 1024} MB (the file is too large)`,
    }),
  /** validate only, write nothing */
  dryRun: z.boolean().default(false),
})

export function registerDengbaoRoutes(app: WanganApp, { dengbao, assets, files }: Services): void {
  const { systems, grading, assessments, deadlines, transfer } = dengbao

  app.route({
    method: 'GET',
    url: `${base}/guidance`,
    config: { access: roles('police', 'regulator', 'org_liaison', 'org_leader', 'expert') },
    schema: {
      tags,
      summary: '定级指引（GB/T 22240-2020） Grading guidance and matrix',
      response: { 200: ZGuidance },
    },
    handler: () => dengbao.guidance(),
  })

  // ---- systems ----
  app.route({
    method: 'GET',
    url: `${base}/systems`,
    config: { access: readers },
    schema: {
      tags,
      summary: '定级对象列表 Information systems the caller may see',
      querystring: ZListSystemsQuery,
      response: { 200: pageOf(ZSystem) },
    },
    handler: (request) => systems.list(request.ctx, request.query),
  })
  app.route({
    method: 'POST',
    url: `${base}/systems`,
    config: { access: maintainers },
    schema: {
      tags,
      summary: '登记定级对象 Register an information system',
      body: ZCreateSystemRequest,
      response: { 201: ZSystem },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await systems.create(request.ctx, request.body)),
  })
  app.route({
    method: 'GET',
    url: `${base}/systems/export.xlsx`,
    config: { access: readers },
    schema: {
      tags,
      summary: '导出定级备案台账 (XLSX) Export systems and filings',
      querystring: ZListSystemsQuery.omit({ page: true, pageSize: true }),
    },
    handler: async (request, reply) => {
      const file = await transfer.export(request.ctx, request.query)
      return reply
        .header('content-type', XLSX_MIME)
        .header('content-disposition', attachmentName('定级备案台账.xlsx'))
        .send(file)
    },
  })
  app.route({
    method: 'GET',
    url: `${base}/systems/import-template.xlsx`,
    config: { access: maintainers },
    schema: { tags, summary: '导入模板 (XLSX) Import template' },
    handler: async (_request, reply) =>
      reply
        .header('content-type', XLSX_MIME)
        .header('content-disposition', attachmentName('定级对象导入模板.xlsx'))
        .send(await transfer.template()),
  })
  app.route({
    method: 'POST',
    url: `${base}/systems/import`,
    config: { access: maintainers },
    bodyLimit: Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 64 * 1024,
    schema: {
      tags,
      summary: '导入定级对象及既有备案 (XLSX) Import systems and filings',
      description:
        '逐行校验；任何一行有问题则不写入，错误按“row N, column 表头”列出。备案列仅公安可导入。Validated row by row; nothing is written when any row has a problem.',
      body: ZImportRequest,
      response: { 200: ZImportResult },
    },
    handler: (request) =>
      transfer.import(request.ctx, Buffer.from(request.body.content, 'base64'), {
        dryRun: request.body.dryRun,
      }),
  })
  app.route({
    method: 'GET',
    url: `${base}/systems/:id`,
    config: { access: readers },
    schema: {
      tags,
      summary: '定级对象详情 A system with its gradings, assessments and what is due',
      params: ZIdParams,
      response: { 200: ZSystemDetail },
    },
    handler: (request) => systems.get(request.ctx, request.params.id),
  })
  app.route({
    method: 'PATCH',
    url: `${base}/systems/:id`,
    config: { access: maintainers },
    schema: {
      tags,
      summary: '修改定级对象 Update a system',
      params: ZIdParams,
      body: ZUpdateSystemRequest,
      response: { 200: ZSystemDetail },
    },
    handler: (request) => systems.update(request.ctx, request.params.id, request.body),
  })
  app.route({
    method: 'DELETE',
    url: `${base}/systems/:id`,
    config: { access: maintainers },
    schema: {
      tags,
      summary: '删除未定级的系统 Delete an ungraded system',
      params: ZIdParams,
      response: { 200: ZOk },
    },
    handler: async (request) => {
      await systems.remove(request.ctx, request.params.id)
      return { ok: true as const }
    },
  })

  app.route({
    method: 'PUT',
    url: `${base}/systems/:id/assets`,
    config: { access: roles('org_liaison') },
    schema: {
      tags,
      summary: '关联互联网资产 Link the system’s internet assets',
      params: ZIdParams,
      body: ZLinkAssetsRequest,
      response: { 200: z.array(ZLinkedAsset) },
    },
    handler: (request) => systems.linkAssets(request.ctx, request.params.id, request.body.assetIds, assets),
  })

  // ---- grading workflow ----
  app.route({
    method: 'POST',
    url: `${base}/systems/:id/gradings`,
    config: { access: roles('org_liaison') },
    schema: {
      tags,
      summary: '提交自主定级（含回头看） Submit a self-grading',
      params: ZIdParams,
      body: ZSubmitGradingRequest,
      response: { 201: ZGrading },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await grading.submit(request.ctx, request.params.id, request.body)),
  })
  app.route({
    method: 'GET',
    url: `${base}/gradings/:id/expert-pool`,
    config: { access: roles('police') },
    schema: {
      tags,
      summary: '可抽取的专家数 Size of the expert pool for a grading',
      params: ZIdParams,
      response: { 200: ZExpertPool },
    },
    handler: (request) => grading.expertPool(request.ctx, request.params.id),
  })
  app.route({
    method: 'POST',
    url: `${base}/gradings/:id/draw`,
    config: { access: roles('police') },
    schema: {
      tags,
      summary: '随机抽取评审专家 Draw experts at random',
      params: ZIdParams,
      body: ZDrawExpertsRequest,
      response: { 200: ZGrading },
    },
    handler: (request) => grading.drawExperts(request.ctx, request.params.id, request.body),
  })
  app.route({
    method: 'POST',
    url: `${base}/gradings/:id/draw-replacement`,
    config: { access: roles('police') },
    schema: {
      tags,
      summary:
        '补抽评审专家 Draw replacements for experts who declined (never anyone drawn for this round before)',
      params: ZIdParams,
      body: ZDrawReplacementRequest,
      response: { 200: ZGrading },
    },
    handler: (request) => grading.drawReplacement(request.ctx, request.params.id, request.body),
  })
  app.route({
    method: 'POST',
    url: `${base}/gradings/:id/approve`,
    config: { access: roles('regulator', 'org_leader') },
    schema: {
      tags,
      summary: '主管部门审核通过 Approve (supervising department)',
      params: ZIdParams,
      body: ZApproveGradingRequest,
      response: { 200: ZGrading },
    },
    handler: (request) => grading.approve(request.ctx, request.params.id, request.body),
  })
  app.route({
    method: 'POST',
    url: `${base}/gradings/:id/return`,
    config: { access: roles('police', 'regulator', 'org_leader') },
    schema: {
      tags,
      summary: '退回定级 Return a grading to the organisation',
      params: ZIdParams,
      body: ZReturnGradingRequest,
      response: { 200: ZGrading },
    },
    handler: (request) => grading.returnGrading(request.ctx, request.params.id, request.body),
  })
  app.route({
    method: 'POST',
    url: `${base}/gradings/:id/file`,
    config: { access: roles('police') },
    schema: {
      tags,
      summary: '公安备案 File a grading (filing number and date)',
      params: ZIdParams,
      body: ZFileGradingRequest,
      response: { 200: ZGrading },
    },
    handler: (request) => grading.file(request.ctx, request.params.id, request.body),
  })

  // ---- expert pool and reviews ----
  app.route({
    method: 'GET',
    url: `${base}/experts`,
    config: { access: roles('police') },
    schema: { tags, summary: '专家库 The expert pool', response: { 200: z.array(ZExpert) } },
    handler: (request) => dengbao.experts.list(request.ctx),
  })
  app.route({
    method: 'PUT',
    url: `${base}/experts/:id`,
    config: { access: roles('police') },
    schema: {
      tags,
      summary: '专家工作单位与专业 An expert’s affiliation and specialty',
      params: ZIdParams,
      body: ZUpdateExpertRequest,
      response: { 200: ZExpert },
    },
    handler: (request) => dengbao.experts.update(request.ctx, request.params.id, request.body),
  })
  app.route({
    method: 'GET',
    url: `${base}/reviews`,
    config: { access: roles('expert') },
    schema: {
      tags,
      summary: '我的评审任务 My review tasks',
      querystring: ZListReviewsQuery,
      response: { 200: pageOf(ZReviewAssignment) },
    },
    handler: (request) => grading.listReviews(request.ctx, request.query),
  })
  app.route({
    method: 'GET',
    url: `${base}/reviews/:id`,
    config: { access: roles('expert') },
    schema: {
      tags,
      summary: '评审任务 A review task',
      params: ZIdParams,
      response: { 200: ZReviewAssignment },
    },
    handler: (request) => grading.getReview(request.ctx, request.params.id),
  })
  app.route({
    method: 'POST',
    url: `${base}/reviews/:id/opinion`,
    config: { access: roles('expert') },
    schema: {
      tags,
      summary: '提交评审意见 Record my opinion',
      params: ZIdParams,
      body: ZExpertOpinionRequest,
      response: { 200: ZReviewAssignment },
    },
    handler: (request) => grading.answerReview(request.ctx, request.params.id, request.body),
  })
  app.route({
    method: 'POST',
    url: `${base}/reviews/:id/decline`,
    config: { access: roles('expert') },
    schema: {
      tags,
      summary: '回避 Decline a review, with the reason (before giving an opinion)',
      params: ZIdParams,
      body: ZDeclineReviewRequest,
      response: { 200: ZReviewAssignment },
    },
    handler: (request) => grading.declineReview(request.ctx, request.params.id, request.body),
  })

  // ---- assessments and rectification ----
  app.route({
    method: 'POST',
    url: `${base}/systems/:id/assessments`,
    config: { access: maintainers },
    schema: {
      tags,
      summary: '登记等级测评结果 Record an assessment',
      params: ZIdParams,
      body: ZCreateAssessmentRequest,
      response: { 201: ZAssessment },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await assessments.create(request.ctx, request.params.id, request.body)),
  })
  app.route({
    method: 'POST',
    url: `${base}/assessments/:id/report`,
    config: { access: maintainers },
    schema: {
      tags,
      summary:
        '上传测评报告 Upload the assessment report (multipart: the file; PDF, DOCX or ZIP, ≤ 50 MB; replaces an earlier one)',
      params: ZIdParams,
      consumes: ['multipart/form-data'],
      response: { 200: ZAssessment },
    },
    handler: async (request) => {
      const { file } = await receiveCheckedUpload(request, files, request.ctx, 'document', () =>
        assessments.checkReportUpload(request.ctx, request.params.id),
      )
      return assessments.attachReport(request.ctx, request.params.id, file)
    },
  })
  app.route({
    method: 'GET',
    url: `${base}/assessments/:id/report`,
    config: { access: readers },
    schema: {
      tags,
      summary: '下载测评报告 Download the assessment report (a PDF inline with ?inline=1)',
      params: ZIdParams,
      querystring: z.strictObject({ inline: z.enum(['1']).optional() }),
    },
    handler: async (request, reply) =>
      sendStoredFile(reply, await assessments.readReport(request.ctx, request.params.id), {
        inline: request.query.inline === '1',
      }),
  })
  app.route({
    method: 'POST',
    url: `${base}/assessments/:id/rectification-items`,
    config: { access: maintainers },
    schema: {
      tags,
      summary: '补充整改项 Add rectification items to an assessment',
      params: ZIdParams,
      body: ZAddRectificationItemsRequest,
      response: { 200: ZAssessment },
    },
    handler: (request) => assessments.addItems(request.ctx, request.params.id, request.body.issues),
  })
  app.route({
    method: 'GET',
    url: `${base}/rectification-items`,
    config: { access: readers },
    schema: {
      tags,
      summary: '整改项 Rectification items',
      querystring: ZListRectificationQuery,
      response: { 200: pageOf(ZRectificationItem) },
    },
    handler: (request) => assessments.listItems(request.ctx, request.query),
  })
  app.route({
    method: 'PATCH',
    url: `${base}/rectification-items/:id`,
    config: { access: maintainers },
    schema: {
      tags,
      summary: '整改进展 / 关闭整改项 Report progress, close or reopen',
      params: ZIdParams,
      body: ZUpdateRectificationItemRequest,
      response: { 200: ZRectificationItem },
    },
    handler: (request) => assessments.updateItem(request.ctx, request.params.id, request.body),
  })

  // ---- deadlines, due, overdue, dashboard ----
  app.route({
    method: 'GET',
    url: `${base}/deadlines`,
    config: { access: readers },
    schema: {
      tags,
      summary: '年度时限 Deadlines of a region and year',
      querystring: ZDeadlinesQuery,
      response: { 200: ZEffectiveDeadlines },
    },
    handler: (request) => deadlines.getDeadlines(request.ctx, request.query),
  })
  app.route({
    method: 'PUT',
    url: `${base}/deadlines`,
    config: { access: roles('police') },
    schema: {
      tags,
      summary: '设置年度时限 Set a region’s deadlines for a year',
      body: ZPutDeadlinesRequest,
      response: { 200: ZEffectiveDeadlines },
    },
    handler: (request) => deadlines.putDeadlines(request.ctx, request.body),
  })
  app.route({
    method: 'GET',
    url: `${base}/due`,
    config: { access: readers },
    schema: {
      tags,
      summary: '待办与到期事项 What is due (and overdue)',
      querystring: ZDueQuery,
      response: { 200: ZDueList },
    },
    handler: (request) => deadlines.listDue(request.ctx, request.query),
  })
  app.route({
    method: 'GET',
    url: `${base}/overdue`,
    config: { access: readers },
    schema: {
      tags,
      summary: '逾期清单（按单位） Overdue list by organisation',
      querystring: ZDueQuery,
      response: { 200: ZOverdueByOrganisation },
    },
    handler: (request) => deadlines.overdueByOrganisation(request.ctx, request.query),
  })
  app.route({
    method: 'GET',
    url: `${base}/dashboard`,
    config: { access: roles('police', 'regulator') },
    schema: {
      tags,
      summary: '等保工作看板 Region dashboard',
      querystring: ZDashboardQuery,
      response: { 200: ZDashboard },
    },
    handler: (request) => deadlines.dashboard(request.ctx, request.query),
  })
}
