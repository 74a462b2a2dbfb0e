import { describe, expect, test } from 'vitest'
import { checkAddress, checkHost, isPublicUnicast, MemoryGatewayScope, type DnsPolicy } from './gateway-scope'

const T0 = Date.parse('2022-05-16T00:00:00+08:00')
const HOUR = 3_600_000

function scopeWith(dnsPolicy: DnsPolicy = 'strict') {
  return new MemoryGatewayScope().setCampaign({
    campaignId: 'c',
    window: { start: T0, end: T0 + 120 * HOUR },
    dnsPolicy,
    assets: [
      { id: 'web', organisationId: 'o1', type: 'website', identifier: 'https://www.jyj.example.gov.cn' },
      { id: 'wild', organisationId: 'o1', type: 'domain', identifier: '*.apps.example.gov.cn' },
      { id: 'net', organisationId: 'o1', type: 'ip', identifier: '10.20.0.0/16' },
      { id: 'host', organisationId: 'o2', type: 'ip', identifier: '203.0.113.7', ports: [443, 8443] },
      { id: 'v6', organisationId: 'o2', type: 'ip', identifier: '2001:db8:1::/48' },
      { id: 'parent', organisationId: 'o2', type: 'domain', identifier: 'tnq.example.gov.cn' },
    ],
  })
}

describe('scope and time', () => {
  const scope = scopeWith()
  const inside = T0 + HOUR

  test('the window is [start, end): before and at the end everything is refused', () => {
    expect(checkHost(scope, 'www.jyj.example.gov.cn', 443, T0 - 1)).toMatchObject({
      allowed: false,
      reason: 'outside_window',
    })
    expect(checkHost(scope, 'www.jyj.example.gov.cn', 443, T0)).toMatchObject({ allowed: true })
    expect(checkHost(scope, 'www.jyj.example.gov.cn', 443, T0 + 120 * HOUR)).toMatchObject({
      reason: 'outside_window',
    })
    const closed = new MemoryGatewayScope().setCampaign({ campaignId: 'x', window: null, assets: [] })
    expect(checkHost(closed, null, 80, inside)).toMatchObject({ reason: 'outside_window' })
  })

  test('hosts: exact names and wildcards are in scope; a parent domain does not license its sub-domains', () => {
    expect(checkHost(scope, 'www.jyj.example.gov.cn', 80, inside)).toEqual({
      allowed: true,
      asset: { assetId: 'web', organisationId: 'o1' },
    })
    expect(checkHost(scope, 'a.b.apps.example.gov.cn', 80, inside)).toMatchObject({
      allowed: true,
      asset: { assetId: 'wild' },
    })
    expect(checkHost(scope, 'tnq.example.gov.cn', 80, inside)).toMatchObject({ allowed: true })
    expect(checkHost(scope, 'mail.tnq.example.gov.cn', 80, inside)).toMatchObject({
      reason: 'host_out_of_scope',
    })
    expect(checkHost(scope, 'www.other.gov.cn', 80, inside)).toMatchObject({ reason: 'host_out_of_scope' })
  })

  test('addresses: networks and single addresses, with the asset’s ports; IPv6 too', () => {
    expect(checkAddress(scope, '10.20.3.4', 80, null, null)).toMatchObject({
      allowed: true,
      asset: { assetId: 'net' },
    })
    expect(checkAddress(scope, '203.0.113.7', 8443, null, null)).toMatchObject({ allowed: true })
    expect(checkAddress(scope, '203.0.113.7', 22, null, null)).toMatchObject({
      allowed: false,
      reason: 'port_out_of_scope',
    })
    expect(checkAddress(scope, '2001:db8:1:ff::9', 443, null, null)).toMatchObject({
      allowed: true,
      asset: { assetId: 'v6' },
    })
    expect(checkAddress(scope, '10.21.0.1', 80, null, null)).toMatchObject({ reason: 'host_out_of_scope' })
  })

  test('a name in scope must also resolve into scope (strict): rebinding to anything else is refused', () => {
    const hostAsset = { assetId: 'web', organisationId: 'o1' }
    expect(checkAddress(scope, '10.20.0.5', 443, 'www.jyj.example.gov.cn', hostAsset)).toEqual({
      allowed: true,
      asset: hostAsset,
      ipAsset: { assetId: 'net', organisationId: 'o1' },
    })
    for (const rebound of ['127.0.0.1', '192.168.1.1', '8.8.8.8', '::1'])
      expect(checkAddress(scope, rebound, 443, 'www.jyj.example.gov.cn', hostAsset), rebound).toMatchObject({
        allowed: false,
        reason: 'ip_out_of_scope',
      })
  })

  test('public policy: an in-scope name may resolve to an unregistered public address, never to a private one', () => {
    const open = scopeWith('public')
    const hostAsset = { assetId: 'web', organisationId: 'o1' }
    expect(checkAddress(open, '8.8.8.8', 443, 'www.jyj.example.gov.cn', hostAsset)).toMatchObject({
      allowed: true,
      ipAsset: null,
    })
    for (const internal of [
      '127.0.0.1',
      '10.1.1.1',
      '172.16.0.1',
      '192.168.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
    ])
      expect(checkAddress(open, internal, 443, 'www.jyj.example.gov.cn', hostAsset), internal).toMatchObject({
        allowed: false,
      })
  })

  test('public unicast addresses', () => {
    expect(isPublicUnicast('1.1.1.1')).toBe(true)
    expect(isPublicUnicast('2400:3200::1')).toBe(true)
    expect(isPublicUnicast('0.0.0.0')).toBe(false)
    expect(isPublicUnicast('224.0.0.1')).toBe(false)
    expect(isPublicUnicast('not an ip')).toBe(false)
  })
})
