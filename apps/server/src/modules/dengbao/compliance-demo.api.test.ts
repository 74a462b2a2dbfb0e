// The compliance demo: every demo user finds something to do in 等保, the inspection and the city evaluation.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { systemContext } from '../../context'
import { createTestPlatform, type TestClient, type TestPlatform } from '../../testing/test-platform'
import { loadDemo, type DemoResult } from '../demo/demo.service'
import { evaluationDemoStep } from '../evaluation/evaluation.demo'
import { inspectionsDemoStep } from '../inspections/inspections.demo'
import { dengbaoDemoStep } from './dengbao.demo'

let t: TestPlatform
let demo: DemoResult
const login = (role: string): Promise<TestClient> => {
  const user = demo.users.find((u) => u.role === role)!
  return t.login(user.username, user.password)
}

beforeAll(async () => {
  t = await createTestPlatform()
  t.clock.set(new Date())
  demo = await loadDemo(t.services, systemContext('test'), [
    dengbaoDemoStep,
    inspectionsDemoStep,
    evaluationDemoStep,
  ])
})
afterAll(async () => {
  await t?.close()
})

test('each role has its next step in the grading workflow', async () => {
  const liaison = await login('org_liaison')
  const systems = await liaison.get<{ items: { name: string; stage: string; id: string }[] }>(
    '/api/v1/dengbao/systems',
  )
  expect(systems.body.items.map((s) => s.stage).sort()).toEqual([
    'filed',
    'filed',
    'submitted',
    'under_review',
    'ungraded',
  ])

  const expert = await login('expert')
  const tasks = await expert.get<{ items: { id: string }[] }>('/api/v1/dengbao/reviews?state=pending')
  expect(tasks.body.items).toHaveLength(1)
  const answered = await expert.post(`/api/v1/dengbao/reviews/${tasks.body.items[0]!.id}/opinion`, {
    opinion: 'agree',
    comments: '同意',
  })
  expect(answered.status).toBe(200)

  const regulator = await login('regulator')
  const reviewed = await regulator.get<{ items: { id: string; name: string }[] }>(
    '/api/v1/dengbao/systems?stage=reviewed',
  )
  expect(reviewed.body.items.map((s) => s.name).sort()).toEqual(['全民健康信息平台', '学生健康数据平台'])
  const police = await login('police')
  const approved = await police.get<{ items: { id: string; name: string }[] }>(
    '/api/v1/dengbao/systems?stage=approved',
  )
  expect(approved.body.items.map((s) => s.name)).toEqual(['新闻客户端'])
  const detail = await police.get<{ can: { file: boolean } }>(
    `/api/v1/dengbao/systems/${approved.body.items[0]!.id}`,
  )
  expect(detail.body.can.file).toBe(true)
  const dashboard = await police.get<{ systems: number; criticalInfrastructure: number }>(
    '/api/v1/dengbao/dashboard',
  )
  expect(dashboard.body).toMatchObject({ systems: 8, criticalInfrastructure: 2 })
})

test('an inspection to compare with last year, and a city evaluation to finish', async () => {
  const regulator = await login('regulator')
  const list = await regulator.get<{ items: { id: string; year: number; status: string }[] }>(
    '/api/v1/inspections',
  )
  expect(list.body.items.map((i) => i.status)).toEqual(['in_progress', 'signed_off'])
  const current = await regulator.get<{ comparison: { total: number } | null; score: { answered: number } }>(
    `/api/v1/inspections/${list.body.items[0]!.id}`,
  )
  expect(current.body.comparison?.total).toBeGreaterThan(80)
  expect(current.body.score.answered).toBeGreaterThan(0)
  const evaluations = await regulator.get<{ items: { status: string; grade: string | null }[] }>(
    '/api/v1/evaluations',
  )
  expect(evaluations.body.items.map((e) => e.status)).toEqual(['in_progress', 'completed'])
  expect(evaluations.body.items[1]!.grade).not.toBeNull()
  const liaison = await login('org_liaison')
  expect((await liaison.get<{ total: number }>('/api/v1/inspections')).body.total).toBe(1)
})
