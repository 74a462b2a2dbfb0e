// Asset matcher benchmark: 1,000,000 assets (hosts, wildcards, parent domains, IPv4/IPv6 addresses and networks),
// lookups per second over a mix of hits and misses, beside a naive linear scan over a 10,000-asset subset.
// Run: npx tsx bench/registry/matcher-bench.ts [assetCount]
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import {
  buildAssetMatcher,
  normaliseAssetIdentifier,
  parseTarget,
  type AssetMatch,
  type AssetMatchKind,
  type NetworkIdentity,
  type RegistryAsset,
} from '@wangan/rules/registry'

const ASSET_COUNT = Number(process.argv[2] ?? 1_000_000)
const NAIVE_SUBSET = 10_000
const TARGET_COUNT = 200_000
const MIN_MEASURE_MS = 2_000

/** mulberry32: a seeded generator, so every run measures the same registry. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const rand = random(20220516)
const int = (n: number) => Math.floor(rand() * n)
const pickOne = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T
const CITIES = [
  'changzhou',
  'wuxi',
  'suzhou',
  'nanjing',
  'yixing',
  'liyang',
  'jintan',
  'wujin',
  'xinbei',
  'tianning',
]
const SUBS = ['www', 'oa', 'mail', 'vpn', 'zwfw', 'portal', 'app', 'api', 'xxgk', 'sso']
const ipv4 = (v: number) => `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`
const hex4 = () => int(0x10000).toString(16)

type Kind = 'website' | 'domain' | 'wildcard' | 'ipv4' | 'cidr4' | 'ipv6' | 'cidr6' | 'app'
// The census mix: most assets are sites and domains, then egress addresses and ranges, some IPv6, some apps.
const MIX: readonly [Kind, number][] = [
  ['website', 0.34],
  ['domain', 0.14],
  ['wildcard', 0.08],
  ['ipv4', 0.2],
  ['cidr4', 0.12],
  ['ipv6', 0.04],
  ['cidr6', 0.03],
  ['app', 0.05],
]

function kindAt(): Kind {
  let r = rand()
  for (const [kind, share] of MIX) {
    if ((r -= share) < 0) return kind
  }
  return 'website'
}

interface Generated {
  readonly assets: RegistryAsset[]
  /** For generating hits: what each asset covers. */
  readonly samples: { kind: Kind; value: string; prefix?: number; base?: number }[]
}

function generateAssets(count: number): Generated {
  const assets: RegistryAsset[] = []
  const samples: Generated['samples'] = []
  for (let i = 0; i < count; i++) {
    const kind = kindAt()
    const org = `org-${Math.floor(i / 12)}`
    const city = CITIES[i % CITIES.length] ?? 'changzhou'
    const name = `u${i.toString(36)}`
    let type: RegistryAsset['type'] = 'website'
    let identifier = ''
    switch (kind) {
      case 'website': {
        const host = `${pickOne(SUBS)}.${name}.${city}.gov.cn`
        identifier = rand() < 0.5 ? `https://${host}/` : host
        samples.push({ kind, value: host })
        break
      }
      case 'domain':
        type = 'domain'
        identifier = `${name}.${city}.gov.cn`
        samples.push({ kind, value: identifier })
        break
      case 'wildcard':
        type = 'domain'
        identifier = `*.${name}.${pickOne(['com.cn', 'cn', 'org.cn', `${city}.gov.cn`])}`
        samples.push({ kind, value: identifier.slice(2) })
        break
      case 'ipv4': {
        type = 'ip'
        identifier = ipv4((0x3d000000 + i * 7919) >>> 0)
        samples.push({ kind, value: identifier })
        break
      }
      case 'cidr4': {
        type = 'ip'
        const prefix = 20 + int(11)
        const base = ((0x70000000 + i * 4099 * 256) & (0xffffffff << (32 - prefix))) >>> 0
        identifier = `${ipv4(base)}/${prefix}`
        samples.push({ kind, value: identifier, prefix, base })
        break
      }
      case 'ipv6':
        type = 'ip'
        identifier = `2001:db8:${(i >>> 16).toString(16)}:${(i & 0xffff).toString(16)}::${hex4()}`
        samples.push({ kind, value: identifier })
        break
      case 'cidr6':
        type = 'ip'
        identifier = `240e:${(i >>> 16).toString(16)}:${(i & 0xffff).toString(16)}::/${pickOne([48, 56, 64])}`
        samples.push({ kind, value: identifier })
        break
      case 'app':
        type = rand() < 0.5 ? 'app' : 'cloud'
        identifier = type === 'app' ? `cn.gov.${city}.${name}` : `i-bp${name}${hex4()}`
        samples.push({ kind, value: identifier })
        break
    }
    assets.push({ id: `a${i}`, organisationId: org, type, identifier })
  }
  return { assets, samples }
}

