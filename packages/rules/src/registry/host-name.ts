// Host names as the registry stores them: lower case, punycode (IDN → xn--), no trailing dot. IP literals go to
// ip-address.ts. Nothing here resolves names: this is pure text.
import { cleanInput, showCharacter } from './input-text'
import { parseIpAddress, type IpValue } from './ip-address'
import { reason, refuse, type RegistryReason } from './registry-reason'

export type HostKind = 'domain' | 'ipv4' | 'ipv6'

/** A canonical host; `ip` is present for IP literals (internal to the registry module, bigint for IPv6). */
export type HostParse =
  | { ok: true; kind: 'domain'; text: string }
  | { ok: true; kind: 'ipv4' | 'ipv6'; text: string; ip: IpValue; mapped: boolean }
  | { ok: false; reason: RegistryReason }

// Registrable-name boundaries that matter here: second-level zones under .cn (categories and provinces) and the
// usual ones elsewhere. Not the full Public Suffix List: these stop `*.gov.cn` from claiming every government site
// and stop parent-domain matching from climbing to `gov.cn`.
const PUBLIC_SUFFIXES = new Set([
  ...['ac', 'com', 'edu', 'gov', 'mil', 'net', 'org'].map((s) => `${s}.cn`),
  ...[
    'ah',
    'bj',
    'cq',
    'fj',
    'gd',
    'gs',
    'gx',
    'gz',
    'ha',
    'hb',
    'he',
    'hi',
    'hk',
    'hl',
    'hn',
    'jl',
    'js',
    'jx',
    'ln',
    'mo',
    'nm',
    'nx',
    'qh',
    'sc',
    'sd',
    'sh',
    'sn',
    'sx',
    'tj',
    'tw',
    'xj',
    'xz',
    'yn',
    'zj',
  ].map((s) => `${s}.cn`),
  ...['com', 'edu', 'gov', 'idv', 'net', 'org'].map((s) => `${s}.hk`),
  ...['com', 'edu', 'gov', 'net', 'org'].map((s) => `${s}.mo`),
  ...['com', 'edu', 'gov', 'net', 'org'].map((s) => `${s}.tw`),
  ...['ac', 'co', 'gov', 'org', 'ltd', 'plc', 'me', 'net'].map((s) => `${s}.uk`),
  ...['ac', 'co', 'go', 'ne', 'or'].map((s) => `${s}.jp`),
  ...['ac', 'co', 'go', 'or', 'ne'].map((s) => `${s}.kr`),
  ...['com', 'edu', 'gov', 'net', 'org'].map((s) => `${s}.au`),
  ...['com', 'edu', 'gov', 'net', 'org'].map((s) => `${s}.sg`),
])

/** True for a single label (a TLD) and for the zones in the built-in list (gov.cn, com.cn, js.cn, co.uk…). */
export function isPublicSuffix(name: string): boolean {
  return !name.includes('.') || PUBLIC_SUFFIXES.has(name)
}

const ASCII_HOST = /^[a-z0-9._-]+$/
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/
// The whole rule in one expression (the common case costs one regex test); domainFault explains a failure.
export const VALID_DOMAIN =
  /^(?=.{1,253}$)(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{0,58}[a-z0-9])$/
