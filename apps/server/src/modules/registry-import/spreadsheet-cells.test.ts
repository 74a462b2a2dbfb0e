import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { cellText, neutraliseCell, unneutraliseCell } from './spreadsheet-cells'
import { columnLetter, headerKey, parseRange } from './table-columns'

describe('formula neutralisation', () => {
  test.each(['=1+1', '+1', '-1', '@SUM(A1)', '\t=cmd', '\r=cmd'])('%j is prefixed with a quote', (value) => {
    expect(neutraliseCell(value)).toBe(`'${value}`)
  })

  test('plain text is left alone, and the quote comes off again on import', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const out = neutraliseCell(value)
        expect(/^[=+\-@\t\r]/.test(out)).toBe(false)
        expect(unneutraliseCell(out)).toBe(/^[=+\-@\t\r]/.test(value) ? value : unneutraliseCell(value))
        if (!/^[=+\-@\t\r]/.test(value)) expect(out).toBe(value)
      }),
    )
  })
})

describe('cell values from Excel', () => {
  test('numbers, rich text, formulas, hyperlinks and errors become text', () => {
    expect(cellText(13800000001)).toEqual({ text: '13800000001' })
    expect(cellText(913204001234567900)).toMatchObject({ problem: 'number_precision' })
    expect(cellText({ richText: [{ text: 'www.' }, { text: 'example.gov.cn' }] })).toEqual({
      text: 'www.example.gov.cn',
    })
    expect(cellText({ formula: 'A1', result: '203.0.113.1' })).toEqual({ text: '203.0.113.1' })
    expect(cellText({ text: '门户', hyperlink: 'https://x.example.gov.cn' })).toEqual({ text: '门户' })
    expect(cellText({ error: '#N/A' })).toEqual({ text: '#N/A', problem: 'error_value' })
    expect(cellText(null)).toEqual({ text: '' })
  })
})

describe('headers and ranges', () => {
  test('headers compare without spaces, required marks or bracket width', () => {
    expect(headerKey(' 单位名称* ')).toBe(headerKey('单位名称'))
    expect(headerKey('资产标识（必填）')).toBe(headerKey('资产标识'))
    expect(headerKey('URL')).toBe(headerKey('url'))
  })

  test('ranges and column letters', () => {
    expect(parseRange('A2:C5')).toEqual({ top: 2, bottom: 5, left: 0, right: 2 })
    expect(parseRange('AB10')).toEqual({ top: 10, bottom: 10, left: 27, right: 27 })
    expect(parseRange('nonsense')).toBeNull()
    expect([0, 25, 26, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA'])
  })
})
