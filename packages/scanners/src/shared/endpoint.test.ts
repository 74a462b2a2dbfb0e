import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { endpointFromUri, makeEndpoint } from './endpoint'

describe('endpointFromUri (DefectDojo Endpoint.from_uri semantics)', () => {
  it.each([
    ['https://nuclei-example.com', { protocol: 'https', host: 'nuclei-example.com', port: 443, path: null }],
    ['//nuclei-example.com:22', { protocol: null, host: 'nuclei-example.com', port: 22, path: null }],
    [
      'https://nuclei-example.com/phpmyadmin/setup/index.php?x=1#y',
      { protocol: 'https', host: 'nuclei-example.com', port: 443, path: 'phpmyadmin/setup/index.php' },
    ],
    [
      'https://x.example/phpmyadmin/',
      { protocol: 'https', host: 'x.example', port: 443, path: 'phpmyadmin/' },
    ],
    ['http://127.0.0.1:8080/WebGoat', { protocol: 'http', host: '127.0.0.1', port: 8080, path: 'WebGoat' }],
    [
      'HTTPS://WWW.Example.gov.cn:443/x',
      { protocol: 'https', host: 'www.example.gov.cn', port: 443, path: 'x' },
    ],
    ['//www.itsecgames.com', { protocol: null, host: 'www.itsecgames.com', port: null, path: null }],
    ['http://[2001:db8::1]:8443/a%20b', { protocol: 'http', host: '2001:db8::1', port: 8443, path: 'a b' }],
    ['unknown://host', { protocol: 'unknown', host: 'host', port: null, path: null }],
  ])('%s', (uri, expected) => {
    expect(endpointFromUri(uri)).toEqual(expected)
  })

  it('gives null without a host', () => {
    expect(endpointFromUri('')).toBeNull()
    expect(endpointFromUri('//')).toBeNull()
    expect(endpointFromUri('no-authority-here')).toBeNull()
  })

  it('never throws and keeps its invariants on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const endpoint = endpointFromUri(text)
        if (endpoint === null) return
        expect(endpoint.host).toBe(endpoint.host.toLowerCase())
        expect(endpoint.host.length).toBeGreaterThan(0)
        expect(endpoint.path === null || !endpoint.path.startsWith('/')).toBe(true)
        expect(endpoint.port === null || (endpoint.port >= 1 && endpoint.port <= 65535)).toBe(true)
      }),
    )
  })
})

describe('makeEndpoint', () => {
  it('drops endpoints without a host and lower-cases the rest', () => {
    expect(makeEndpoint({ host: '  ' })).toBeNull()
    expect(makeEndpoint({ host: 'Blah1', protocol: 'TCP', path: '/' })).toEqual({
      protocol: 'tcp',
      host: 'blah1',
      port: null,
      path: null,
    })
  })
})
