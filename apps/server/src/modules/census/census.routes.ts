import { z } from 'zod'
import { roles } from '../../http/access'
import type { WanganApp } from '../../http/app'
import { pageOf, ZIdParams } from '../../http/schemas'
import type { Services } from '../../services'
import { ZVersionRequest } from '../organisations/organisations.schemas'
import {
  ZCensusParticipant,
  ZCensusRound,
  ZCreateCensusRoundRequest,
  ZListCensusRoundsQuery,
  ZParticipantParams,
  ZParticipantsQuery,
  ZSnapshotAsset,
  ZSubmitCensusRequest,
  ZUpdateCensusRoundRequest,
} from './census.schemas'

const tags = ['census 资产普查']
const readers = roles('admin', 'regulator', 'reviewer', 'retester', 'police', 'org_liaison', 'org_leader')
const managers = roles('admin', 'regulator')
const submitters = roles('admin', 'regulator', 'org_liaison')

export function registerCensusRoutes(app: WanganApp, { census }: Services): void {
  app.route({
    method: 'GET',
    url: '/api/v1/census-rounds',
    config: { access: readers },
    schema: {
      tags,
      summary: '资产普查轮次 Census rounds',
      querystring: ZListCensusRoundsQuery,
      response: { 200: pageOf(ZCensusRound) },
    },
    handler: (request) => census.list(request.ctx, request.query),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/census-rounds',
    config: { access: managers },
    schema: {
      tags,
      summary: '发起资产普查 Open a census round',
      body: ZCreateCensusRoundRequest,
      response: { 201: ZCensusRound },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await census.createRound(request.ctx, request.body)),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/census-rounds/:id',
    config: { access: readers },
    schema: {
      tags,
      summary: '普查轮次 Get a census round',
      params: ZIdParams,
      response: { 200: ZCensusRound },
    },
    handler: (request) => census.get(request.ctx, request.params.id),
  })
  app.route({
    method: 'PATCH',
    url: '/api/v1/census-rounds/:id',
    config: { access: managers },
    schema: {
      tags,
      summary: '修改普查轮次（名称、截止时间） Update a census round',
      params: ZIdParams,
      body: ZUpdateCensusRoundRequest,
      response: { 200: ZCensusRound },
    },
    handler: (request) => census.update(request.ctx, request.params.id, request.body),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/census-rounds/:id/close',
    config: { access: managers },
    schema: {
      tags,
      summary: '结束普查 Close a census round',
      params: ZIdParams,
      body: ZVersionRequest,
      response: { 200: ZCensusRound },
    },
    handler: (request) => census.close(request.ctx, request.params.id, request.body.version),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/census-rounds/:id/participants',
    config: { access: readers },
    schema: {
      tags,
      summary: '报送情况（谁未提交） Status board: who has and has not submitted',
      params: ZIdParams,
      querystring: ZParticipantsQuery,
      response: { 200: pageOf(ZCensusParticipant) },
    },
    handler: (request) => census.participants(request.ctx, request.params.id, request.query),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/census-rounds/:id/participants/:organisationId',
    config: { access: readers },
    schema: {
      tags,
      summary: '单位报送情况 One organisation in a round',
      params: ZParticipantParams,
      response: { 200: ZCensusParticipant },
    },
    handler: (request) => census.participant(request.ctx, request.params.id, request.params.organisationId),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/census-rounds/:id/participants/:organisationId/submit',
    config: { access: submitters },
    schema: {
      tags,
      summary: '确认并提交资产清单 Confirm and submit the asset list (snapshotted)',
      params: ZParticipantParams,
      body: ZSubmitCensusRequest,
      response: { 200: ZCensusParticipant },
    },
    handler: (request) =>
      census.submit(request.ctx, request.params.id, request.params.organisationId, request.body),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/census-rounds/:id/participants/:organisationId/snapshot',
    config: { access: readers },
    schema: {
      tags,
      summary: '已提交的资产清单（快照） The submitted asset list',
      params: ZParticipantParams,
      response: { 200: z.object({ submitted: z.boolean(), assets: z.array(ZSnapshotAsset) }) },
    },
    handler: async (request) => {
      const reported = await census.reportedAssets(
        request.ctx,
        request.params.id,
        request.params.organisationId,
      )
      return { submitted: reported !== null, assets: reported ?? [] }
    },
  })
}
