import { roles } from '../../http/access'
import type { WanganApp } from '../../http/app'
import { ZIdParams } from '../../http/schemas'
import type { Services } from '../../services'
import {
  ZAppealDecisionRequest,
  ZAppealPage,
  ZAppealRequest,
  ZAppealView,
  ZListAppealsQuery,
  ZNoticeDetail,
} from '../notices/notices.schemas'

const tags = ['appeals 申诉']

export function registerAppealRoutes(app: WanganApp, { appeals }: Services): void {
  app.route({
    method: 'POST',
    url: '/api/v1/notices/:id/appeals',
    config: { access: roles('org_liaison') },
    schema: {
      tags,
      summary:
        '提出申诉 Appeal a notified finding (not our asset, false positive) with a reason and attachments',
      params: ZIdParams,
      body: ZAppealRequest,
      response: { 200: ZNoticeDetail },
    },
    handler: (request) => appeals.submit(request.ctx, request.params.id, request.body),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/appeals',
    config: { access: roles('regulator', 'reviewer', 'org_liaison', 'org_leader') },
    schema: {
      tags,
      summary: '申诉列表 Appeals (pending by default)',
      querystring: ZListAppealsQuery,
      response: { 200: ZAppealPage },
    },
    handler: (request) => appeals.list(request.ctx, request.query),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/appeals/:id/decision',
    config: { access: roles('reviewer') },
    schema: {
      tags,
      summary:
        '处理申诉 Uphold the finding or withdraw it (it then leaves every score); the organisation is told',
      params: ZIdParams,
      body: ZAppealDecisionRequest,
      response: { 200: ZAppealView },
    },
    handler: (request) => appeals.decide(request.ctx, request.params.id, request.body),
  })
}
