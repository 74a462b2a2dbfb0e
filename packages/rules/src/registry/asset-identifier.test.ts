import { describe, expect, it } from 'vitest'
import { normaliseAssetIdentifier, type AssetType } from './asset-identifier'

function ok(type: AssetType, raw: string) {
  const r = normaliseAssetIdentifier(type, raw)
  if (!r.ok) throw new Error(`${type} ${raw}: ${r.reason.en}`)
  return r.identifier
}

function refused(type: AssetType, raw: string): string {
  const r = normaliseAssetIdentifier(type, raw)
  if (r.ok) throw new Error(`${type} ${raw} should be refused, got ${r.normalised}`)
  return r.reason.code
}

describe('website', () => {
  it('keeps the host as identity and the path apart (the SPEC §3 example)', () => {
    const id = ok('website', 'https://WWW.Example.gov.cn:443/x')
    expect(id).toMatchObject({ canonical: 'www.example.gov.cn', scheme: 'https', port: null, path: '/x' })
    expect(id.network).toEqual({ kind: 'host', hostKind: 'domain', host: 'www.example.gov.cn' })
  })

  it('drops default ports, keeps others, and drops file names, queries and fragments from the path', () => {
    expect(ok('website', 'http://oa.example.gov.cn:8080/oa/index.jsp?x=1#y')).toMatchObject({
      canonical: 'oa.example.gov.cn:8080',
      port: 8080,
      path: '/oa',
    })
    expect(ok('website', 'http://example.gov.cn:443/')).toMatchObject({
      canonical: 'example.gov.cn',
      path: null,
    })
    expect(ok('website', 'example.gov.cn:443')).toMatchObject({ canonical: 'example.gov.cn', scheme: null })
    expect(ok('website', 'example.gov.cn/login.jsp')).toMatchObject({
      canonical: 'example.gov.cn',
      path: null,
    })
  })

  it('handles IDN, IPv6 and IPv4-mapped hosts and drops credentials with a note', () => {
    expect(ok('website', 'http://例子.中国/').canonical).toBe('xn--fsqu00a.xn--fiqs8s')
    expect(ok('website', 'https://[2001:DB8::1]:8443/').canonical).toBe('[2001:db8::1]:8443')
    const mapped = ok('website', 'http://admin:123456@[::ffff:61.160.1.10]/')
    expect(mapped.canonical).toBe('61.160.1.10')
    expect(mapped.notes.map((n) => n.code)).toEqual(['userinfo', 'mapped_ipv4'])
  })

  it('refuses other schemes, wildcards and networks with a reason', () => {
    expect(refused('website', 'ftp://example.gov.cn')).toBe('scheme')
    expect(refused('website', '*.example.gov.cn')).toBe('wrong_asset_type')
    expect(refused('website', '61.160.1.0/24')).toBe('wrong_asset_type')
    expect(refused('website', 'http://exa mple.gov.cn')).toBe('whitespace')
  })
})

describe('domain', () => {
  it('normalises names and wildcards', () => {
    expect(ok('domain', 'Example.GOV.cn.').canonical).toBe('example.gov.cn')
    const wildcard = ok('domain', '*.Example.gov.cn')
    expect(wildcard.canonical).toBe('*.example.gov.cn')
    expect(wildcard.network).toEqual({ kind: 'wildcard', base: 'example.gov.cn' })
  })

  it('reduces a pasted URL to its host, with a note', () => {
    const id = ok('domain', 'https://www.example.gov.cn/index.html')
    expect(id.canonical).toBe('www.example.gov.cn')
    expect(id.notes.map((n) => n.code)).toEqual(['reduced_to_host'])
  })

  it('refuses public suffixes, misplaced wildcards and IPs', () => {
    expect(refused('domain', 'gov.cn')).toBe('public_suffix')
    expect(refused('domain', '*.gov.cn')).toBe('public_suffix')
    expect(refused('domain', '*.cn')).toBe('domain_tld')
    expect(refused('domain', 'www.*.example.gov.cn')).toBe('wildcard')
    expect(refused('domain', '**.example.gov.cn')).toBe('wildcard')
    expect(refused('domain', '61.160.1.10')).toBe('wrong_asset_type')
  })
})