/** What testers and scanners send: every form of hit, plus a fifth that belongs to nobody. */
function generateTargets(samples: Generated['samples'], count: number): string[] {
  const targets: string[] = []
  while (targets.length < count) {
    if (rand() < 0.2) {
      targets.push(
        rand() < 0.5
          ? `https://www.nobody${int(1e9)}.example.com/login`
          : `${ipv4((0xc6120000 + int(65536)) >>> 0)}:443`,
      )
      continue
    }
    const s = pickOne(samples)
    switch (s.kind) {
      case 'website':
        targets.push(`https://${s.value.toUpperCase()}:443/admin/login.jsp?id=${int(100)}`)
        break
      case 'domain':
        targets.push(rand() < 0.5 ? `http://${s.value}/` : `http://${pickOne(SUBS)}.${s.value}/x`)
        break
      case 'wildcard':
        targets.push(`${pickOne(SUBS)}.${pickOne(SUBS)}.${s.value}:8443`)
        break
      case 'ipv4':
        targets.push(`${s.value}:${pickOne([22, 80, 3389, 8080])}`)
        break
      case 'cidr4': {
        const offset = int(2 ** (32 - (s.prefix ?? 32)))
        targets.push(`http://${ipv4(((s.base ?? 0) + offset) >>> 0)}/`)
        break
      }
      case 'ipv6':
        targets.push(`[${s.value}]:443`)
        break
      case 'cidr6':
        targets.push(`[${s.value.slice(0, s.value.indexOf('::'))}:${hex4()}::${hex4()}]:80`)
        break
      case 'app':
        targets.push(`https://www.${s.value.replace(/[^a-z0-9.]/g, '')}.com/`)
        break
    }
  }
  return targets
}

function heapMb(): number {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  gc()
  gc()
  return Math.round(process.memoryUsage().heapUsed / 1024 / 1024)
}

/** Runs the lookups repeatedly for at least MIN_MEASURE_MS; returns lookups/s and how many matched, by kind. */
function measure(
  match: (t: string) => AssetMatch | null,
  targets: readonly string[],
  minMs = MIN_MEASURE_MS,
) {
  const kinds = new Map<AssetMatchKind | 'none', number>()
  let lookups = 0
  const started = performance.now()
  let elapsed = 0
  do {
    for (const t of targets) {
      const found = match(t)
      const key = found ? found.kind : 'none'
      kinds.set(key, (kinds.get(key) ?? 0) + 1)
    }
    lookups += targets.length
    elapsed = performance.now() - started
  } while (elapsed < minMs)
  return { perSecond: Math.round((lookups / elapsed) * 1000), kinds, lookups }
}

// The baseline: the same rules by scanning every asset for every target (identifiers normalised up front).
function v4Value(text: string): number {
  return text.split('.').reduce((v, o) => v * 256 + Number(o), 0)
}
function v6Value(text: string): bigint {
  const [head = '', tail] = text.split('::')
  const h = head === '' ? [] : head.split(':')
  const t = tail === undefined || tail === '' ? [] : tail.split(':')
  const groups = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t]
  return groups.reduce((v, g) => (v << 16n) | BigInt(parseInt(g, 16)), 0n)
}

type NaiveEntry = { id: string; org: string; canonical: string; network: NetworkIdentity }

