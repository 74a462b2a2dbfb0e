// The gateway under benchmark, in its own process as in production: the platform on a fresh database (embedded
// PGlite in a temporary directory, or PostgreSQL when DATABASE_URL names one), a campaign made through the services
// as a regulator would (a target organisation owning the loopback address, an active testing window, a team and a
// tester with a gateway token), and the gateway listening with audit on. Prints one JSON line when ready, then
// answers `status` and `stop` on stdin.
import { createInterface } from 'node:readline'
import { eq } from 'drizzle-orm'
import type { Role } from '@wangan/server/access/roles'
import { loadConfig } from '@wangan/server/config'
import { systemContext, type Actor, type RequestContext } from '@wangan/server/context'
import { regions, users } from '@wangan/server/db/schema/index'
import { insertOrganisation } from '@wangan/server/modules/organisations/organisations.repository'
import { openPlatform, type Platform } from '@wangan/server/platform'

const PASSWORD = 'Bench-passw0rd!'

async function contextOf(platform: Platform, userId: string): Promise<RequestContext> {
  const [row] = await platform.database.db
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

async function main() {
  const dataDir = process.env.BENCH_DATA_DIR!
  const config = loadConfig({
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    WANGAN_DATA_DIR: dataDir,
    WANGAN_ROLES: 'gateway',
    LOG_LEVEL: 'silent',
    GATEWAY_PORT: '0',
    SOCKS_PORT: '0',
  })
  const platform = await openPlatform(config)
  const { services } = platform
  const system = systemContext('bench')
  const now = new Date()
  const city = await services.database.db.transaction(async (tx) => {
    const province = await services.regions.create(
      system,
      { parentId: null, name: '江苏省', code: '320000', level: 'province' },
      tx,
    )
    return services.regions.create(
      system,
      { parentId: province.id, name: '常州市', code: '320400', level: 'city' },
      tx,
    )
  })
  const organisation = await services.database.db.transaction((tx) =>
    insertOrganisation(tx, { name: '基准测试单位', category: 'party_government', regionId: city.id }),
  )
  const makeUser = async (role: Role, username: string, teamId: string | null = null) => {
    const { user } = await services.users.create(
      system,
      { username, displayName: username, role, password: PASSWORD, regionId: city.id, teamId },
      { mustChangePassword: false },
    )
    return contextOf(platform, user.id)
  }
  const regulator = await makeUser('regulator', 'bench-regulator')
  await services.assets.create(regulator, {
    organisationId: organisation.id,
    type: 'ip',
    identifier: '127.0.0.1',
  })
  await services.assets.create(regulator, {
    organisationId: organisation.id,
    type: 'website',
    identifier: 'http://www.bench.test.gov.cn',
  })
  const campaign = await services.campaigns.create(regulator, {
    name: '网关基准测试',
    year: now.getUTCFullYear(),
    template: 'wangan-2022-changzhou',
    testingStartsAt: new Date(now.getTime() - 3_600_000).toISOString(),
    testingEndsAt: new Date(now.getTime() + 86_400_000).toISOString(),
  })
  await services.campaigns.addTargets(regulator, campaign.id, [organisation.id])
  const company = await services.teams.createCompany(regulator, {
    name: '基准安全公司',
    contactName: '王工',
    contactPhone: '15852750685',
  })
  const team = await services.teams.createTeam(regulator, campaign.id, {
    companyId: company.id,
    name: '基准一队',
  })
  const detail = await services.campaigns.get(regulator, campaign.id)
  await services.campaigns.setStatus(regulator, campaign.id, 'active', detail.version)
  const tester = await makeUser('tester', 'bench-tester', team.id)
  const { token } = await services.gateway.issueToken(tester)
  const { ports, runtime } = await services.gateway.startRuntime(services, {
    host: '127.0.0.1',
    httpPort: 0,
    socksPort: 0,
    thread: process.env.BENCH_THREAD !== '0',
  })
  const status = async () => {
    const proxy = await runtime.status()
    const memory = process.memoryUsage()
    return {
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      proxyHeapUsed: proxy.heapUsed ?? 0,
      arrayBuffers: memory.arrayBuffers,
      audit: proxy.audit,
      cpu: process.cpuUsage(),
    }
  }
  process.stdout.write(
    `${JSON.stringify({ ready: true, http: ports.http, socks: ports.socks, token, database: platform.database.kind })}\n`,
  )
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'status') process.stdout.write(`${JSON.stringify(await status())}\n`)
    else if (line === 'drain') {
      const drained = await runtime.drain(120_000)
      const rows = await platform.database.query<{ n: number | string }>(
        'select coalesce(sum(count), 0) as n from gateway_record_packs',
      )
      process.stdout.write(
        `${JSON.stringify({ drained, records: Number(rows[0]?.n ?? 0), ...(await status()) })}\n`,
      )
    } else if (line === 'stop') break
  }
  await services.gateway.stopRuntime(60_000)
  await platform.close()
  process.exit(0)
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exit(1)
})
