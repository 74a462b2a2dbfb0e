import { X509Certificate } from 'node:crypto'
import { createServer, connect } from 'node:tls'
import type { AddressInfo } from 'node:net'
import { describe, expect, test } from 'vitest'
import { createCampaignCa, CertificateInterceptor } from './campaign-ca'

describe('the campaign CA', () => {
  const ca = createCampaignCa('网安2022 常州', new Date(), new Date(Date.now() + 40 * 86_400_000))
  const interceptor = new CertificateInterceptor(ca)

  test('is a CA certificate; leaf certificates it issues verify against it, for names and addresses', () => {
    const root = new X509Certificate(ca.certPem)
    expect(root.ca).toBe(true)
    expect(root.subject).toContain('CN=Wangan campaign CA 网安2022 常州')
    for (const name of ['www.jyj.changzhou.gov.cn', '203.0.113.7', '2001:db8::1']) {
      const leaf = new X509Certificate(interceptor.leafCertificatePem(name))
      expect(leaf.ca).toBe(false)
      expect(leaf.checkIssued(root)).toBe(true)
      expect(leaf.verify(root.publicKey)).toBe(true)
      expect(leaf.checkHost(name) ?? leaf.checkIP(name)).toBe(name)
      expect(new Date(leaf.validTo).getTime()).toBeLessThanOrEqual(new Date(root.validTo).getTime())
    }
  })

  test('a TLS client trusting only the CA accepts the intercepting server for the name it asked for', async () => {
    const server = createServer(
      { SNICallback: (name, cb) => cb(null, interceptor.secureContext(name)) },
      (socket) => socket.end('hello'),
    )
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as AddressInfo).port
    const text = await new Promise<string>((resolve, reject) => {
      const socket = connect(
        { host: '127.0.0.1', port, servername: 'www.jyj.changzhou.gov.cn', ca: ca.certPem },
        () => {
          socket.on('data', (d: Buffer) => resolve(d.toString()))
        },
      )
      socket.on('error', reject)
    })
    expect(text).toBe('hello')
    const wrong = await new Promise<string>((resolve) => {
      const socket = connect({
        host: '127.0.0.1',
        port,
        servername: 'www.other.gov.cn',
        ca: createCampaignCa('x', new Date(), new Date(Date.now() + 86_400_000)).certPem,
      })
      socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message))
    })
    expect(wrong).toMatch(/UNABLE_TO_VERIFY|SELF_SIGNED|CERT/)
    server.close()
  })
})
