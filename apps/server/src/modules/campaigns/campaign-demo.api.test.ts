import { afterAll, beforeAll, expect, test } from 'vitest'
import { createTestPlatform, type TestPlatform } from '../../testing/test-platform'
import type { TFindingSummary } from '../findings/findings.schemas'
import type { TCampaign, TCampaignDetail } from './campaigns.schemas'

let t: TestPlatform
beforeAll(async () => {
  t = await createTestPlatform()
  // The demo's testing window opens on the real day it is loaded.
  t.clock.set(new Date())
})
afterAll(async () => {
  await t?.close()
})

test('the demo has the seed 000 roster, an open campaign of 83 targets, a team and findings to review', async () => {
  const admin = await t.as('admin')
  const loaded = await admin.post<{ users: { role: string; username: string; password: string }[] }>(
    '/api/v1/demo/load',
  )
  expect(loaded.status).toBe(200)
  const login = (role: string) => {
    const u = loaded.body.users.find((x) => x.role === role)!
    return t.login(u.username, u.password)
  }
  const regulator = await login('regulator')
  const companies = await regulator.get<{ items: { name: string; contactPhone: string }[] }>(
    '/api/v1/testing-companies',
  )
  expect(companies.body.items).toHaveLength(6)
  expect(companies.body.items.find((c) => c.name === '江苏骏安信息测评认证有限公司')?.contactPhone).toBe(
    '15106179570',
  )
  const list = await regulator.get<{ items: TCampaign[] }>('/api/v1/campaigns')
  expect(list.body.items).toHaveLength(1)
  expect(list.body.items[0]).toMatchObject({
    status: 'active',
    targetCount: 83,
    teamCount: 1,
    isTestingOpen: true,
  })

  const tester = await login('tester')
  const campaign = await tester.get<TCampaignDetail>(`/api/v1/campaigns/${list.body.items[0]!.id}`)
  expect(campaign.body.canSubmit).toBe(true)
  const mine = await tester.get<{ items: TFindingSummary[] }>('/api/v1/findings')
  expect(mine.body.items.map((f) => f.title).sort()).toEqual([
    '招生系统后台弱口令 admin/admin123',
    '教育局门户站 SQL 注入',
  ])
  const reviewer = await login('reviewer')
  const queue = await reviewer.get<{ total: number }>('/api/v1/findings?status=submitted')
  expect(queue.body.total).toBe(2)
  // The demo liaison sees nothing before a notice.
  const liaison = await login('org_liaison')
  expect((await liaison.get<{ total: number }>('/api/v1/findings')).body.total).toBe(0)
  // Loading the whole demo (every module's step, a dozen argon2 hashes) takes a while on a busy machine.
}, 120_000)
