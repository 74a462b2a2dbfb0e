import { anySession, publicAccess } from '../../http/access'
import { clearSessionCookie, setSessionCookie, type WanganApp } from '../../http/app'
import { AppError } from '../../http/errors'
import { ZOk } from '../../http/schemas'
import type { Services } from '../../services'
import type { ResolvedSession } from './auth.service'
import {
  ZChangePasswordRequest,
  ZDisableTotpRequest,
  ZLoginRequest,
  ZSessionInfo,
  ZTotpCodeRequest,
  ZTotpSetupResponse,
  type TSessionInfo,
} from './auth.schemas'

const tags = ['auth 登录与会话']

function sessionInfo(session: ResolvedSession, idleTimeoutMinutes: number): TSessionInfo {
  const { actor } = session
  return {
    user: {
      id: actor.userId,
      username: actor.username,
      displayName: actor.displayName,
      role: actor.role,
      regionId: actor.regionId,
      organisationId: actor.organisationId,
      teamId: actor.teamId,
    },
    stage: session.stage,
    mustChangePassword: session.mustChangePassword,
    totpEnabled: session.totpEnabled,
    csrfToken: session.csrfToken,
    idleTimeoutMinutes,
  }
}

function requireSession(session: ResolvedSession | null): ResolvedSession {
  if (!session) throw new AppError('UNAUTHENTICATED', '请先登录 (log in first)')
  return session
}

export function registerAuthRoutes(app: WanganApp, services: Services): void {
  const idle = services.config.sessionIdleMinutes

  app.route({
    method: 'POST',
    url: '/api/v1/auth/login',
    config: { access: publicAccess(), rateLimit: { max: app.loginRatePerMinute, timeWindow: '1 minute' } },
    schema: { tags, summary: '登录 Log in', body: ZLoginRequest, response: { 200: ZSessionInfo } },
    handler: async (request, reply) => {
      const { token, session } = await services.auth.login(
        request.ctx,
        request.body.username,
        request.body.password,
      )
      setSessionCookie(app, request, reply, token)
      return sessionInfo(session, idle)
    },
  })

  app.route({
    method: 'GET',
    url: '/api/v1/auth/me',
    config: { access: anySession() },
    schema: {
      tags,
      summary: '当前会话 Current session (and the CSRF token)',
      response: { 200: ZSessionInfo },
    },
    handler: async (request) => sessionInfo(requireSession(request.session), idle),
  })

  app.route({
    method: 'POST',
    url: '/api/v1/auth/logout',
    config: { access: anySession() },
    schema: { tags, summary: '退出登录 Log out', response: { 200: ZOk } },
    handler: async (request, reply) => {
      await services.auth.logout(request.ctx, requireSession(request.session).id)
      clearSessionCookie(reply)
      return { ok: true as const }
    },
  })

  app.route({
    method: 'POST',
    url: '/api/v1/auth/password',
    config: { access: anySession(), rateLimit: { max: app.loginRatePerMinute, timeWindow: '1 minute' } },
    schema: {
      tags,
      summary: '修改密码 Change my password',
      body: ZChangePasswordRequest,
      response: { 200: ZOk },
    },
    handler: async (request) => {
      const session = requireSession(request.session)
      if (session.stage !== 'full')
        throw new AppError('TOTP_REQUIRED', '请先完成双因素验证 (finish the second factor first)')
      await services.auth.changePassword(
        request.ctx,
        session.id,
        request.body.currentPassword,
        request.body.newPassword,
      )
      return { ok: true as const }
    },
  })

  app.route({
    method: 'POST',
    url: '/api/v1/auth/totp/verify',
    config: { access: anySession(), rateLimit: { max: app.loginRatePerMinute, timeWindow: '1 minute' } },
    schema: {
      tags,
      summary: '双因素验证 Second-factor login step',
      body: ZTotpCodeRequest,
      response: { 200: ZSessionInfo },
    },
    handler: async (request, reply) => {
      const session = requireSession(request.session)
      if (session.stage !== 'totp_pending')
        throw new AppError('CONFLICT', '当前会话无需验证码 (no code is due)')
      await services.auth.verifyTotpLogin(request.ctx, session.id, request.body.code)
      const token = request.cookies.wangan_sid
      const refreshed = token ? await services.auth.resolve(token) : null
      if (!refreshed) {
        clearSessionCookie(reply)
        throw new AppError('UNAUTHENTICATED', '请重新登录 (log in again)')
      }
      return sessionInfo(refreshed, idle)
    },
  })

  app.route({
    method: 'POST',
    url: '/api/v1/auth/totp/setup',
    config: { access: anySession() },
    schema: {
      tags,
      summary: '开始设置双因素认证 Begin TOTP enrolment',
      response: { 200: ZTotpSetupResponse },
    },
    handler: async (request) => {
      const session = requireSession(request.session)
      if (session.stage === 'totp_pending')
        throw new AppError('TOTP_REQUIRED', '请先完成双因素验证 (finish the second factor first)')
      return services.auth.beginTotpEnrolment(request.ctx)
    },
  })

  app.route({
    method: 'POST',
    url: '/api/v1/auth/totp/enable',
    config: { access: anySession() },
    schema: {
      tags,
      summary: '确认启用双因素认证 Confirm TOTP enrolment',
      body: ZTotpCodeRequest,
      response: { 200: ZSessionInfo },
    },
    handler: async (request) => {
      const session = requireSession(request.session)
      if (session.stage === 'totp_pending')
        throw new AppError('TOTP_REQUIRED', '请先完成双因素验证 (finish the second factor first)')
      await services.auth.confirmTotpEnrolment(request.ctx, session.id, request.body.code)
      return sessionInfo({ ...session, stage: 'full', totpEnabled: true }, idle)
    },
  })

  app.route({
    method: 'POST',
    url: '/api/v1/auth/totp/disable',
    config: { access: anySession() },
    schema: {
      tags,
      summary: '停用双因素认证 Turn off TOTP',
      body: ZDisableTotpRequest,
      response: { 200: ZOk },
    },
    handler: async (request) => {
      const session = requireSession(request.session)
      if (session.stage !== 'full')
        throw new AppError('TOTP_REQUIRED', '请先完成双因素验证 (finish the second factor first)')
      await services.auth.disableTotp(request.ctx, request.body.password)
      return { ok: true as const }
    },
  })
}
