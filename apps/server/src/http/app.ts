// The HTTP application: Fastify with zod-validated routes, one error handler, session authentication, CSRF, role
// checks, OpenAPI, security headers and the single-page app.
import { randomUUID, timingSafeEqual } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import fastifyCookie from '@fastify/cookie'
import fastifyHelmet from '@fastify/helmet'
import fastifyMultipart from '@fastify/multipart'
import fastifyRateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import Fastify, { LogController, type FastifyReply, type FastifyRequest } from 'fastify'
import {
  createJsonSchemaTransform,
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { RequestContext } from '../context'
import type { ResolvedSession } from '../modules/auth/auth.service'
import { webDistFolder } from '../paths'
import type { Services } from '../services'
import { describeAccess, type RouteAccess } from './access'
import { AppError, type ErrorDetail } from './errors'

export const SESSION_COOKIE = 'wangan_sid'
export const CSRF_HEADER = 'x-csrf-token'

declare module 'fastify' {
  interface FastifyRequest {
    ctx: RequestContext
    session: ResolvedSession | null
  }
}

export type BuildAppOptions = {
  services: Services
  bodyLimitBytes: number
  trustProxy: boolean
  cookieSecure: 'auto' | 'always' | 'never'
  loginRatePerMinute: number
  logLevel?: string
  /** Serve the built web UI from apps/web/dist (off in API tests). */
  serveWeb?: boolean
}

export type RouteInfo = { method: string; url: string; access: RouteAccess }

export async function buildApp(options: BuildAppOptions) {
  const app = Fastify({
    logger: options.logLevel === 'silent' || !options.logLevel ? false : { level: options.logLevel },
    bodyLimit: options.bodyLimitBytes,
    trustProxy: options.trustProxy,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    logController: new LogController({
      disableRequestLogging: options.logLevel !== 'debug' && options.logLevel !== 'trace',
    }),
  }).withTypeProvider<ZodTypeProvider>()

  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)

  // ---- the route table, for the authorization matrix test and the start-up check ----
  const routeTable: RouteInfo[] = []
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1')) return
    const access = route.config?.access
    if (!access)
      throw new Error(`route ${String(route.method)} ${route.url} declares no access (deny by default)`)
    const body = route.schema?.body
    if (body instanceof z.ZodObject && !(body.def.catchall instanceof z.ZodNever))
      throw new Error(
        `route ${String(route.method)} ${route.url}: body schema must be strict (unknown fields refused)`,
      )
    for (const method of [route.method].flat())
      if (method !== 'HEAD') routeTable.push({ method, url: route.url, access })
    const roleText = `权限 Roles: ${describeAccess(access)}`
    route.schema = {
      ...route.schema,
      description: route.schema?.description ? `${route.schema.description}\n\n${roleText}` : roleText,
    }
  })

  await app.register(fastifyCookie)
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Ant Design injects its CSS-in-JS styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  })
  // Uploads: parsed only by routes that ask for them (`request.file()`); each store call enforces its own limit.
  await app.register(fastifyMultipart, {
    limits: { fileSize: 512 * 1024 * 1024, files: 1, fields: 20, fieldSize: 64 * 1024 },
  })
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new AppError(
        'RATE_LIMITED',
        `请求过于频繁，请 ${Math.ceil(context.ttl / 1000)} 秒后重试 (too many requests)`,
      ),
  })
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Wangan 网安 API',
        description:
          '网络安全监管平台接口。Every route states the roles that may call it. State-changing requests need the session cookie and the X-CSRF-Token header returned by /api/v1/auth/me.',
        version: '1.0.0',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
        },
      },
    },
    transform: createJsonSchemaTransform({ skipList: ['/api/docs', '/api/docs/*', '/api/openapi.json'] }),
  })
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { validatorUrl: null, docExpansion: 'list', deepLinking: false },
    staticCSP: false,
  })

  // ---- request context, session, CSRF, role checks ----
  app.decorateRequest('ctx', null as unknown as RequestContext)
  app.decorateRequest('session', null)
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id)
    request.ctx = {
      actor: null,
      ip: request.ip ?? null,
      userAgent: request.headers['user-agent'] ?? null,
      requestId: String(request.id),
    }
    const access = request.routeOptions.config?.access
    if (!access) return
    const token = request.cookies[SESSION_COOKIE]
    const session = token ? await options.services.auth.resolve(token) : null
    if (token && !session) clearSessionCookie(reply)
    request.session = session
    request.ctx = { ...request.ctx, actor: session?.actor ?? null }
    if (access.kind === 'public') return
    if (!session)
      throw new AppError(
        'UNAUTHENTICATED',
        '请先登录，或会话已超时 (log in first, or the session has timed out)',
      )
    if (!['GET', 'HEAD', 'OPTIONS'].includes(request.method) && !csrfMatches(request, session))
      throw new AppError('CSRF_FAILED', '请求缺少有效的 CSRF 令牌 (missing or wrong X-CSRF-Token header)')
    if (access.kind === 'session') return
    if (session.stage === 'totp_pending')
      throw new AppError('TOTP_REQUIRED', '请输入双因素验证码 (enter your one-time code)')
    if (session.stage === 'totp_enrol')
      throw new AppError(
        'TOTP_ENROLMENT_REQUIRED',
        '您的角色须启用双因素认证 (your role must enrol a second factor)',
      )
    if (session.mustChangePassword)
      throw new AppError('PASSWORD_CHANGE_REQUIRED', '请先修改初始密码 (change your initial password first)')
    if (!access.roles.includes(session.actor.role))
      throw new AppError('FORBIDDEN', '您的角色无权执行此操作 (your role may not do this)')
  })

  app.setErrorHandler((error, request, reply) => sendError(error, request, reply))
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? ''
    const wantsPage = request.method === 'GET' && !path.startsWith('/api') && path !== '/healthz'
    if (wantsPage && options.serveWeb && existsSync(join(webDistFolder, 'index.html'))) {
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').sendFile('index.html')
    }
    return sendError(
      new AppError('NOT_FOUND', `找不到 ${request.method} ${path} (not found)`),
      request,
      reply,
    )
  })

  if (options.serveWeb && existsSync(webDistFolder)) {
    await app.register(fastifyStatic, { root: webDistFolder, prefix: '/', wildcard: false, index: false })
    app.get('/', (_request, reply) =>
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').sendFile('index.html'),
    )
  }

  return Object.assign(app, {
    routeTable,
    cookieSecure: options.cookieSecure,
    loginRatePerMinute: options.loginRatePerMinute,
  })
}

