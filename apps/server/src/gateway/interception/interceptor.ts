// TLS interception for a campaign that turned it on: certificates for the names testers reach, issued by the
// campaign's own CA (which testers download and trust), so HTTPS requests are audited like plain HTTP.
import type { SecureContext } from 'node:tls'

export interface Interceptor {
  /** The server context presenting a certificate for `servername` (a host name or an address). */
  secureContext(servername: string): SecureContext
}
