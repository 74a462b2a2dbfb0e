// Loads the demo region on request only (`wangan demo load`, `npm run demo`, or the first-run wizard). It refuses to
// load twice. Every row goes through the normal services in one transaction, so the demo is audited like any change.
import { eq } from 'drizzle-orm'
import { makeCreditCode, makeOrganisationCode } from '@wangan/rules/registry'
import type { Role } from '../../access/roles'
import type { RequestContext } from '../../context'
import type { Tx } from '../../db/client'
import { regions } from '../../db/schema'
import { AppError } from '../../http/errors'
import type { Services } from '../../services'
import { insertOrganisation } from '../organisations/organisations.repository'
import { generatePassword } from '../auth/password-policy'
import { DEMO_STEPS } from './demo-steps'
import {
  CREDIT_CODE_PREFIX,
  DEMO_CITY,
  DEMO_DISTRICTS,
  DEMO_ORGANISATIONS,
  DEMO_PROVINCE,
  demoPersonName,
} from './demo-data'

export type DemoCredential = { role: Role; username: string; password: string; displayName: string }
export type DemoResult = {
  region: { id: string; name: string }
  organisations: number
  users: DemoCredential[]
}

/** Later modules add their demo data (a campaign, teams, findings…) here; each step runs in the same transaction. */
export type DemoStep = (tx: Tx, ctx: RequestContext, state: DemoState) => Promise<void>
export type DemoState = {
  /** The platform's services, for steps that create data through them (pass the step's `tx` on). */
  services: Services
  /** The platform clock's time when the demo was loaded (demo dates are relative to it). */
  now: Date
  cityId: string
  districtIds: Map<string, string>
  organisationIds: Map<string, string>
  users: DemoCredential[]
  userIds: Map<string, string>
}

const DEMO_USERS: { role: Role; username: string; displayName: string; organisation?: string }[] = [
  { role: 'admin', username: 'demo-admin', displayName: '演示·平台管理员' },
  { role: 'regulator', username: 'demo-regulator', displayName: '演示·市委网信办' },
  { role: 'reviewer', username: 'demo-reviewer', displayName: '演示·审核组' },
  { role: 'retester', username: 'demo-retester', displayName: '演示·复测组' },
  { role: 'team_lead', username: 'demo-team-lead', displayName: '演示·检测队长' },
  { role: 'tester', username: 'demo-tester', displayName: '演示·检测人员' },
  {
    role: 'org_liaison',
    username: 'demo-liaison',
    displayName: '演示·教育局联络员',
    organisation: '市教育局',
  },
  { role: 'org_leader', username: 'demo-leader', displayName: '演示·教育局负责人', organisation: '市教育局' },
  { role: 'police', username: 'demo-police', displayName: '演示·公安网安' },
  { role: 'expert', username: 'demo-expert', displayName: '演示·定级专家' },
  { role: 'auditor', username: 'demo-auditor', displayName: '演示·审计员' },
]

export async function isDemoLoaded(services: Services): Promise<boolean> {
  const [city] = await services.database.db
    .select({ id: regions.id })
    .from(regions)
    .where(eq(regions.code, DEMO_CITY.code))
  return !!city
}

export async function loadDemo(
  services: Services,
  ctx: RequestContext,
  extraSteps: readonly DemoStep[] = DEMO_STEPS,
): Promise<DemoResult> {
  if (await isDemoLoaded(services))
    throw new AppError(
      'CONFLICT',
      `演示数据已加载：${DEMO_CITY.name}已存在 (the demo region is already loaded)`,
    )
  const users = DEMO_USERS.map((u) => ({ ...u, password: generatePassword(14) }))
  return services.database.db.transaction(async (tx) => {
    const [existingProvince] = await tx.select().from(regions).where(eq(regions.code, DEMO_PROVINCE.code))
    const province =
      existingProvince ??
      (await services.regions.create(
        ctx,
        { parentId: null, name: DEMO_PROVINCE.name, code: DEMO_PROVINCE.code, level: 'province' },
        tx,
      ))
    const city = await services.regions.create(
      ctx,
      { parentId: province.id, name: DEMO_CITY.name, code: DEMO_CITY.code, level: 'city' },
      tx,
    )
    const districtIds = new Map<string, string>()
    for (const d of DEMO_DISTRICTS) {
      const region = await services.regions.create(
        ctx,
        { parentId: city.id, name: d.name, code: d.code, level: 'district' },
        tx,
      )
      districtIds.set(d.name, region.id)
    }
    const organisationIds = new Map<string, string>()
    for (const [index, org] of DEMO_ORGANISATIONS.entries()) {
      const division =
        (org.district && DEMO_DISTRICTS.find((d) => d.name === org.district)?.code) || DEMO_CITY.code
      const creditCode = makeCreditCode(
        `${CREDIT_CODE_PREFIX[org.category]}${division}${makeOrganisationCode(String(71_000_000 + index * 37).slice(0, 8))}`,
      )
      const created = await insertOrganisation(tx, {
        name: org.name,
        shortName: org.shortName,
        category: org.category,
        regionId: org.district ? districtIds.get(org.district)! : city.id,
        isIndustryRegulator: org.isIndustryRegulator ?? false,
        creditCode,
        notes: org.isIndustryRegulator
          ? '演示数据：行业主管监管部门标注为示例，非官方认定 (illustrative)'
          : '演示数据 (demo data)',
        contacts: [
          {
            kind: 'liaison',
            name: demoPersonName(index * 2),
            mobile: `139${String(51_900_000 + index * 2).padStart(8, '0')}`,
            email: `liaison${index + 1}@example.com`,
          },
          {
            kind: 'leader',
            name: demoPersonName(index * 2 + 1),
            mobile: `138${String(51_900_000 + index * 2 + 1).padStart(8, '0')}`,
            email: `leader${index + 1}@example.com`,
          },
        ],
      })
      organisationIds.set(org.name, created.id)
      await services.audit.record(tx, ctx, {
        action: 'organisation.created',
        objectType: 'organisation',
        objectId: created.id,
        summary: { name: org.name, category: org.category, source: 'demo' },
      })
    }
    const userIds = new Map<string, string>()
    for (const u of users) {
      const organisationId = u.organisation ? organisationIds.get(u.organisation)! : null
      const regionBound = !['admin', 'auditor'].includes(u.role) && !organisationId
      const { user } = await services.users.create(
        ctx,
        {
          username: u.username,
          displayName: u.displayName,
          role: u.role,
          password: u.password,
          organisationId,
          regionId: regionBound ? city.id : null,
        },
        { mustChangePassword: false, tx },
      )
      userIds.set(u.username, user.id)
    }
    const credentials = users.map(({ role, username, password, displayName }) => ({
      role,
      username,
      password,
      displayName,
    }))
    const state: DemoState = {
      services,
      now: services.clock.now(),
      cityId: city.id,
      districtIds,
      organisationIds,
      users: credentials,
      userIds,
    }
    for (const step of extraSteps) await step(tx, ctx, state)
    return {
      region: { id: city.id, name: city.name },
      organisations: DEMO_ORGANISATIONS.length,
      users: credentials,
    }
  })
}
