import { Readable } from 'node:stream'
import { z } from 'zod'
import { roles } from '../../http/access'
import type { WanganApp } from '../../http/app'
import { pageOf, ZIdParams } from '../../http/schemas'
import type { Services } from '../../services'
import {
  ZCampaignParams,
  ZCreatePauseRequest,
  ZDecideViolationRequest,
  ZExportRecordsQuery,
  ZGatewayMonitor,
  ZGatewayPause,
  ZGatewayProfile,
  ZGatewayRecord,
  ZGatewaySettings,
  ZGatewayToken,
  ZGatewayViolation,
  ZIssuedGatewayToken,
  ZListPausesQuery,
  ZListRecordsQuery,
  ZListTokensQuery,
  ZListViolationsQuery,
  ZRevokeTokenRequest,
  ZTeamMetrics,
  ZUpdateSettingsRequest,
} from './gateway.schemas'

const tags = ['gateway 测试网关']
const testers = roles('team_lead', 'tester')
const tokenHolders = roles('team_lead', 'tester', 'regulator')
const supervisors = roles('regulator', 'reviewer')
const regulator = roles('regulator')
const readers = roles('regulator', 'reviewer', 'team_lead', 'tester')
const violationReaders = roles('regulator', 'reviewer', 'team_lead')

export function registerGatewayRoutes(app: WanganApp, { gateway }: Services): void {
  app.route({
    method: 'GET',
    url: '/api/v1/gateway/me',
    config: { access: testers },
    schema: {
      tags,
      summary: '我的测试网关 The caller’s gateway: campaign window, token, pause, ports',
      response: { 200: ZGatewayProfile },
    },
    handler: (request) => gateway.profile(request.ctx),
  })

  // ---------------------------------------------------------------- tokens
  app.route({
    method: 'POST',
    url: '/api/v1/gateway/tokens',
    config: { access: testers },
    schema: {
      tags,
      summary: '申请网关令牌 Issue the caller’s gateway token (shown once)',
      body: z.strictObject({}).optional(),
      response: { 201: ZIssuedGatewayToken },
    },
    handler: async (request, reply) => reply.code(201).send(await gateway.issueToken(request.ctx)),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/gateway/tokens',
    config: { access: tokenHolders },
    schema: {
      tags,
      summary: '网关令牌列表 List gateway tokens (own, team’s, or a campaign’s)',
      querystring: ZListTokensQuery,
      response: { 200: z.array(ZGatewayToken) },
    },
    handler: (request) => gateway.listTokens(request.ctx, request.query),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/gateway/tokens/:id/revoke',
    config: { access: tokenHolders },
    schema: {
      tags,
      summary: '吊销网关令牌 Revoke a token (its connections close at once)',
      params: ZIdParams,
      body: ZRevokeTokenRequest,
      response: { 200: ZGatewayToken },
    },
    handler: (request) => gateway.revokeToken(request.ctx, request.params.id, request.body),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/gateway/tokens/:id/rotate',
    config: { access: testers },
    schema: {
      tags,
      summary: '轮换网关令牌 Replace the caller’s token with a new one (shown once)',
      params: ZIdParams,
      body: z.strictObject({}).optional(),
      response: { 200: ZIssuedGatewayToken },
    },
    handler: (request) => gateway.rotateToken(request.ctx, request.params.id),
  })

  // ---------------------------------------------------------------- records
  app.route({
    method: 'GET',
    url: '/api/v1/gateway/records',
    config: { access: readers },
    schema: {
      tags,
      summary: '流量审计记录 Audit records of a campaign (a team sees its own, a tester theirs)',
      querystring: ZListRecordsQuery,
      response: { 200: pageOf(ZGatewayRecord) },
    },
    handler: (request) => gateway.listRecords(request.ctx, request.query),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/gateway/records/export',
    config: { access: readers },
    schema: {
      tags,
      summary: '导出审计记录 Export the filtered records (CSV or NDJSON)',
      querystring: ZExportRecordsQuery,
    },
    handler: async (request, reply) => {
      const chunks = gateway.exportRecords(request.ctx, request.query)
      // The first chunk runs the access checks: an error still becomes a JSON error answer.
      const first = await chunks.next()
      const csv = request.query.format === 'csv'
      const name = `gateway-records-${request.query.campaignId.slice(0, 8)}.${csv ? 'csv' : 'ndjson'}`
      async function* all() {
        if (!first.done) yield first.value
        yield* chunks
      }
      return reply
        .type(csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(all()))
    },
  })

  // ---------------------------------------------------------------- violations
  app.route({
    method: 'GET',
    url: '/api/v1/gateway/violations',
    config: { access: violationReaders },
    schema: {
      tags,
      summary: '违规行为 Violations seen by the gateway',
      querystring: ZListViolationsQuery,
      response: { 200: pageOf(ZGatewayViolation) },
    },
    handler: (request) => gateway.listViolations(request.ctx, request.query),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/gateway/violations/:id',
    config: { access: violationReaders },
    schema: {
      tags,
      summary: '违规详情 A violation with its evidence',
      params: ZIdParams,
      response: { 200: ZGatewayViolation },
    },
    handler: (request) => gateway.getViolation(request.ctx, request.params.id),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/gateway/violations/:id/decision',
    config: { access: regulator },
    schema: {
      tags,
      summary: '确认或驳回违规 Confirm (counts against the company) or dismiss a violation',
      params: ZIdParams,
      body: ZDecideViolationRequest,
      response: { 200: ZGatewayViolation },
    },
    handler: (request) => gateway.decideViolation(request.ctx, request.params.id, request.body),
  })

  // ---------------------------------------------------------------- pauses
  app.route({
    method: 'GET',
    url: '/api/v1/gateway/pauses',
    config: { access: supervisors },
    schema: {
      tags,
      summary: '暂停记录 Pauses of a campaign',
      querystring: ZListPausesQuery,
      response: { 200: z.array(ZGatewayPause) },
    },
    handler: (request) => gateway.listPauses(request.ctx, request.query),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/gateway/pauses',
    config: { access: regulator },
    schema: {
      tags,
      summary: '暂停检测人员或检测队 Pause a tester or a team (open connections close at once)',
      body: ZCreatePauseRequest,
      response: { 201: ZGatewayPause },
    },
    handler: async (request, reply) => reply.code(201).send(await gateway.pause(request.ctx, request.body)),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/gateway/pauses/:id/resume',
    config: { access: regulator },
    schema: {
      tags,
      summary: '恢复 Resume a paused tester or team',
      params: ZIdParams,
      body: z.strictObject({}).optional(),
      response: { 200: ZGatewayPause },
    },
    handler: (request) => gateway.resume(request.ctx, request.params.id),
  })

  // ---------------------------------------------------------------- campaign settings, CA, monitor, metrics
  app.route({
    method: 'GET',
    url: '/api/v1/gateway/campaigns/:id/settings',
    config: { access: supervisors },
    schema: {
      tags,
      summary: '网关设置 A campaign’s gateway settings: interception, DNS policy, violation rules',
      params: ZCampaignParams,
      response: { 200: ZGatewaySettings },
    },
    handler: (request) => gateway.getSettings(request.ctx, request.params.id),
  })
  app.route({
    method: 'PUT',
    url: '/api/v1/gateway/campaigns/:id/settings',
    config: { access: regulator },
    schema: {
      tags,
      summary:
        '修改网关设置 Change a campaign’s gateway settings (turning interception on makes the campaign CA)',
      params: ZCampaignParams,
      body: ZUpdateSettingsRequest,
      response: { 200: ZGatewaySettings },
    },
    handler: (request) => gateway.updateSettings(request.ctx, request.params.id, request.body),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/gateway/campaigns/:id/ca.pem',
    config: { access: readers },
    schema: {
      tags,
      summary: '下载行动 CA 证书 The campaign CA certificate, for testers to trust when interception is on',
      params: ZCampaignParams,
    },
    handler: async (request, reply) =>
      reply
        .type('application/x-pem-file')
        .header('content-disposition', 'attachment; filename="wangan-campaign-ca.pem"')
        .send(await gateway.caCertificate(request.ctx, request.params.id)),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/gateway/campaigns/:id/monitor',
    config: { access: supervisors },
    schema: {
      tags,
      summary:
        '网关监控 Live monitor: requests/s per team, top targets, refusals, audit state, violations, pauses',
      params: ZCampaignParams,
      response: { 200: ZGatewayMonitor },
    },
    handler: (request) => gateway.monitor(request.ctx, request.params.id),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/gateway/campaigns/:id/team-metrics',
    config: { access: supervisors },
    schema: {
      tags,
      summary: '检测队网关指标 Per-team gateway metrics for the testing-company standard',
      params: ZCampaignParams,
      response: { 200: z.array(ZTeamMetrics) },
    },
    handler: (request) => gateway.campaignTeamMetrics(request.ctx, request.params.id),
  })
}
