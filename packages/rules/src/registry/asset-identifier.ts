// Canonical identifiers of internet assets (互联网资产, SPEC §3): one spelling per asset, so that the census, the
// findings and the gateway's scope all agree on what "the same asset" is.
import { canonicalDomain, isPublicSuffix, parseHost, type HostKind } from './host-name'
import { cleanInput, showCharacter } from './input-text'
import { parseCidr, type IpValue } from './ip-address'
import { reason, refuse, type RegistryReason, type Validation } from './registry-reason'
import { hostForUrl, splitLocator, USERINFO_DROPPED, type Locator } from './target'

export const ASSET_TYPES = ['website', 'domain', 'ip', 'cloud', 'app', 'other'] as const
/** website 网站/业务系统 · domain 域名 · ip IP/互联网出口地址/网段 · cloud 云资源 · app 移动应用/小程序 · other 其他 */
export type AssetType = (typeof ASSET_TYPES)[number]

/** What on the network an identifier names; null for apps and opaque resource ids. */
export type NetworkIdentity =
  | { readonly kind: 'host'; readonly hostKind: HostKind; readonly host: string }
  | { readonly kind: 'wildcard'; readonly base: string }
  | { readonly kind: 'cidr'; readonly version: 4 | 6; readonly network: string; readonly prefix: number }

export interface NormalisedAssetIdentifier {
  readonly type: AssetType
  /** The one spelling stored and compared: `www.example.gov.cn`, `www.example.gov.cn:8080`, `[2001:db8::1]:8443`,
   * `*.example.gov.cn`, `10.0.0.0/8`, `2001:db8::1`, `com.example.app`. A website's path is kept apart, in `path`. */
  readonly canonical: string
  readonly network: NetworkIdentity | null
  /** Websites: the scheme written (http/https), else null. */
  readonly scheme: string | null
  /** A non-default port written in the identifier (for `ip` assets written as 1.2.3.4:8080, the port an import should
   * move to the asset's ports), else null. Only the asset's `ports` restrict matching. */
  readonly port: number | null
  /** Websites: the path without query, fragment, trailing slash or file name ('/oa'); null for the whole site. */
  readonly path: string | null
  /** Apps: the package or bundle id (com.example.app) or mini-program AppID, lower case. */
  readonly packageId: string | null
  /** What was changed on the way (host bits cleared, credentials dropped…), for the import report. */
  readonly notes: readonly RegistryReason[]
}

/** Internal: the identifier plus the numeric network, for the matcher. */
export interface AnalysedIdentifier {
  readonly identifier: NormalisedAssetIdentifier
  readonly ip: { readonly value: IpValue; readonly prefix: number } | null
}

type Analysis = Validation<{ analysed: AnalysedIdentifier }>

/** Networks broader than these are not one organisation's asset (a /7 alone is 33 million addresses). */
export const MIN_IPV4_PREFIX = 8
export const MIN_IPV6_PREFIX = 16

const MAX_OPAQUE_LENGTH = 256
const TYPE_NAMES_ZH: Readonly<Record<AssetType, string>> = {
  website: '网站/业务系统',
  domain: '域名',
  ip: 'IP/网段',
  cloud: '云资源',
  app: '移动应用/小程序',
  other: '其他',
}

function base(type: AssetType): Omit<NormalisedAssetIdentifier, 'canonical' | 'network'> {
  return { type, scheme: null, port: null, path: null, packageId: null, notes: [] }
}

function wrongType(
  type: AssetType,
  belongsTo: AssetType,
  what: string,
  whatZh: string,
): { ok: false; reason: RegistryReason } {
  return refuse(
    'wrong_asset_type',
    `${whatZh}应登记为“${TYPE_NAMES_ZH[belongsTo]}”类资产，而不是“${TYPE_NAMES_ZH[type]}”`,
    `${what} belongs to asset type ${belongsTo}, not ${type}`,
  )
}

const CIDR_LIKE = /^[0-9a-fA-F:.[\]]+\/\d+$/
// Text that can only have been meant as an address: then a parse error is the answer, not an opaque id.
function looksLikeAddress(text: string): boolean {
  return (
    text.includes('://') ||
    text.startsWith('[') ||
    /^[\d.]+(?::\d+)?(?:\/.*)?$/.test(text) ||
    (/^[0-9a-fA-F:.]+(?:\/\d+)?$/.test(text) && text.split(':').length > 2)
  )
}

