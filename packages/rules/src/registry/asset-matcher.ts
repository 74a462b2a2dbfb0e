// Which registered asset (and so which organisation) a target belongs to. Built once per registry snapshot; every
// lookup is a handful of hash-map probes: by host, by label suffix for wildcards and parent domains, and by masked
// network per prefix length present for CIDRs — never a scan over the assets.
import { analyseAssetIdentifier, type AssetType } from './asset-identifier'
import { isPublicSuffix, parseHost } from './host-name'
import { cleanInput } from './input-text'
import { ipv4Mask, type IpValue } from './ip-address'
import { reason, type RegistryReason } from './registry-reason'
import { DEFAULT_PORTS, parseTargetInternal, type InternalTarget } from './target'

export interface RegistryAsset {
  readonly id: string
  readonly organisationId: string
  readonly type: AssetType
  /** As entered; normalised here (see normaliseAssetIdentifier). */
  readonly identifier: string
  /** When given, the asset matches only targets on these ports (a target without a known port still matches). */
  readonly ports?: readonly number[] | null
}

export type AssetMatchKind = 'exact' | 'wildcard' | 'parent-domain' | 'cidr' | 'ip'

export interface AssetMatch {
  readonly assetId: string
  readonly organisationId: string
  readonly kind: AssetMatchKind
  /** The canonical identifier of the asset that matched (`*.example.gov.cn`, `10.0.0.0/8`…). */
  readonly matched: string
}

/** A scanner endpoint, already split into parts. */
export interface Endpoint {
  readonly host: string
  readonly port?: number | null
  readonly scheme?: string | null
  readonly path?: string | null
}

export interface AssetClaim {
  readonly assetId: string
  readonly organisationId: string
  readonly identifier: string
}

/**
 * `same-identifier`: one canonical identifier (host, IP, network or wildcard) claimed by several organisations on
 * overlapping ports and paths — someone's census is wrong. `cidr-overlap`: an address or network of one organisation
 * inside a network of another — often hosting (政务云, a shared egress), to be reviewed rather than refused.
 */
export type AssetConflict =
  | { readonly kind: 'same-identifier'; readonly identifier: string; readonly claims: readonly AssetClaim[] }
  | { readonly kind: 'cidr-overlap'; readonly inner: AssetClaim; readonly outer: AssetClaim }

export interface RejectedAsset {
  readonly assetId: string
  readonly reason: RegistryReason
}

export interface AssetMatcher {
  /** Matches what a tester typed or a scanner reported; null when no asset claims it or the target is malformed. */
  match(target: string): AssetMatch | null
  matchEndpoint(endpoint: Endpoint): AssetMatch | null
  conflicts(): AssetConflict[]
  /** Assets with a network identity, which take part in matching. */
  readonly indexed: number
  /** Assets whose identifier or ports were refused, with the reason; they take no part in matching. */
  readonly rejected: readonly RejectedAsset[]
}

type Bucket = number | number[]

function addTo<K>(map: Map<K, Bucket>, key: K, index: number): void {
  const bucket = map.get(key)
  if (bucket === undefined) map.set(key, index)
  else if (typeof bucket === 'number') map.set(key, [bucket, index])
  else bucket.push(index)
}

function bucketItems(bucket: Bucket): readonly number[] {
  return typeof bucket === 'number' ? [bucket] : bucket
}

/**
 * IPv6 networks are keyed by the hex digits their prefix covers, not by bigint: V8 hashes a BigInt by its lowest
 * 64 bits only, so /48–/64 networks (all zero there) would share one hash chain and every probe would walk it.
 */
function ipv6Hex(value: bigint): string {
  return value.toString(16).padStart(32, '0')
}

function ipv6Key(hex: string, prefix: number): string {
  const whole = prefix >> 2
  const rest = prefix & 3
  if (rest === 0) return hex.slice(0, whole)
  const nibble = parseInt(hex.charAt(whole), 16) & (0xf0 >> rest) & 0xf
  return hex.slice(0, whole) + nibble.toString(16)
}

