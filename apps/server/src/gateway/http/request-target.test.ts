import { describe, expect, test } from 'vitest'
import { normaliseHost, parseAbsoluteTarget, parseAuthority } from './request-target'

describe('request targets', () => {
  test('absolute-form targets: scheme, authority, default port, path and query', () => {
    expect(parseAbsoluteTarget('http://WWW.Example.gov.cn/a?b=1#frag')).toEqual({
      host: 'www.example.gov.cn',
      ip: null,
      port: 80,
      authority: 'www.example.gov.cn',
      path: '/a?b=1',
    })
    expect(parseAbsoluteTarget('HTTP://a.test:8080?x')).toMatchObject({
      port: 8080,
      path: '/?x',
      authority: 'a.test:8080',
    })
    expect(parseAbsoluteTarget('http://[::1]:81/')).toMatchObject({
      host: null,
      ip: '::1',
      authority: '[::1]:81',
    })
    for (const bad of [
      'https://a.test/',
      '/path',
      'http://user:pw@a.test/',
      'http://a.test:0/',
      'http://a.test:99999/',
      'http://a b/',
    ])
      expect(parseAbsoluteTarget(bad), bad).toBeNull()
  })

  test('addresses in any spelling are addresses; IDN names become punycode', () => {
    expect(normaliseHost('2130706433')).toEqual({ host: null, ip: '127.0.0.1' })
    expect(normaliseHost('0x7f.0.0.1')).toEqual({ host: null, ip: '127.0.0.1' })
    expect(normaliseHost('0177.0.0.1')).toEqual({ host: null, ip: '127.0.0.1' })
    expect(normaliseHost('127.1')).toEqual({ host: null, ip: '127.0.0.1' })
    expect(normaliseHost('0:0:0:0:0:0:0:1')).toEqual({ host: null, ip: '::1' })
    expect(normaliseHost('教育局.中国')).toEqual({ host: 'xn--dgtp5sd2w.xn--fiqs8s', ip: null })
    expect(normaliseHost('WWW.Example.COM.')).toEqual({ host: 'www.example.com', ip: null })
    expect(normaliseHost('a..b')).toBeNull()
    expect(normaliseHost('')).toBeNull()
  })

  test('CONNECT authorities need a port', () => {
    expect(parseAuthority('a.test:443', null)).toMatchObject({ host: 'a.test', port: 443 })
    expect(parseAuthority('[2001:db8::1]:443', null)).toMatchObject({ ip: '2001:db8::1', port: 443 })
    expect(parseAuthority('a.test', null)).toBeNull()
    expect(parseAuthority('2001:db8::1:443', null)).toBeNull()
  })
})
