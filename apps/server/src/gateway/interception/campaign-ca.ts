// A campaign's own certificate authority for TLS interception (off by default). Testers download its certificate and
// trust it in their testing tools only; the gateway issues a certificate per server name on first use, all with one
// leaf key, cached. The CA's private key is stored sealed with the platform's data key.
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto'
import { createSecureContext, type SecureContext } from 'node:tls'
import type { Interceptor } from './interceptor'
import { issueCertificate, keyIdentifier, newKeyPair, toPem, type DistinguishedName } from './x509'

export type CampaignCaMaterial = { certPem: string; keyPem: string }

const DAY = 24 * 3600 * 1000

/** A new CA valid from a day before `now` until `notAfter` (the campaign's end, plus margin). */
export function createCampaignCa(label: string, now: Date, notAfter: Date): CampaignCaMaterial {
  const { privateKey, publicKey } = newKeyPair()
  const dn: DistinguishedName = {
    organization: 'Wangan 网安 testing gateway',
    organizationalUnit: '专项行动检测监管 (campaign interception CA)',
    commonName: `Wangan campaign CA ${label}`.slice(0, 64),
  }
  const der = issueCertificate({
    subject: dn,
    issuer: dn,
    subjectKey: publicKey,
    issuerKey: privateKey,
    issuerKeyId: null,
    notBefore: new Date(now.getTime() - DAY),
    notAfter,
    isCa: true,
  })
  return { certPem: toPem(der), keyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() }
}

export class CertificateInterceptor implements Interceptor {
  private readonly caKey: KeyObject
  private readonly caCert: X509Certificate
  private readonly caKeyId: Buffer
  private readonly issuer: DistinguishedName
  private readonly leaf = newKeyPair()
  private readonly leafKeyPem: string
  private readonly contexts = new Map<string, SecureContext>()

  constructor(
    ca: CampaignCaMaterial,
    private readonly now: () => number = Date.now,
    private readonly maxCached = 2_000,
  ) {
    this.caKey = createPrivateKey(ca.keyPem)
    this.caCert = new X509Certificate(ca.certPem)
    this.caKeyId = keyIdentifier(this.caCert.publicKey)
    const cn = /CN=([^\n]+)/.exec(this.caCert.subject)?.[1] ?? 'Wangan campaign CA'
    const o = /O=([^\n]+)/.exec(this.caCert.subject)?.[1]
    const ou = /OU=([^\n]+)/.exec(this.caCert.subject)?.[1]
    this.issuer = {
      commonName: cn,
      ...(o ? { organization: o } : {}),
      ...(ou ? { organizationalUnit: ou } : {}),
    }
    this.leafKeyPem = this.leaf.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
  }

  get certificatePem(): string {
    return this.caCert.toString()
  }

  secureContext(servername: string): SecureContext {
    const key = servername.toLowerCase()
    const cached = this.contexts.get(key)
    if (cached) return cached
    const context = createSecureContext({ key: this.leafKeyPem, cert: this.leafCertificatePem(key) })
    if (this.contexts.size >= this.maxCached) {
      const oldest = this.contexts.keys().next()
      if (!oldest.done) this.contexts.delete(oldest.value)
    }
    this.contexts.set(key, context)
    return context
  }

  /** A certificate for one server name (or address), issued by the campaign CA. */
  leafCertificatePem(servername: string): string {
    const now = this.now()
    const caEnd = new Date(this.caCert.validTo).getTime()
    const der = issueCertificate({
      subject: { commonName: servername.slice(0, 64) },
      issuer: this.issuer,
      subjectKey: this.leaf.publicKey,
      issuerKey: this.caKey,
      issuerKeyId: this.caKeyId,
      notBefore: new Date(now - DAY),
      notAfter: new Date(Math.min(caEnd, now + 365 * DAY)),
      isCa: false,
      altNames: [servername],
    })
    return `${toPem(der)}${this.caCert.toString()}`
  }
}
