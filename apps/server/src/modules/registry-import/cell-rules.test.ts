import { describe, expect, test } from 'vitest'
import { parseAssetStatus, parsePorts, parseText, parseYesNo } from './cell-rules'

describe('cell rules', () => {
  test('port lists: separators of either width, ranges, limits', () => {
    expect(parsePorts('443, 80；8000-8002 8080')).toEqual({
      ok: true,
      value: [80, 443, 8000, 8001, 8002, 8080],
    })
    expect(parsePorts('')).toEqual({ ok: true, value: null })
    expect(parsePorts('0')).toMatchObject({ ok: false })
    expect(parsePorts('70000')).toMatchObject({ ok: false })
    expect(parsePorts('http')).toMatchObject({ ok: false })
    expect(parsePorts('1-1000')).toMatchObject({ ok: false, message: expect.stringMatching(/最多 100/) })
  })

  test('yes/no and status words', () => {
    expect(parseYesNo('是')).toEqual({ ok: true, value: true })
    expect(parseYesNo(' 否 ')).toEqual({ ok: true, value: false })
    expect(parseYesNo('TRUE')).toEqual({ ok: true, value: true })
    expect(parseYesNo('也许').ok).toBe(false)
    expect(parseAssetStatus('已停用')).toEqual({ ok: true, value: 'retired' })
    expect(parseAssetStatus('active')).toEqual({ ok: true, value: 'active' })
    expect(parseAssetStatus('报废了').ok).toBe(false)
  })

  test('free text refuses control characters and overlong values', () => {
    expect(parseText('', 10)).toEqual({ ok: true, value: null })
    expect(parseText('a\u0007b', 10).ok).toBe(false)
    expect(parseText('第一行\n第二行', 10, true)).toEqual({ ok: true, value: '第一行\n第二行' })
    expect(parseText('第一行\n第二行', 10).ok).toBe(false)
    expect(parseText('长'.repeat(11), 10).ok).toBe(false)
  })
})
