// npm run bench:scoring — issue 6's figure, on PostgreSQL (DATABASE_URL, default the local server): a campaign of
// 10,000 target organisations (plus subordinate units whose findings and assets roll up to them) and 1,000,000
// findings; the platform's full scoring (services.scoring.ranking: access check, every input query, the tally
// scorer, category ranks, presentation) beside a single SQL aggregate over the same findings — the GROUP BY
// organisation, kind, severity that any scoring of the standard needs — measured in the same run, interleaved.
// A fresh database is created for the run and dropped afterwards (--keep keeps it, --reuse <name> reuses one).
// The last line reads `scoring/aggregate: X.XX` (median full scoring ÷ median aggregate).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { scoreOrganisations } from '@wangan/rules/scoring'
import { loadConfig } from '@wangan/server/config'
import type { Actor, RequestContext } from '@wangan/server/context'
import { systemContext } from '@wangan/server/context'
import { openPlatform, type Platform } from '@wangan/server/platform'
import pg from 'pg'

const { values } = parseArgs({
  options: {
    organisations: { type: 'string', default: '10000' },
    subordinates: { type: 'string', default: '2000' },
    findings: { type: 'string', default: '1000000' },
    assets: { type: 'string', default: '50000' },
    rounds: { type: 'string', default: '7' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'string' },
    engine: { type: 'boolean', default: false },
  },
})
const ORGANISATIONS = Number(values.organisations)
const SUBORDINATES = Number(values.subordinates)
const FINDINGS = Number(values.findings)
const ASSETS = Number(values.assets)
const ROUNDS = Math.max(1, Number(values.rounds))

const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const dbName = values.reuse ?? `wangan_bench_scoring_${Date.now().toString(36)}`
const dbUrl = (() => {
  const u = new URL(serverUrl)
  u.pathname = `/${dbName}`
  return u.toString()
})()
const work = mkdtempSync(join(tmpdir(), 'wangan-bench-scoring-'))
const log = (line: string) => console.log(line)

async function admin<T>(fn: (client: pg.Client) => Promise<T>, url = serverUrl): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

function open(): Promise<Platform> {
  return openPlatform(
    loadConfig({
      DATABASE_URL: dbUrl,
      WANGAN_DATA_DIR: join(work, 'data'),
      WANGAN_ROLES: 'api',
      LOG_LEVEL: 'silent',
    }),
  )
}

type World = { campaignId: string; regulator: Actor }

