import { describe, expect, it } from 'vitest'
import { buildAssetMatcher, findAssetConflicts, type RegistryAsset } from './asset-matcher'

const asset = (
  id: string,
  organisationId: string,
  type: RegistryAsset['type'],
  identifier: string,
  ports?: number[],
): RegistryAsset => ({ id, organisationId, type, identifier, ports })

describe('matching host names', () => {
  const matcher = buildAssetMatcher([
    asset('www', 'edu', 'website', 'www.example.gov.cn'),
    asset('apex', 'edu', 'domain', 'example.gov.cn'),
    asset('wild', 'edu', 'domain', '*.example.gov.cn'),
    asset('wild-oa', 'oa-centre', 'domain', '*.oa.example.gov.cn'),
    asset('portal', 'city', 'domain', 'changzhou.gov.cn'),
    asset('idn', 'city', 'website', 'http://常州.政务/'),
  ])

  it('matches the SPEC §3 example exactly', () => {
    expect(matcher.match('https://WWW.Example.gov.cn:443/x')).toEqual({
      assetId: 'www',
      organisationId: 'edu',
      kind: 'exact',
      matched: 'www.example.gov.cn',
    })
  })

  it('prefers an exact host to any wildcard', () => {
    expect(matcher.match('example.gov.cn')?.kind).toBe('exact')
    expect(matcher.match('example.gov.cn')?.assetId).toBe('apex')
  })

  it('matches wildcards at any depth, the most specific winning', () => {
    expect(matcher.match('mail.example.gov.cn')).toMatchObject({ assetId: 'wild', kind: 'wildcard' })
    expect(matcher.match('a.b.mail.example.gov.cn')).toMatchObject({ assetId: 'wild', kind: 'wildcard' })
    expect(matcher.match('x.oa.example.gov.cn')).toMatchObject({
      assetId: 'wild-oa',
      organisationId: 'oa-centre',
      kind: 'wildcard',
      matched: '*.oa.example.gov.cn',
    })
  })

  it('falls back to the nearest registered parent domain, marked as such', () => {
    expect(matcher.match('http://jyj.changzhou.gov.cn/a')).toEqual({
      assetId: 'portal',
      organisationId: 'city',
      kind: 'parent-domain',
      matched: 'changzhou.gov.cn',
    })
    expect(matcher.match('a.b.jyj.changzhou.gov.cn')?.kind).toBe('parent-domain')
  })

  it('never climbs to a public suffix and returns null for strangers', () => {
    expect(matcher.match('wuxi.gov.cn')).toBeNull()
    expect(matcher.match('www.wuxi.gov.cn')).toBeNull()
    expect(matcher.match('example.com')).toBeNull()
  })

  it('matches IDN targets through their punycode, and full-width input', () => {
    expect(matcher.match('http://常州.政务/index.html')?.assetId).toBe('idn')
    expect(matcher.match('xn--6rtsh.xn--zfr164b')?.assetId).toBe('idn')
    expect(matcher.match('ｗｗｗ．ｅｘａｍｐｌｅ．ｇｏｖ．ｃｎ')?.assetId).toBe('www')
  })

  it('returns null for malformed targets instead of throwing', () => {
    expect(matcher.match('http://[::1')).toBeNull()
    expect(matcher.match('')).toBeNull()
    expect(matcher.match('10.0.0.0/8')).toBeNull()
  })
})

