// A real SMTP server (the smtp-server package) on loopback that keeps every message it accepts, and a small MIME reader
// for tests: headers (RFC 2047 words decoded), text, and attachments (base64 or quoted-printable).
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

export type ReceivedMail = { from: string; to: string[]; raw: Buffer; at: Date }

export type FakeSmtp = {
  host: string
  port: number
  received: ReceivedMail[]
  /** Make the next `n` messages fail with this reply code (e.g. 451 for a temporary failure). */
  failNext(n: number, code: number): void
  close(): Promise<void>
}

export async function startFakeSmtp(): Promise<FakeSmtp> {
  const received: ReceivedMail[] = []
  let failures = 0
  let failCode = 451
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        if (failures > 0) {
          failures--
          const error = new Error('temporary failure (injected)') as Error & { responseCode: number }
          error.responseCode = failCode
          return callback(error)
        }
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
          at: new Date(),
        })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo
  return {
    host: '127.0.0.1',
    port,
    received,
    failNext(n, code) {
      failures = n
      failCode = code
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

export type MimePart = { headers: Map<string, string>; body: Buffer }
export type ParsedMail = {
  headers: Map<string, string>
  subject: string
  text: string
  attachments: { filename: string; contentType: string; content: Buffer }[]
}

function splitHead(raw: string): { head: string; body: string } {
  const at = raw.search(/\r?\n\r?\n/)
  if (at < 0) return { head: raw, body: '' }
  const sep = raw.slice(at).match(/^\r?\n\r?\n/)![0]
  return { head: raw.slice(0, at), body: raw.slice(at + sep.length) }
}

function parseHeaders(head: string): Map<string, string> {
  const headers = new Map<string, string>()
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':')
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
  }
  return headers
}

/** Decodes RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`). */
export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')).toString('utf8'),
    )
}

function decodeQuotedPrintable(text: string): Buffer {
  const bytes: number[] = []
  const clean = text.replace(/=\r?\n/g, '')
  for (let i = 0; i < clean.length; i++) {
    const c = clean[i]!
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(clean.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(clean.slice(i + 1, i + 3), 16))
      i += 2
    } else bytes.push(...Buffer.from(c, 'utf8'))
  }
  return Buffer.from(bytes)
}

function decodeBody(headers: Map<string, string>, body: string): Buffer {
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase()
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64')
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body)
  return Buffer.from(body, 'utf8')
}

/** A header parameter, with RFC 2231 continuations (`filename*0*=utf-8''…; filename*1*=…`) and RFC 2047 words. */
function parameter(header: string | undefined, name: string): string | null {
  if (!header) return null
  const extended = [
    ...header.matchAll(new RegExp(`(?:^|;)\\s*${name}\\*(\\d+)?(\\*)?=("[^"]*"|[^;]*)`, 'gi')),
  ]
  if (extended.length) {
    const pieces = extended
      .map((m) => ({
        index: Number(m[1] ?? 0),
        encoded: !!m[2] || m[1] === undefined,
        value: m[3]!.replace(/^"|"$/g, ''),
      }))
      .sort((a, b) => a.index - b.index)
    return pieces
      .map((p, i) => {
        const value = i === 0 ? p.value.replace(/^[\w-]*'[\w-]*'/, '') : p.value
        return p.encoded ? decodeURIComponent(value) : value
      })
      .join('')
  }
  const plain = new RegExp(`(?:^|;)\\s*${name}=("[^"]*"|[^;]*)`, 'i').exec(header)
  return plain ? decodeWords(plain[1]!.trim().replace(/^"|"$/g, '')) : null
}

function parts(headers: Map<string, string>, body: string): MimePart[] {
  const type = headers.get('content-type') ?? 'text/plain'
  const boundary = parameter(type, 'boundary')
  if (!type.toLowerCase().startsWith('multipart/') || !boundary)
    return [{ headers, body: decodeBody(headers, body) }]
  const sections = body.split(`--${boundary}`).slice(1)
  const out: MimePart[] = []
  for (const section of sections) {
    if (section.startsWith('--')) break
    const { head, body: inner } = splitHead(section.replace(/^\r?\n/, ''))
    out.push(...parts(parseHeaders(head), inner.replace(/\r?\n$/, '')))
  }
  return out
}

export function parseMail(raw: Buffer): ParsedMail {
  const { head, body } = splitHead(raw.toString('utf8'))
  const headers = parseHeaders(head)
  const all = parts(headers, body)
  const text = all
    .filter((p) => (p.headers.get('content-type') ?? 'text/plain').startsWith('text/plain'))
    .filter((p) => !(p.headers.get('content-disposition') ?? '').startsWith('attachment'))
    .map((p) => p.body.toString('utf8'))
    .join('\n')
  const attachments = all
    .filter((p) => (p.headers.get('content-disposition') ?? '').startsWith('attachment'))
    .map((p) => ({
      filename:
        parameter(p.headers.get('content-disposition'), 'filename') ??
        parameter(p.headers.get('content-type'), 'name') ??
        '',
      contentType: (p.headers.get('content-type') ?? '').split(';')[0]!.trim(),
      content: p.body,
    }))
  return { headers, subject: decodeWords(headers.get('subject') ?? ''), text, attachments }
}
