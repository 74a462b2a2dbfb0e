// Built matchers, kept while the registry version stays the same. A matcher over the whole registry serves the
// search and conflicts; matchers over a set of organisations (a campaign's targets) serve the findings and the
// testing gateway. Checking freshness is one indexed read of the version row, so other processes' changes are seen.
import {
  buildAssetMatcher,
  type AssetConflict,
  type AssetMatcher,
  type RegistryAsset,
} from '@wangan/rules/registry'
import { and, asc, eq, gt, isNotNull, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../../db/client'
import { assets, organisations } from '../../db/schema'
import { registryAssetOf } from './asset-identity'
import { readRegistryVersion } from './registry-version'

export type MatcherScope = {
  /** Only the assets of these organisations… */
  organisationIds?: readonly string[]
  /** …and of their subordinate units (the census and scoring count 本单位及直属单位). */
  includeSubordinates?: boolean
}

type Entry = { version: number; matcher: AssetMatcher; conflicts?: AssetConflict[]; usedAt: number }

const PAGE = 20_000

export class AssetMatcherCache {
  private readonly entries = new Map<string, Entry>()
  private readonly building = new Map<string, Promise<Entry>>()
  private uses = 0

  constructor(private readonly maxEntries = 8) {}

  private keyOf(scope: MatcherScope | undefined): string {
    if (!scope?.organisationIds) return '*'
    return `${scope.includeSubordinates ? 'tree' : 'own'}:${[...scope.organisationIds].sort().join(',')}`
  }

  async entry(executor: Executor, scope?: MatcherScope): Promise<Entry> {
    const key = this.keyOf(scope)
    const version = await readRegistryVersion(executor)
    const cached = this.entries.get(key)
    if (cached && cached.version === version) {
      cached.usedAt = ++this.uses
      return cached
    }
    const pending = this.building.get(key)
    if (pending) {
      const built = await pending
      if (built.version === version) return built
    }
    const promise = this.build(executor, scope, version)
    this.building.set(key, promise)
    try {
      const built = await promise
      this.entries.set(key, built)
      this.evict()
      return built
    } finally {
      this.building.delete(key)
    }
  }

  async matcher(executor: Executor, scope?: MatcherScope): Promise<AssetMatcher> {
    return (await this.entry(executor, scope)).matcher
  }

  /** Conflicts over the whole registry, computed once per registry version. */
  async conflicts(executor: Executor): Promise<AssetConflict[]> {
    const entry = await this.entry(executor)
    entry.conflicts ??= entry.matcher.conflicts()
    return entry.conflicts
  }

  clear(): void {
    this.entries.clear()
  }

  private evict(): void {
    while (this.entries.size > this.maxEntries) {
      let oldest: string | undefined
      let oldestUse = Infinity
      for (const [key, entry] of this.entries)
        if (entry.usedAt < oldestUse) {
          oldest = key
          oldestUse = entry.usedAt
        }
      if (oldest === undefined) return
      this.entries.delete(oldest)
    }
  }

  private async build(executor: Executor, scope: MatcherScope | undefined, version: number): Promise<Entry> {
    const list: RegistryAsset[] = []
    for await (const asset of loadMatchableAssets(executor, scope)) list.push(asset)
    return { version, matcher: buildAssetMatcher(list), usedAt: ++this.uses }
  }
}

/** Active assets with a network identity, of active organisations (in the scope), page by page. */
export async function* loadMatchableAssets(
  executor: Executor,
  scope?: MatcherScope,
): AsyncGenerator<RegistryAsset> {
  const conditions: SQL[] = [
    eq(assets.status, 'active'),
    isNotNull(assets.networkKind),
    eq(organisations.status, 'active'),
  ]
  if (scope?.organisationIds) {
    const ids = [...scope.organisationIds]
    if (ids.length === 0) return
    const idList = sql.join(
      ids.map((id) => sql`${id}::uuid`),
      sql`, `,
    )
    // Paths are UUIDs and slashes: no LIKE wildcards to escape.
    if (scope.includeSubordinates)
      conditions.push(
        sql`exists (select 1 from organisations top where top.id in (${idList}) and ${organisations.path} like top.path || '%')`,
      )
    else conditions.push(sql`${assets.organisationId} in (${idList})`)
  }
  let after: string | null = null
  for (;;) {
    const rows = await executor
      .select({
        id: assets.id,
        organisationId: assets.organisationId,
        type: assets.type,
        canonical: assets.canonical,
        path: assets.path,
        ports: assets.ports,
      })
      .from(assets)
      .innerJoin(organisations, eq(organisations.id, assets.organisationId))
      .where(and(...conditions, after ? gt(assets.id, after) : undefined))
      .orderBy(asc(assets.id))
      .limit(PAGE)
    for (const row of rows) yield registryAssetOf(row)
    if (rows.length < PAGE) return
    after = rows[rows.length - 1]!.id
  }
}
