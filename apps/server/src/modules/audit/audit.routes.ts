import { z } from 'zod'
import { roles } from '../../http/access'
import type { WanganApp } from '../../http/app'
import { pageOf, ZIsoDateTime, ZPageQuery } from '../../http/schemas'
import type { Services } from '../../services'

const tags = ['audit 审计日志']

export const ZAuditEvent = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorUsername: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  objectType: z.string(),
  objectId: z.string().nullable(),
  summary: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  hash: z.string(),
})

const ZAuditQuery = z.strictObject({
  ...ZPageQuery,
  actor: z.string().trim().max(64).optional(),
  action: z.string().trim().max(64).optional(),
  objectType: z.string().trim().max(64).optional(),
  objectId: z.string().trim().max(64).optional(),
  from: ZIsoDateTime.optional(),
  to: ZIsoDateTime.optional(),
})

export function registerAuditRoutes(app: WanganApp, { audit }: Services): void {
  app.route({
    method: 'GET',
    url: '/api/v1/audit-events',
    config: { access: roles('auditor', 'admin') },
    schema: {
      tags,
      summary: '审计日志 Audit trail',
      querystring: ZAuditQuery,
      response: { 200: pageOf(ZAuditEvent) },
    },
    handler: async (request) => {
      const q = request.query
      const { items, total } = await audit.list({
        actor: q.actor,
        action: q.action,
        objectType: q.objectType,
        objectId: q.objectId,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
        page: q.page,
        pageSize: q.pageSize,
      })
      return {
        items: items
          .map((e) => ({ ...e, at: e.at.toISOString() }))
          .map(({ prevHash: _prev, ...rest }) => rest),
        total,
        page: q.page,
        pageSize: q.pageSize,
      }
    },
  })
  app.route({
    method: 'GET',
    url: '/api/v1/audit-events/verify',
    config: { access: roles('auditor', 'admin') },
    schema: {
      tags,
      summary: '校验审计日志完整性 Verify the audit hash chain',
      response: {
        200: z.object({
          ok: z.boolean(),
          checked: z.number().int(),
          problem: z.object({ seq: z.number().int(), kind: z.string(), message: z.string() }).optional(),
        }),
      },
    },
    handler: () => audit.verify(),
  })
}