function pathCovers(assetPath: string, targetPath: string): boolean {
  return targetPath === assetPath || targetPath.startsWith(`${assetPath}/`)
}

function validPorts(
  ports: readonly number[] | null | undefined,
): { ok: true; ports: readonly number[] | null } | { ok: false; reason: RegistryReason } {
  if (ports === null || ports === undefined || ports.length === 0) return { ok: true, ports: null }
  for (const p of ports) {
    if (!Number.isInteger(p) || p < 1 || p > 65535) {
      return {
        ok: false,
        reason: reason(
          'port',
          `端口 ${String(p)} 应为 1–65535 的整数`,
          `port ${String(p)} must be a whole number 1–65535`,
        ),
      }
    }
  }
  return { ok: true, ports: [...new Set(ports)].sort((a, b) => a - b) }
}

class IndexedRegistry implements AssetMatcher {
  private readonly assetIds: string[] = []
  private readonly organisationIds: string[] = []
  private readonly canonical: string[] = []
  private readonly ports: (readonly number[] | null)[] = []
  private readonly identifierPorts: (number | null)[] = []
  private readonly paths: (string | null)[] = []
  private readonly networks: ({ value: IpValue; prefix: number } | null)[] = []

  private readonly hosts = new Map<string, Bucket>()
  private readonly wildcards = new Map<string, Bucket>()
  private readonly v4Tables: (Map<number, Bucket> | undefined)[] = new Array(33)
  private readonly v6Tables: (Map<string, Bucket> | undefined)[] = new Array(129)
  private v4Prefixes: number[] = []
  private v6Prefixes: number[] = []

  readonly rejected: RejectedAsset[] = []

  constructor(assets: Iterable<RegistryAsset>) {
    for (const asset of assets) this.add(asset)
    const present = (tables: readonly unknown[]) =>
      tables.flatMap((t, p) => (t === undefined ? [] : [p])).sort((a, b) => b - a)
    this.v4Prefixes = present(this.v4Tables)
    this.v6Prefixes = present(this.v6Tables)
  }

  get indexed(): number {
    return this.assetIds.length
  }

  private add(asset: RegistryAsset): void {
    const analysed = analyseAssetIdentifier(asset.type, asset.identifier)
    if (!analysed.ok) {
      this.rejected.push({ assetId: asset.id, reason: analysed.reason })
      return
    }
    const ports = validPorts(asset.ports)
    if (!ports.ok) {
      this.rejected.push({ assetId: asset.id, reason: ports.reason })
      return
    }
    const { identifier, ip } = analysed.analysed
    const network = identifier.network
    if (network === null) return
    const index = this.assetIds.length
    this.assetIds.push(asset.id)
    this.organisationIds.push(asset.organisationId)
    this.canonical.push(identifier.canonical)
    this.ports.push(ports.ports)
    this.identifierPorts.push(identifier.port)
    this.paths.push(identifier.path)
    this.networks.push(ip)
    if (network.kind === 'host') addTo(this.hosts, network.host, index)
    else if (network.kind === 'wildcard') addTo(this.wildcards, network.base, index)
    else if (ip !== null) {
      if (ip.value.version === 4) {
        const table = (this.v4Tables[ip.prefix] ??= new Map())
        addTo(table, ip.value.value, index)
      } else {
        const table = (this.v6Tables[ip.prefix] ??= new Map())
        addTo(table, ipv6Key(ipv6Hex(ip.value.value), ip.prefix), index)
      }
    }
  }

  /**
   * The best eligible asset of a bucket: a port restriction that excludes the target's port rules an asset out;
   * then a confirmed port beats none, a covering path beats none, and a longer path beats a shorter one.
   */
  private pick(bucket: Bucket | undefined, target: InternalTarget): number {
    if (bucket === undefined) return -1
    if (typeof bucket === 'number') return this.eligible(bucket, target) ? bucket : -1
    let best = -1
    let bestScore = -Infinity
    for (const i of bucket) {
      if (!this.eligible(i, target)) continue
      const score = this.score(i, target)
      if (score > bestScore) {
        best = i
        bestScore = score
      }
    }
    return best
  }

