import { z } from 'zod'
import { roles } from '../../http/access'
import type { WanganApp } from '../../http/app'
import { pageOf, ZIdParams } from '../../http/schemas'
import type { Services } from '../../services'
import {
  ZCreateUserRequest,
  ZCreateUserResponse,
  ZListUsersQuery,
  ZResetPasswordResponse,
  ZUpdateUserRequest,
  ZUser,
} from './users.schemas'

const tags = ['users 用户管理']
const admin = roles('admin')

export function registerUserRoutes(app: WanganApp, { users }: Services): void {
  app.route({
    method: 'GET',
    url: '/api/v1/users',
    config: { access: admin },
    schema: {
      tags,
      summary: '用户列表 List users',
      querystring: ZListUsersQuery,
      response: { 200: pageOf(ZUser) },
    },
    handler: (request) => users.list(request.ctx, request.query),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/users',
    config: { access: admin },
    schema: {
      tags,
      summary: '创建用户 Create a user (a generated initial password is returned once)',
      body: ZCreateUserRequest,
      response: { 201: ZCreateUserResponse },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await users.create(request.ctx, request.body, { mustChangePassword: true })),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/users/:id',
    config: { access: admin },
    schema: { tags, summary: '用户详情 Get a user', params: ZIdParams, response: { 200: ZUser } },
    handler: (request) => users.get(request.ctx, request.params.id),
  })
  app.route({
    method: 'PATCH',
    url: '/api/v1/users/:id',
    config: { access: admin },
    schema: {
      tags,
      summary: '修改用户 Update a user',
      params: ZIdParams,
      body: ZUpdateUserRequest,
      response: { 200: ZUser },
    },
    handler: (request) => users.update(request.ctx, request.params.id, request.body),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/users/:id/disable',
    config: { access: admin },
    schema: { tags, summary: '停用用户 Disable a user', params: ZIdParams, response: { 200: ZUser } },
    handler: (request) => users.setDisabled(request.ctx, request.params.id, true),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/users/:id/enable',
    config: { access: admin },
    schema: { tags, summary: '启用用户 Enable a user', params: ZIdParams, response: { 200: ZUser } },
    handler: (request) => users.setDisabled(request.ctx, request.params.id, false),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/users/:id/reset-password',
    config: { access: admin },
    schema: {
      tags,
      summary: '重置密码 Reset a password (a temporary password is returned once)',
      params: ZIdParams,
      body: z.strictObject({}).optional(),
      response: { 200: ZResetPasswordResponse },
    },
    handler: (request) => users.resetPassword(request.ctx, request.params.id),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/users/:id/reset-totp',
    config: { access: admin },
    schema: {
      tags,
      summary: '重置双因素认证 Remove a user’s second factor',
      params: ZIdParams,
      response: { 200: ZUser },
    },
    handler: (request) => users.resetTotp(request.ctx, request.params.id),
  })
}