describe('matching IP addresses', () => {
  const matcher = buildAssetMatcher([
    asset('egress-16', 'bigdata', 'ip', '61.160.0.0/16'),
    asset('egress-24', 'edu', 'ip', '61.160.1.0/24'),
    asset('egress-28', 'school', 'ip', '61.160.1.16/28'),
    asset('server', 'hospital', 'ip', '61.160.1.20'),
    asset('site-on-ip', 'police', 'website', 'http://61.160.9.9:8080/'),
    asset('v6-net', 'edu', 'ip', '2001:db8:1::/48'),
    asset('v6-sub', 'school', 'ip', '2001:db8:1:2::/64'),
    asset('v6-host', 'hospital', 'ip', '2001:db8:1:2::20'),
  ])

  it('prefers the exact address to any network', () => {
    expect(matcher.match('61.160.1.20')).toEqual({
      assetId: 'server',
      organisationId: 'hospital',
      kind: 'ip',
      matched: '61.160.1.20',
    })
    expect(matcher.match('http://61.160.9.9:8080/login')?.assetId).toBe('site-on-ip')
  })

  it('lets the longest prefix win among nested networks', () => {
    expect(matcher.match('61.160.1.17')).toMatchObject({
      assetId: 'egress-28',
      kind: 'cidr',
      matched: '61.160.1.16/28',
    })
    expect(matcher.match('61.160.1.200:443')).toMatchObject({
      assetId: 'egress-24',
      matched: '61.160.1.0/24',
    })
    expect(matcher.match('https://61.160.200.1/')).toMatchObject({
      assetId: 'egress-16',
      matched: '61.160.0.0/16',
    })
    expect(matcher.match('61.161.0.1')).toBeNull()
  })

  it('does the same for IPv6, and matches IPv4-mapped targets as IPv4', () => {
    expect(matcher.match('[2001:DB8:1:2:0:0:0:20]:443')).toMatchObject({ assetId: 'v6-host', kind: 'ip' })
    expect(matcher.match('2001:db8:1:2::99')).toMatchObject({ assetId: 'v6-sub', kind: 'cidr' })
    expect(matcher.match('2001:db8:1:ff::1')).toMatchObject({ assetId: 'v6-net', kind: 'cidr' })
    expect(matcher.match('2001:db8:2::1')).toBeNull()
    expect(matcher.match('[::ffff:61.160.1.20]')).toMatchObject({ assetId: 'server', kind: 'ip' })
  })

  it('matches scanner endpoints given as parts', () => {
    expect(matcher.matchEndpoint({ host: '61.160.1.17', port: 22, scheme: 'ssh' })?.assetId).toBe('egress-28')
    expect(matcher.matchEndpoint({ host: 'not a host' })).toBeNull()
  })
})

describe('ports and paths', () => {
  const matcher = buildAssetMatcher([
    asset('web', 'edu', 'website', 'www.example.gov.cn', [80, 443]),
    asset('oa', 'oa-centre', 'website', 'http://www.example.gov.cn:8080/', [8080]),
    asset('wild', 'city', 'domain', '*.example.gov.cn'),
    asset('shared-a', 'org-a', 'website', 'https://portal.example.cn/a'),
    asset('shared-b', 'org-b', 'website', 'https://portal.example.cn/b'),
    asset('ssh-only', 'edu', 'ip', '61.160.5.0/24', [22]),
    asset('any-port', 'city', 'ip', '61.160.0.0/16'),
  ])

  it('restricts an asset to its declared ports, falling through to the next rule', () => {
    expect(matcher.match('https://www.example.gov.cn/')?.assetId).toBe('web')
    expect(matcher.match('www.example.gov.cn:8080')?.assetId).toBe('oa')
    expect(matcher.match('www.example.gov.cn:9000')).toMatchObject({ assetId: 'wild', kind: 'wildcard' })
    expect(matcher.match('61.160.5.7:22')?.assetId).toBe('ssh-only')
    expect(matcher.match('http://61.160.5.7/')?.assetId).toBe('any-port')
  })

  it('treats a target without a known port as matching any declared ports', () => {
    expect(matcher.match('61.160.5.7')?.assetId).toBe('ssh-only')
  })

  it('tells sites on one host apart by path', () => {
    expect(matcher.match('https://portal.example.cn/b/login')?.assetId).toBe('shared-b')
    expect(matcher.match('https://portal.example.cn/a')?.assetId).toBe('shared-a')
    // No path decides: the first registered wins, deterministically.
    expect(matcher.match('https://portal.example.cn/')?.assetId).toBe('shared-a')
  })
})

