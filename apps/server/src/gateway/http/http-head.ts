// HTTP/1.x message heads, parsed by hand on the proxy's hot path. The parser is strict where leniency lets a request
// mean one thing to the gateway and another to the target (request smuggling): both Content-Length and
// Transfer-Encoding, differing lengths, folded lines, whitespace before a colon, bare LF line ends are refused.

export const MAX_HEAD_BYTES = 64 * 1024
const CRLFCRLF = Buffer.from('\r\n\r\n')

/** Index just past the blank line ending a head, or -1 when the head is not complete yet. */
export function headEnd(buffer: Buffer, from = 0): number {
  const at = buffer.indexOf(CRLFCRLF, Math.max(0, from - 3))
  return at < 0 ? -1 : at + 4
}

export type BodyKind = 'none' | 'length' | 'chunked' | 'close'

export type RequestHead = {
  method: string
  target: string
  /** 0 for HTTP/1.0, 1 for HTTP/1.1. */
  minor: number
  /** Header lines as sent (without the request line), for forwarding. */
  lines: string[]
  bodyKind: BodyKind
  contentLength: number
  /** The client wants the connection closed after this exchange. */
  close: boolean
  proxyAuthorization: string | null
  host: string | null
  userAgent: string | null
  upgrade: string | null
  /** Raw head size, for the byte counts. */
  size: number
}

export type ResponseHead = {
  status: number
  minor: number
  bodyKind: BodyKind
  contentLength: number
  close: boolean
  size: number
}

export type HeadError = { error: string; status: 400 | 431 | 501 }

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
const METHOD = /^[A-Z][A-Z-]{0,19}$/

function lower(name: string): string {
  return name.length < 32 ? name.toLowerCase() : ''
}

type Framing = { bodyKind: BodyKind; contentLength: number; close: boolean; error?: string }

function framingOf(
  lengths: string[],
  transferEncoding: string | null,
  connection: string | null,
  minor: number,
): Framing {
  const connectionTokens = connection?.toLowerCase() ?? ''
  const close = minor === 0 ? !connectionTokens.includes('keep-alive') : connectionTokens.includes('close')
  if (transferEncoding !== null) {
    if (lengths.length > 0)
      return { bodyKind: 'none', contentLength: 0, close, error: 'both Content-Length and Transfer-Encoding' }
    const codings = transferEncoding
      .toLowerCase()
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean)
    if (codings[codings.length - 1] !== 'chunked')
      return { bodyKind: 'none', contentLength: 0, close, error: 'unsupported Transfer-Encoding' }
    return { bodyKind: 'chunked', contentLength: 0, close }
  }
  if (lengths.length > 0) {
    const first = lengths[0]!.trim()
    for (const other of lengths) if (other.trim() !== first) return { ...BAD_LENGTH, close }
    if (!/^\d{1,15}$/.test(first)) return { ...BAD_LENGTH, close }
    const length = Number(first)
    return { bodyKind: length > 0 ? 'length' : 'none', contentLength: length, close }
  }
  return { bodyKind: 'none', contentLength: 0, close }
}

const BAD_LENGTH = { bodyKind: 'none' as const, contentLength: 0, error: 'invalid Content-Length' }

/** Parses the request head in `buffer[0, end)` (end from headEnd). */
export function parseRequestHead(buffer: Buffer, end: number): RequestHead | HeadError {
  const text = buffer.toString('latin1', 0, end - 4)
  const lineEnd = text.indexOf('\r\n')
  const requestLine = lineEnd < 0 ? text : text.slice(0, lineEnd)
  const sp1 = requestLine.indexOf(' ')
  const sp2 = requestLine.lastIndexOf(' ')
  if (sp1 <= 0 || sp2 <= sp1) return { error: 'malformed request line', status: 400 }
  const method = requestLine.slice(0, sp1)
  const target = requestLine.slice(sp1 + 1, sp2)
  const version = requestLine.slice(sp2 + 1)
  if (!METHOD.test(method)) return { error: 'malformed method', status: 400 }
  if (version !== 'HTTP/1.1' && version !== 'HTTP/1.0')
    return { error: 'unsupported HTTP version', status: 400 }
  if (target.length === 0 || target.includes(' ')) return { error: 'malformed request target', status: 400 }
  const minor = version === 'HTTP/1.1' ? 1 : 0
  const lines = lineEnd < 0 ? [] : text.slice(lineEnd + 2).split('\r\n')
  const lengths: string[] = []
  let transferEncoding: string | null = null
  let connection: string | null = null
  let proxyAuthorization: string | null = null
  let host: string | null = null
  let userAgent: string | null = null
  let upgrade: string | null = null
  for (const line of lines) {
    const colon = line.indexOf(':')
    if (colon <= 0) return { error: 'malformed header line', status: 400 }
    const name = line.slice(0, colon)
    if (!TOKEN.test(name)) return { error: 'malformed header name', status: 400 }
    if (line.includes('\n') || line.includes('\r') || line.includes('\0'))
      return { error: 'control character in header', status: 400 }
    const value = line.slice(colon + 1).trim()
    switch (lower(name)) {
      case 'content-length':
        lengths.push(value)
        break
      case 'transfer-encoding':
        transferEncoding = transferEncoding === null ? value : `${transferEncoding}, ${value}`
        break
      case 'connection':
        connection = connection === null ? value : `${connection}, ${value}`
        break
      case 'proxy-connection':
        // Old clients send Proxy-Connection instead of Connection towards a proxy.
        connection ??= value
        break
      case 'proxy-authorization':
        proxyAuthorization = value
        break
      case 'host':
        if (host !== null) return { error: 'more than one Host header', status: 400 }
        host = value
        break
      case 'user-agent':
        userAgent = value
        break
      case 'upgrade':
        upgrade = value
        break
    }
  }
  const framing = framingOf(lengths, transferEncoding, connection, minor)
  if (framing.error)
    return { error: framing.error, status: framing.error.startsWith('unsupported') ? 501 : 400 }
  return {
    method,
    target,
    minor,
    lines,
    bodyKind: framing.bodyKind,
    contentLength: framing.contentLength,
    close: framing.close,
    proxyAuthorization,
    host,
    userAgent,
    upgrade,
    size: end,
  }
}

