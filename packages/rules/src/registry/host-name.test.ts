import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isPublicSuffix, normaliseDomainName, parseHost, VALID_DOMAIN } from './host-name'

function name(raw: string): string {
  const r = normaliseDomainName(raw)
  if (!r.ok) throw new Error(`${raw}: ${r.reason.en}`)
  return r.name
}

function refusal(raw: string): { code: string; en: string } {
  const r = normaliseDomainName(raw)
  if (r.ok) throw new Error(`${raw} should be refused`)
  return r.reason
}

describe('normaliseDomainName', () => {
  it('lower-cases, drops the trailing dot and converts IDN to punycode', () => {
    expect(name('WWW.Example.GOV.CN.')).toBe('www.example.gov.cn')
    expect(name('例子.中国')).toBe('xn--fsqu00a.xn--fiqs8s')
    expect(name('常州.政务')).toBe('xn--6rtsh.xn--zfr164b')
    expect(name('ｗｗｗ．ｃｚ．ｇｏｖ。ｃｎ')).toBe('www.cz.gov.cn')
    expect(name('_dmarc.example.gov.cn')).toBe('_dmarc.example.gov.cn')
  })

  it('refuses what cannot be an internet host name, naming the fault', () => {
    expect(refusal('localhost').code).toBe('domain_tld')
    expect(refusal('a..b.cn').en).toContain('empty label')
    expect(refusal('-a.example.cn').en).toContain("label '-a'")
    expect(refusal(`${'a'.repeat(64)}.cn`).en).toContain('over 63')
    expect(refusal(`${'abcdefghi.'.repeat(26)}cn`).en).toContain('253')
    expect(refusal('example.c0m').code).toBe('domain_tld')
    expect(refusal('exa mple.cn').code).toBe('host')
    expect(refusal('a/b.cn').code).toBe('host')
    expect(refusal('例子%41.cn').code).toBe('host')
  })
})

describe('parseHost', () => {
  it('tells names, IPv4 and IPv6 apart', () => {
    expect(parseHost('Example.gov.cn')).toMatchObject({ ok: true, kind: 'domain', text: 'example.gov.cn' })
    expect(parseHost('1.2.3.4')).toMatchObject({ ok: true, kind: 'ipv4', text: '1.2.3.4' })
    expect(parseHost('[2001:DB8::1]')).toMatchObject({ ok: true, kind: 'ipv6', text: '2001:db8::1' })
    expect(parseHost('[::ffff:1.2.3.4]')).toMatchObject({
      ok: true,
      kind: 'ipv4',
      text: '1.2.3.4',
      mapped: true,
    })
    expect(parseHost('123.example.cn')).toMatchObject({ ok: true, kind: 'domain' })
  })

  it('reads a numeric last label as an IPv4 attempt', () => {
    expect(parseHost('1.2.3.999')).toMatchObject({ ok: false, reason: { code: 'ipv4' } })
    expect(parseHost('10.1')).toMatchObject({ ok: false, reason: { code: 'ipv4' } })
  })
})

describe('isPublicSuffix', () => {
  it('knows TLDs and the .cn second-level zones', () => {
    expect(isPublicSuffix('cn')).toBe(true)
    expect(isPublicSuffix('gov.cn')).toBe(true)
    expect(isPublicSuffix('js.cn')).toBe(true)
    expect(isPublicSuffix('changzhou.gov.cn')).toBe(false)
    expect(isPublicSuffix('example.com')).toBe(false)
  })
})

describe('the one-regex domain check', () => {
  // Spelled out label by label, the rule the regex must agree with.
  const byHand = (name: string) => {
    const labels = name.split('.')
    const label = (l: string) =>
      l.length >= 1 &&
      l.length <= 63 &&
      [...l].every((c) => /[a-z0-9_-]/.test(c)) &&
      !l.startsWith('-') &&
      !l.endsWith('-')
    const tld = labels[labels.length - 1] ?? ''
    return (
      name.length <= 253 &&
      labels.length >= 2 &&
      labels.every(label) &&
      (/^[a-z]{2,63}$/.test(tld) || /^xn--[a-z0-9-]+$/.test(tld))
    )
  }

  it('accepts exactly the names the label-by-label rule accepts', () => {
    const text = fc.string({ unit: fc.constantFrom(...'ab0_-.x'.split(''), 'xn--'), maxLength: 20 })
    fc.assert(
      fc.property(text, (name) => VALID_DOMAIN.test(name) === byHand(name)),
      { numRuns: 20000 },
    )
    expect(VALID_DOMAIN.test(`${'a'.repeat(63)}.cn`)).toBe(true)
    expect(VALID_DOMAIN.test(`${'a'.repeat(64)}.cn`)).toBe(false)
  })
})