export type WanganApp = Awaited<ReturnType<typeof buildApp>>

function csrfMatches(request: FastifyRequest, session: ResolvedSession): boolean {
  const sent = request.headers[CSRF_HEADER]
  if (typeof sent !== 'string') return false
  const a = Buffer.from(sent)
  const b = Buffer.from(session.csrfToken)
  return a.length === b.length && timingSafeEqual(a, b)
}

export function setSessionCookie(
  app: WanganApp,
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
): void {
  const secure =
    app.cookieSecure === 'always' || (app.cookieSecure === 'auto' && request.protocol === 'https')
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure, path: '/' })
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' })
}

type ErrorLike = Error & {
  code?: string
  statusCode?: number
  validation?: unknown
  validationContext?: string
}

export function sendError(raw: unknown, request: FastifyRequest, reply: FastifyReply) {
  const error = toAppError(raw as ErrorLike)
  if (error.status >= 500) request.log.error({ err: raw }, 'request failed')
  return reply.status(error.status).send({
    error: {
      code: error.code,
      message: error.message,
      ...(error.details ? { details: error.details } : {}),
      requestId: String(request.id),
    },
  })
}

function toAppError(error: ErrorLike): AppError {
  if (error instanceof AppError) return error
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = error.validationContext ?? 'body'
    const details: ErrorDetail[] = error.validation.map((issue) => {
      const path = [context, ...issue.instancePath.split('/').filter(Boolean)].join('.')
      return { path, message: issue.message ?? 'invalid', code: issue.keyword }
    })
    return new AppError(
      'VALIDATION_FAILED',
      details.map((d) => `${d.path}: ${d.message}`).join('; '),
      details,
    )
  }
  if (isResponseSerializationError(error)) return new AppError('INTERNAL', '服务器内部错误 (internal error)')
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError(
        'INVALID_JSON',
        `请求体不是有效的 JSON (the body is not valid JSON): ${error.message}`,
      )
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE', '请求体过大 (the request body is too large)')
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型 (unsupported content type)')
    case '23505':
      return new AppError('CONFLICT', '数据已存在 (already exists)')
    case '23503':
      return new AppError(
        'CONFLICT',
        '数据仍被引用或引用的数据不存在 (still referenced, or refers to something missing)',
      )
  }
  if (error instanceof SyntaxError && error.statusCode === 400)
    return new AppError(
      'INVALID_JSON',
      `请求体不是有效的 JSON (the body is not valid JSON): ${error.message}`,
    )
  if (typeof error.statusCode === 'number' && error.statusCode === 429)
    return new AppError('RATE_LIMITED', error.message)
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500)
    return new AppError('BAD_REQUEST', error.message)
  return new AppError('INTERNAL', '服务器内部错误 (internal error)')
}
