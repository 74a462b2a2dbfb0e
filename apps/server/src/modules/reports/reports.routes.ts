import { roles } from '../../http/access'
import type { WanganApp } from '../../http/app'
import { ZIdParams } from '../../http/schemas'
import type { Services } from '../../services'
import { attachmentName } from '../dengbao/dengbao.routes'
import { XLSX_MIME } from '../dengbao/dengbao-xlsx'
import { DOCX_MIME } from '../inspections/report-docx'
import { ZCampaignDashboard, ZDocumentQuery } from './reports.schemas'

const tags = ['reports 通报与复盘总结']
/** The regulator's side of the campaign's region; the service checks the region. */
const regulatorSide = roles('regulator', 'reviewer', 'retester')

export function registerReportRoutes(app: WanganApp, { reports }: Services): void {
  app.route({
    method: 'GET',
    url: '/api/v1/campaigns/:id/dashboard',
    config: { access: regulatorSide },
    schema: {
      tags,
      summary: '专项行动看板数据 Campaign dashboard figures',
      params: ZIdParams,
      response: { 200: ZCampaignDashboard },
    },
    handler: (request) => reports.dashboard(request.ctx, request.params.id),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/campaigns/:id/reports/ranking.xlsx',
    config: { access: regulatorSide },
    schema: { tags, summary: '评分排名表 (XLSX) The ranking table', params: ZIdParams },
    handler: async (request, reply) => {
      const file = await reports.rankingWorkbook(request.ctx, request.params.id)
      return reply
        .header('content-type', XLSX_MIME)
        .header('content-disposition', attachmentName(file.name))
        .send(file.content)
    },
  })
  app.route({
    method: 'GET',
    url: '/api/v1/campaigns/:id/reports/bulletin.docx',
    config: { access: regulatorSide },
    schema: {
      tags,
      summary: '评分通报 (DOCX) The score bulletin: ranking and each organisation’s deductions',
      params: ZIdParams,
      querystring: ZDocumentQuery,
    },
    handler: async (request, reply) => {
      const file = await reports.bulletin(request.ctx, request.params.id, request.query.documentNumber)
      return reply
        .header('content-type', DOCX_MIME)
        .header('content-disposition', attachmentName(file.name))
        .send(file.content)
    },
  })
  app.route({
    method: 'GET',
    url: '/api/v1/campaigns/:id/reports/summary.docx',
    config: { access: regulatorSide },
    schema: {
      tags,
      summary: '复盘总结报告 (DOCX) The campaign summary report with charts',
      params: ZIdParams,
      querystring: ZDocumentQuery,
    },
    handler: async (request, reply) => {
      const file = await reports.summary(request.ctx, request.params.id, request.query.documentNumber)
      return reply
        .header('content-type', DOCX_MIME)
        .header('content-disposition', attachmentName(file.name))
        .send(file.content)
    },
  })
}