/** Parses a response head; `requestMethod` decides whether a body follows (HEAD, CONNECT, 1xx, 204, 304 have none). */
export function parseResponseHead(
  buffer: Buffer,
  end: number,
  requestMethod: string,
): ResponseHead | HeadError {
  const text = buffer.toString('latin1', 0, end - 4)
  if (!text.startsWith('HTTP/1.')) return { error: 'malformed status line', status: 400 }
  const minor = text.charCodeAt(7) - 48
  const status = Number(text.slice(9, 12))
  if ((minor !== 0 && minor !== 1) || text.charCodeAt(8) !== 32 || !(status >= 100 && status <= 999))
    return { error: 'malformed status line', status: 400 }
  const lengths: string[] = []
  let transferEncoding: string | null = null
  let connection: string | null = null
  let at = text.indexOf('\r\n')
  while (at >= 0) {
    const next = text.indexOf('\r\n', at + 2)
    const line = text.slice(at + 2, next < 0 ? undefined : next)
    at = next
    const colon = line.indexOf(':')
    if (colon <= 0) return { error: 'malformed header line', status: 400 }
    const first = line.charCodeAt(0) | 0x20
    // Only the three framing headers matter here; a cheap first-letter test skips the rest.
    if (first !== 99 && first !== 116) continue
    const name = lower(line.slice(0, colon))
    if (name === 'content-length') lengths.push(line.slice(colon + 1))
    else if (name === 'transfer-encoding') {
      const value = line.slice(colon + 1).trim()
      transferEncoding = transferEncoding === null ? value : `${transferEncoding}, ${value}`
    } else if (name === 'connection') {
      const value = line.slice(colon + 1).trim()
      connection = connection === null ? value : `${connection}, ${value}`
    }
  }
  const framing = framingOf(lengths, transferEncoding, connection, minor)
  if (framing.error) return { error: framing.error, status: 400 }
  let bodyKind = framing.bodyKind
  if (requestMethod === 'HEAD' || status < 200 || status === 204 || status === 304) bodyKind = 'none'
  else if (transferEncoding === null && lengths.length === 0) bodyKind = 'close'
  return {
    status,
    minor,
    bodyKind,
    contentLength: bodyKind === 'length' ? framing.contentLength : 0,
    close: framing.close || bodyKind === 'close',
    size: end,
  }
}

/** Hop-by-hop headers (RFC 9110 §7.6.1) and the proxy's own, never forwarded to the target. */
const HOP_BY_HOP = new Set([
  'connection',
  'proxy-connection',
  'keep-alive',
  'proxy-authorization',
  'proxy-authenticate',
  'te',
  'trailer',
  'host',
])

/**
 * The head sent to the target: origin-form request line, the Host the scope was checked on, hop-by-hop headers and
 * the proxy credentials removed (the token never reaches a target).
 */
export function forwardedRequestHead(head: RequestHead, path: string, authority: string): string {
  let out = `${head.method} ${path} HTTP/1.${head.minor}\r\nHost: ${authority}\r\n`
  let named: string[] | null = null
  for (const line of head.lines) {
    const colon = line.indexOf(':')
    const name = lower(line.slice(0, colon))
    if (name === 'connection') {
      for (const token of line.slice(colon + 1).split(',')) {
        const t = token.trim().toLowerCase()
        if (t && t !== 'close' && t !== 'keep-alive' && t !== 'upgrade') (named ??= []).push(t)
      }
    }
  }
  for (const line of head.lines) {
    const name = lower(line.slice(0, line.indexOf(':')))
    if (HOP_BY_HOP.has(name) || (named !== null && named.includes(name))) continue
    out += `${line}\r\n`
  }
  if (head.upgrade !== null) out += 'Connection: upgrade\r\n'
  else if (head.close) out += 'Connection: close\r\n'
  else if (head.minor === 0) out += 'Connection: keep-alive\r\n'
  return `${out}\r\n`
}

/** The same head for a request that already carried an origin-form target (inside a tunnel). */
export function tunnelledRequestHead(head: RequestHead): string {
  let out = `${head.method} ${head.target} HTTP/1.${head.minor}\r\n`
  for (const line of head.lines) out += `${line}\r\n`
  return `${out}\r\n`
}

/** A short plain-text answer from the gateway itself. */
export function gatewayResponse(
  status: number,
  reason: string,
  body: string,
  extra: Record<string, string> = {},
  close = false,
): Buffer {
  const payload = Buffer.from(`${body}\n`, 'utf8')
  let head = `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${payload.length}\r\nCache-Control: no-store\r\n`
  for (const [name, value] of Object.entries(extra)) head += `${name}: ${value}\r\n`
  if (close) head += 'Connection: close\r\n'
  return Buffer.concat([Buffer.from(`${head}\r\n`, 'latin1'), payload])
}