describe('building', () => {
  it('lists refused assets with their reasons and leaves apps out of the index', () => {
    const matcher = buildAssetMatcher([
      asset('bad-ip', 'o1', 'ip', '61.160.1.256'),
      asset('bad-port', 'o1', 'ip', '61.160.1.1', [0]),
      asset('app', 'o1', 'app', 'com.example.app'),
      asset('ok', 'o1', 'domain', 'example.gov.cn'),
    ])
    expect(matcher.indexed).toBe(1)
    expect(matcher.rejected.map((r) => [r.assetId, r.reason.code])).toEqual([
      ['bad-ip', 'ipv4'],
      ['bad-port', 'port'],
    ])
  })
})

describe('conflicts', () => {
  it('reports one identifier claimed by two organisations, and not by one', () => {
    const conflicts = findAssetConflicts([
      asset('a1', 'edu', 'website', 'https://www.example.gov.cn/'),
      asset('b1', 'health', 'domain', 'WWW.EXAMPLE.GOV.CN'),
      asset('a2', 'edu', 'domain', 'www.example.gov.cn'),
      asset('c1', 'edu', 'ip', '61.160.1.0/24'),
      asset('c2', 'edu', 'ip', '61.160.1.7/24'),
    ])
    expect(conflicts).toEqual([
      {
        kind: 'same-identifier',
        identifier: 'www.example.gov.cn',
        claims: [
          { assetId: 'a1', organisationId: 'edu', identifier: 'www.example.gov.cn' },
          { assetId: 'b1', organisationId: 'health', identifier: 'www.example.gov.cn' },
          { assetId: 'a2', organisationId: 'edu', identifier: 'www.example.gov.cn' },
        ],
      },
    ])
  })

  it('does not report claims on disjoint ports or paths', () => {
    expect(
      findAssetConflicts([
        asset('a', 'edu', 'website', 'portal.example.cn/a'),
        asset('b', 'health', 'website', 'portal.example.cn/b'),
        asset('c', 'edu', 'ip', '61.160.1.1', [22]),
        asset('d', 'health', 'ip', '61.160.1.1', [443]),
      ]),
    ).toEqual([])
    expect(
      findAssetConflicts([
        asset('a', 'edu', 'website', 'portal.example.cn/a'),
        asset('b', 'health', 'website', 'portal.example.cn/a/sub'),
      ]),
    ).toHaveLength(1)
  })

  it('reports addresses and networks inside another organisation’s network', () => {
    const conflicts = findAssetConflicts([
      asset('cloud', 'bigdata', 'ip', '61.160.0.0/16'),
      asset('edu-net', 'edu', 'ip', '61.160.1.0/24'),
      asset('edu-host', 'edu', 'ip', '61.160.1.9'),
      asset('own', 'bigdata', 'ip', '61.160.2.1'),
      asset('same-wild-1', 'edu', 'domain', '*.example.gov.cn'),
      asset('same-wild-2', 'city', 'domain', '*.example.gov.cn'),
    ])
    const claim = (assetId: string, organisationId: string, identifier: string) => ({
      assetId,
      organisationId,
      identifier,
    })
    expect(conflicts).toEqual([
      {
        kind: 'same-identifier',
        identifier: '*.example.gov.cn',
        claims: [
          claim('same-wild-1', 'edu', '*.example.gov.cn'),
          claim('same-wild-2', 'city', '*.example.gov.cn'),
        ],
      },
      {
        kind: 'cidr-overlap',
        inner: claim('edu-net', 'edu', '61.160.1.0/24'),
        outer: claim('cloud', 'bigdata', '61.160.0.0/16'),
      },
      {
        kind: 'cidr-overlap',
        inner: claim('edu-host', 'edu', '61.160.1.9'),
        outer: claim('cloud', 'bigdata', '61.160.0.0/16'),
      },
    ])
  })
})
