import { z } from 'zod'
import { roles } from '../../http/access'
import type { WanganApp } from '../../http/app'
import type { Services } from '../../services'
import { ZRole } from '../users/users.schemas'
import { isDemoLoaded, loadDemo } from './demo.service'

const tags = ['demo 演示数据']

export function registerDemoRoutes(app: WanganApp, services: Services): void {
  app.route({
    method: 'GET',
    url: '/api/v1/demo',
    config: { access: roles('admin') },
    schema: {
      tags,
      summary: '演示数据状态 Is the demo region loaded?',
      response: { 200: z.object({ loaded: z.boolean() }) },
    },
    handler: async () => ({ loaded: await isDemoLoaded(services) }),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/demo/load',
    config: { access: roles('admin') },
    schema: {
      tags,
      summary:
        '加载演示数据 Load the demo region 常州市 (first-run wizard); demo passwords are returned once',
      response: {
        200: z.object({
          region: z.object({ id: z.uuid(), name: z.string() }),
          organisations: z.number().int(),
          users: z.array(
            z.object({ role: ZRole, username: z.string(), password: z.string(), displayName: z.string() }),
          ),
        }),
      },
    },
    handler: (request) => loadDemo(services, request.ctx),
  })
}