// Characters that end a host in a URL or make it something other than a name; refused before IDN conversion so that
// the WHATWG parser cannot reinterpret them (percent-decoding, userinfo, ports).
const NOT_IN_HOST = /[\s/\\?#@:[\]%<>^|"'`{}!$&()*+,;=~]/u

function toAscii(text: string): string | null {
  try {
    // WHATWG URL host parsing applies UTS #46 (IDNA) the same way browsers do, in Node and in the browser alike.
    const host = new URL(`http://${text}/`).hostname
    return /^[\x21-\x7e]+$/.test(host) ? host : null
  } catch {
    return null
  }
}

/**
 * A DNS name in canonical form. At least two labels; labels of letters, digits, hyphens (not first or last) and
 * underscores (seen in real records, harmless here); at most 63 characters per label and 253 in all.
 */
export function normaliseDomainName(
  raw: string,
): { ok: true; name: string } | { ok: false; reason: RegistryReason } {
  const cleaned = cleanInput(raw)
  if (!cleaned.ok) return cleaned
  return canonicalDomain(cleaned.text)
}

/** As normaliseDomainName, for text already passed through cleanInput. */
export function canonicalDomain(
  text: string,
): { ok: true; name: string } | { ok: false; reason: RegistryReason } {
  let name = text.toLowerCase()
  if (!ASCII_HOST.test(name)) {
    const bad = NOT_IN_HOST.exec(name)
    if (bad) {
      return refuse(
        'host',
        `主机名中不应有字符 ${showCharacter(bad[0])}`,
        `a host name cannot contain ${showCharacter(bad[0])}`,
      )
    }
    const ascii = toAscii(name)
    if (ascii === null) {
      return refuse(
        'host',
        `主机名 ${text} 不是合法的国际化域名`,
        `${text} is not a valid internationalised domain name`,
      )
    }
    name = ascii
  }
  if (name.endsWith('.')) name = name.slice(0, -1)
  if (VALID_DOMAIN.test(name)) return { ok: true, name }
  return { ok: false, reason: domainFault(name) }
}

/** Why a lower-case ASCII name is not valid (only called once the one-regex check has failed). */
export function domainFault(name: string): RegistryReason {
  if (name.length > 253)
    return reason('host', '域名超过 253 个字符', 'a domain name has at most 253 characters')
  const labels = name.split('.')
  if (labels.length < 2) {
    return reason(
      'domain_tld',
      `域名 ${name} 缺少顶级域（如 .cn）`,
      `${name} has no top-level domain (such as .cn); internet assets have one`,
    )
  }
  for (const label of labels) {
    if (!LABEL.test(label)) {
      const why =
        label === ''
          ? { zh: '有空的标签（连续的点）', en: 'it has an empty label (two dots in a row)' }
          : label.length > 63
            ? {
                zh: `标签 ${label.slice(0, 20)}… 超过 63 个字符`,
                en: `label ${label.slice(0, 20)}… is over 63 characters`,
              }
            : {
                zh: `标签“${label}”不合法（连字符不能在首尾）`,
                en: `label '${label}' is not valid (no hyphen first or last)`,
              }
      return reason(
        'domain_label',
        `域名 ${name} 不合法：${why.zh}`,
        `${name} is not a valid domain name: ${why.en}`,
      )
    }
  }
  const tld = labels[labels.length - 1] ?? ''
  return reason('domain_tld', `顶级域“${tld}”不合法`, `'${tld}' is not a valid top-level domain`)
}

/** Looks like an attempt at an IPv4 address: digits and dots only, or a numeric last label (1.2.3.999, 10.1). */
function looksNumeric(text: string): boolean {
  const lastDot = text.lastIndexOf('.', text.length - 2)
  const last = text.slice(lastDot + 1).replace(/\.$/, '')
  return /^\d+$/.test(last)
}

/**
 * A host as written in a URL authority or typed alone: `[v6]`, bare IPv6, IPv4, or a domain name. Input must already
 * have passed cleanInput.
 */
export function parseHost(text: string): HostParse {
  if (text.startsWith('[')) {
    if (!text.endsWith(']'))
      return refuse('ipv6', `IPv6 地址 ${text} 缺少“]”`, `${text} lacks its closing ']'`)
    const inner = parseIpAddress(text.slice(1, -1))
    if (!inner.ok) return inner
    return {
      ok: true,
      kind: inner.ip.version === 4 ? 'ipv4' : 'ipv6',
      text: inner.text,
      ip: inner.ip,
      mapped: inner.mapped,
    }
  }
  if (text.includes(':') || looksNumeric(text)) {
    const ip = parseIpAddress(text)
    if (!ip.ok) return ip
    return {
      ok: true,
      kind: ip.ip.version === 4 ? 'ipv4' : 'ipv6',
      text: ip.text,
      ip: ip.ip,
      mapped: ip.mapped,
    }
  }
  const domain = canonicalDomain(text)
  if (!domain.ok) return domain
  return { ok: true, kind: 'domain', text: domain.name }
}
