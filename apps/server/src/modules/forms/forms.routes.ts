import { z } from 'zod'
import { roles } from '../../http/access'
import type { WanganApp } from '../../http/app'
import { receiveUpload, sendStoredFile } from '../../http/files'
import { ZIdParams } from '../../http/schemas'
import type { Services } from '../../services'
import { attachmentName } from '../dengbao/dengbao.routes'
import { XLSX_MIME } from '../dengbao/dengbao-xlsx'
import { DOCX_MIME } from '../inspections/report-docx'
import { formDocument, formDocumentName, formsWorkbook } from './forms.documents'
import {
  FORM_TITLES,
  ZCampaignForms,
  ZCampaignKindParams,
  ZCreateFormRequest,
  ZExportQuery,
  ZForm,
  ZFormAttachmentParams,
  ZFormDeadline,
  ZListFormsQuery,
  ZReturnFormRequest,
  ZSetDeadlineRequest,
  ZUpdateFormRequest,
  ZVersionRequest,
} from './forms.schemas'

const tags = ['forms 自查报告、服务评价表、工作总结']
/** Who a campaign's forms concern: the regulator's side reads, organisations file their own. */
const readers = roles('regulator', 'reviewer', 'retester', 'org_liaison', 'org_leader')
const liaison = roles('org_liaison')
const regulator = roles('regulator')

export function registerFormRoutes(app: WanganApp, { forms, files }: Services): void {
  app.route({
    method: 'GET',
    url: '/api/v1/campaigns/:id/forms',
    config: { access: readers },
    schema: {
      tags,
      summary: '专项行动的报送材料、截止时间与报送情况 Forms, deadlines and who has filed',
      params: ZIdParams,
      querystring: ZListFormsQuery,
      response: { 200: ZCampaignForms },
    },
    handler: (request) => forms.list(request.ctx, request.params.id, request.query.kind),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/campaigns/:id/forms',
    config: { access: liaison },
    schema: {
      tags,
      summary: '新建材料草稿 Start a form (the organisation’s liaison)',
      params: ZIdParams,
      body: ZCreateFormRequest,
      response: { 201: ZForm },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await forms.create(request.ctx, request.params.id, request.body)),
  })
  app.route({
    method: 'PUT',
    url: '/api/v1/campaigns/:id/form-deadlines/:kind',
    config: { access: regulator },
    schema: {
      tags,
      summary: '设置报送截止时间与提醒 Set a form’s deadline and reminder',
      params: ZCampaignKindParams,
      body: ZSetDeadlineRequest,
      response: { 200: z.array(ZFormDeadline) },
    },
    handler: (request) =>
      forms.setDeadline(request.ctx, request.params.id, request.params.kind, request.body),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/campaigns/:id/forms/export.xlsx',
    config: { access: roles('regulator', 'reviewer', 'retester') },
    schema: {
      tags,
      summary: '导出某类材料 (XLSX) Export every form of a kind',
      params: ZIdParams,
      querystring: ZExportQuery,
    },
    handler: async (request, reply) => {
      const { campaign, rows } = await forms.forExport(request.ctx, request.params.id, request.query.kind)
      return reply
        .header('content-type', XLSX_MIME)
        .header(
          'content-disposition',
          attachmentName(`${campaign.name}${FORM_TITLES[request.query.kind].zh}.xlsx`),
        )
        .send(await formsWorkbook(campaign.name, request.query.kind, rows))
    },
  })
  app.route({
    method: 'GET',
    url: '/api/v1/forms/:id',
    config: { access: readers },
    schema: { tags, summary: '材料详情 A form', params: ZIdParams, response: { 200: ZForm } },
    handler: (request) => forms.get(request.ctx, request.params.id),
  })
  app.route({
    method: 'PATCH',
    url: '/api/v1/forms/:id',
    config: { access: liaison },
    schema: {
      tags,
      summary: '保存草稿 Save a draft (a draft may be incomplete)',
      params: ZIdParams,
      body: ZUpdateFormRequest,
      response: { 200: ZForm },
    },
    handler: (request) => forms.update(request.ctx, request.params.id, request.body),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/forms/:id/submit',
    config: { access: liaison },
    schema: {
      tags,
      summary: '报送 Submit (every field filled)',
      params: ZIdParams,
      body: ZVersionRequest,
      response: { 200: ZForm },
    },
    handler: (request) => forms.submit(request.ctx, request.params.id, request.body.version),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/forms/:id/return',
    config: { access: regulator },
    schema: {
      tags,
      summary: '退回修改 Return a submitted form with a reason',
      params: ZIdParams,
      body: ZReturnFormRequest,
      response: { 200: ZForm },
    },
    handler: (request) => forms.returnForm(request.ctx, request.params.id, request.body),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/forms/:id/document.docx',
    config: { access: readers },
    schema: { tags, summary: '材料文档 (DOCX) The form as a document', params: ZIdParams },
    handler: async (request, reply) => {
      const form = await forms.forDocument(request.ctx, request.params.id)
      return reply
        .header('content-type', DOCX_MIME)
        .header('content-disposition', attachmentName(formDocumentName(form)))
        .send(await formDocument(form))
    },
  })
  app.route({
    method: 'POST',
    url: '/api/v1/forms/:id/attachments',
    config: { access: liaison },
    schema: {
      tags,
      summary: '上传附件（盖章扫描件 PDF 等） Attach a file (multipart; the stamped scan)',
      params: ZIdParams,
      consumes: ['multipart/form-data'],
      response: { 200: ZForm },
    },
    handler: async (request) => {
      await forms.assertCanAttach(request.ctx, request.params.id)
      const { file } = await receiveUpload(request, files, request.ctx, 'attachment')
      return forms.attach(request.ctx, request.params.id, file)
    },
  })
  app.route({
    method: 'GET',
    url: '/api/v1/forms/:id/attachments/:attachmentId',
    config: { access: readers },
    schema: {
      tags,
      summary: '下载附件 Download an attachment (PDF and images inline with ?inline=1)',
      params: ZFormAttachmentParams,
      querystring: z.strictObject({ inline: z.enum(['1']).optional() }),
    },
    handler: async (request, reply) => {
      const stored = await forms.readAttachment(request.ctx, request.params.id, request.params.attachmentId)
      return sendStoredFile(reply, stored, { inline: request.query.inline === '1' })
    },
  })
  app.route({
    method: 'DELETE',
    url: '/api/v1/forms/:id/attachments/:attachmentId',
    config: { access: liaison },
    schema: {
      tags,
      summary: '删除附件 Remove an attachment (before submission)',
      params: ZFormAttachmentParams,
      response: { 200: ZForm },
    },
    handler: (request) => forms.removeAttachment(request.ctx, request.params.id, request.params.attachmentId),
  })
}
