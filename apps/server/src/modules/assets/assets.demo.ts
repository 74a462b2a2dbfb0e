// Demo data of the registry: a few internet assets for every demo organisation, under reserved names (`.example`,
// RFC 2606) and documentation address ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32), one
// egress address claimed by two organisations (a conflict to settle), and an open census round in which about half of
// the organisations — 市教育局 among them — have submitted. Runs before the campaign step, so a campaign's targets
// already have assets. Dates follow the real calendar (a demo step has no clock).
import type { AssetType } from '@wangan/rules/registry'
import { sql } from 'drizzle-orm'
import type { Tx } from '../../db/client'
import { assets, censusParticipants, censusRounds } from '../../db/schema'
import { DEMO_ORGANISATIONS } from '../demo/demo-data'
import type { DemoStep } from '../demo/demo.service'
import { assetIdentity, normalisePorts } from './asset-identity'
import { bumpRegistryVersion } from './registry-version'

type DemoAsset = { type: AssetType; identifier: string; name: string; ports?: number[] }

/** Readable host labels for the organisations the demo users belong to; the others get u01, u02 … */
const SLUGS: Record<string, string> = {
  市教育局: 'jyj',
  市工信局: 'gxj',
  市卫生健康委: 'wjw',
  市政务服务管理办公室: 'zwb',
  市政府办公室: 'zfb',
  常州日报社: 'cznews',
}

export function demoAssetsOf(index: number, name: string, category: string): DemoAsset[] {
  const slug = SLUGS[name] ?? `u${String(index + 1).padStart(2, '0')}`
  const host = `${slug}.changzhou.example`
  const list: DemoAsset[] = [
    { type: 'website', identifier: `https://www.${host}/`, name: '门户网站' },
    { type: 'ip', identifier: `192.0.2.${index + 1}`, name: '互联网出口地址' },
  ]
  if (index % 3 === 0 || name in SLUGS)
    list.push({ type: 'domain', identifier: `*.${host}`, name: '单位域名' })
  if (index % 3 === 1)
    list.push({
      type: 'website',
      identifier: `https://oa.${host}:8443/`,
      name: '协同办公系统',
      ports: [8443],
    })
  if (index < 32 && index % 2 === 0)
    list.push({ type: 'ip', identifier: `198.51.100.${index * 8}/29`, name: '托管服务器网段' })
  if (category === 'district')
    list.push({ type: 'ip', identifier: `2001:db8:${(index + 1).toString(16)}::/48`, name: 'IPv6 网段' })
  if (category === 'news_media')
    list.push({ type: 'app', identifier: `${name}客户端 (example.changzhou.${slug})`, name: '移动客户端' })
  if (name === '市政府办公室' || name === '市政务服务管理办公室')
    list.push({ type: 'ip', identifier: '203.0.113.10', name: '政务云共享出口' })
  return list
}

async function insertDemoAssets(tx: Tx, organisationId: string, list: DemoAsset[], now: Date): Promise<void> {
  const values = list.map((a) => {
    const result = assetIdentity(a.type, a.identifier)
    if (!result.ok) throw new Error(`demo asset ${a.identifier}: ${result.reason.en}`)
    const identity = result.identity
    return {
      organisationId,
      type: a.type,
      identifier: a.identifier,
      canonical: identity.canonical,
      identityKey: identity.identityKey,
      networkKind: identity.networkKind,
      network: identity.network,
      path: identity.path,
      ports: normalisePorts(a.ports, identity.writtenPort),
      name: a.name,
      source: 'self_reported' as const,
      notes: '演示数据 (demo data)',
      createdAt: now,
      updatedAt: now,
    }
  })
  await tx.insert(assets).values(values)
}

export const registryDemoStep: DemoStep = async (tx, _ctx, state) => {
  const now = new Date()
  for (const [index, org] of DEMO_ORGANISATIONS.entries()) {
    const id = state.organisationIds.get(org.name)
    if (id) await insertDemoAssets(tx, id, demoAssetsOf(index, org.name, org.category), now)
  }
  await bumpRegistryVersion(tx)

  const deadline = new Date(now.getTime() + 14 * 24 * 3600 * 1000)
  const [round] = await tx
    .insert(censusRounds)
    .values({
      name: '互联网资产普查（演示）',
      regionId: state.cityId,
      deadline,
      notes: '请各单位核对本单位及直属单位的互联网资产（互联网系统、互联网出口地址、云资源等）后提交。',
      createdBy: state.userIds.get('demo-regulator') ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning()
  const ids = DEMO_ORGANISATIONS.map((o) => state.organisationIds.get(o.name)).filter(
    (id): id is string => !!id,
  )
  await tx
    .insert(censusParticipants)
    .values(ids.map((organisationId) => ({ roundId: round!.id, organisationId })))
  // Every other organisation has submitted, 市教育局 included; the rest show up on the status board as pending.
  const education = state.organisationIds.get('市教育局')
  const submitted = ids.filter((id, i) => i % 2 === 0 || id === education)
  for (const organisationId of submitted) {
    await tx.execute(sql`
      insert into census_snapshot_assets
        (round_id, organisation_id, owner_organisation_id, asset_id, type, identifier, canonical, path, ports, name)
      select ${round!.id}::uuid, ${organisationId}::uuid, a.organisation_id, a.id, a.type, a.identifier, a.canonical,
        a.path, a.ports, a.name
      from assets a where a.organisation_id = ${organisationId}::uuid and a.status = 'active'`)
    await tx.execute(sql`
      update census_participants set status = 'submitted', submitted_at = ${now.toISOString()}::timestamptz,
        submitted_by_name = '演示·单位联络员', submissions = 1, version = version + 1,
        asset_count = (select count(*)::int from census_snapshot_assets s
                       where s.round_id = ${round!.id}::uuid and s.organisation_id = ${organisationId}::uuid)
      where round_id = ${round!.id}::uuid and organisation_id = ${organisationId}::uuid`)
  }
}
