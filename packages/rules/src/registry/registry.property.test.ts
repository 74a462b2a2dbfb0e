import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ASSET_TYPES, normaliseAssetIdentifier } from './asset-identifier'
import { buildAssetMatcher, type RegistryAsset } from './asset-matcher'
import {
  validateEmail,
  validateFixedLine,
  validateMobile,
  validateOrganisationName,
  validatePersonName,
} from './contact'
import { CREDIT_CODE_CHARSET, makeCreditCode, validateCreditCode } from './credit-code'
import { isPublicSuffix, normaliseDomainName } from './host-name'
import { bigintToGroups, formatIpv4, formatIpv6, ipv4Mask, ipv6Mask } from './ip-address'
import { normaliseIpAddress, normaliseNetwork } from './ip-normalise'
import { parseTarget } from './target'

const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?$/)
const tld = fc.constantFrom('cn', 'com', 'gov.cn', 'org.cn', 'net', 'xn--fiqs8s')
const domain = fc
  .tuple(fc.array(label, { minLength: 1, maxLength: 4 }), tld)
  .map(([labels, t]) => [...labels, t].join('.'))
  .filter((d) => d.length <= 253)

/** Ways people and scanners write one host: case, trailing dot, scheme, default port, path. */
const spelling = (host: string) =>
  fc
    .tuple(
      fc.boolean(),
      fc.boolean(),
      fc.constantFrom('', 'http://', 'https://', 'HTTPS://'),
      fc.constantFrom('', '/', '/a/b?q=1#f'),
    )
    .map(([upper, dot, scheme, path]) => {
      const h = `${upper ? host.toUpperCase() : host}${dot ? '.' : ''}`
      const port = scheme === 'http://' ? ':80' : scheme.toLowerCase() === 'https://' ? ':443' : ''
      return `${scheme}${h}${port}${scheme ? path : ''}`
    })

const uint32 = fc.integer({ min: 0, max: 0xffffffff })
const uint128 = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n })

// Text that reaches the deeper branches: URL punctuation, digits, hex, dots, full-width forms and CJK.
const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom(...'aZ09.:/[]@%*-_?#\\ 　。．ｗ中国xn--ffff'.split('')),
    maxLength: 40,
  }),
)

describe('normalisation is idempotent', () => {
  it('for every asset type, on generated identifiers and on arbitrary text', () => {
    const generated = fc.oneof(
      domain.chain(spelling),
      domain.map((d) => `*.${d}`),
      fc.tuple(uint32, fc.integer({ min: 8, max: 32 })).map(([v, p]) => `${formatIpv4(v)}/${p}`),
      fc
        .tuple(uint128, fc.integer({ min: 16, max: 128 }))
        .map(([v, p]) => `${formatIpv6(bigintToGroups(v))}/${p}`),
      uint32.map((v) => `[::ffff:${formatIpv4(v)}]:8080`),
      nasty,
    )
    fc.assert(
      fc.property(fc.constantFrom(...ASSET_TYPES), generated, (type, raw) => {
        const once = normaliseAssetIdentifier(type, raw)
        if (!once.ok) return true
        const twice = normaliseAssetIdentifier(type, once.normalised)
        return twice.ok && twice.normalised === once.normalised
      }),
      { numRuns: 5000 },
    )
  })

  it('for domain names, addresses, networks and contacts', () => {
    const again = (f: (s: string) => { ok: boolean }, raw: string) => {
      const once = f(raw) as { ok: boolean; normalised?: string; name?: string }
      if (!once.ok) return true
      const value = once.normalised ?? once.name ?? ''
      const twice = f(value) as { ok: boolean; normalised?: string; name?: string }
      return twice.ok && (twice.normalised ?? twice.name) === value
    }
    fc.assert(
      fc.property(nasty, domain, uint32, (text, d, v) => {
        return (
          again(normaliseDomainName, d.toUpperCase()) &&
          again(normaliseIpAddress, `::ffff:${formatIpv4(v)}`) &&
          again(normaliseNetwork, `${formatIpv4(v)}/${v % 33}`) &&
          again(validateMobile, text) &&
          again(validateEmail, text) &&
          again(validateFixedLine, text) &&
          again(validatePersonName, text) &&
          again(validateCreditCode, text)
        )
      }),
      { numRuns: 3000 },
    )
  })
})

