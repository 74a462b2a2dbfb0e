// A whole platform for tests: a test database, keys in a temporary data directory, services, the HTTP app, a manual
// clock, and helpers to act as any role through HTTP (app.inject) exactly as the browser does (cookie + CSRF).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Role } from '../access/roles'
import { ManualClock } from '../clock'
import { loadConfig, type Config } from '../config'
import { systemContext } from '../context'
import type { WanganApp } from '../http/app'
import { loadOrCreateSecrets } from '../secrets'
import { createHttpApp } from '../server'
import { createServices, type Services } from '../services'
import { createTestDatabase, type TestDatabase } from './test-database'
import { seedBasics, type SeedBasics } from './factories'

export const TEST_PASSWORD = 'Test-passw0rd!'

export type TestPlatform = {
  services: Services
  app: WanganApp
  clock: ManualClock
  config: Config
  testDb: TestDatabase
  dataDir: string
  basics: SeedBasics
  /** Logs in as a new user of this role (created on the fly) and returns an HTTP client acting as them. */
  as(role: Role, overrides?: UserOverrides): Promise<TestClient>
  login(username: string, password?: string): Promise<TestClient>
  anonymous(): TestClient
  close(): Promise<void>
}

export type UserOverrides = {
  regionId?: string | null
  organisationId?: string | null
  teamId?: string | null
  username?: string
}

export type TestResponse<T = unknown> = { status: number; body: T; headers: Record<string, unknown> }

export type TestClient = {
  userId: string | null
  username: string | null
  csrfToken: string | null
  cookie: string | null
  request<T = unknown>(
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<TestResponse<T>>
  get<T = unknown>(url: string): Promise<TestResponse<T>>
  post<T = unknown>(url: string, body?: unknown): Promise<TestResponse<T>>
  patch<T = unknown>(url: string, body?: unknown): Promise<TestResponse<T>>
  put<T = unknown>(url: string, body?: unknown): Promise<TestResponse<T>>
  delete<T = unknown>(url: string): Promise<TestResponse<T>>
}

let counter = 0

export async function createTestPlatform(
  options: { env?: Record<string, string> } = {},
): Promise<TestPlatform> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wangan-test-'))
  const config = loadConfig({
    WANGAN_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    WANGAN_LOGIN_RATE_PER_MINUTE: '10000',
    ...options.env,
  })
  const testDb = await createTestDatabase()
  const clock = new ManualClock()
  const services = createServices({
    database: testDb.database,
    clock,
    config,
    secrets: loadOrCreateSecrets(dataDir),
  })
  await services.jobs.start()
  const app = await createHttpApp(services, config, { serveWeb: false, logLevel: 'silent' })
  const basics = await seedBasics(services)

  const makeClient = (session: {
    cookie: string | null
    csrfToken: string | null
    userId: string | null
    username: string | null
  }): TestClient => {
    const client: TestClient = {
      ...session,
      async request<T>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
        const response = await app.inject({
          method: method as 'GET',
          url,
          headers: {
            ...(client.cookie ? { cookie: client.cookie } : {}),
            ...(client.csrfToken ? { 'x-csrf-token': client.csrfToken } : {}),
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...headers,
          },
          ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
        })
        const text = response.body
        let parsed: unknown = text
        try {
          parsed = text ? JSON.parse(text) : null
        } catch {
          parsed = text
        }
        return {
          status: response.statusCode,
          body: parsed as T,
          headers: response.headers as Record<string, unknown>,
        }
      },
      get: (url) => client.request('GET', url),
      post: (url, body) => client.request('POST', url, body ?? {}),
      patch: (url, body) => client.request('PATCH', url, body ?? {}),
      put: (url, body) => client.request('PUT', url, body ?? {}),
      delete: (url) => client.request('DELETE', url),
    }
    return client
  }

  const login = async (username: string, password = TEST_PASSWORD): Promise<TestClient> => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password },
    })
    if (response.statusCode !== 200)
      throw new Error(`login as ${username} failed: ${response.statusCode} ${response.body}`)
    const setCookie = [response.headers['set-cookie']]
      .flat()
      .find((c): c is string => typeof c === 'string' && c.startsWith('wangan_sid='))
    const cookie = setCookie?.split(';')[0] ?? null
    const info = JSON.parse(response.body) as { csrfToken: string; user: { id: string } }
    return makeClient({ cookie, csrfToken: info.csrfToken, userId: info.user.id, username })
  }

  const as = async (role: Role, overrides: UserOverrides = {}): Promise<TestClient> => {
    const username = overrides.username ?? `${role.replace('_', '-')}-${++counter}`
    const defaults = defaultAssignment(role, basics)
    await services.users.create(
      systemContext('test'),
      {
        username,
        displayName: `${role} ${counter}`,
        role,
        password: TEST_PASSWORD,
        regionId: overrides.regionId !== undefined ? overrides.regionId : defaults.regionId,
        organisationId:
          overrides.organisationId !== undefined ? overrides.organisationId : defaults.organisationId,
        teamId: overrides.teamId !== undefined ? overrides.teamId : defaults.teamId,
      },
      { mustChangePassword: false },
    )
    return login(username)
  }

  return {
    services,
    app,
    clock,
    config,
    testDb,
    dataDir,
    basics,
    as,
    login,
    anonymous: () => makeClient({ cookie: null, csrfToken: null, userId: null, username: null }),
    async close() {
      await app.close()
      await services.jobs.stop()
      await testDb.drop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

function defaultAssignment(role: Role, basics: SeedBasics) {
  switch (role) {
    case 'org_liaison':
    case 'org_leader':
      return { regionId: null, organisationId: basics.orgA.id, teamId: null }
    case 'team_lead':
    case 'tester':
      return { regionId: basics.city.id, organisationId: null, teamId: null }
    case 'admin':
    case 'auditor':
      return { regionId: null, organisationId: null, teamId: null }
    default:
      return { regionId: basics.city.id, organisationId: null, teamId: null }
  }
}
