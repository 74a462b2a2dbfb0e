// Seed helpers that double as test factories: a province → city → two districts, and organisations in them.
import { systemContext } from '../context'
import type { TOrganisation } from '../modules/organisations/organisations.schemas'
import { insertOrganisation } from '../modules/organisations/organisations.repository'
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
      { parentId: province.id, name: '测试市', code: '329900', level: 'city' },
      tx,
    )
    const districtA = await services.regions.create(
      ctx,
      { parentId: city.id, name: '测试甲区', code: '329901', level: 'district' },
      tx,
    )
    const districtB = await services.regions.create(
      ctx,
      { parentId: city.id, name: '测试乙区', code: '329902', level: 'district' },
      tx,
    )
    const otherCity = await services.regions.create(
      ctx,
      { parentId: province.id, name: '邻市', code: '329800', level: 'city' },
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
      name: '邻市教育局',
      category: 'party_government',
      regionId: otherCity.id,
    })
    return { province, city, districtA, districtB, otherCity, orgA, orgASub, orgB, orgOther }
  })
}