  private eligible(i: number, target: InternalTarget): boolean {
    const ports = this.ports[i]
    return ports === null || ports === undefined || target.port === null || ports.includes(target.port)
  }

  private score(i: number, target: InternalTarget): number {
    let portScore = 0
    if (target.port !== null) {
      if (this.ports[i]) portScore += 2
      if (this.identifierPorts[i] === target.port) portScore += 1
    }
    const path = this.paths[i]
    const pathScore =
      path === null || path === undefined ? 0 : pathCovers(path, target.path) ? 1 + path.length : -1
    return portScore * 10_000 + pathScore
  }

  private result(i: number, kind: AssetMatchKind): AssetMatch {
    return {
      assetId: this.assetIds[i] ?? '',
      organisationId: this.organisationIds[i] ?? '',
      kind,
      matched: this.canonical[i] ?? '',
    }
  }

  match(target: string): AssetMatch | null {
    const parsed = parseTargetInternal(target)
    return parsed.ok ? this.lookup(parsed.target) : null
  }

  matchEndpoint(endpoint: Endpoint): AssetMatch | null {
    const cleaned = cleanInput(endpoint.host)
    if (!cleaned.ok) return null
    const host = parseHost(cleaned.text)
    if (!host.ok) return null
    const scheme = endpoint.scheme ? endpoint.scheme.toLowerCase() : null
    const port = endpoint.port ?? (scheme === null ? null : (DEFAULT_PORTS[scheme] ?? null))
    return this.lookup({
      host: host.text,
      hostKind: host.kind,
      scheme,
      port,
      explicitPort: endpoint.port !== null && endpoint.port !== undefined,
      path: endpoint.path ?? '',
      ip: host.kind === 'domain' ? null : host.ip,
    })
  }

  private lookup(target: InternalTarget): AssetMatch | null {
    const exact = this.pick(this.hosts.get(target.host), target)
    if (target.ip === null) {
      if (exact >= 0) return this.result(exact, 'exact')
      return this.lookupDomain(target)
    }
    if (exact >= 0) return this.result(exact, 'ip')
    const ip = target.ip
    if (ip.version === 4) {
      for (const prefix of this.v4Prefixes) {
        const found = this.pick(this.v4Tables[prefix]?.get((ip.value & ipv4Mask(prefix)) >>> 0), target)
        if (found >= 0) return this.result(found, 'cidr')
      }
    } else if (this.v6Prefixes.length > 0) {
      const hex = ipv6Hex(ip.value)
      for (const prefix of this.v6Prefixes) {
        const found = this.pick(this.v6Tables[prefix]?.get(ipv6Key(hex, prefix)), target)
        if (found >= 0) return this.result(found, 'cidr')
      }
    }
    return null
  }

  private lookupDomain(target: InternalTarget): AssetMatch | null {
    const host = target.host
    // Most specific first: for a.b.example.gov.cn try *.b.example.gov.cn, then *.example.gov.cn, … (any depth).
    if (this.wildcards.size > 0) {
      for (let dot = host.indexOf('.'); dot >= 0; dot = host.indexOf('.', dot + 1)) {
        const suffix = host.slice(dot + 1)
        if (suffix.indexOf('.') < 0) break
        const found = this.pick(this.wildcards.get(suffix), target)
        if (found >= 0) return this.result(found, 'wildcard')
      }
    }
    // The nearest registered parent domain, never climbing to a public suffix (gov.cn) or a TLD.
    for (let dot = host.indexOf('.'); dot >= 0; dot = host.indexOf('.', dot + 1)) {
      const suffix = host.slice(dot + 1)
      if (isPublicSuffix(suffix)) break
      const found = this.pick(this.hosts.get(suffix), target)
      if (found >= 0) return this.result(found, 'parent-domain')
    }
    return null
  }

