// Strict IPv4/IPv6 parsing and RFC 5952 formatting. Numeric values (uint32 for IPv4, bigint for IPv6) stay inside the
// registry module: results that leave it carry text only, so they can be serialised as JSON.
import { refuse, type RegistryReason } from './registry-reason'

export type IpValue = { version: 4; value: number } | { version: 6; value: bigint }

export type IpParse =
  { ok: true; ip: IpValue; text: string; mapped: boolean } | { ok: false; reason: RegistryReason }

export type CidrParse =
  | {
      ok: true
      version: 4 | 6
      network: IpValue
      prefix: number
      /** Canonical text: `10.0.0.0/8`, `2001:db8::/32`; a /32 or /128 is written as the bare address. */
      text: string
      hostBitsCleared: boolean
      mapped: boolean
    }
  | { ok: false; reason: RegistryReason }

const IPV4_MASKS: readonly number[] = Array.from({ length: 33 }, (_, p) =>
  p === 0 ? 0 : (0xffffffff << (32 - p)) >>> 0,
)
const ALL_ONES_128 = (1n << 128n) - 1n
const IPV6_MASKS: readonly bigint[] = Array.from(
  { length: 129 },
  (_, p) => ALL_ONES_128 ^ ((1n << BigInt(128 - p)) - 1n),
)

export function ipv4Mask(prefix: number): number {
  return IPV4_MASKS[prefix] ?? 0
}

export function ipv6Mask(prefix: number): bigint {
  return IPV6_MASKS[prefix] ?? 0n
}

function badIpv4(text: string, why: string, whyZh: string) {
  return refuse('ipv4', `IPv4 地址 ${text} 不合法：${whyZh}`, `${text} is not a valid IPv4 address: ${why}`)
}

/** Dotted quad only: shorthand (127.1), hex and octal forms and leading zeros are refused as ambiguous. */
export function parseIpv4(text: string): { ok: true; value: number } | { ok: false; reason: RegistryReason } {
  let value = 0
  let octets = 0
  let i = 0
  const n = text.length
  while (i <= n) {
    const start = i
    let octet = 0
    while (i < n) {
      const c = text.charCodeAt(i)
      if (c < 48 || c > 57) break
      octet = octet * 10 + (c - 48)
      i++
    }
    const digits = i - start
    if (digits === 0)
      return badIpv4(text, 'each of the four parts is a number 0–255', '应为四段 0–255 的数字')
    if (digits > 1 && text.charCodeAt(start) === 48) {
      return badIpv4(
        text,
        'leading zeros are ambiguous (octal or decimal?)',
        '前导零有歧义（八进制还是十进制？）',
      )
    }
    if (digits > 3 || octet > 255) {
      return badIpv4(
        text,
        `part ${text.slice(start, i)} is above 255`,
        `第 ${octets + 1} 段 ${text.slice(start, i)} 大于 255`,
      )
    }
    value = value * 256 + octet
    octets++
    if (i === n) break
    if (text.charCodeAt(i) !== 46 || octets === 4) {
      return badIpv4(text, 'expected four numbers separated by dots', '应为以点分隔的四段数字')
    }
    i++
  }
  if (octets !== 4) return badIpv4(text, 'expected four numbers separated by dots', '应为以点分隔的四段数字')
  return { ok: true, value }
}