function analyseNetwork(type: 'ip' | 'cloud' | 'other', text: string, notes: RegistryReason[]): Analysis {
  let address = text
  let writtenPort: number | null = null
  if (!CIDR_LIKE.test(text)) {
    // 1.2.3.4:8080 or [v6]:443 written in an IP column: the port goes to the asset's ports, the address stays.
    const split = splitLocator(text)
    if (!split.ok) return split
    const { hostText, port, path, scheme } = split.locator
    if (scheme !== null || path !== '' || port !== null) {
      notes.push(
        reason('reduced_to_host', `已只保留 IP 地址 ${hostText}`, `reduced to the address ${hostText}`),
      )
    }
    address = hostText.startsWith('[') ? hostText.slice(1, -1) : hostText
    writtenPort = port
  }
  if (type === 'ip' && !address.includes(':') && /[a-z]/i.test(address)) {
    return wrongType('ip', 'domain', 'a host name', '域名')
  }
  const cidr = parseCidr(address)
  if (!cidr.ok) return cidr
  if (cidr.mapped) {
    notes.push(
      reason(
        'mapped_ipv4',
        '已将 IPv4 映射地址转换为 IPv4',
        'the IPv4-mapped IPv6 form was converted to IPv4',
      ),
    )
  }
  if (cidr.hostBitsCleared) {
    notes.push(
      reason(
        'cidr_host_bits',
        `网段 ${text} 的主机位不为零，已按网络地址登记为 ${cidr.text}`,
        `${text} has host bits set; recorded as the network ${cidr.text}`,
      ),
    )
  }
  const minimum = cidr.version === 4 ? MIN_IPV4_PREFIX : MIN_IPV6_PREFIX
  if (cidr.prefix < minimum) {
    return refuse(
      'cidr_prefix',
      `网段 /${cidr.prefix} 过大，不可能属于单个单位（至少 /${minimum}）`,
      `a /${cidr.prefix} network is too large to be one organisation's asset (at least /${minimum})`,
    )
  }
  const single = cidr.prefix === (cidr.version === 4 ? 32 : 128)
  const network: NetworkIdentity = single
    ? { kind: 'host', hostKind: cidr.version === 4 ? 'ipv4' : 'ipv6', host: cidr.text }
    : {
        kind: 'cidr',
        version: cidr.version,
        network: cidr.text.slice(0, cidr.text.indexOf('/')),
        prefix: cidr.prefix,
      }
  return {
    ok: true,
    analysed: {
      identifier: { ...base(type), canonical: cidr.text, network, port: writtenPort, notes },
      ip: { value: cidr.network, prefix: cidr.prefix },
    },
  }
}

function analyseWildcard(type: AssetType, text: string, notes: RegistryReason[]): Analysis {
  if (!text.startsWith('*.') || text.indexOf('*', 1) >= 0) {
    return refuse(
      'wildcard',
      `通配符只能写在最左边，如 *.example.gov.cn（实际为 ${text}）`,
      `a wildcard is written only as the leftmost label, as in *.example.gov.cn (not ${text})`,
    )
  }
  const domain = canonicalDomain(text.slice(2))
  if (!domain.ok) return domain
  if (isPublicSuffix(domain.name)) {
    return refuse(
      'public_suffix',
      `*.${domain.name} 覆盖公共后缀下的所有域名，不能作为单个单位的资产`,
      `*.${domain.name} would claim every name under a public suffix`,
    )
  }
  return {
    ok: true,
    analysed: {
      identifier: {
        ...base(type),
        canonical: `*.${domain.name}`,
        network: { kind: 'wildcard', base: domain.name },
        notes,
      },
      ip: null,
    },
  }
}

/**
 * A website's path as a tenancy boundary (/oa on a shared portal): trailing slashes dropped, and a last segment that
 * names a file (/portal/index.html, /login.jsp) dropped too — an entry page is not a separate system.
 */
function sitePath(path: string): string | null {
  let trimmed = path.replace(/\/+$/, '')
  const lastSlash = trimmed.lastIndexOf('/')
  if (trimmed.slice(lastSlash + 1).includes('.')) trimmed = trimmed.slice(0, lastSlash).replace(/\/+$/, '')
  return trimmed === '' ? null : trimmed
}

