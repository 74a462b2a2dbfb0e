import { z } from 'zod'
import { roles } from '../../http/access'
import type { WanganApp } from '../../http/app'
import { pageOf, ZIdParams, ZOk } from '../../http/schemas'
import type { Services } from '../../services'
import {
  ZAddTargetsRequest,
  ZAddTargetsResponse,
  ZCampaign,
  ZCampaignBoard,
  ZCampaignDetail,
  ZCampaignTarget,
  ZCampaignTemplate,
  ZCreateCampaignRequest,
  ZListCampaignsQuery,
  ZPhaseParams,
  ZTargetParams,
  ZTemplatesQuery,
  ZUpdateCampaignRequest,
  ZUpdatePhaseRequest,
  ZVersionRequest,
} from './campaigns.schemas'

const tags = ['campaigns 专项行动']
const regulator = roles('regulator')
/** Everyone a campaign concerns: the regulator's side, its teams, its target organisations. */
const campaignReaders = roles(
  'regulator',
  'reviewer',
  'retester',
  'team_lead',
  'tester',
  'org_liaison',
  'org_leader',
)

export function registerCampaignRoutes(app: WanganApp, { campaigns, clock }: Services): void {
  app.route({
    method: 'GET',
    url: '/api/v1/campaign-templates',
    config: { access: regulator },
    schema: {
      tags,
      summary: '专项行动模板 Campaign templates with their phases for a year',
      querystring: ZTemplatesQuery,
      response: { 200: z.array(ZCampaignTemplate) },
    },
    handler: (request) => campaigns.templates(request.query.year ?? clock.now().getUTCFullYear()),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/campaigns',
    config: { access: campaignReaders },
    schema: {
      tags,
      summary: '专项行动列表 List campaigns',
      querystring: ZListCampaignsQuery,
      response: { 200: pageOf(ZCampaign) },
    },
    handler: (request) => campaigns.list(request.ctx, request.query),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/campaigns',
    config: { access: regulator },
    schema: {
      tags,
      summary: '创建专项行动 Create a campaign from a template',
      body: ZCreateCampaignRequest,
      response: { 201: ZCampaignDetail },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await campaigns.create(request.ctx, request.body)),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/campaigns/:id',
    config: { access: campaignReaders },
    schema: {
      tags,
      summary: '专项行动详情 Get a campaign with its phases',
      params: ZIdParams,
      response: { 200: ZCampaignDetail },
    },
    handler: (request) => campaigns.get(request.ctx, request.params.id),
  })
  app.route({
    method: 'PATCH',
    url: '/api/v1/campaigns/:id',
    config: { access: regulator },
    schema: {
      tags,
      summary: '修改专项行动 Update a campaign (name, description, scoring standards)',
      params: ZIdParams,
      body: ZUpdateCampaignRequest,
      response: { 200: ZCampaignDetail },
    },
    handler: (request) => campaigns.update(request.ctx, request.params.id, request.body),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/campaigns/:id/activate',
    config: { access: regulator },
    schema: {
      tags,
      summary: '启动专项行动 Start a campaign (draft → active)',
      params: ZIdParams,
      body: ZVersionRequest,
      response: { 200: ZCampaignDetail },
    },
    handler: (request) => campaigns.setStatus(request.ctx, request.params.id, 'active', request.body.version),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/campaigns/:id/close',
    config: { access: regulator },
    schema: {
      tags,
      summary: '结束专项行动 Close a campaign (active → closed)',
      params: ZIdParams,
      body: ZVersionRequest,
      response: { 200: ZCampaignDetail },
    },
    handler: (request) => campaigns.setStatus(request.ctx, request.params.id, 'closed', request.body.version),
  })
  app.route({
    method: 'PATCH',
    url: '/api/v1/campaigns/:id/phases/:phaseId',
    config: { access: regulator },
    schema: {
      tags,
      summary: '调整阶段时间 Move a phase (the testing phase is the testing window)',
      params: ZPhaseParams,
      body: ZUpdatePhaseRequest,
      response: { 200: ZCampaignDetail },
    },
    handler: (request) =>
      campaigns.updatePhase(request.ctx, request.params.id, request.params.phaseId, request.body),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/campaigns/:id/board',
    config: { access: roles('regulator', 'reviewer', 'retester') },
    schema: {
      tags,
      summary: '阶段看板 Status board per phase',
      params: ZIdParams,
      response: { 200: ZCampaignBoard },
    },
    handler: (request) => campaigns.board(request.ctx, request.params.id),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/campaigns/:id/targets',
    config: { access: campaignReaders },
    schema: {
      tags,
      summary: '被检测单位 Target organisations (a team sees its assigned ones)',
      params: ZIdParams,
      response: { 200: z.array(ZCampaignTarget) },
    },
    handler: (request) => campaigns.listTargets(request.ctx, request.params.id),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/campaigns/:id/targets',
    config: { access: regulator },
    schema: {
      tags,
      summary: '添加被检测单位 Add target organisations from the registry (snapshotted)',
      params: ZIdParams,
      body: ZAddTargetsRequest,
      response: { 200: ZAddTargetsResponse },
    },
    handler: (request) => campaigns.addTargets(request.ctx, request.params.id, request.body.organisationIds),
  })
  app.route({
    method: 'DELETE',
    url: '/api/v1/campaigns/:id/targets/:targetId',
    config: { access: regulator },
    schema: {
      tags,
      summary: '移出被检测单位 Remove a target organisation (only without findings)',
      params: ZTargetParams,
      response: { 200: ZOk },
    },
    handler: async (request) => {
      await campaigns.removeTarget(request.ctx, request.params.id, request.params.targetId)
      return { ok: true as const }
    },
  })
}
