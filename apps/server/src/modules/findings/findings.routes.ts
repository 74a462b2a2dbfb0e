import { z } from 'zod'
import { roles } from '../../http/access'
import type { WanganApp } from '../../http/app'
import { receiveUpload, sendStoredFile } from '../../http/files'
import { ZIdParams } from '../../http/schemas'
import type { Services } from '../../services'
import {
  ZAdjustSeverityRequest,
  ZComment,
  ZCommentRequest,
  ZDuplicateCandidate,
  ZEvidenceParams,
  ZFindingDetail,
  ZFindingPage,
  ZListFindingsQuery,
  ZMarkDuplicateRequest,
  ZReasonRequest,
  ZSubmitFindingRequest,
  ZSubmitFindingResponse,
  ZVerifyRequest,
} from './findings.schemas'

const tags = ['findings 漏洞']
const team = roles('team_lead', 'tester')
const reviewer = roles('reviewer')
/** Who may read findings at all; which ones each sees is the service's visibility rule (SPEC §2). */
const readers = roles('regulator', 'reviewer', 'retester', 'team_lead', 'tester', 'org_liaison', 'org_leader')
const discussion = roles('regulator', 'reviewer', 'retester', 'team_lead', 'tester')

export function registerFindingRoutes(app: WanganApp, { findings, files }: Services): void {
  app.route({
    method: 'POST',
    url: '/api/v1/campaigns/:id/findings',
    config: { access: team },
    schema: {
      tags,
      summary: '提交漏洞 Submit a finding (inside the testing window; idempotent by Idempotency-Key)',
      params: ZIdParams,
      headers: z.object({ 'idempotency-key': z.string().min(8).max(100).optional() }),
      body: ZSubmitFindingRequest,
      response: { 200: ZSubmitFindingResponse, 201: ZSubmitFindingResponse },
    },
    handler: async (request, reply) => {
      const result = await findings.submit(
        request.ctx,
        request.params.id,
        request.body,
        request.headers['idempotency-key'],
      )
      return reply.code(result.replayed ? 200 : 201).send(result)
    },
  })
  app.route({
    method: 'GET',
    url: '/api/v1/findings',
    config: { access: readers },
    schema: {
      tags,
      summary: '漏洞列表与审核队列 List findings (review queue with filters)',
      querystring: ZListFindingsQuery,
      response: { 200: ZFindingPage },
    },
    handler: (request) => findings.list(request.ctx, request.query),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/findings/:id',
    config: { access: readers },
    schema: {
      tags,
      summary: '漏洞详情 Get a finding with its evidence and timeline',
      params: ZIdParams,
      response: { 200: ZFindingDetail },
    },
    handler: (request) => findings.get(request.ctx, request.params.id),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/findings/:id/verify',
    config: { access: reviewer },
    schema: {
      tags,
      summary: '确认漏洞 Verify a submitted finding (optionally adjusting severity with a reason)',
      params: ZIdParams,
      body: ZVerifyRequest,
      response: { 200: ZFindingDetail },
    },
    handler: (request) => findings.verify(request.ctx, request.params.id, request.body),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/findings/:id/reject',
    config: { access: reviewer },
    schema: {
      tags,
      summary: '驳回漏洞 Reject a submitted finding with a reason',
      params: ZIdParams,
      body: ZReasonRequest,
      response: { 200: ZFindingDetail },
    },
    handler: (request) => findings.reject(request.ctx, request.params.id, request.body),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/findings/:id/mark-duplicate',
    config: { access: reviewer },
    schema: {
      tags,
      summary: '标记重复 Mark a finding as a duplicate of an earlier one (the first keeps the credit)',
      params: ZIdParams,
      body: ZMarkDuplicateRequest,
      response: { 200: ZFindingDetail },
    },
    handler: (request) => findings.markDuplicate(request.ctx, request.params.id, request.body),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/findings/:id/withdraw',
    config: { access: reviewer },
    schema: {
      tags,
      summary: '撤销漏洞 Withdraw a verified finding, or grant an organisation’s appeal',
      params: ZIdParams,
      body: ZReasonRequest,
      response: { 200: ZFindingDetail },
    },
    handler: (request) => findings.withdraw(request.ctx, request.params.id, request.body),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/findings/:id/severity',
    config: { access: reviewer },
    schema: {
      tags,
      summary: '调整危害等级 Adjust the severity with a reason',
      params: ZIdParams,
      body: ZAdjustSeverityRequest,
      response: { 200: ZFindingDetail },
    },
    handler: (request) => findings.adjustSeverity(request.ctx, request.params.id, request.body),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/findings/:id/duplicate-candidates',
    config: { access: roles('regulator', 'reviewer') },
    schema: {
      tags,
      summary: '疑似重复 Earlier findings the duplicate rule proposes',
      params: ZIdParams,
      response: { 200: z.array(ZDuplicateCandidate) },
    },
    handler: (request) => findings.duplicateCandidates(request.ctx, request.params.id),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/findings/:id/comments',
    config: { access: discussion },
    schema: {
      tags,
      summary: '讨论 Comments between the reviewers and the team',
      params: ZIdParams,
      response: { 200: z.array(ZComment) },
    },
    handler: (request) => findings.listComments(request.ctx, request.params.id),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/findings/:id/comments',
    config: { access: discussion },
    schema: {
      tags,
      summary: '发表评论 Comment on a finding (visible to the team and the reviewers)',
      params: ZIdParams,
      body: ZCommentRequest,
      response: { 200: z.array(ZComment) },
    },
    handler: (request) => findings.addComment(request.ctx, request.params.id, request.body.body),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/findings/:id/evidence',
    config: { access: team },
    schema: {
      tags,
      summary: '上传证据 Attach an evidence file (multipart; screenshots, text, HAR; before review)',
      params: ZIdParams,
      consumes: ['multipart/form-data'],
      response: { 200: ZFindingDetail },
    },
    handler: async (request) => {
      // Refuse before reading the upload, so that nobody can fill the store through a finding they may not touch.
      await findings.assertCanAddEvidence(request.ctx, request.params.id)
      const { file } = await receiveUpload(request, files, request.ctx, 'evidence')
      return findings.attachEvidence(request.ctx, request.params.id, file)
    },
  })
  app.route({
    method: 'DELETE',
    url: '/api/v1/findings/:id/evidence/:evidenceId',
    config: { access: team },
    schema: {
      tags,
      summary: '删除证据 Remove an evidence file (before review)',
      params: ZEvidenceParams,
      response: { 200: ZFindingDetail },
    },
    handler: (request) => findings.removeEvidence(request.ctx, request.params.id, request.params.evidenceId),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/findings/:id/evidence/:evidenceId',
    config: { access: readers },
    schema: {
      tags,
      summary: '下载证据 Download an evidence file (images and PDF inline with ?inline=1)',
      params: ZEvidenceParams,
      querystring: z.strictObject({ inline: z.enum(['1']).optional() }),
    },
    handler: async (request, reply) => {
      const stored = await findings.readEvidence(request.ctx, request.params.id, request.params.evidenceId)
      return sendStoredFile(reply, stored, { inline: request.query.inline === '1' })
    },
  })
}
