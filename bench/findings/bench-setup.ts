// The world the findings benchmark runs in, made through the services as people would: a city with 83 target
// organisations, 300 registered hosts (most of them the hosts of the generated Nessus report), an active campaign
// with a team, a tester and a reviewer. Shared by the orchestrator and its child processes.
import { eq } from 'drizzle-orm'
import type { Role } from '@wangan/server/access/roles'
import { loadConfig } from '@wangan/server/config'
import type { Actor, RequestContext } from '@wangan/server/context'
import { systemContext } from '@wangan/server/context'
import { regions, users } from '@wangan/server/db/schema/index'
import { insertOrganisation } from '@wangan/server/modules/organisations/organisations.repository'
import { openPlatform, type Platform } from '@wangan/server/platform'

export const PASSWORD = 'Bench-passw0rd!'
export const ORGANISATIONS = 83
export const HOSTS = 300

export type BenchWorld = {
  campaignId: string
  teamId: string
  tester: { id: string; username: string }
  reviewer: { id: string; username: string }
  organisationIds: string[]
}

export function openBenchPlatform(databaseUrl: string, dataDir: string, roles = 'api'): Promise<Platform> {
  return openPlatform(
    loadConfig({
      DATABASE_URL: databaseUrl,
      WANGAN_DATA_DIR: dataDir,
      WANGAN_ROLES: roles,
      LOG_LEVEL: 'silent',
    }),
  )
}

/** The request context of a user, as the session layer would build it. */
export async function contextOf(platform: Platform, userId: string): Promise<RequestContext> {
  const { db } = platform.database
  const [row] = await db
    .select({ user: users, regionPath: regions.path })
    .from(users)
    .leftJoin(regions, eq(regions.id, users.regionId))
    .where(eq(users.id, userId))
  if (!row) throw new Error(`no user ${userId}`)
  const actor: Actor = {
    userId: row.user.id,
    username: row.user.username,
    displayName: row.user.displayName,
    role: row.user.role as Role,
    regionId: row.user.regionId,
    regionPath: row.regionPath,
    organisationId: null,
    organisationPath: null,
    teamId: row.user.teamId,
  }
  return { actor, ip: '127.0.0.1', userAgent: 'bench', requestId: `bench-${Date.now()}` }
}

/** Host `i` of the generated report (bench/scanners/generate-nessus.ts names them host-<i>.bench.example.gov.cn). */
export const hostName = (i: number) => `host-${i}.bench.example.gov.cn`

export async function buildWorld(platform: Platform, now: Date): Promise<BenchWorld> {
  const { services } = platform
  const system = systemContext('bench')
  const { city, organisationIds } = await services.database.db.transaction(async (tx) => {
    const province = await services.regions.create(
      system,
      { parentId: null, name: '江苏省', code: '320000', level: 'province' },
      tx,
    )
    const city = await services.regions.create(
      system,
      { parentId: province.id, name: '常州市', code: '320400', level: 'city' },
      tx,
    )
    const organisationIds: string[] = []
    for (let i = 0; i < ORGANISATIONS; i++) {
      const org = await insertOrganisation(tx, {
        name: `基准测试单位${String(i + 1).padStart(2, '0')}`,
        category: i < 7 ? 'district' : 'party_government',
        regionId: city.id,
      })
      organisationIds.push(org.id)
    }
    return { city, organisationIds }
  })
  const makeUser = async (role: Role, username: string, teamId: string | null = null) => {
    const { user } = await services.users.create(
      system,
      { username, displayName: username, role, password: PASSWORD, regionId: city.id, teamId },
      { mustChangePassword: false },
    )
    return { id: user.id, username }
  }
  const regulator = await makeUser('regulator', 'bench-regulator')
  const ctx = await contextOf(platform, regulator.id)
  // Nine hosts in ten are registered; the tenth stays unmatched (an unreported-asset candidate).
  for (let i = 0; i < HOSTS; i++) {
    if (i % 10 === 9) continue
    await services.assets.create(ctx, {
      organisationId: organisationIds[i % ORGANISATIONS]!,
      type: 'website',
      identifier: `https://${hostName(i)}`,
    })
  }
  const campaign = await services.campaigns.create(ctx, {
    name: '基准测试专项行动',
    year: now.getUTCFullYear(),
    template: 'wangan-2022-changzhou',
    testingStartsAt: new Date(now.getTime() - 3_600_000).toISOString(),
    testingEndsAt: new Date(now.getTime() + 5 * 86_400_000).toISOString(),
  })
  await services.campaigns.addTargets(ctx, campaign.id, organisationIds)
  const company = await services.teams.createCompany(ctx, {
    name: '杭州安恒信息技术股份有限公司',
    contactName: '王骏杰',
    contactPhone: '15852750685',
  })
  const team = await services.teams.createTeam(ctx, campaign.id, { companyId: company.id, name: '基准一队' })
  const detail = await services.campaigns.get(ctx, campaign.id)
  await services.campaigns.setStatus(ctx, campaign.id, 'active', detail.version)
  const tester = await makeUser('tester', 'bench-tester', team.id)
  const reviewer = await makeUser('reviewer', 'bench-reviewer')
  return { campaignId: campaign.id, teamId: team.id, tester, reviewer, organisationIds }
}
