import { roles } from '../../http/access'
import type { WanganApp } from '../../http/app'
import type { Services } from '../../services'
import { ZNoticeDetail, ZRetestQueue, ZRetestQueueQuery, ZRetestRequest } from '../notices/notices.schemas'

const tags = ['retests 复测']

export function registerRetestRoutes(app: WanganApp, { retests }: Services): void {
  app.route({
    method: 'GET',
    url: '/api/v1/retests/queue',
    config: { access: roles('retester', 'regulator', 'reviewer') },
    schema: {
      tags,
      summary:
        '复测队列 Submitted rectifications awaiting re-test, with the report and the original evidence',
      querystring: ZRetestQueueQuery,
      response: { 200: ZRetestQueue },
    },
    handler: (request) => retests.queue(request.ctx, request.query),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/retests',
    config: { access: roles('retester') },
    schema: {
      tags,
      summary:
        '记录复测结果 Fixed (fix time = the report’s time) or not fixed with a reason (returned, organisation told)',
      body: ZRetestRequest,
      response: { 200: ZNoticeDetail },
    },
    handler: (request) => retests.record(request.ctx, request.body),
  })
}
