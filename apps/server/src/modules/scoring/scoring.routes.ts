import { z } from 'zod'
import { roles } from '../../http/access'
import type { WanganApp } from '../../http/app'
import type { Services } from '../../services'
import {
  ZCampaignOrganisationParams,
  ZCampaignParams,
  ZCampaignScores,
  ZCampaignTeamParams,
  ZCampaignTeamScores,
  ZCampaignViolationParams,
  ZCancelViolationRequest,
  ZOrganisationScoreDetail,
  ZRecordViolationRequest,
  ZSnapshotQuery,
  ZTeamMetricsEntry,
  ZUpdateTeamMetricsRequest,
  ZWhatIfRequest,
  ZWhatIfResponse,
} from './scoring.schemas'

const tags = ['scoring 评分排名']
/** The regulator's side of the campaign's region reads scores; object checks are in the service. */
const regulatorSide = roles('regulator', 'reviewer', 'retester')

export function registerScoringRoutes(app: WanganApp, { scoring }: Services): void {
  const base = '/api/v1/campaigns/:id/scores'
  app.route({
    method: 'GET',
    url: base,
    config: { access: regulatorSide },
    schema: {
      tags,
      summary: '被检测单位得分与排名（总排名、分类排名） Organisation scores and rankings, live',
      params: ZCampaignParams,
      response: { 200: ZCampaignScores },
    },
    handler: (request) => scoring.ranking(request.ctx, request.params.id),
  })
  app.route({
    method: 'GET',
    url: `${base}/organisations/:organisationId`,
    config: { access: roles('regulator', 'reviewer', 'retester', 'org_liaison', 'org_leader') },
    schema: {
      tags,
      summary: '单位得分与扣分明细 An organisation’s score with every deduction',
      params: ZCampaignOrganisationParams,
      response: { 200: ZOrganisationScoreDetail },
    },
    handler: (request) =>
      scoring.organisationBreakdown(request.ctx, request.params.id, request.params.organisationId),
  })
  app.route({
    method: 'GET',
    url: `${base}/teams`,
    config: { access: roles('regulator', 'reviewer', 'retester', 'team_lead') },
    schema: {
      tags,
      summary: '技术支撑机构得分与排名 Testing-team scores (a team lead sees their own team)',
      params: ZCampaignParams,
      response: { 200: ZCampaignTeamScores },
    },
    handler: (request) => scoring.teamRanking(request.ctx, request.params.id),
  })
  app.route({
    method: 'POST',
    url: `${base}/what-if`,
    config: { access: roles('regulator', 'reviewer') },
    schema: {
      tags,
      summary: '假设分析：换用评分标准或参数重新计算（不保存） What-if under another standard or parameters',
      params: ZCampaignParams,
      body: ZWhatIfRequest,
      response: { 200: ZWhatIfResponse },
    },
    handler: (request) => scoring.whatIf(request.ctx, request.params.id, request.body),
  })
  app.route({
    method: 'GET',
    url: `${base}/snapshot`,
    config: { access: roles('regulator') },
    schema: {
      tags,
      summary: '评分输入快照（wangan score 的输入） The snapshot `wangan score` scores the same way',
      params: ZCampaignParams,
      querystring: ZSnapshotQuery,
      response: { 200: z.record(z.string(), z.unknown()) },
    },
    handler: async (request) =>
      (await scoring.snapshot(request.ctx, request.params.id, request.query.subject)) as Record<
        string,
        unknown
      >,
  })
  app.route({
    method: 'GET',
    url: '/api/v1/campaigns/:id/team-metrics',
    config: { access: regulatorSide },
    schema: {
      tags,
      summary: '技术支撑机构评分数据（网关数据与人工录入） Team figures: gateway and hand-entered',
      params: ZCampaignParams,
      response: { 200: z.array(ZTeamMetricsEntry) },
    },
    handler: (request) => scoring.teamMetrics(request.ctx, request.params.id),
  })
  app.route({
    method: 'PUT',
    url: '/api/v1/campaigns/:id/team-metrics/:teamId',
    config: { access: roles('regulator') },
    schema: {
      tags,
      summary: '人工录入检测队数据 Enter a team’s figures by hand',
      params: ZCampaignTeamParams,
      body: ZUpdateTeamMetricsRequest,
      response: { 200: z.array(ZTeamMetricsEntry) },
    },
    handler: (request) =>
      scoring.updateTeamMetrics(request.ctx, request.params.id, request.params.teamId, request.body),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/campaigns/:id/team-violations',
    config: { access: roles('regulator') },
    schema: {
      tags,
      summary: '记录违规行为（扣 5 分） Record a violation by hand',
      params: ZCampaignParams,
      body: ZRecordViolationRequest,
      response: { 200: z.array(ZTeamMetricsEntry) },
    },
    handler: (request) => scoring.recordViolation(request.ctx, request.params.id, request.body),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/campaigns/:id/team-violations/:violationId/cancel',
    config: { access: roles('regulator') },
    schema: {
      tags,
      summary: '撤销违规记录 Strike out a violation recorded by hand',
      params: ZCampaignViolationParams,
      body: ZCancelViolationRequest,
      response: { 200: z.array(ZTeamMetricsEntry) },
    },
    handler: (request) =>
      scoring.cancelViolation(request.ctx, request.params.id, request.params.violationId, request.body),
  })
}
