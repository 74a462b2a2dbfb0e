import { describe, expect, it } from 'vitest'
import { parseTarget } from './target'

function target(raw: string) {
  const r = parseTarget(raw)
  if (!r.ok) throw new Error(`${raw}: ${r.reason.en}`)
  return r.target
}

describe('parseTarget', () => {
  it('reads a URL: host lower-cased, default port filled in, query and fragment dropped', () => {
    expect(target('https://WWW.Example.gov.cn:443/x?id=1#top')).toEqual({
      host: 'www.example.gov.cn',
      hostKind: 'domain',
      scheme: 'https',
      port: 443,
      explicitPort: true,
      path: '/x',
    })
    expect(target('HTTP://example.gov.cn')).toMatchObject({
      scheme: 'http',
      port: 80,
      explicitPort: false,
      path: '',
    })
  })

  it('reads hosts and IPs with or without ports', () => {
    expect(target('example.gov.cn')).toMatchObject({ host: 'example.gov.cn', port: null, scheme: null })
    expect(target('example.gov.cn:8080')).toMatchObject({
      host: 'example.gov.cn',
      port: 8080,
      explicitPort: true,
    })
    expect(target('61.160.1.10')).toMatchObject({ host: '61.160.1.10', hostKind: 'ipv4', port: null })
    expect(target('61.160.1.10:3389')).toMatchObject({ host: '61.160.1.10', port: 3389 })
    expect(target('[2001:DB8::1]:8443')).toMatchObject({ host: '2001:db8::1', hostKind: 'ipv6', port: 8443 })
    expect(target('2001:db8::1')).toMatchObject({ host: '2001:db8::1', hostKind: 'ipv6', port: null })
    expect(target('[::ffff:61.160.1.10]')).toMatchObject({ host: '61.160.1.10', hostKind: 'ipv4' })
    expect(target('www.example.gov.cn/login.jsp')).toMatchObject({
      host: 'www.example.gov.cn',
      path: '/login.jsp',
    })
  })

  it('drops credentials and knows default ports of other schemes', () => {
    expect(target('ssh://root:toor@61.160.1.10')).toMatchObject({
      host: '61.160.1.10',
      scheme: 'ssh',
      port: 22,
    })
    expect(target('mysql://db.example.gov.cn')).toMatchObject({ port: 3306 })
    expect(target('gopher://example.gov.cn')).toMatchObject({ port: null })
  })

  it('returns a reason for what is not one target', () => {
    const code = (raw: string) => {
      const r = parseTarget(raw)
      return r.ok ? 'ok' : r.reason.code
    }
    expect(code('10.0.0.0/8')).toBe('cidr_not_target')
    expect(code('*.example.gov.cn')).toBe('wildcard')
    expect(code('example.gov.cn:65536')).toBe('port')
    expect(code('example.gov.cn:http')).toBe('port')
    expect(code('[2001:db8::1')).toBe('ipv6')
    expect(code('[2001:db8::1]x')).toBe('port')
    expect(code('https://')).toBe('host')
    expect(code('exa mple.cn')).toBe('whitespace')
    expect(code('')).toBe('empty')
    expect(code('x'.repeat(5000))).toBe('too_long')
  })
})