export function formatIpv4(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`
}

function badIpv6(text: string, why: string, whyZh: string) {
  return refuse('ipv6', `IPv6 地址 ${text} 不合法：${whyZh}`, `${text} is not a valid IPv6 address: ${why}`)
}

function parseGroups(part: string, text: string, allowIpv4Tail: boolean): number[] | RegistryReason {
  if (part === '') return []
  const groups: number[] = []
  const pieces = part.split(':')
  for (let k = 0; k < pieces.length; k++) {
    const piece = pieces[k] ?? ''
    if (allowIpv4Tail && k === pieces.length - 1 && piece.includes('.')) {
      const v4 = parseIpv4(piece)
      if (!v4.ok)
        return badIpv6(text, `embedded IPv4 ${piece} is not valid`, `内嵌的 IPv4 ${piece} 不合法`).reason
      groups.push(v4.value >>> 16, v4.value & 0xffff)
      continue
    }
    if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) {
      return badIpv6(text, `group '${piece}' must be 1–4 hex digits`, `分组“${piece}”应为 1–4 位十六进制数`)
        .reason
    }
    groups.push(parseInt(piece, 16))
  }
  return groups
}

/** The eight 16-bit groups of an IPv6 address; zone indices (fe80::1%eth0) are refused. */
export function parseIpv6Groups(
  text: string,
): { ok: true; groups: number[] } | { ok: false; reason: RegistryReason } {
  if (text.includes('%')) {
    return refuse(
      'ipv6_zone',
      `IPv6 地址 ${text} 带有接口标识（%…），不能作为互联网资产`,
      `${text} carries a zone index (%…), which names a local interface, not an internet address`,
    )
  }
  const halves = text.split('::')
  if (halves.length > 2) return badIpv6(text, "'::' may appear only once", '“::”只能出现一次')
  if (halves.length === 2) {
    const head = parseGroups(halves[0] ?? '', text, false)
    if (!Array.isArray(head)) return { ok: false, reason: head }
    const tail = parseGroups(halves[1] ?? '', text, true)
    if (!Array.isArray(tail)) return { ok: false, reason: tail }
    if (head.length + tail.length > 7) return badIpv6(text, 'too many groups', '分组过多')
    return {
      ok: true,
      groups: [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail],
    }
  }
  const groups = parseGroups(text, text, true)
  if (!Array.isArray(groups)) return { ok: false, reason: groups }
  if (groups.length !== 8) return badIpv6(text, 'expected 8 groups or a ::', '应为 8 个分组或使用“::”')
  return { ok: true, groups }
}

export function groupsToBigint(groups: readonly number[]): bigint {
  let value = 0n
  for (const g of groups) value = (value << 16n) | BigInt(g)
  return value
}

export function bigintToGroups(value: bigint): number[] {
  const groups = new Array<number>(8)
  let v = value
  for (let i = 7; i >= 0; i--) {
    groups[i] = Number(v & 0xffffn)
    v >>= 16n
  }
  return groups
}

/** RFC 5952: lower-case hex, no leading zeros, the longest run (≥ 2) of zero groups as '::', the first on a tie. */
export function formatIpv6(groups: readonly number[]): string {
  let bestStart = -1
  let bestLength = 1
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < 8 && groups[j] === 0) j++
    if (j - i > bestLength) {
      bestStart = i
      bestLength = j - i
    }
    i = j
  }
  const hex = (from: number, to: number) =>
    groups
      .slice(from, to)
      .map((g) => g.toString(16))
      .join(':')
  if (bestStart < 0) return hex(0, 8)
  return `${hex(0, bestStart)}::${hex(bestStart + bestLength, 8)}`
}

function mappedIpv4(groups: readonly number[]): number | null {
  if (groups[0] || groups[1] || groups[2] || groups[3] || groups[4] || groups[5] !== 0xffff) return null
  return (((groups[6] ?? 0) << 16) | (groups[7] ?? 0)) >>> 0
}

/**
 * One IPv4 or IPv6 address in canonical text. IPv4-mapped IPv6 (::ffff:1.2.3.4) is folded to the IPv4 address:
 * it is the same host, and a finding must match the asset whichever way the scanner wrote it.
 */
export function parseIpAddress(text: string): IpParse {
  if (text.includes(':')) {
    const parsed = parseIpv6Groups(text)
    if (!parsed.ok) return parsed
    const v4 = mappedIpv4(parsed.groups)
    if (v4 !== null) return { ok: true, ip: { version: 4, value: v4 }, text: formatIpv4(v4), mapped: true }
    return {
      ok: true,
      ip: { version: 6, value: groupsToBigint(parsed.groups) },
      text: formatIpv6(parsed.groups),
      mapped: false,
    }
  }
  const parsed = parseIpv4(text)
  if (!parsed.ok) return parsed
  return { ok: true, ip: { version: 4, value: parsed.value }, text: formatIpv4(parsed.value), mapped: false }
}

/** `address/prefix`; host bits are cleared (and reported), a /32 or /128 becomes the address itself. */
export function parseCidr(text: string): CidrParse {
  const slash = text.indexOf('/')
  if (slash < 0) {
    const ip = parseIpAddress(text)
    if (!ip.ok) return ip
    const prefix = ip.ip.version === 4 ? 32 : 128
    return {
      ok: true,
      version: ip.ip.version,
      network: ip.ip,
      prefix,
      text: ip.text,
      hostBitsCleared: false,
      mapped: ip.mapped,
    }
  }
  const prefixText = text.slice(slash + 1)
  const ip = parseIpAddress(text.slice(0, slash))
  if (!ip.ok) return ip
  const max = ip.mapped ? 128 : ip.ip.version === 4 ? 32 : 128
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max) {
    return refuse(
      'cidr_prefix',
      `网段前缀长度“/${prefixText}”应为 0–${max} 的整数`,
      `the prefix length '/${prefixText}' must be a whole number 0–${max}`,
    )
  }
  let prefix = Number(prefixText)
  if (ip.mapped) {
    if (prefix < 96) {
      return refuse(
        'cidr_prefix',
        `IPv4 映射地址的网段前缀应至少为 /96，实际为 /${prefix}`,
        `an IPv4-mapped network needs a prefix of at least /96, not /${prefix}`,
      )
    }
    prefix -= 96
  }
  if (ip.ip.version === 4) {
    const network = (ip.ip.value & ipv4Mask(prefix)) >>> 0
    const base = formatIpv4(network)
    return {
      ok: true,
      version: 4,
      network: { version: 4, value: network },
      prefix,
      text: prefix === 32 ? base : `${base}/${prefix}`,
      hostBitsCleared: network !== ip.ip.value,
      mapped: ip.mapped,
    }
  }
  const network = ip.ip.value & ipv6Mask(prefix)
  const base = formatIpv6(bigintToGroups(network))
  return {
    ok: true,
    version: 6,
    network: { version: 6, value: network },
    prefix,
    text: prefix === 128 ? base : `${base}/${prefix}`,
    hostBitsCleared: network !== ip.ip.value,
    mapped: false,
  }
}

/** Whether an address lies inside a network (both already parsed; versions must agree). */
export function networkContains(network: IpValue, prefix: number, address: IpValue): boolean {
  if (network.version === 4 && address.version === 4) {
    return (address.value & ipv4Mask(prefix)) >>> 0 === network.value
  }
  if (network.version === 6 && address.version === 6)
    return (address.value & ipv6Mask(prefix)) === network.value
  return false
}
