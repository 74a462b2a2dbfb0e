// Seeds many SMS deliveries the way production makes them — notices issued through services.notices.issue (number,
// findings notified, deliveries and the wake-up job in one transaction) — for the crash test and the benchmark. Only
// the scaffolding (region, campaign, team, organisations with liaison contacts, verified findings) is written
// directly, in bulk.
import { randomUUID } from 'node:crypto'
import type { Actor, RequestContext } from '../../../context'
import {
  campaigns,
  findings,
  organisationContacts,
  organisations,
  regions,
  teams,
  testingCompanies,
  users,
} from '../../../db/schema'
import type { Services } from '../../../services'

export type SeedOptions = {
  organisations: number
  liaisonsPerOrganisation: number
  noticesPerOrganisation: number
  /** Business time of the notices (the services' clock is used when left out). */
  now?: Date
  /** Progress on stderr every this many notices. */
  progressEvery?: number
}

export type SeedResult = { notices: number; smsDeliveries: number; regionId: string; mobiles: string[] }

/** Distinct valid mainland numbers: 139 + 8 digits. */
export const mobileFor = (n: number) => `139${String(n).padStart(8, '0')}`

export async function seedNoticeDeliveries(services: Services, options: SeedOptions): Promise<SeedResult> {
  const db = services.database.db
  const suffix = randomUUID().slice(0, 8)
  const cityId = randomUUID()
  const regulatorId = randomUUID()
  const campaignId = randomUUID()
  const teamId = randomUUID()
  const now = options.now ?? services.clock.now()
  const orgIds: string[] = []
  const mobiles: string[] = []
  const findingIds: string[][] = []
  await db.transaction(async (tx) => {
    await tx.insert(regions).values({
      id: cityId,
      name: `压测市 ${suffix}`,
      level: 'city',
      path: `/${cityId}/`,
      code: `B${suffix}`,
    })
    await tx.insert(users).values({
      id: regulatorId,
      username: `bench-regulator-${suffix}`,
      displayName: '压测监管人员',
      role: 'regulator',
      regionId: cityId,
      passwordHash: 'not-a-login',
    } as typeof users.$inferInsert)
    await tx.insert(campaigns).values({
      id: campaignId,
      name: `压测行动 ${suffix}`,
      year: now.getUTCFullYear(),
      regionId: cityId,
      status: 'active',
      template: 'blank',
      unitStandardId: 'changzhou-2022',
      teamStandardId: 'yixing-2021-teams',
      testingStartsAt: new Date(now.getTime() - 86_400_000),
      testingEndsAt: new Date(now.getTime() + 5 * 86_400_000),
    })
    const [company] = await tx
      .insert(testingCompanies)
      .values({ regionId: cityId, name: `压测公司 ${suffix}` })
      .returning({ id: testingCompanies.id })
    await tx.insert(teams).values({ id: teamId, campaignId, companyId: company!.id, name: '压测一队' })
    let mobile = 0
    for (let o = 0; o < options.organisations; o++) {
      const id = randomUUID()
      orgIds.push(id)
      await tx.insert(organisations).values({
        id,
        name: `压测单位 ${o + 1}`,
        category: 'party_government',
        regionId: cityId,
        path: `/${id}/`,
      })
      const contacts = Array.from({ length: options.liaisonsPerOrganisation }, (_, i) => {
        const number = mobileFor(++mobile)
        mobiles.push(number)
        return {
          organisationId: id,
          kind: 'liaison' as const,
          name: `联络员${o + 1}-${i + 1}`,
          mobile: number,
        }
      })
      await tx.insert(organisationContacts).values(contacts)
      const rows = Array.from({ length: options.noticesPerOrganisation }, (_, k) => ({
        campaignId,
        teamId,
        organisationId: id,
        target: `https://www${o}.bench.example/${k}`,
        targetHost: `www${o}.bench.example`,
        kind: 'vulnerability' as const,
        title: `压测漏洞 ${o + 1}-${k + 1}`,
        titleKey: `bench${o}x${k}`,
        severity: 'high' as const,
        severitySource: 'tester' as const,
        status: 'verified' as const,
        submittedAt: now,
        verifiedAt: now,
      }))
      const inserted = await tx.insert(findings).values(rows).returning({ id: findings.id })
      findingIds.push(inserted.map((r) => r.id))
    }
  })
  const actor: Actor = {
    userId: regulatorId,
    username: `bench-regulator-${suffix}`,
    displayName: '压测监管人员',
    role: 'regulator',
    regionId: cityId,
    regionPath: `/${cityId}/`,
    organisationId: null,
    organisationPath: null,
    teamId: null,
  }
  const ctx: RequestContext = { actor, ip: null, userAgent: null, requestId: `seed-${suffix}` }
  let issued = 0
  for (let k = 0; k < options.noticesPerOrganisation; k++)
    for (let o = 0; o < orgIds.length; o++) {
      await services.notices.issueNotice(ctx, {
        organisationId: orgIds[o]!,
        findingIds: [findingIds[o]![k]!],
        channels: { sms: true, email: false },
      })
      issued++
      if (options.progressEvery && issued % options.progressEvery === 0)
        process.stderr.write(`  issued ${issued} notices\n`)
    }
  const [count] = await services.database.query<{ n: number }>(
    `select count(*)::int as n from deliveries d join notices n on n.id = d.notice_id
     where d.channel = 'sms' and n.campaign_id = $1`,
    [campaignId],
  )
  return { notices: issued, smsDeliveries: Number(count?.n ?? 0), regionId: cityId, mobiles }
}
