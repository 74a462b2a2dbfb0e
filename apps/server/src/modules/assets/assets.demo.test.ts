import { afterAll, beforeAll, expect, test } from 'vitest'
import { systemContext } from '../../context'
import { createTestPlatform, type TestPlatform } from '../../testing/test-platform'
import { loadDemo } from '../demo/demo.service'
import { DEMO_ORGANISATIONS } from '../demo/demo-data'
import { registryDemoStep } from './assets.demo'

let t: TestPlatform
let users: { role: string; username: string; password: string }[]
beforeAll(async () => {
  t = await createTestPlatform()
  users = (await loadDemo(t.services, systemContext('test'), [registryDemoStep])).users
})
afterAll(async () => {
  await t?.close()
})

const login = (role: string) => {
  const user = users.find((u) => u.role === role)!
  return t.login(user.username, user.password)
}

test('every demo organisation has assets in reserved names and documentation ranges', async () => {
  const regulator = await login('regulator')
  const all = await regulator.get<{ total: number; items: { canonical: string; type: string }[] }>(
    '/api/v1/assets?pageSize=500',
  )
  expect(all.body.total).toBeGreaterThan(DEMO_ORGANISATIONS.length * 2)
  for (const asset of all.body.items) {
    if (asset.type === 'app') continue
    expect(asset.canonical).toMatch(
      /\.changzhou\.example(:\d+)?$|^192\.0\.2\.|^198\.51\.100\.|^203\.0\.113\.|^2001:db8:/,
    )
  }
  const match = await t.services.assets.matchTarget('https://a.b.jyj.changzhou.example/login')
  const education = (await regulator.get<{ items: { id: string }[] }>('/api/v1/organisations?q=市教育局'))
    .body.items[0]!
  expect(match).toMatchObject({ organisationId: education.id, kind: 'wildcard' })
  const conflicts = await regulator.get<{ items: { identifier: string; claims: unknown[] }[] }>(
    '/api/v1/assets/conflicts',
  )
  expect(conflicts.body.items.find((c) => c.identifier === '203.0.113.10')?.claims).toHaveLength(2)
})

test('the demo census round shows 市教育局 submitted and others pending', async () => {
  const liaison = await login('org_liaison')
  const rounds = await liaison.get<{ items: { id: string; summary: { participants: number } }[] }>(
    '/api/v1/census-rounds',
  )
  expect(rounds.body.items).toHaveLength(1)
  const board = await liaison.get<{
    items: { organisationName: string; status: string; submittedAssetCount: number }[]
  }>(`/api/v1/census-rounds/${rounds.body.items[0]!.id}/participants`)
  expect(board.body.items).toEqual([
    expect.objectContaining({
      organisationName: '市教育局',
      status: 'submitted',
      submittedAssetCount: expect.any(Number),
    }),
  ])
  const regulator = await login('regulator')
  const pending = await regulator.get<{ total: number }>(
    `/api/v1/census-rounds/${rounds.body.items[0]!.id}/participants?status=pending`,
  )
  expect(pending.body.total).toBeGreaterThan(30)
})
