import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { endpointTarget, scoreVector, targetIdentity, titleKey } from './finding-identity'

describe('the duplicate rule’s normal forms', () => {
  test('titles fold case, width, punctuation and spaces', () => {
    expect(titleKey('XSS - 搜索框')).toBe(titleKey('xss（搜索框）'))
    expect(titleKey('ＳＱＬ 注入：登录页')).toBe('sql注入登录页')
    expect(titleKey('SQL 注入')).not.toBe(titleKey('SQL 注入 2'))
  })

  test('a location is host, non-web port and path: scheme, web ports, case and trailing slashes do not count', () => {
    const loc = (t: string) => {
      const r = targetIdentity(t)
      if (!r.ok) throw new Error(r.reason)
      return r.identity
    }
    expect(loc('https://WWW.Example.gov.cn:443/Login/').location).toBe(
      loc('www.example.gov.cn/login').location,
    )
    expect(loc('http://www.example.gov.cn:8080/x').location).toBe('www.example.gov.cn:8080/x')
    expect(loc('http://[2001:DB8::1]/a').host).toBe('2001:db8::1')
    expect(targetIdentity('not a host').ok).toBe(false)
  })

  test('scanner endpoints become targets the registry parses back to the same host and port', () => {
    expect(endpointTarget({ protocol: 'https', host: 'www.example.gov.cn', port: 8443, path: 'a/b' })).toBe(
      'https://www.example.gov.cn:8443/a/b',
    )
    expect(endpointTarget({ protocol: null, host: '10.0.0.1', port: 22, path: null })).toBe('10.0.0.1:22')
    fc.assert(
      fc.property(
        fc.constantFrom('http', 'https', null),
        fc.domain(),
        fc.option(fc.integer({ min: 1, max: 65535 }), { nil: null }),
        (protocol, host, port) => {
          const parsed = targetIdentity(endpointTarget({ protocol, host, port, path: null }))
          if (!parsed.ok) return
          expect(parsed.identity.host).toBe(host.toLowerCase())
        },
      ),
    )
  })
})

describe('CVSS', () => {
  test('the severity follows the band, and 0.0 is low', () => {
    expect(scoreVector('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toMatchObject({
      base: 9.8,
      severity: 'critical',
      version: '3.1',
    })
    expect(scoreVector('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N')).toMatchObject({
      base: 0,
      severity: 'low',
    })
    expect(scoreVector('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N').base).toBe(9.3)
    expect(() => scoreVector('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:Q')).toThrow(/A/)
  })
})
