import { roles } from '../../http/access'
import type { WanganApp } from '../../http/app'
import { ZIdParams } from '../../http/schemas'
import type { Services } from '../../services'
import { ZNoticeDetail, ZRectificationRequest } from '../notices/notices.schemas'

export function registerRectificationRoutes(app: WanganApp, { rectification }: Services): void {
  app.route({
    method: 'POST',
    url: '/api/v1/notices/:id/rectifications',
    config: { access: roles('org_liaison') },
    schema: {
      tags: ['rectification 整改'],
      summary:
        '提交整改报告 Report the rectification of some or all findings of a notice (shell paths removed, attachments)',
      params: ZIdParams,
      body: ZRectificationRequest,
      response: { 200: ZNoticeDetail },
    },
    handler: (request) => rectification.submit(request.ctx, request.params.id, request.body),
  })
}
