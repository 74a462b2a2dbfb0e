import { allRoles, roles } from '../../http/access'
import type { WanganApp } from '../../http/app'
import { ZIdParams, ZOk } from '../../http/schemas'
import type { Services } from '../../services'
import { z } from 'zod'
import { ZCreateRegionRequest, ZRegion, ZUpdateRegionRequest } from './regions.schemas'

const tags = ['regions 行政区划']

export function registerRegionRoutes(app: WanganApp, { regions }: Services): void {
  app.route({
    method: 'GET',
    url: '/api/v1/regions',
    config: { access: allRoles() },
    schema: {
      tags,
      summary: '行政区划（可见范围内） Regions the caller may see',
      response: { 200: z.array(ZRegion) },
    },
    handler: (request) => regions.list(request.ctx),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/regions/:id',
    config: { access: allRoles() },
    schema: { tags, summary: '行政区划详情 Get a region', params: ZIdParams, response: { 200: ZRegion } },
    handler: (request) => regions.get(request.ctx, request.params.id),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/regions',
    config: { access: roles('admin') },
    schema: {
      tags,
      summary: '新建行政区划 Create a region',
      body: ZCreateRegionRequest,
      response: { 201: ZRegion },
    },
    handler: async (request, reply) => reply.code(201).send(await regions.create(request.ctx, request.body)),
  })
  app.route({
    method: 'PATCH',
    url: '/api/v1/regions/:id',
    config: { access: roles('admin') },
    schema: {
      tags,
      summary: '修改行政区划 Update a region',
      params: ZIdParams,
      body: ZUpdateRegionRequest,
      response: { 200: ZRegion },
    },
    handler: (request) => regions.update(request.ctx, request.params.id, request.body),
  })
  app.route({
    method: 'DELETE',
    url: '/api/v1/regions/:id',
    config: { access: roles('admin') },
    schema: {
      tags,
      summary: '删除行政区划 Delete an unused region',
      params: ZIdParams,
      response: { 200: ZOk },
    },
    handler: async (request) => {
      await regions.remove(request.ctx, request.params.id)
      return { ok: true as const }
    },
  })
}