/** The campaign made through the services (phases, standards); the mass rows written by SQL. */
async function build(platform: Platform): Promise<World> {
  const { services } = platform
  const system = systemContext('bench')
  const province = await services.regions.create(system, {
    parentId: null,
    name: '江苏省',
    code: '320000',
    level: 'province',
  })
  const city = await services.regions.create(system, {
    parentId: province.id,
    name: '常州市',
    code: '320400',
    level: 'city',
  })
  const { user } = await services.users.create(
    system,
    {
      username: 'bench-regulator',
      displayName: 'bench',
      role: 'regulator',
      password: 'Bench-passw0rd!',
      regionId: city.id,
    },
    { mustChangePassword: false },
  )
  const regulator: Actor = {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    role: 'regulator',
    regionId: city.id,
    regionPath: city.path,
    organisationId: null,
    organisationPath: null,
    teamId: null,
  }
  const ctx: RequestContext = { actor: regulator, ip: null, userAgent: 'bench', requestId: 'bench' }
  const now = new Date()
  const campaign = await services.campaigns.create(ctx, {
    name: '基准测试专项行动',
    year: now.getUTCFullYear(),
    template: 'wangan-2022-changzhou',
    testingStartsAt: new Date(now.getTime() - 3_600_000).toISOString(),
    testingEndsAt: new Date(now.getTime() + 5 * 86_400_000).toISOString(),
  })
  const company = await services.teams.createCompany(ctx, {
    name: '基准测试安全公司',
    contactName: '王骏杰',
    contactPhone: '15852750685',
  })
  const teams: string[] = []
  for (let i = 1; i <= 6; i++)
    teams.push(
      (await services.teams.createTeam(ctx, campaign.id, { companyId: company.id, name: `基准${i}队` })).id,
    )
  await admin(async (c) => {
    const categories = `array['district','party_government','mass_organisation','news_media','state_enterprise']::organisation_category[]`
    await c.query(
      `insert into organisations (id, name, category, region_id, path)
       select id, '基准单位' || lpad(g::text, 5, '0'), (${categories})[1 + g % 5], $1::uuid, '/' || id || '/'
       from (select g, gen_random_uuid() as id from generate_series(1, $2::int) g) s`,
      [city.id, ORGANISATIONS],
    )
    await c.query(
      `insert into campaign_targets (campaign_id, organisation_id, organisation_name, organisation_category)
       select $1::uuid, id, name, category from organisations where region_id = $2::uuid`,
      [campaign.id, city.id],
    )
    await c.query(
      `create temporary table bench_targets as
       select row_number() over (order by id) as n, id, name, category, path from organisations where region_id = $1::uuid`,
      [city.id],
    )
    // Subordinate units (直属单位) under every fifth target: their assets and findings roll up.
    await c.query(
      `insert into organisations (id, name, category, region_id, parent_id, path)
       select s.id, p.name || '直属单位' || s.g, p.category, $2::uuid, p.id, p.path || s.id || '/'
       from (select g, gen_random_uuid() as id from generate_series(1, $1::int) g) s
       join bench_targets p on p.n = 1 + (s.g * 5) % $3::int`,
      [SUBORDINATES, city.id, ORGANISATIONS],
    )
    await c.query(
      `create temporary table bench_orgs as select row_number() over (order by id) as n, id from organisations where region_id = $1::uuid`,
      [city.id],
    )
    await c.query(
      `insert into assets (organisation_id, type, identifier, canonical, identity_key, source)
       select o.id, 'website', 'https://a' || g || '.bench.example.gov.cn', 'a' || g || '.bench.example.gov.cn',
              'a' || g || '.bench.example.gov.cn', 'self_reported'
       from generate_series(1, $1::int) g
       join bench_orgs o on o.n = 1 + (g * 7919) % $2::int`,
      [ASSETS, ORGANISATIONS + SUBORDINATES],
    )
    // Findings fall on organisations unevenly (the cube of a uniform draw): a few with thousands, most with a
    // handful, as in a real action. Times are whole milliseconds, as the platform writes them.
    await c.query(
      `insert into findings (campaign_id, team_id, organisation_id, target, kind, title, title_key, severity,
         severity_source, cvss_base, cvss_version, cvss_vector, status, record_count, is_sensitive, submitted_at,
         notified_at, fixed_at, not_fixed_retests)
       select $1::uuid, ($2::uuid[])[1 + g % 6], o.id, 'https://t' || g || '.bench.example.gov.cn',
         k.kind, 'Finding ' || g, 'finding' || g,
         (array['critical','high','medium','low'])[1 + abs(hashint8(g::bigint + 3000000019)::bigint) % 4]::finding_severity, 'cvss',
         round(((g % 90) / 10.0 + 1)::numeric, 1), '3.1', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', s.status,
         case when k.kind = 'data_leak' then (g * 37) % 1500 end,
         case when k.kind = 'data_leak' then g % 3 > 0 end,
         now() - interval '5 days',
         case when s.status in ('notified','rectification_submitted','returned','fixed')
              then date_trunc('milliseconds', now()) - interval '4 days' + (g % 1000) * interval '1 minute' end,
         case when s.status = 'fixed'
              then date_trunc('milliseconds', now()) - interval '4 days' + (g % 1000) * interval '1 minute' + (abs(hashint8(g::bigint + 4000000007)::bigint) % 6000) * interval '1 minute' end,
         case when s.status = 'returned' then 1 + g % 2 else 0 end
       from generate_series(1, $3::int) g
       join bench_orgs o on o.n = 1 + floor($4::int * power((abs(hashint8(g::bigint)::bigint) % 1000000) / 1000000.0, 3))::int
       cross join lateral (select (array['vulnerability','vulnerability','vulnerability','weak_password','intrusion_trace','data_leak','unreported_asset'])[1 + abs(hashint8(g::bigint + 1000000007)::bigint) % 7]::finding_kind as kind) k
       cross join lateral (select (array['submitted','verified','rejected','duplicate','notified','rectification_submitted','returned','fixed','fixed','withdrawn'])[1 + abs(hashint8(g::bigint + 2000000011)::bigint) % 10]::finding_status as status) s`,
      [campaign.id, `{${teams.join(',')}}`, FINDINGS, ORGANISATIONS + SUBORDINATES],
    )
    await c.query('VACUUM ANALYZE findings')
    await c.query('VACUUM ANALYZE assets')
    await c.query('VACUUM ANALYZE organisations')
    await c.query('VACUUM ANALYZE campaign_targets')
  }, dbUrl)
  return { campaignId: campaign.id, regulator }
}

const COUNTED = `('verified','notified','rectification_submitted','returned','fixed')`

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now()
  const value = await fn()
  return { ms: performance.now() - started, value }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

const fmt = (n: number, digits = 0) => n.toFixed(digits)

