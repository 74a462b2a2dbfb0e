import { z } from 'zod'
import { roles } from '../../http/access'
import type { WanganApp } from '../../http/app'
import { receiveUpload, sendStoredFile } from '../../http/files'
import { ZIdParams } from '../../http/schemas'
import type { Services } from '../../services'
import { ZDelivery } from '../delivery/delivery.schemas'
import {
  ZBoard,
  ZDeliveryParams,
  ZInbox,
  ZIssueNoticeRequest,
  ZListNoticesQuery,
  ZNoticeDetail,
  ZNoticeFileParams,
  ZNoticePage,
  ZNoticeSettings,
  ZNoticeSettingsRequest,
  ZStoredFileRef,
  ZTemplatePreview,
  ZTemplatePreviewRequest,
} from './notices.schemas'

const tags = ['notices 通报']
/** Who may read notices at all; which ones each sees is the service's rule (SPEC §2). */
const readers = roles('regulator', 'reviewer', 'retester', 'org_liaison', 'org_leader')
const issuers = roles('regulator', 'reviewer')
const liaison = roles('org_liaison')

export function registerNoticeRoutes(app: WanganApp, { notices, delivery, files }: Services): void {
  app.route({
    method: 'GET',
    url: '/api/v1/notice-settings',
    config: { access: issuers },
    schema: {
      tags,
      summary: '通报设置 Document numbering, escalation and message templates of your region',
      response: { 200: ZNoticeSettings },
    },
    handler: (request) => notices.getSettings(request.ctx),
  })
  app.route({
    method: 'PUT',
    url: '/api/v1/notice-settings',
    config: { access: roles('regulator') },
    schema: {
      tags,
      summary: '保存通报设置 Save your region’s numbering pattern, escalation delay and templates',
      body: ZNoticeSettingsRequest,
      response: { 200: ZNoticeSettings },
    },
    handler: (request) => notices.updateSettings(request.ctx, request.body),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/notice-settings/preview',
    config: { access: roles('regulator') },
    schema: {
      tags,
      summary: '模板预览 Render a template draft with sample values',
      body: ZTemplatePreviewRequest,
      response: { 200: ZTemplatePreview },
    },
    handler: (request) => notices.previewTemplate(request.body),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/notices',
    config: { access: readers },
    schema: {
      tags,
      summary: '通报列表 Notices (an organisation sees only its own)',
      querystring: ZListNoticesQuery,
      response: { 200: ZNoticePage },
    },
    handler: (request) => notices.list(request.ctx, request.query),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/notices',
    config: { access: issuers },
    schema: {
      tags,
      summary: '下发通报 Issue a notice to one organisation for verified findings (queues SMS and e-mail)',
      body: ZIssueNoticeRequest,
      response: { 201: ZNoticeDetail },
    },
    handler: async (request, reply) => reply.code(201).send(await notices.issue(request.ctx, request.body)),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/notices/:id',
    config: { access: readers },
    schema: {
      tags,
      summary:
        '通报详情 A notice with its findings, delivery status, reports, appeals, re-tests and timeline',
      params: ZIdParams,
      response: { 200: ZNoticeDetail },
    },
    handler: (request) => notices.get(request.ctx, request.params.id),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/notices/:id/document',
    config: { access: readers },
    schema: { tags, summary: '下载通报文件 The notice as a DOCX document', params: ZIdParams },
    handler: async (request, reply) =>
      sendStoredFile(reply, await notices.document(request.ctx, request.params.id)),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/notices/:id/acknowledge',
    config: { access: liaison },
    schema: {
      tags,
      summary: '签收通报 Acknowledge the notice (read receipt; stops the escalation)',
      params: ZIdParams,
      response: { 200: ZNoticeDetail },
    },
    handler: (request) => notices.acknowledge(request.ctx, request.params.id),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/notices/:id/uploads',
    config: { access: liaison },
    schema: {
      tags,
      summary:
        '上传附件 Upload an attachment for a report or an appeal (multipart; a stamped scanned PDF is fine)',
      params: ZIdParams,
      consumes: ['multipart/form-data'],
      response: { 201: ZStoredFileRef },
    },
    handler: async (request, reply) => {
      // Refuse before reading the upload: nobody fills the store through a notice they may not touch.
      await notices.assertCanUpload(request.ctx, request.params.id)
      const { file } = await receiveUpload(request, files, request.ctx, 'attachment')
      return reply.code(201).send(await notices.recordUpload(request.ctx, request.params.id, file))
    },
  })
  app.route({
    method: 'GET',
    url: '/api/v1/notices/:id/files/:fileId',
    config: { access: readers },
    schema: {
      tags,
      summary:
        '下载附件 An attachment of the notice’s reports or appeals (PDF and images inline with ?inline=1)',
      params: ZNoticeFileParams,
      querystring: z.strictObject({ inline: z.enum(['1']).optional() }),
    },
    handler: async (request, reply) =>
      sendStoredFile(reply, await notices.readUpload(request.ctx, request.params.id, request.params.fileId), {
        inline: request.query.inline === '1',
      }),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/notices/:id/deliveries/:deliveryId/retry',
    config: { access: issuers },
    schema: {
      tags,
      summary: '重新发送 Put a failed delivery back in the queue',
      params: ZDeliveryParams,
      response: { 200: ZDelivery },
    },
    handler: async (request) => {
      await notices.assertRegulatorOf(request.ctx, request.params.id)
      return delivery.retry(request.ctx, request.params.id, request.params.deliveryId)
    },
  })
  app.route({
    method: 'GET',
    url: '/api/v1/notice-board',
    config: { access: roles('regulator', 'reviewer', 'retester') },
    schema: {
      tags,
      summary:
        '整改期限看板 Open notices by time since issue (≤24 h, ≤48 h, ≤72 h, later), overdue highlighted',
      response: { 200: ZBoard },
    },
    handler: (request) => notices.board(request.ctx),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/inbox',
    config: { access: roles('org_liaison', 'org_leader') },
    schema: {
      tags,
      summary: '单位收件箱 The organisation’s notices, open items with deadlines, and messages',
      response: { 200: ZInbox },
    },
    handler: (request) => notices.inbox(request.ctx),
  })
}