function analyseLocator(type: AssetType, locator: Locator, notes: RegistryReason[]): Analysis {
  if (locator.hadUserinfo) notes.push(USERINFO_DROPPED)
  const host = parseHost(locator.hostText)
  if (!host.ok) return host
  const path = sitePath(locator.path)
  // 80 and 443 are dropped whatever the scheme: the canonical form has no scheme, so keeping `:443` after
  // `http://` would make `x:443` normalise differently the second time round.
  const port = locator.port !== null && locator.port !== 80 && locator.port !== 443 ? locator.port : null
  // IPv6 needs brackets only when a port follows; bare, it reads the same as in an `ip` asset.
  const canonical = port !== null ? `${hostForUrl(host.text, host.kind)}:${port}` : host.text
  if (host.kind !== 'domain' && host.mapped) {
    notes.push(
      reason(
        'mapped_ipv4',
        '已将 IPv4 映射地址转换为 IPv4',
        'the IPv4-mapped IPv6 form was converted to IPv4',
      ),
    )
  }
  return {
    ok: true,
    analysed: {
      identifier: {
        ...base(type),
        canonical,
        network: { kind: 'host', hostKind: host.kind, host: host.text },
        scheme: locator.scheme,
        port,
        path,
        notes,
      },
      ip: host.kind === 'domain' ? null : { value: host.ip, prefix: host.kind === 'ipv4' ? 32 : 128 },
    },
  }
}

function analyseWebsite(text: string, notes: RegistryReason[]): Analysis {
  if (text.includes('*')) return wrongType('website', 'domain', 'a wildcard', '通配符域名')
  if (CIDR_LIKE.test(text)) return wrongType('website', 'ip', 'a network', '网段')
  const split = splitLocator(text)
  if (!split.ok) return split
  const scheme = split.locator.scheme
  if (scheme !== null && scheme !== 'http' && scheme !== 'https') {
    return refuse(
      'scheme',
      `网站地址应以 http:// 或 https:// 开头，而不是 ${scheme}://`,
      `a website address starts with http:// or https://, not ${scheme}://`,
    )
  }
  return analyseLocator('website', split.locator, notes)
}

function analyseDomain(text: string, notes: RegistryReason[]): Analysis {
  if (text.startsWith('*')) return analyseWildcard('domain', text, notes)
  const split = splitLocator(text)
  if (!split.ok) return split
  const { hostText, scheme, port, path } = split.locator
  if (hostText.includes('*')) return analyseWildcard('domain', hostText, notes)
  const host = parseHost(hostText)
  if (!host.ok) return host
  if (host.kind !== 'domain') return wrongType('domain', 'ip', 'an IP address', 'IP 地址')
  if (scheme !== null || port !== null || path.replace(/\/+$/, '') !== '' || split.locator.hadUserinfo) {
    notes.push(
      reason('reduced_to_host', `已只保留域名 ${host.text}`, `reduced to the domain name ${host.text}`),
    )
  }
  if (isPublicSuffix(host.text)) {
    return refuse(
      'public_suffix',
      `${host.text} 是公共后缀，不能作为单个单位的域名资产`,
      `${host.text} is a public suffix, not one organisation's domain`,
    )
  }
  return {
    ok: true,
    analysed: {
      identifier: {
        ...base('domain'),
        canonical: host.text,
        network: { kind: 'host', hostKind: 'domain', host: host.text },
        notes,
      },
      ip: null,
    },
  }
}

function opaqueText(type: AssetType, text: string): Validation<{ text: string }> {
  const collapsed = text.replace(/\s+/g, ' ')
  const bad = /[\p{Cc}\p{Cf}]/u.exec(collapsed)
  if (bad) {
    return refuse(
      'illegal_character',
      `${TYPE_NAMES_ZH[type]}标识中不应有控制字符 ${showCharacter(bad[0])}`,
      `the identifier contains the control character ${showCharacter(bad[0])}`,
    )
  }
  if ([...collapsed].length > MAX_OPAQUE_LENGTH) {
    return refuse(
      'too_long',
      `标识最多 ${MAX_OPAQUE_LENGTH} 个字符`,
      `an identifier has at most ${MAX_OPAQUE_LENGTH} characters`,
    )
  }
  return { ok: true, text: collapsed }
}

