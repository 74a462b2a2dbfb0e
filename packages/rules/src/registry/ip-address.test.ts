import fc from 'fast-check'
import ipaddr from 'ipaddr.js'
import { describe, expect, it } from 'vitest'
import { formatIpv6, parseCidr, parseIpAddress, parseIpv4 } from './ip-address'
import { normaliseIpAddress, normaliseNetwork } from './ip-normalise'

function text(raw: string): string {
  const parsed = parseIpAddress(raw)
  if (!parsed.ok) throw new Error(`${raw}: ${parsed.reason.en}`)
  return parsed.text
}

function refusal(raw: string): string {
  const parsed = parseIpAddress(raw)
  if (parsed.ok) throw new Error(`${raw} should be refused`)
  return parsed.reason.en
}

describe('IPv4', () => {
  it('parses dotted quads', () => {
    expect(text('0.0.0.0')).toBe('0.0.0.0')
    expect(text('255.255.255.255')).toBe('255.255.255.255')
    const v = parseIpv4('61.160.1.10')
    expect(v.ok && v.value).toBe(61 * 2 ** 24 + 160 * 2 ** 16 + 1 * 256 + 10)
  })

  it('refuses shorthand, octal-looking, out-of-range and malformed forms, naming the fault', () => {
    expect(refusal('127.1')).toContain('four numbers')
    expect(refusal('010.1.1.1')).toContain('leading zeros')
    expect(refusal('1.2.3.256')).toContain('256 is above 255')
    expect(refusal('1.2.3.4.5')).toContain('four numbers')
    expect(refusal('1.2..4')).toContain('0–255')
    expect(refusal('1.2.3.')).toContain('0–255')
    expect(refusal('0x7f.0.0.1')).toContain('four numbers')
  })
})

describe('IPv6', () => {
  it('formats per RFC 5952 (section 4 examples)', () => {
    expect(text('2001:0db8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1') // 4.1 leading zeros, 4.2.1 longest run
    expect(text('2001:db8:0:0:0:0:2:1')).toBe('2001:db8::2:1')
    expect(text('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1') // 4.2.2 a single zero group is not shortened
    expect(text('2001:0:0:1:0:0:0:1')).toBe('2001:0:0:1::1') // 4.2.3 the longest run
    expect(text('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1') // 4.2.3 the first of equal runs
    expect(text('2001:DB8::ABCD')).toBe('2001:db8::abcd') // 4.3 lower case
    expect(text('::')).toBe('::')
    expect(text('::1')).toBe('::1')
    expect(text('1::')).toBe('1::')
    expect(text('1:2:3:4:5:6:7::')).toBe('1:2:3:4:5:6:7:0')
  })

  it('folds IPv4-mapped addresses to IPv4 and keeps other embedded IPv4 as IPv6', () => {
    const mapped = parseIpAddress('::ffff:192.0.2.128')
    expect(mapped.ok && [mapped.text, mapped.mapped, mapped.ip.version]).toEqual(['192.0.2.128', true, 4])
    expect(text('::FFFF:c000:0280')).toBe('192.0.2.128')
    expect(text('64:ff9b::192.0.2.33')).toBe('64:ff9b::c000:221')
  })

  it('refuses zone indices, double ::, bad groups and wrong group counts', () => {
    expect(refusal('fe80::1%eth0')).toContain('zone')
    expect(refusal('1::2::3')).toContain("'::' may appear only once")
    expect(refusal('2001:db8::12345')).toContain("'12345'")
    expect(refusal('1:2:3:4:5:6:7')).toContain('8 groups')
    expect(refusal('1:2:3:4:5:6:7:8:9')).toContain('8 groups')
    expect(refusal('1:2:3:4::5:6:7:8')).toContain('too many')
    expect(refusal('::ffff:1.2.3.256')).toContain('embedded IPv4')
  })

  it('agrees with ipaddr.js on RFC 5952 text for random addresses', () => {
    // Zero-heavy groups so that runs of zeros (the tricky part of RFC 5952) are common.
    const group = fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff }))
    fc.assert(
      fc.property(fc.array(group, { minLength: 8, maxLength: 8 }), (groups) => {
        const full = groups.map((g) => g.toString(16)).join(':')
        const ours = parseIpAddress(full)
        const theirs = ipaddr.IPv6.parse(full)
        if (theirs.isIPv4MappedAddress()) return ours.ok && ours.ip.version === 4
        return ours.ok && ours.text === theirs.toRFC5952String() && formatIpv6(groups) === ours.text
      }),
      { numRuns: 2000 },
    )
  })
})

describe('networks', () => {
  it('clears host bits and reports it', () => {
    const r = parseCidr('10.1.2.3/8')
    expect(r.ok && [r.text, r.prefix, r.hostBitsCleared]).toEqual(['10.0.0.0/8', 8, true])
    const clean = parseCidr('192.168.10.0/24')
    expect(clean.ok && [clean.text, clean.hostBitsCleared]).toEqual(['192.168.10.0/24', false])
    const v6 = parseCidr('2001:DB8:1:2::1/48')
    expect(v6.ok && [v6.text, v6.hostBitsCleared]).toEqual(['2001:db8:1::/48', true])
  })

  it('writes /32 and /128 as the bare address and converts mapped networks', () => {
    expect(normaliseNetwork('1.2.3.4/32')).toMatchObject({ ok: true, normalised: '1.2.3.4', prefix: 32 })
    expect(normaliseNetwork('2001:db8::1/128')).toMatchObject({
      ok: true,
      normalised: '2001:db8::1',
      prefix: 128,
    })
    expect(normaliseNetwork('::ffff:10.0.0.0/104')).toMatchObject({
      ok: true,
      normalised: '10.0.0.0/8',
      version: 4,
    })
    expect(normaliseNetwork('::ffff:10.0.0.0/64')).toMatchObject({ ok: false })
  })

  it('refuses bad prefixes', () => {
    expect(normaliseNetwork('10.0.0.0/33')).toMatchObject({ ok: false, reason: { code: 'cidr_prefix' } })
    expect(normaliseNetwork('10.0.0.0/')).toMatchObject({ ok: false, reason: { code: 'cidr_prefix' } })
    expect(normaliseNetwork('2001:db8::/129')).toMatchObject({ ok: false, reason: { code: 'cidr_prefix' } })
    expect(normaliseNetwork('10.0.0.0/8 ')).toMatchObject({ ok: true, normalised: '10.0.0.0/8' })
  })

  it('normaliseIpAddress accepts brackets and reports the version', () => {
    expect(normaliseIpAddress('[2001:db8::1]')).toEqual({ ok: true, normalised: '2001:db8::1', version: 6 })
    expect(normaliseIpAddress(' 61.160.1.10 ')).toEqual({ ok: true, normalised: '61.160.1.10', version: 4 })
  })
})
