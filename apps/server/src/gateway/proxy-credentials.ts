// Gateway tokens and how clients present them. A token is `wgt_` + 32 random bytes (base64url); the database keeps
// only its SHA-256. Clients send it as the proxy password (any user name: curl -x http://alice:<token>@gw:8899,
// SOCKS5 user/pass), or as `Proxy-Authorization: Bearer <token>`.
import { createHash, randomBytes } from 'node:crypto'

export const TOKEN_PREFIX = 'wgt_'
const TOKEN_SHAPE = /^wgt_[A-Za-z0-9_-]{43}$/

export function generateGatewayToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`
}

export function hashGatewayToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

export function looksLikeGatewayToken(text: string): boolean {
  return TOKEN_SHAPE.test(text)
}

/** The token in a Proxy-Authorization header (Basic with the token as password, or Bearer); null otherwise. */
export function tokenFromProxyAuthorization(header: string | null): string | null {
  if (!header) return null
  const space = header.indexOf(' ')
  if (space < 0) return null
  const scheme = header.slice(0, space).toLowerCase()
  const value = header.slice(space + 1).trim()
  if (scheme === 'bearer') return looksLikeGatewayToken(value) ? value : null
  if (scheme !== 'basic') return null
  const decoded = Buffer.from(value, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  const password = colon >= 0 ? decoded.slice(colon + 1) : decoded
  if (looksLikeGatewayToken(password)) return password
  // Some tools only let a user name be set: accept the token there too.
  const user = colon >= 0 ? decoded.slice(0, colon) : ''
  return looksLikeGatewayToken(user) ? user : null
}
