// Test support (imported only by tests): an active campaign of 测试市 with orgA and orgB as targets, registered
// assets, a testing company with two teams and their testers, and the regulator's side — all made through the API,
// as a regulator would.
import { HOUR } from '../../clock'
import type { TestClient, TestPlatform } from '../../testing/test-platform'
import type { TCampaignDetail } from './campaigns.schemas'

export type CampaignSetup = {
  campaign: TCampaignDetail
  regulator: TestClient
  reviewer: TestClient
  reviewer2: TestClient
  retester: TestClient
  teamA: { id: string; lead: TestClient; tester: TestClient }
  teamB: { id: string; tester: TestClient }
  /** Asset identifiers registered for orgA and orgB. */
  assets: { orgAWeb: string; orgAIp: string; orgASubWeb: string; orgBWeb: string }
}

function must<T>(response: { status: number; body: unknown }, status: number, what: string): T {
  if (response.status !== status)
    throw new Error(`${what}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`)
  return response.body as T
}

let counter = 0

export async function setUpCampaign(
  t: TestPlatform,
  options: { activate?: boolean; name?: string } = {},
): Promise<CampaignSetup> {
  const n = ++counter
  const regulator = await t.as('regulator')
  const now = t.clock.now()
  const created = must<TCampaignDetail>(
    await regulator.post('/api/v1/campaigns', {
      name: options.name ?? `测试行动 ${n}`,
      year: now.getUTCFullYear(),
      template: 'wangan-2022-changzhou',
      testingStartsAt: new Date(now.getTime() - HOUR).toISOString(),
      testingEndsAt: new Date(now.getTime() + 5 * 24 * HOUR).toISOString(),
    }),
    201,
    'create campaign',
  )
  const id = created.id
  must(
    await regulator.post(`/api/v1/campaigns/${id}/targets`, {
      organisationIds: [t.basics.orgA.id, t.basics.orgB.id],
    }),
    200,
    'add targets',
  )
  const suffix = `${n}-${Math.random().toString(36).slice(2, 7)}`
  const assets = {
    orgAWeb: `www${suffix}.jyj.test.gov.cn`,
    orgAIp: `203.0.${n % 250}.${10 + (n % 200)}`,
    orgASubWeb: `xxzx${suffix}.jyj.test.gov.cn`,
    orgBWeb: `www${suffix}.tnq.test.gov.cn`,
  }
  for (const [organisationId, type, identifier] of [
    [t.basics.orgA.id, 'website', `https://${assets.orgAWeb}`],
    [t.basics.orgA.id, 'ip', assets.orgAIp],
    [t.basics.orgASub.id, 'website', `https://${assets.orgASubWeb}`],
    [t.basics.orgB.id, 'website', `https://${assets.orgBWeb}`],
  ] as const)
    must(
      await regulator.post('/api/v1/assets', { organisationId, type, identifier }),
      201,
      `asset ${identifier}`,
    )
  const company = must<{ id: string }>(
    await regulator.post('/api/v1/testing-companies', {
      name: `测试安全公司 ${suffix}`,
      contactName: '许晓晨',
      contactPhone: '1510617 9570',
    }),
    201,
    'company',
  )
  const teamA = must<{ id: string }>(
    await regulator.post(`/api/v1/campaigns/${id}/teams`, { companyId: company.id, name: `一队 ${n}` }),
    201,
    'team A',
  )
  const teamB = must<{ id: string }>(
    await regulator.post(`/api/v1/campaigns/${id}/teams`, { companyId: company.id, name: `二队 ${n}` }),
    201,
    'team B',
  )
  const campaign =
    options.activate === false
      ? must<TCampaignDetail>(await regulator.get(`/api/v1/campaigns/${id}`), 200, 'get')
      : must<TCampaignDetail>(
          await regulator.post(`/api/v1/campaigns/${id}/activate`, {
            version: must<TCampaignDetail>(await regulator.get(`/api/v1/campaigns/${id}`), 200, 'get')
              .version,
          }),
          200,
          'activate',
        )
  return {
    campaign,
    regulator,
    reviewer: await t.as('reviewer'),
    reviewer2: await t.as('reviewer'),
    retester: await t.as('retester'),
    teamA: {
      id: teamA.id,
      lead: await t.as('team_lead', { teamId: teamA.id }),
      tester: await t.as('tester', { teamId: teamA.id }),
    },
    teamB: { id: teamB.id, tester: await t.as('tester', { teamId: teamB.id }) },
    assets,
  }
}