try {
  log(`scoring benchmark on ${new URL(serverUrl).host} (database ${dbName})`)
  let world: World
  if (values.reuse) {
    const platform = await open()
    try {
      const [row] = await platform.database.query<{ id: string }>(`select id from campaigns limit 1`)
      const [user] = await platform.database.query<{ id: string; region_id: string; path: string }>(
        `select u.id, u.region_id, r.path from users u join regions r on r.id = u.region_id where u.username = 'bench-regulator'`,
      )
      world = {
        campaignId: row!.id,
        regulator: {
          userId: user!.id,
          username: 'bench-regulator',
          displayName: 'bench',
          role: 'regulator',
          regionId: user!.region_id,
          regionPath: user!.path,
          organisationId: null,
          organisationPath: null,
          teamId: null,
        },
      }
    } finally {
      await platform.close()
    }
  } else {
    await admin((c) => c.query(`CREATE DATABASE ${dbName}`))
    const platform = await open()
    try {
      const built = await timed(() => build(platform))
      world = built.value
      log(
        `seeded ${ORGANISATIONS.toLocaleString('en')} targets (+${SUBORDINATES} subordinate units), ${ASSETS.toLocaleString('en')} assets, ${FINDINGS.toLocaleString('en')} findings in ${fmt(built.ms / 1000, 1)} s`,
      )
    } finally {
      await platform.close()
    }
  }

  const platform = await open()
  try {
    const ctx: RequestContext = { actor: world.regulator, ip: null, userAgent: 'bench', requestId: 'bench' }
    const [counts] = await platform.database.query<{ counted: string; total: string }>(
      `select count(*) filter (where status in ${COUNTED}) as counted, count(*) as total from findings where campaign_id = $1`,
      [world.campaignId],
    )
    log(
      `campaign: ${Number(counts!.total).toLocaleString('en')} findings, ${Number(counts!.counted).toLocaleString('en')} counted`,
    )
    const aggregate = () =>
      platform.database.query(
        `select organisation_id, kind, severity, count(*) as n
         from findings where campaign_id = $1 and status in ${COUNTED}
         group by organisation_id, kind, severity`,
        [world.campaignId],
      )
    // The same aggregate counted inside the database (no rows sent): what the GROUP BY itself costs.
    const aggregateInDatabase = () =>
      platform.database.query(
        `select count(*) from (select organisation_id, kind, severity, count(*) as n
         from findings where campaign_id = $1 and status in ${COUNTED}
         group by organisation_id, kind, severity) groups`,
        [world.campaignId],
      )
    const score = () => platform.services.scoring.ranking(ctx, world.campaignId)
    // Warm-up: connections, plans, caches.
    const warm = await score()
    await aggregate()
    if (warm.organisations.length !== ORGANISATIONS)
      throw new Error(`scored ${warm.organisations.length} organisations`)
    const aggregateMs: number[] = []
    const inDatabaseMs: number[] = []
    const scoringMs: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const a = await timed(aggregate)
      aggregateMs.push(a.ms)
      const d = await timed(aggregateInDatabase)
      inDatabaseMs.push(d.ms)
      const s = await timed(score)
      scoringMs.push(s.ms)
      log(
        `round ${round + 1}: aggregate ${fmt(a.ms)} ms (${a.value.length} groups fetched; ${fmt(d.ms)} ms counted in the database), full scoring ${fmt(s.ms)} ms (${s.value.organisations.length} organisations ranked)`,
      )
    }
    const best = warm.organisations[0]!
    const worst = warm.organisations.at(-1)!
    log(`ranking: #1 ${best.name} ${best.total}, last #${worst.rank} ${worst.name} ${worst.total}`)
    if (values.engine) {
      // For reference: the per-finding engine (what `wangan score` runs) on the same campaign's snapshot.
      const snapshot = await timed(() =>
        platform.services.scoring.snapshot(ctx, world.campaignId, 'organisations'),
      )
      const engine = await timed(async () => scoreOrganisations(snapshot.value))
      log(`engine on the per-finding snapshot: snapshot ${fmt(snapshot.ms)} ms, scoring ${fmt(engine.ms)} ms`)
    }
    const a = median(aggregateMs)
    const d = median(inDatabaseMs)
    const s = median(scoringMs)
    log(
      `median of ${ROUNDS}: aggregate ${fmt(a)} ms (in the database alone ${fmt(d)} ms), full scoring ${fmt(s)} ms`,
    )
    log(`scoring/aggregate-in-database: ${(s / d).toFixed(2)}`)
    log(`scoring/aggregate: ${(s / a).toFixed(2)}`)
  } finally {
    await platform.close()
  }
} finally {
  if (!values.keep && !values.reuse)
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)).catch(() => undefined)
  rmSync(work, { recursive: true, force: true })
}
