// What testers and scanners write for a target: a URL, a host, host:port, an IP, IP:port or [v6]:port.
import { parseHost, type HostKind } from './host-name'
import { cleanInput } from './input-text'
import { type IpValue } from './ip-address'
import { refuse, reason, type RegistryReason, type Validation } from './registry-reason'

export interface ParsedTarget {
  /** Canonical host: lower-case punycode name, dotted-quad IPv4 or RFC 5952 IPv6 (without brackets). */
  readonly host: string
  readonly hostKind: HostKind
  /** Lower-case scheme when one was written (`https`), else null. */
  readonly scheme: string | null
  /** The port: as written, else the scheme's default (https → 443), else null (unknown). */
  readonly port: number | null
  readonly explicitPort: boolean
  /** Path without query or fragment; '' when none was written. */
  readonly path: string
}

/** ParsedTarget plus the numeric address of an IP host, for the matcher's tables. */
export type InternalTarget = ParsedTarget & { readonly ip: IpValue | null }

/** Well-known ports by scheme, so that `https://host/` and `host:443` name the same service. */
export const DEFAULT_PORTS: Readonly<Record<string, number>> = {
  http: 80,
  https: 443,
  ws: 80,
  wss: 443,
  ftp: 21,
  ftps: 990,
  sftp: 22,
  ssh: 22,
  telnet: 23,
  smtp: 25,
  smtps: 465,
  dns: 53,
  ldap: 389,
  ldaps: 636,
  smb: 445,
  mysql: 3306,
  postgres: 5432,
  postgresql: 5432,
  redis: 6379,
  mongodb: 27017,
  rdp: 3389,
}

/** The parts of a locator before host validation (shared with asset identifiers). */
export interface Locator {
  readonly scheme: string | null
  readonly hadUserinfo: boolean
  readonly hostText: string
  readonly port: number | null
  readonly path: string
  readonly hadQueryOrFragment: boolean
}

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//

export function splitLocator(text: string): Validation<{ locator: Locator }> {
  if (/\s/.test(text))
    return refuse('whitespace', '地址中间不应有空白字符', 'an address cannot contain spaces')
  let rest = text
  let scheme: string | null = null
  const schemeMatch = SCHEME.exec(rest)
  if (schemeMatch) {
    scheme = (schemeMatch[1] ?? '').toLowerCase()
    rest = rest.slice(schemeMatch[0].length)
  }
  const authorityEnd = rest.search(/[/?#\\]/)
  let authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd)
  const tail = authorityEnd < 0 ? '' : rest.slice(authorityEnd)
  const queryAt = tail.search(/[?#]/)
  const path = (queryAt < 0 ? tail : tail.slice(0, queryAt)).replace(/\\/g, '/')
  const hadQueryOrFragment = queryAt >= 0

  let hadUserinfo = false
  const at = authority.lastIndexOf('@')
  if (at >= 0) {
    // user:password@host — the credentials are dropped, never stored.
    hadUserinfo = true
    authority = authority.slice(at + 1)
  }

  let hostText = authority
  let portText: string | null = null
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']')
    if (close < 0)
      return refuse('ipv6', `IPv6 地址 ${authority} 缺少“]”`, `${authority} lacks its closing ']'`)
    hostText = authority.slice(0, close + 1)
    const after = authority.slice(close + 1)
    if (after !== '') {
      if (!after.startsWith(':')) {
        return refuse(
          'port',
          `“]”之后只能是“:端口”，实际为 ${after}`,
          `only ':port' may follow ']', not ${after}`,
        )
      }
      portText = after.slice(1)
    }
  } else {
    const firstColon = authority.indexOf(':')
    // Two or more colons without brackets: a bare IPv6 address, which cannot carry a port.
    if (firstColon >= 0 && authority.indexOf(':', firstColon + 1) < 0) {
      hostText = authority.slice(0, firstColon)
      portText = authority.slice(firstColon + 1)
    }
  }
  if (hostText === '') return refuse('host', '缺少主机名或 IP 地址', 'the host name or IP address is missing')

  let port: number | null = null
  if (portText !== null && portText !== '') {
    const value = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN
    if (!(value >= 1 && value <= 65535)) {
      return refuse(
        'port',
        `端口“${portText}”应为 1–65535 的整数`,
        `port '${portText}' must be a whole number 1–65535`,
      )
    }
    port = value
  }
  return { ok: true, locator: { scheme, hadUserinfo, hostText, port, path, hadQueryOrFragment } }
}

/** Parses a target into an InternalTarget (with the numeric IP); see parseTarget. */
export function parseTargetInternal(raw: string): Validation<{ target: InternalTarget }> {
  const cleaned = cleanInput(raw)
  if (!cleaned.ok) return cleaned
  const split = splitLocator(cleaned.text)
  if (!split.ok) return split
  const { scheme, hostText, port, path } = split.locator
  if (hostText.includes('*')) {
    return refuse('wildcard', '检测目标不能是通配符域名', 'a target is one host, not a wildcard')
  }
  const host = parseHost(hostText)
  if (!host.ok) return host
  if (scheme === null && host.kind !== 'domain' && /^\/\d{1,3}$/.test(path)) {
    return refuse(
      'cidr_not_target',
      `${cleaned.text} 是网段，不是单个检测目标`,
      `${cleaned.text} is a network, not a single target`,
    )
  }
  const defaultPort = scheme === null ? undefined : DEFAULT_PORTS[scheme]
  return {
    ok: true,
    target: {
      host: host.text,
      hostKind: host.kind,
      scheme,
      port: port ?? defaultPort ?? null,
      explicitPort: port !== null,
      path,
      ip: host.kind === 'domain' ? null : host.ip,
    },
  }
}

/**
 * Parses what a tester or scanner wrote for a target. Accepts `https://WWW.Example.gov.cn:443/x`, `example.gov.cn`,
 * `example.gov.cn:8080`, `1.2.3.4`, `1.2.3.4:22`, `[2001:db8::1]:8443`, `2001:db8::1`, `ssh://root@1.2.3.4`.
 * User names and passwords in the URL are dropped. Never throws.
 */
export function parseTarget(raw: string): Validation<{ target: ParsedTarget }> {
  const parsed = parseTargetInternal(raw)
  if (!parsed.ok) return parsed
  const { ip: _ip, ...target } = parsed.target
  return { ok: true, target }
}

/** A host as it appears inside a URL: IPv6 in brackets. */
export function hostForUrl(host: string, kind: HostKind): string {
  return kind === 'ipv6' ? `[${host}]` : host
}

export const USERINFO_DROPPED: RegistryReason = reason(
  'userinfo',
  '已去掉地址中的用户名/密码',
  'the user name and password in the address were dropped',
)
