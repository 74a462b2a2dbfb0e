// The authorization matrix, generated from the route table: every route × every role (and anonymous) against the
// route's declared access. Adding a route adds its rows here automatically; a route without a declaration cannot even
// be registered (see the last test).
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { z } from 'zod'
import { ROLES, type Role } from '../access/roles'
import { createTestPlatform, type TestClient, type TestPlatform } from '../testing/test-platform'
import { roles } from './access'
import { buildApp } from './app'

let t: TestPlatform
const clients = new Map<Role, TestClient>()

beforeAll(async () => {
  t = await createTestPlatform()
  for (const role of ROLES) clients.set(role, await t.as(role))
})
afterAll(async () => {
  await t?.close()
})

const SOME_ID = '00000000-0000-4000-8000-000000000000'
const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, SOME_ID)

describe('authorization matrix', () => {
  test('every /api/v1 route declares its access', () => {
    expect(t.app.routeTable.length).toBeGreaterThan(20)
    for (const route of t.app.routeTable) expect(route.access, `${route.method} ${route.url}`).toBeDefined()
  })

  test('anonymous callers get 401 on every non-public route', { timeout: 120_000 }, async () => {
    const anon = t.anonymous()
    for (const route of t.app.routeTable) {
      if (route.access.kind === 'public') continue
      const response = await anon.request(
        route.method,
        concrete(route.url),
        route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
      )
      expect(response.status, `${route.method} ${route.url}`).toBe(401)
    }
  })

  // Every route × every role: over a thousand requests, so more time than an ordinary test.
  test('each role is allowed exactly the routes that declare it', { timeout: 300_000 }, async () => {
    const rows: string[] = []
    for (const route of t.app.routeTable) {
      if (route.access.kind !== 'roles') continue
      for (const role of ROLES) {
        const client = clients.get(role)!
        const response = await client.request<{ error?: { code: string } }>(
          route.method,
          concrete(route.url),
          route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
        )
        const allowed = route.access.roles.includes(role)
        rows.push(`${route.method} ${route.url} ${role} → ${response.status}`)
        if (allowed)
          expect(
            [401, 403],
            `${route.method} ${route.url} as ${role}: ${JSON.stringify(response.body)}`,
          ).not.toContain(response.status)
        else {
          expect(response.status, `${route.method} ${route.url} as ${role}`).toBe(403)
          expect(response.body.error?.code).toBe('FORBIDDEN')
        }
      }
    }
    expect(rows.length).toBe(t.app.routeTable.filter((r) => r.access.kind === 'roles').length * ROLES.length)
  })

  test('session routes work for every role', async () => {
    for (const role of ROLES) expect((await clients.get(role)!.get('/api/v1/auth/me')).status).toBe(200)
  })

  test('a route without an access declaration cannot be registered', async () => {
    const app = await buildApp({
      services: t.services,
      bodyLimitBytes: 1024,
      trustProxy: false,
      cookieSecure: 'auto',
      loginRatePerMinute: 10,
    })
    expect(() => app.get('/api/v1/undeclared', () => 'x')).toThrow(/declares no access/)
    expect(() =>
      app.route({
        method: 'POST',
        url: '/api/v1/lenient',
        config: { access: roles('admin') },
        schema: { body: z.object({ a: z.string() }) },
        handler: () => 'x',
      }),
    ).toThrow(/must be strict/)
    await app.close()
  })
})

describe('object-level access: missing and not-yours are the same 404', () => {
  test('an organisation liaison sees their organisation and its subordinate unit, nothing else', async () => {
    const liaison = await t.as('org_liaison', { organisationId: t.basics.orgA.id })
    expect((await liaison.get(`/api/v1/organisations/${t.basics.orgA.id}`)).status).toBe(200)
    expect((await liaison.get(`/api/v1/organisations/${t.basics.orgASub.id}`)).status).toBe(200)
    const other = await liaison.get<{ error: { code: string; message: string } }>(
      `/api/v1/organisations/${t.basics.orgB.id}`,
    )
    const missing = await liaison.get<{ error: { code: string; message: string } }>(
      `/api/v1/organisations/${SOME_ID}`,
    )
    expect(other.status).toBe(404)
    expect(missing.status).toBe(404)
    expect(other.body.error.message).toBe(missing.body.error.message)
    const list = await liaison.get<{ items: { id: string }[] }>('/api/v1/organisations')
    expect(list.body.items.map((o) => o.id).sort()).toEqual([t.basics.orgA.id, t.basics.orgASub.id].sort())
  })

  test('a subordinate unit’s liaison does not see the parent', async () => {
    const liaison = await t.as('org_liaison', { organisationId: t.basics.orgASub.id })
    expect((await liaison.get(`/api/v1/organisations/${t.basics.orgASub.id}`)).status).toBe(200)
    expect((await liaison.get(`/api/v1/organisations/${t.basics.orgA.id}`)).status).toBe(404)
  })

  test('a regulator sees their region subtree, not another city', async () => {
    const city = await t.as('regulator', { regionId: t.basics.city.id })
    expect((await city.get(`/api/v1/organisations/${t.basics.orgB.id}`)).status).toBe(200)
    expect((await city.get(`/api/v1/organisations/${t.basics.orgOther.id}`)).status).toBe(404)
    expect((await city.get(`/api/v1/regions/${t.basics.districtA.id}`)).status).toBe(200)
    expect((await city.get(`/api/v1/regions/${t.basics.otherCity.id}`)).status).toBe(404)
    const district = await t.as('regulator', { regionId: t.basics.districtA.id })
    expect((await district.get(`/api/v1/organisations/${t.basics.orgB.id}`)).status).toBe(200)
    expect((await district.get(`/api/v1/organisations/${t.basics.orgA.id}`)).status).toBe(404)
    expect((await district.get(`/api/v1/regions/${t.basics.city.id}`)).status).toBe(404)
  })
})
