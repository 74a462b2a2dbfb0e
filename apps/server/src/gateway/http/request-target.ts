// Request targets as a proxy receives them: absolute-form (`http://host:port/path`) and authority-form for CONNECT
// (`host:port`). Host names are normalised the way the target's resolver would read them (WHATWG URL rules: case,
// IDN to punycode, `0x7f.1` and `2130706433` are IPv4), so a spelling trick cannot slip past the scope check.
import { isIP } from 'node:net'
import { domainToASCII } from 'node:url'

export type ParsedAuthority = {
  /** Normalised name, or null when the client named an address. */
  host: string | null
  /** The address when the client named one. */
  ip: string | null
  port: number
  /** host[:port] as it goes into the Host header. */
  authority: string
}

export type ParsedAbsolute = ParsedAuthority & { path: string }

const SIMPLE_NAME = /^(?=.*[a-z-])[a-z0-9-]+(\.[a-z0-9-]+)*$/
const DOTTED_QUAD = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/

/** Normalises a host (without brackets or port); null when it is not a usable name or address. */
export function normaliseHost(raw: string): { host: string | null; ip: string | null } | null {
  if (raw.length === 0 || raw.length > 253) return null
  let text = raw.toLowerCase()
  if (text.endsWith('.')) text = text.slice(0, -1)
  if (DOTTED_QUAD.test(text)) return { host: null, ip: text }
  if (text.includes(':')) {
    if (isIP(text) !== 6) return null
    const url = safeUrl(`http://[${text}]/`)
    return url ? { host: null, ip: url.hostname.slice(1, -1) } : null
  }
  // The last label all digits (or hex) means the WHATWG parser reads an IPv4 address: let it decide.
  if (SIMPLE_NAME.test(text) && !/(^|\.)(0x[0-9a-f]*|\d+)$/.test(text)) return { host: text, ip: null }
  const url = safeUrl(`http://${text}/`)
  if (!url) return null
  const hostname = url.hostname
  if (isIP(hostname) === 4) return { host: null, ip: hostname }
  const ascii = domainToASCII(hostname)
  if (!ascii || !/^[a-z0-9.-]+$/.test(ascii) || ascii.startsWith('.') || ascii.includes('..')) return null
  return { host: ascii, ip: null }
}

function safeUrl(text: string): URL | null {
  try {
    return new URL(text)
  } catch {
    return null
  }
}

function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null
  const port = Number(text)
  return port >= 1 && port <= 65535 ? port : null
}

/** `host:port`, `[v6]:port`; `defaultPort` when the port is left out (null: a port is required). */
export function parseAuthority(text: string, defaultPort: number | null): ParsedAuthority | null {
  if (text.includes('@')) return null
  let hostText: string
  let portText: string | null = null
  if (text.startsWith('[')) {
    const close = text.indexOf(']')
    if (close < 0) return null
    hostText = text.slice(1, close)
    const rest = text.slice(close + 1)
    if (rest.length > 0) {
      if (!rest.startsWith(':')) return null
      portText = rest.slice(1)
    }
    if (isIP(hostText) !== 6) return null
  } else {
    const colon = text.lastIndexOf(':')
    if (colon >= 0) {
      hostText = text.slice(0, colon)
      portText = text.slice(colon + 1)
      if (hostText.includes(':')) return null
    } else hostText = text
  }
  const port = portText === null || portText === '' ? defaultPort : parsePort(portText)
  if (port === null) return null
  const host = normaliseHost(hostText)
  if (!host) return null
  const shown = host.ip !== null ? (host.ip.includes(':') ? `[${host.ip}]` : host.ip) : host.host!
  const authority = port === defaultPort ? shown : `${shown}:${port}`
  return { ...host, port, authority }
}

/** `http://authority/path?query` (the scheme case-insensitive); null for anything else. */
export function parseAbsoluteTarget(target: string): ParsedAbsolute | null {
  if (target.length < 8 || target.slice(0, 7).toLowerCase() !== 'http://') return null
  let end = 7
  while (end < target.length) {
    const c = target.charCodeAt(end)
    if (c === 47 || c === 63 || c === 35) break
    end++
  }
  const authority = parseAuthority(target.slice(7, end), 80)
  if (!authority) return null
  let path = target.slice(end)
  const hash = path.indexOf('#')
  if (hash >= 0) path = path.slice(0, hash)
  if (path === '') path = '/'
  else if (path.startsWith('?')) path = `/${path}`
  return { ...authority, path }
}
