import { z } from 'zod'
import { roles } from '../../http/access'
import type { WanganApp } from '../../http/app'
import { pageOf, ZIdParams } from '../../http/schemas'
import type { Services } from '../../services'
import {
  ZAssignTargetsRequest,
  ZCreateTeamRequest,
  ZCreateTestingCompanyRequest,
  ZInviteMemberRequest,
  ZInviteMemberResponse,
  ZListTestingCompaniesQuery,
  ZMemberParams,
  ZTeam,
  ZTestingCompany,
  ZUpdateTeamRequest,
  ZUpdateTestingCompanyRequest,
} from './teams.schemas'

const tags = ['teams 检测队']
const regulator = roles('regulator')

export function registerTeamRoutes(app: WanganApp, { teams }: Services): void {
  app.route({
    method: 'GET',
    url: '/api/v1/testing-companies',
    config: { access: roles('regulator', 'reviewer', 'retester') },
    schema: {
      tags,
      summary: '技术支撑机构名录 Testing companies of the region (seed 000 附件3)',
      querystring: ZListTestingCompaniesQuery,
      response: { 200: pageOf(ZTestingCompany) },
    },
    handler: (request) => teams.listCompanies(request.ctx, request.query),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/testing-companies',
    config: { access: regulator },
    schema: {
      tags,
      summary: '添加技术支撑机构 Add a testing company to the roster',
      body: ZCreateTestingCompanyRequest,
      response: { 201: ZTestingCompany },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await teams.createCompany(request.ctx, request.body)),
  })
  app.route({
    method: 'PATCH',
    url: '/api/v1/testing-companies/:id',
    config: { access: regulator },
    schema: {
      tags,
      summary: '修改技术支撑机构 Update a testing company',
      params: ZIdParams,
      body: ZUpdateTestingCompanyRequest,
      response: { 200: ZTestingCompany },
    },
    handler: (request) => teams.updateCompany(request.ctx, request.params.id, request.body),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/campaigns/:id/teams',
    config: { access: roles('regulator', 'reviewer', 'retester', 'team_lead', 'tester') },
    schema: {
      tags,
      summary: '检测队 Teams of a campaign (a team sees only itself)',
      params: ZIdParams,
      response: { 200: z.array(ZTeam) },
    },
    handler: (request) => teams.listTeams(request.ctx, request.params.id),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/campaigns/:id/teams',
    config: { access: regulator },
    schema: {
      tags,
      summary: '组建检测队 Create a team of a testing company for the campaign',
      params: ZIdParams,
      body: ZCreateTeamRequest,
      response: { 201: ZTeam },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await teams.createTeam(request.ctx, request.params.id, request.body)),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/teams/:id',
    config: { access: roles('regulator', 'reviewer', 'retester', 'team_lead', 'tester') },
    schema: { tags, summary: '检测队详情 Get a team', params: ZIdParams, response: { 200: ZTeam } },
    handler: (request) => teams.getTeam(request.ctx, request.params.id),
  })
  app.route({
    method: 'PATCH',
    url: '/api/v1/teams/:id',
    config: { access: regulator },
    schema: {
      tags,
      summary: '修改检测队 Rename a team or choose its lead',
      params: ZIdParams,
      body: ZUpdateTeamRequest,
      response: { 200: ZTeam },
    },
    handler: (request) => teams.updateTeam(request.ctx, request.params.id, request.body),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/teams/:id/members',
    config: { access: regulator },
    schema: {
      tags,
      summary: '邀请队员 Create a member account for the team (initial password shown once)',
      params: ZIdParams,
      body: ZInviteMemberRequest,
      response: { 201: ZInviteMemberResponse },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await teams.inviteMember(request.ctx, request.params.id, request.body)),
  })
  app.route({
    method: 'DELETE',
    url: '/api/v1/teams/:id/members/:userId',
    config: { access: regulator },
    schema: {
      tags,
      summary: '移除队员 Remove a member (the account is disabled)',
      params: ZMemberParams,
      response: { 200: ZTeam },
    },
    handler: (request) => teams.removeMember(request.ctx, request.params.id, request.params.userId),
  })
  app.route({
    method: 'PUT',
    url: '/api/v1/teams/:id/targets',
    config: { access: regulator },
    schema: {
      tags,
      summary: '分配检测目标 Assign targets to the team (empty: every target)',
      params: ZIdParams,
      body: ZAssignTargetsRequest,
      response: { 200: ZTeam },
    },
    handler: (request) =>
      teams.assignTargets(
        request.ctx,
        request.params.id,
        request.body.campaignTargetIds,
        request.body.version,
      ),
  })
}