function naiveMatcher(assets: readonly RegistryAsset[]): (t: string) => AssetMatch | null {
  const entries: NaiveEntry[] = []
  for (const a of assets) {
    const r = normaliseAssetIdentifier(a.type, a.identifier)
    if (r.ok && r.identifier.network) {
      entries.push({
        id: a.id,
        org: a.organisationId,
        canonical: r.normalised,
        network: r.identifier.network,
      })
    }
  }
  const result = (e: NaiveEntry, kind: AssetMatchKind): AssetMatch => ({
    assetId: e.id,
    organisationId: e.org,
    kind,
    matched: e.canonical,
  })
  return (raw) => {
    const parsed = parseTarget(raw)
    if (!parsed.ok) return null
    const { host, hostKind } = parsed.target
    let exact: NaiveEntry | null = null
    let wildcard: NaiveEntry | null = null
    let parent: NaiveEntry | null = null
    let cidr: NaiveEntry | null = null
    let cidrPrefix = -1
    const ip = hostKind === 'ipv4' ? v4Value(host) : hostKind === 'ipv6' ? v6Value(host) : null
    for (const e of entries) {
      const n = e.network
      if (n.kind === 'host') {
        if (n.host === host) exact ??= e
        else if (
          hostKind === 'domain' &&
          host.endsWith(`.${n.host}`) &&
          !['gov.cn', 'com.cn', 'org.cn'].includes(n.host) &&
          (!parent || n.host.length > (parent.network.kind === 'host' ? parent.network.host.length : 0))
        ) {
          parent = e
        }
      } else if (n.kind === 'wildcard') {
        if (
          hostKind === 'domain' &&
          host.endsWith(`.${n.base}`) &&
          (!wildcard ||
            n.base.length > (wildcard.network.kind === 'wildcard' ? wildcard.network.base.length : 0))
        ) {
          wildcard = e
        }
      } else if (ip !== null && n.prefix > cidrPrefix) {
        if (typeof ip === 'number' && n.version === 4) {
          const mask = n.prefix === 0 ? 0 : (0xffffffff << (32 - n.prefix)) >>> 0
          if ((ip & mask) >>> 0 === v4Value(n.network)) {
            cidr = e
            cidrPrefix = n.prefix
          }
        } else if (typeof ip === 'bigint' && n.version === 6) {
          if (ip >> BigInt(128 - n.prefix) === v6Value(n.network) >> BigInt(128 - n.prefix)) {
            cidr = e
            cidrPrefix = n.prefix
          }
        }
      }
    }
    if (exact) return result(exact, hostKind === 'domain' ? 'exact' : 'ip')
    if (wildcard) return result(wildcard, 'wildcard')
    if (parent) return result(parent, 'parent-domain')
    if (cidr) return result(cidr, 'cidr')
    return null
  }
}

function formatKinds(kinds: Map<string, number>, total: number): string {
  return [...kinds.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${((n / total) * 100).toFixed(1)}%`)
    .join(', ')
}

function main(): void {
  console.log(`generating ${ASSET_COUNT.toLocaleString('en')} assets…`)
  const { assets, samples } = generateAssets(ASSET_COUNT)
  const targets = generateTargets(samples, TARGET_COUNT)
  const heapBefore = heapMb()

  const buildStarted = performance.now()
  const matcher = buildAssetMatcher(assets)
  const buildSeconds = (performance.now() - buildStarted) / 1000
  const heapAfter = heapMb()
  console.log(
    `built: ${matcher.indexed.toLocaleString('en')} indexed, ${matcher.rejected.length} rejected, ` +
      `${buildSeconds.toFixed(1)} s, heap ${heapAfter} MB (matcher ≈ ${heapAfter - heapBefore} MB over the input)`,
  )

  const conflictsStarted = performance.now()
  const conflicts = matcher.conflicts()
  console.log(
    `conflicts: ${conflicts.length.toLocaleString('en')} found in ` +
      `${((performance.now() - conflictsStarted) / 1000).toFixed(1)} s`,
  )

  const indexed = measure((t) => matcher.match(t), targets)
  console.log(
    `indexed: ${indexed.lookups.toLocaleString('en')} lookups, ${indexed.perSecond.toLocaleString('en')}/s; ` +
      `results: ${formatKinds(indexed.kinds, indexed.lookups)}`,
  )

  // The baseline subset keeps the mix: every (n/10,000)th asset, with targets drawn from that subset.
  const step = Math.max(1, Math.floor(assets.length / NAIVE_SUBSET))
  const subsetIndexes = Array.from({ length: Math.min(NAIVE_SUBSET, assets.length) }, (_, k) => k * step)
  const subset = subsetIndexes.map((k) => assets[k] as RegistryAsset)
  const subsetTargets = generateTargets(
    subsetIndexes.map((k) => samples[k] as Generated['samples'][number]),
    2_000,
  )
  const naive = naiveMatcher(subset)
  const naiveRun = measure(naive, subsetTargets, 1_000)
  console.log(
    `naive linear scan over ${subset.length.toLocaleString('en')} assets: ${naiveRun.perSecond.toLocaleString('en')}/s; ` +
      `results: ${formatKinds(naiveRun.kinds, naiveRun.lookups)}`,
  )

  // Same answers from both on the subset, or the comparison means nothing.
  const small = buildAssetMatcher(subset)
  let disagreements = 0
  for (const t of subsetTargets) {
    const a = small.match(t)
    const b = naive(t)
    if (a?.assetId !== b?.assetId || a?.kind !== b?.kind) disagreements++
  }
  const smallRun = measure((t) => small.match(t), subsetTargets, 500)
  console.log(
    `indexed over the same 10k subset: ${smallRun.perSecond.toLocaleString('en')}/s; ` +
      `disagreements with the naive scan: ${disagreements} of ${subsetTargets.length}`,
  )

  console.log(
    `matcher lookups/s: ${indexed.perSecond}  naive(10k) lookups/s: ${naiveRun.perSecond}  ` +
      `build s: ${buildSeconds.toFixed(1)}  heap MB: ${heapAfter}`,
  )
}

main()