describe('ip', () => {
  it('canonicalises addresses and networks (host bits cleared with a note)', () => {
    expect(ok('ip', '61.160.1.10').network).toEqual({ kind: 'host', hostKind: 'ipv4', host: '61.160.1.10' })
    const fixed = ok('ip', '10.1.2.3/8')
    expect(fixed.canonical).toBe('10.0.0.0/8')
    expect(fixed.network).toEqual({ kind: 'cidr', version: 4, network: '10.0.0.0', prefix: 8 })
    expect(fixed.notes.map((n) => n.code)).toEqual(['cidr_host_bits'])
    expect(ok('ip', '2001:0DB8:0:0::/32').canonical).toBe('2001:db8::/32')
    expect(ok('ip', '::ffff:61.160.1.10').canonical).toBe('61.160.1.10')
    expect(ok('ip', '61.160.1.10/32').canonical).toBe('61.160.1.10')
  })

  it('moves a written port out of the identity', () => {
    const id = ok('ip', '61.160.1.10:8080')
    expect([id.canonical, id.port, id.notes[0]?.code]).toEqual(['61.160.1.10', 8080, 'reduced_to_host'])
    expect(ok('ip', '[2001:db8::1]:443').canonical).toBe('2001:db8::1')
  })

  it('refuses names, malformed addresses and networks too large for one organisation', () => {
    expect(refused('ip', 'www.example.gov.cn')).toBe('wrong_asset_type')
    expect(refused('ip', '61.160.1.256')).toBe('ipv4')
    expect(refused('ip', '0.0.0.0/0')).toBe('cidr_prefix')
    expect(refused('ip', '10.0.0.0/7')).toBe('cidr_prefix')
    expect(refused('ip', '2000::/3')).toBe('cidr_prefix')
    expect(refused('ip', '*.example.gov.cn')).toBe('wrong_asset_type')
  })
})

describe('cloud and other', () => {
  it('take a network identity when the text is one', () => {
    expect(ok('cloud', 'bucket.oss-cn-hangzhou.aliyuncs.com').network).toMatchObject({ kind: 'host' })
    expect(ok('cloud', '47.96.1.0/28').network).toMatchObject({ kind: 'cidr', prefix: 28 })
    expect(ok('cloud', '*.cdn.example.gov.cn').network).toMatchObject({ kind: 'wildcard' })
    expect(ok('other', 'https://vpn.example.gov.cn').canonical).toBe('vpn.example.gov.cn')
  })

  it('keep opaque resource ids as written, without a network identity', () => {
    expect(ok('cloud', 'i-bp67acfmxazb4p')).toMatchObject({ canonical: 'i-bp67acfmxazb4p', network: null })
    expect(ok('cloud', 'acs:ecs:cn-hangzhou:123456:instance/i-bp67')).toMatchObject({ network: null })
    expect(ok('other', '  机房  专线 ')).toMatchObject({ canonical: '机房 专线', network: null })
  })

  it('refuse text that was meant as an address but is broken', () => {
    expect(refused('cloud', '47.96.1.256')).toBe('ipv4')
    expect(refused('other', 'https://exa..mple.cn')).toBe('domain_label')
  })
})

describe('app', () => {
  it('recognises package ids, mini-program AppIDs and "name (package)"', () => {
    expect(ok('app', 'com.Example.App')).toMatchObject({
      canonical: 'com.example.app',
      packageId: 'com.example.app',
    })
    expect(ok('app', 'wx1234567890ABCDEF')).toMatchObject({ packageId: 'wx1234567890abcdef' })
    expect(ok('app', '常州发布（com.cz.news）')).toMatchObject({
      canonical: '常州发布 (com.cz.news)',
      packageId: 'com.cz.news',
      network: null,
    })
    expect(ok('app', '我的常州')).toMatchObject({ canonical: '我的常州', packageId: null })
  })

  it('refuses control characters and over-long names', () => {
    expect(refused('app', 'app\u0000name')).toBe('illegal_character')
    expect(refused('app', '应'.repeat(257))).toBe('too_long')
  })
})

describe('any type', () => {
  it('returns a reason for unknown types, empty and non-text input', () => {
    expect(refused('server' as AssetType, 'x')).toBe('unknown_asset_type')
    expect(refused('website', ' ')).toBe('empty')
    expect(refused('domain', null as unknown as string)).toBe('not_text')
  })
})