/** Cloud resources and "other" assets: a network identity when the text is one, else an opaque resource id. */
function analyseFlexible(type: 'cloud' | 'other', text: string, notes: RegistryReason[]): Analysis {
  const networkLike = looksLikeAddress(text)
  if (!/\s/.test(text)) {
    if (text.startsWith('*.')) return analyseWildcard(type, text, notes)
    if (CIDR_LIKE.test(text)) return analyseNetwork(type, text, notes)
    const split = splitLocator(text)
    if (split.ok) {
      const located = analyseLocator(type, split.locator, notes)
      if (located.ok || networkLike) return located
    } else if (networkLike) {
      return split
    }
  }
  // Not a host, URL, IP or network: an opaque id such as an ECS instance id (i-bp1…) or an OSS bucket name.
  const opaque = opaqueText(type, text)
  if (!opaque.ok) return opaque
  return {
    ok: true,
    analysed: { identifier: { ...base(type), canonical: opaque.text, network: null, notes: [] }, ip: null },
  }
}

const PACKAGE_ID = /^[a-zA-Z][a-zA-Z0-9_]*(?:\.[a-zA-Z0-9_]+)+$/
const MINI_PROGRAM_APPID = /^wx[0-9a-fA-F]{16}$/
const NAME_WITH_PACKAGE = /^(.+?)\s*[(（]\s*([^()（）\s]+)\s*[)）]$/

function analyseApp(text: string): Analysis {
  const isPackage = (s: string) => PACKAGE_ID.test(s) || MINI_PROGRAM_APPID.test(s)
  let name: string | null = null
  let packageId: string | null = null
  const both = NAME_WITH_PACKAGE.exec(text)
  if (both && both[1] && both[2] && isPackage(both[2])) {
    name = both[1]
    packageId = both[2].toLowerCase()
  } else if (isPackage(text)) {
    packageId = text.toLowerCase()
  } else {
    name = text
  }
  let canonical = packageId ?? ''
  if (name !== null) {
    const opaque = opaqueText('app', name)
    if (!opaque.ok) return opaque
    canonical = packageId === null ? opaque.text : `${opaque.text} (${packageId})`
  }
  return {
    ok: true,
    analysed: { identifier: { ...base('app'), canonical, network: null, packageId }, ip: null },
  }
}

/** Internal form of normaliseAssetIdentifier, keeping the numeric network for the matcher. */
export function analyseAssetIdentifier(type: AssetType, raw: string): Analysis {
  if (!(ASSET_TYPES as readonly string[]).includes(type)) {
    return refuse(
      'unknown_asset_type',
      `未知的资产类型“${String(type)}”，应为 ${ASSET_TYPES.join('、')} 之一`,
      `unknown asset type '${String(type)}'; one of ${ASSET_TYPES.join(', ')}`,
    )
  }
  const cleaned = cleanInput(raw)
  if (!cleaned.ok) return cleaned
  const text = cleaned.text
  const notes: RegistryReason[] = []
  switch (type) {
    case 'website':
      return analyseWebsite(text, notes)
    case 'domain':
      return analyseDomain(text, notes)
    case 'ip':
      if (text.includes('*')) return wrongType('ip', 'domain', 'a wildcard', '通配符域名')
      if (/\s/.test(text))
        return refuse('whitespace', '地址中间不应有空白字符', 'an address cannot contain spaces')
      return analyseNetwork('ip', text, notes)
    case 'cloud':
    case 'other':
      return analyseFlexible(type, text, notes)
    case 'app':
      return analyseApp(text)
  }
}

/**
 * The canonical form of an asset identifier of the given type, or a reason (for import errors by row and column).
 * Hosts: lower case, punycode, no trailing dot, no default port; IPv6 per RFC 5952; IPv4-mapped IPv6 as IPv4;
 * networks with host bits cleared (reported in `notes`); `*.example.gov.cn` wildcards for domains.
 */
export function normaliseAssetIdentifier(
  type: AssetType,
  raw: string,
): Validation<{ normalised: string; identifier: NormalisedAssetIdentifier }> {
  const analysed = analyseAssetIdentifier(type, raw)
  if (!analysed.ok) return analysed
  return {
    ok: true,
    normalised: analysed.analysed.identifier.canonical,
    identifier: analysed.analysed.identifier,
  }
}
