// Endpoints built the way DefectDojo's Endpoint.from_uri (hyperlink) and Endpoint.clean() build them: the port
// defaults from the scheme, the path is stored without its leading slash, query and fragment are dropped.
import type { ScanEndpoint } from '../scan-types'
import { detach, detachOrNull } from './detach'

// hyperlink's SCHEME_PORT_MAP (the schemes DefectDojo recognises as protocols, with their default ports).
export const SCHEME_DEFAULT_PORTS: ReadonlyMap<string, number | null> = new Map([
  ['acap', 674],
  ['afp', 548],
  ['dict', 2628],
  ['dns', 53],
  ['file', null],
  ['ftp', 21],
  ['git', 9418],
  ['gopher', 70],
  ['http', 80],
  ['https', 443],
  ['imap', 143],
  ['ipp', 631],
  ['ipps', 631],
  ['irc', 194],
  ['ircs', 6697],
  ['ldap', 389],
  ['ldaps', 636],
  ['mms', 1755],
  ['msrp', 2855],
  ['msrps', null],
  ['mtqp', 1038],
  ['nfs', 111],
  ['nntp', 119],
  ['nntps', 563],
  ['pop', 110],
  ['prospero', 1525],
  ['redis', 6379],
  ['rsync', 873],
  ['rtsp', 554],
  ['rtsps', 322],
  ['rtspu', 5005],
  ['sftp', 22],
  ['smb', 445],
  ['snmp', 161],
  ['ssh', 22],
  ['steam', null],
  ['svn', 3690],
  ['telnet', 23],
  ['ventrilo', 3784],
  ['vnc', 5900],
  ['wais', 210],
  ['ws', 80],
  ['wss', 443],
  ['xmpp', null],
])

const URI = /^(?:([A-Za-z][A-Za-z0-9+.-]*):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?[^#]*)?(?:#.*)?$/
const MAX_PATH = 500

function decodePercent(text: string): string {
  if (!text.includes('%')) return text
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** Lower-cases a host name and strips IPv6 brackets; null when empty. */
export function normaliseHost(host: string | null | undefined): string | null {
  if (!host) return null
  let value = host.trim()
  if (value.startsWith('[') && value.endsWith(']')) value = value.slice(1, -1)
  value = value.toLowerCase()
  return value === '' ? null : value
}

export function parsePort(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null
  const text = String(value).trim()
  if (!/^\d{1,5}$/.test(text)) return null
  const port = Number(text)
  return port >= 1 && port <= 65535 ? port : null
}

/** DefectDojo's root-less path: leading slashes removed, empty becomes null, long paths cut at 500. */
export function cleanPath(path: string | null | undefined): string | null {
  if (!path) return null
  const stripped = path.replace(/^\/+/, '')
  return stripped === '' ? null : stripped.slice(0, MAX_PATH)
}

/** Builds an endpoint; null when there is no host (such endpoints are left out of findings). */
export function makeEndpoint(parts: {
  protocol?: string | null
  host?: string | null
  port?: number | null
  path?: string | null
}): ScanEndpoint | null {
  const host = normaliseHost(parts.host)
  if (!host) return null
  const protocol = parts.protocol ? parts.protocol.trim().toLowerCase() || null : null
  return {
    protocol: detachOrNull(protocol),
    host: detach(host),
    port: parts.port ?? null,
    path: detachOrNull(cleanPath(parts.path)),
  }
}

/** Parses a URI (or `//host:port/path`) into an endpoint the way DefectDojo's Endpoint.from_uri does. */
export function endpointFromUri(uri: string | null | undefined): ScanEndpoint | null {
  if (!uri) return null
  const match = URI.exec(uri.trim())
  if (!match) return null
  const [, rawScheme, authority, rawPath] = match
  const scheme = rawScheme ? rawScheme.toLowerCase() : null
  if (authority === undefined) return null
  const hostPort = authority.includes('@') ? authority.slice(authority.lastIndexOf('@') + 1) : authority
  let host: string
  let portText: string | undefined
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']')
    host = hostPort.slice(0, close + 1)
    portText = hostPort.slice(close + 1).replace(/^:/, '') || undefined
  } else {
    const colon = hostPort.lastIndexOf(':')
    host = colon >= 0 ? hostPort.slice(0, colon) : hostPort
    portText = colon >= 0 ? hostPort.slice(colon + 1) || undefined : undefined
  }
  const port =
    portText !== undefined ? parsePort(portText) : scheme ? (SCHEME_DEFAULT_PORTS.get(scheme) ?? null) : null
  const segments = (rawPath ?? '').split('/').map(decodePercent).join('/')
  return makeEndpoint({ protocol: scheme, host: decodePercent(host), port, path: segments })
}

export function endpointKey(endpoint: ScanEndpoint): string {
  return `${endpoint.protocol ?? ''}://${endpoint.host}:${endpoint.port ?? ''}/${endpoint.path ?? ''}`
}