  private claim(i: number): AssetClaim {
    return {
      assetId: this.assetIds[i] ?? '',
      organisationId: this.organisationIds[i] ?? '',
      identifier: this.canonical[i] ?? '',
    }
  }

  /** Whether two assets could both be meant by one target: ports and paths overlap. */
  private overlap(a: number, b: number): boolean {
    const pa = this.ports[a]
    const pb = this.ports[b]
    if (pa && pb && !pa.some((p) => pb.includes(p))) return false
    const xa = this.paths[a]
    const xb = this.paths[b]
    if (xa && xb && !pathCovers(xa, xb) && !pathCovers(xb, xa)) return false
    return true
  }

  conflicts(): AssetConflict[] {
    const conflicts: AssetConflict[] = []
    const sameIdentifier = (bucket: Bucket, identifier: string) => {
      if (typeof bucket === 'number') return
      const involved = new Set<number>()
      for (let x = 0; x < bucket.length; x++) {
        for (let y = x + 1; y < bucket.length; y++) {
          const a = bucket[x] ?? 0
          const b = bucket[y] ?? 0
          if (this.organisationIds[a] !== this.organisationIds[b] && this.overlap(a, b)) {
            involved.add(a)
            involved.add(b)
          }
        }
      }
      if (involved.size > 0) {
        conflicts.push({
          kind: 'same-identifier',
          identifier,
          claims: [...involved].sort((p, q) => p - q).map((i) => this.claim(i)),
        })
      }
    }
    for (const [host, bucket] of this.hosts) sameIdentifier(bucket, host)
    for (const [base, bucket] of this.wildcards) sameIdentifier(bucket, `*.${base}`)
    for (const table of [...this.v4Tables, ...this.v6Tables]) {
      if (!table) continue
      for (const bucket of table.values())
        sameIdentifier(bucket, this.canonical[bucketItems(bucket)[0] ?? 0] ?? '')
    }

    // Every address or network against the shorter networks of other organisations that contain it.
    for (let inner = 0; inner < this.networks.length; inner++) {
      const net = this.networks[inner]
      if (!net) continue
      const prefixes = net.value.version === 4 ? this.v4Prefixes : this.v6Prefixes
      const hex = net.value.version === 6 ? ipv6Hex(net.value.value) : ''
      for (const prefix of prefixes) {
        if (prefix >= net.prefix) continue
        const bucket =
          net.value.version === 4
            ? this.v4Tables[prefix]?.get((net.value.value & ipv4Mask(prefix)) >>> 0)
            : this.v6Tables[prefix]?.get(ipv6Key(hex, prefix))
        if (bucket === undefined) continue
        for (const outer of bucketItems(bucket)) {
          if (this.organisationIds[outer] !== this.organisationIds[inner] && this.overlap(inner, outer)) {
            conflicts.push({ kind: 'cidr-overlap', inner: this.claim(inner), outer: this.claim(outer) })
          }
        }
      }
    }
    return conflicts
  }
}

/**
 * Indexes assets for matching. Identifiers are normalised here; assets refused (bad identifier or ports) are listed
 * in `rejected`, apps and opaque resource ids are kept out of the index (they have no network identity).
 *
 * Order of rules for a host name: exact host → most specific wildcard → nearest parent domain. For an IP: exact
 * address → the containing network with the longest prefix. Ties go to the asset registered first.
 */
export function buildAssetMatcher(assets: Iterable<RegistryAsset>): AssetMatcher {
  return new IndexedRegistry(assets)
}

/** Identifiers claimed by two organisations (see AssetConflict). */
export function findAssetConflicts(assets: Iterable<RegistryAsset>): AssetConflict[] {
  return buildAssetMatcher(assets).conflicts()
}
