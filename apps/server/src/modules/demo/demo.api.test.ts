import { validateCreditCode } from '@wangan/rules/registry'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createTestPlatform, type TestPlatform } from '../../testing/test-platform'
import { DEMO_ORGANISATIONS } from './demo-data'

let t: TestPlatform
beforeAll(async () => {
  t = await createTestPlatform()
})
afterAll(async () => {
  await t?.close()
})

test('the demo data has the 83 organisations of seed 001 in the five categories, six regulators', () => {
  expect(DEMO_ORGANISATIONS).toHaveLength(83)
  const byCategory: Record<string, number> = {}
  for (const o of DEMO_ORGANISATIONS) byCategory[o.category] = (byCategory[o.category] ?? 0) + 1
  expect(byCategory).toEqual({
    district: 7,
    party_government: 55,
    mass_organisation: 11,
    news_media: 2,
    state_enterprise: 8,
  })
  expect(DEMO_ORGANISATIONS.filter((o) => o.isIndustryRegulator)).toHaveLength(6)
  expect(new Set(DEMO_ORGANISATIONS.map((o) => o.name)).size).toBe(83)
})

test('an admin loads the demo once; its users log in with the printed passwords', async () => {
  const admin = await t.as('admin')
  expect((await admin.get<{ loaded: boolean }>('/api/v1/demo')).body.loaded).toBe(false)
  const loaded = await admin.post<{
    organisations: number
    users: { role: string; username: string; password: string }[]
  }>('/api/v1/demo/load')
  expect(loaded.status).toBe(200)
  expect(loaded.body.organisations).toBe(83)
  expect(new Set(loaded.body.users.map((u) => u.role)).size).toBe(11)
  const again = await admin.post<{ error: { code: string } }>('/api/v1/demo/load')
  expect(again.status).toBe(409)

  const regulatorCredentials = loaded.body.users.find((u) => u.role === 'regulator')!
  const regulator = await t.login(regulatorCredentials.username, regulatorCredentials.password)
  const orgs = await regulator.get<{ total: number; items: { creditCode: string }[] }>(
    '/api/v1/organisations?pageSize=100',
  )
  expect(orgs.body.total).toBe(83)
  for (const org of orgs.body.items) expect(validateCreditCode(org.creditCode).ok).toBe(true)

  const liaisonCredentials = loaded.body.users.find((u) => u.role === 'org_liaison')!
  const liaison = await t.login(liaisonCredentials.username, liaisonCredentials.password)
  const own = await liaison.get<{ total: number; items: { name: string }[] }>('/api/v1/organisations')
  expect(own.body.items.map((o) => o.name)).toEqual(['市教育局'])

  const audit = await admin.get<{ total: number }>(
    '/api/v1/audit-events?action=organisation.created&pageSize=1',
  )
  expect(audit.body.total).toBeGreaterThanOrEqual(83)
})
