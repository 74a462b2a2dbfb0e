// Seed helpers that double as test factories: a province → city → two districts, and organisations in them.
import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { systemContext } from '../context'
import type { Tx } from '../db/client'
import { organisationContacts, organisations } from '../db/schema'
import type { TOrganisation } from '../modules/organisations/organisations.schemas'
import { presentOrganisation } from '../modules/organisations/organisations.service'
import type { TRegion } from '../modules/regions/regions.schemas'
import type { Services } from '../services'

export type SeedBasics = {
  province: TRegion
  city: TRegion
  districtA: TRegion
  districtB: TRegion
  /** Another city, outside `city`'s subtree. */
  otherCity: TRegion
  orgA: TOrganisation
  orgASub: TOrganisation
  orgB: TOrganisation
  orgOther: TOrganisation
}

export type OrganisationSeed = {
  name: string
  shortName?: string | null
  category: (typeof organisations.$inferInsert)['category']
  regionId: string
  parentId?: string | null
  isIndustryRegulator?: boolean
  creditCode?: string | null
  notes?: string | null
  contacts?: { kind: 'liaison' | 'leader'; name: string; mobile?: string | null; email?: string | null }[]
}

/** Inserts an organisation (and its contacts) directly; the registry module offers the audited API for users. */
export async function insertOrganisation(tx: Tx, seed: OrganisationSeed): Promise<TOrganisation> {
  const id = randomUUID()
  let parentPath = '/'
  if (seed.parentId) {
    const [parent] = await tx
      .select({ path: organisations.path })
      .from(organisations)
      .where(eqId(seed.parentId))
    if (!parent) throw new Error(`no parent organisation ${seed.parentId}`)
    parentPath = parent.path
  }
  const [row] = await tx
    .insert(organisations)
    .values({
      id,
      name: seed.name,
      shortName: seed.shortName ?? null,
      category: seed.category,
      isIndustryRegulator: seed.isIndustryRegulator ?? false,
      parentId: seed.parentId ?? null,
      regionId: seed.regionId,
      path: `${parentPath}${id}/`,
      creditCode: seed.creditCode ?? null,
      notes: seed.notes ?? null,
    })
    .returning()
  if (seed.contacts?.length)
    await tx
      .insert(organisationContacts)
      .values(
        seed.contacts.map((c) => ({
          organisationId: id,
          kind: c.kind,
          name: c.name,
          mobile: c.mobile ?? null,
          email: c.email ?? null,
        })),
      )
  return presentOrganisation(row!)
}

const eqId = (id: string) => eq(organisations.id, id)

export async function seedBasics(services: Services): Promise<SeedBasics> {
  const ctx = systemContext('seed')
  return services.database.db.transaction(async (tx) => {
    const province = await services.regions.create(
      ctx,
      { parentId: null, name: '江苏省', code: '320000', level: 'province' },
      tx,
    )
    const city = await services.regions.create(
      ctx,
      { parentId: province.id, name: '常州市', code: '320400', level: 'city' },
      tx,
    )
    const districtA = await services.regions.create(
      ctx,
      { parentId: city.id, name: '天宁区', code: '320402', level: 'district' },
      tx,
    )
    const districtB = await services.regions.create(
      ctx,
      { parentId: city.id, name: '钟楼区', code: '320404', level: 'district' },
      tx,
    )
    const otherCity = await services.regions.create(
      ctx,
      { parentId: province.id, name: '无锡市', code: '320200', level: 'city' },
      tx,
    )
    const orgA = await insertOrganisation(tx, {
      name: '市教育局',
      category: 'party_government',
      regionId: city.id,
      contacts: [{ kind: 'liaison', name: '张三', mobile: '13800000001', email: 'zhang@example.gov.cn' }],
    })
    const orgASub = await insertOrganisation(tx, {
      name: '市教育局信息中心',
      category: 'party_government',
      regionId: city.id,
      parentId: orgA.id,
    })
    const orgB = await insertOrganisation(tx, {
      name: '天宁区',
      category: 'district',
      regionId: districtA.id,
    })
    const orgOther = await insertOrganisation(tx, {
      name: '无锡市教育局',
      category: 'party_government',
      regionId: otherCity.id,
    })
    return { province, city, districtA, districtB, otherCity, orgA, orgASub, orgB, orgOther }
  })
}
