// The Wangan API client, generated from the committed OpenAPI document (schema.d.ts, `npm run openapi`). The web UI,
// the e2e tests and scripts call the API only through this client. It keeps the CSRF token of the session (taken from
// the login and /auth/me answers) and, outside the browser, the session cookie.
import createClient, { type Client, type Middleware } from 'openapi-fetch'
import type { components, paths } from './schema'

export type { components, paths }
export type WanganClient = Client<paths> & {
  /** The CSRF token currently attached to state-changing requests. */
  readonly csrfToken: string | null
  setCsrfToken(token: string | null): void
}

/** Every error answer of the API has this shape. */
export type ApiErrorBody = {
  error: {
    code: string
    message: string
    details?: { path: string; message: string; code?: string }[] | Record<string, unknown>
    requestId: string
  }
}

export type WanganClientOptions = {
  /** Origin of the server, e.g. http://127.0.0.1:3000; empty in the browser (same origin). */
  baseUrl?: string
  fetch?: typeof fetch
  /** Keep the session cookie in memory (Node scripts and tests; browsers manage cookies themselves). */
  cookieJar?: boolean
  /** Called with every error answer (e.g. to send the browser to the login page on 401). */
  onError?: (status: number, body: ApiErrorBody | null) => void
}

const SESSION_PATHS = [
  '/api/v1/auth/login',
  '/api/v1/auth/me',
  '/api/v1/auth/totp/verify',
  '/api/v1/auth/totp/enable',
]
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export function createWanganClient(options: WanganClientOptions = {}): WanganClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl ?? '',
    ...(options.fetch ? { fetch: options.fetch } : {}),
    credentials: 'same-origin',
  })
  let csrfToken: string | null = null
  let cookie: string | null = null

  const middleware: Middleware = {
    onRequest({ request }) {
      if (!SAFE_METHODS.has(request.method) && csrfToken) request.headers.set('X-CSRF-Token', csrfToken)
      if (options.cookieJar && cookie) request.headers.set('cookie', cookie)
      return request
    },
    async onResponse({ request, response }) {
      if (options.cookieJar) {
        const setCookie = response.headers.get('set-cookie')
        const session = setCookie?.split(/,(?=\s*\w+=)/).find((c) => c.trim().startsWith('wangan_sid='))
        if (session) {
          const value = session.split(';')[0]!.trim()
          cookie = value === 'wangan_sid=' ? null : value
        }
      }
      const path = new URL(request.url).pathname
      if (response.ok && SESSION_PATHS.includes(path)) {
        const body = (await response.clone().json()) as { csrfToken?: string }
        if (body.csrfToken) csrfToken = body.csrfToken
      }
      if (path === '/api/v1/auth/logout' && response.ok) {
        csrfToken = null
        cookie = null
      }
      if (!response.ok && options.onError) {
        let body: ApiErrorBody | null = null
        try {
          body = (await response.clone().json()) as ApiErrorBody
        } catch {
          body = null
        }
        options.onError(response.status, body)
      }
      return response
    },
  }
  client.use(middleware)
  // A getter (not Object.assign, which would copy today's value) so callers always see the current token.
  Object.defineProperty(client, 'csrfToken', { get: () => csrfToken, enumerable: true })
  return Object.assign(client, {
    setCsrfToken(token: string | null) {
      csrfToken = token
    },
  }) as WanganClient
}

/** Throws the API's error (with its code and message) when a call failed; returns the data otherwise. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || result.data === undefined) {
    const body = result.error as ApiErrorBody | undefined
    throw new ApiError(
      result.response.status,
      body?.error?.code ?? 'UNKNOWN',
      body?.error?.message ?? result.response.statusText,
      body,
    )
  }
  return result.data
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body?: ApiErrorBody,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}