describe('CIDR containment', () => {
  // Nested networks come from a few shared bases masked at different prefixes, plus random ones.
  const v4Networks = fc
    .tuple(fc.array(uint32, { minLength: 1, maxLength: 3 }), fc.integer({ min: 0, max: 2 ** 31 }))
    .chain(([bases, salt]) =>
      fc
        .array(
          fc.tuple(
            fc.integer({ min: 0, max: bases.length - 1 }),
            fc.integer({ min: 8, max: 32 }),
            fc.boolean(),
            uint32,
          ),
          { minLength: 1, maxLength: 25 },
        )
        .map((specs) =>
          specs.map(([b, prefix, random, other]) => ({
            value: ((random ? other ^ salt : (bases[b] ?? 0)) & ipv4Mask(prefix)) >>> 0,
            prefix,
          })),
        ),
    )

  it('every IPv4 address inside a registered network matches it, the longest prefix winning', () => {
    fc.assert(
      fc.property(v4Networks, fc.nat(), uint32, (networks, pick, hostBits) => {
        const assets: RegistryAsset[] = networks.map((n, i) => ({
          id: `a${i}`,
          organisationId: `o${i % 3}`,
          type: 'ip',
          identifier: `${formatIpv4(n.value)}/${n.prefix}`,
        }))
        const matcher = buildAssetMatcher(assets)
        const chosen = networks[pick % networks.length]
        if (!chosen) return true
        const address = (chosen.value | (hostBits & ~ipv4Mask(chosen.prefix))) >>> 0
        // The oracle: a linear scan for the longest containing prefix, the first registered on a tie.
        let best = -1
        networks.forEach((n, i) => {
          const contains = (address & ipv4Mask(n.prefix)) >>> 0 === n.value
          if (contains && (best < 0 || n.prefix > (networks[best]?.prefix ?? -1))) best = i
        })
        const found = matcher.match(formatIpv4(address))
        expect(best).toBeGreaterThanOrEqual(0)
        expect(found?.assetId).toBe(`a${best}`)
        expect(found?.kind).toBe(networks[best]?.prefix === 32 ? 'ip' : 'cidr')
        expect(networks[best]?.prefix).toBeGreaterThanOrEqual(chosen.prefix)
        return true
      }),
      { numRuns: 1000 },
    )
  })

  it('the same holds for IPv6', () => {
    const v6Networks = fc
      .tuple(
        uint128,
        fc.array(fc.tuple(fc.integer({ min: 16, max: 128 }), fc.boolean(), uint128), {
          minLength: 1,
          maxLength: 20,
        }),
      )
      .map(([base, specs]) =>
        specs.map(([prefix, random, other]) => ({
          value: (random ? other : base) & ipv6Mask(prefix),
          prefix,
        })),
      )
    fc.assert(
      fc.property(v6Networks, fc.nat(), uint128, (networks, pick, hostBits) => {
        const assets: RegistryAsset[] = networks.map((n, i) => ({
          id: `a${i}`,
          organisationId: 'o',
          type: 'ip',
          identifier: `${formatIpv6(bigintToGroups(n.value))}/${n.prefix}`,
        }))
        const matcher = buildAssetMatcher(assets)
        const chosen = networks[pick % networks.length]
        if (!chosen) return true
        const address = chosen.value | (hostBits & ~ipv6Mask(chosen.prefix) & ((1n << 128n) - 1n))
        const groups = bigintToGroups(address)
        // An IPv4-mapped address is matched as IPv4 by design; the IPv6 networks cannot claim it.
        if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) return true
        if (networks.some((n) => bigintToGroups(n.value).slice(0, 6).join() === '0,0,0,0,0,65535'))
          return true
        let best = -1
        networks.forEach((n, i) => {
          const contains = (address & ipv6Mask(n.prefix)) === n.value
          if (contains && (best < 0 || n.prefix > (networks[best]?.prefix ?? -1))) best = i
        })
        expect(matcher.match(`[${formatIpv6(groups)}]:443`)?.assetId).toBe(`a${best}`)
        return true
      }),
      { numRuns: 500 },
    )
  })
})

describe('exact hosts', () => {
  it('a host always matches its own exact asset, however it is written', () => {
    const registryAndTarget = fc
      .uniqueArray(domain, { minLength: 1, maxLength: 30 })
      .chain((hosts) => fc.tuple(fc.constant(hosts), fc.nat(hosts.length - 1)))
      .chain(([hosts, i]) => fc.tuple(fc.constant(hosts), fc.constant(i), spelling(hosts[i] ?? '')))
    fc.assert(
      fc.property(
        registryAndTarget,
        fc.constantFrom('website', 'domain', 'cloud'),
        ([hosts, i, written], type: RegistryAsset['type']) => {
          const matcher = buildAssetMatcher(
            hosts.map((h, k) => ({
              id: `a${k}`,
              organisationId: `o${k}`,
              // A public suffix (js.cn) cannot be a domain asset; as a website it still names one host.
              type: type === 'domain' && isPublicSuffix(h) ? 'website' : type,
              identifier: h,
            })),
          )
          const found = matcher.match(written)
          return found?.kind === 'exact' && found.assetId === `a${i}`
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('a subdomain matches a wildcard on its parent, or the parent domain itself', () => {
    fc.assert(
      fc.property(domain, fc.array(label, { minLength: 1, maxLength: 3 }), (base, sub) => {
        const target = `${sub.join('.')}.${base}`
        const viaWildcard = buildAssetMatcher([
          { id: 'w', organisationId: 'o', type: 'domain', identifier: `*.${base}` },
        ])
        const viaParent = buildAssetMatcher([
          { id: 'p', organisationId: 'o', type: 'domain', identifier: base },
        ])
        if (isPublicSuffix(base)) return viaWildcard.indexed === 0 && viaParent.indexed === 0
        return (
          viaWildcard.match(target)?.kind === 'wildcard' && viaParent.match(target)?.kind === 'parent-domain'
        )
      }),
      { numRuns: 1000 },
    )
  })
})

describe('credit codes', () => {
  const prefix = fc.string({
    unit: fc.constantFrom(...CREDIT_CODE_CHARSET.split('')),
    minLength: 17,
    maxLength: 17,
  })

  it('a generated code validates, and any single-character substitution is caught', () => {
    fc.assert(
      fc.property(prefix, fc.nat(17), fc.nat(29), (p, position, shift) => {
        const code = makeCreditCode(p)
        if (!/^\d{6}$/.test(code.slice(2, 8))) return validateCreditCode(code).ok === false
        const result = validateCreditCode(code.toLowerCase())
        if (!result.ok || result.normalised !== code) return false
        const original = CREDIT_CODE_CHARSET.indexOf(code.charAt(position))
        const replacement = CREDIT_CODE_CHARSET.charAt((original + 1 + shift) % 31)
        const changed = code.slice(0, position) + replacement + code.slice(position + 1)
        return validateCreditCode(changed).ok === false
      }),
      { numRuns: 3000 },
    )
  })
})

describe('random input never throws', () => {
  it('every validator returns a result, with a bilingual reason when it refuses', () => {
    const matcher = buildAssetMatcher([
      { id: 'a', organisationId: 'o', type: 'domain', identifier: '*.example.gov.cn' },
      { id: 'b', organisationId: 'o', type: 'ip', identifier: '10.0.0.0/8' },
    ])
    const validators: ((s: string) => { ok: boolean; reason?: { zh: string; en: string } })[] = [
      validateCreditCode,
      validateMobile,
      validateEmail,
      (s) => validateFixedLine(s),
      (s) => validatePersonName(s),
      (s) => validateOrganisationName(s),
      normaliseDomainName,
      normaliseIpAddress,
      normaliseNetwork,
      parseTarget,
      ...ASSET_TYPES.map((t) => (s: string) => normaliseAssetIdentifier(t, s)),
    ]
    fc.assert(
      fc.property(nasty, (text) => {
        for (const validate of validators) {
          const result = validate(text)
          if (!result.ok && !(result.reason && result.reason.zh !== '' && result.reason.en !== ''))
            return false
        }
        const found = matcher.match(text)
        return found === null || typeof found.assetId === 'string'
      }),
      { numRuns: 5000 },
    )
  })
})
