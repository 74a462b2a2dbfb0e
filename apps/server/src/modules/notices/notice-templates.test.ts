import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { MESSAGE_KINDS } from '../delivery/message-kinds'
import {
  beijingDateTime,
  beijingYear,
  bracketOf,
  DEFAULT_TEMPLATES,
  formatDocumentNumber,
  mergeTemplates,
  numberPatternProblems,
  renderSms,
  renderTemplate,
  smsSegments,
  templateProblems,
  TEMPLATE_VARIABLES,
  variablesOf,
} from './notice-templates'

describe('templates', () => {
  test('the default templates use only their kind’s variables', () => {
    for (const kind of MESSAGE_KINDS)
      for (const text of Object.values(DEFAULT_TEMPLATES[kind]))
        expect(templateProblems(kind, text)).toEqual([])
  })

  test('an unknown variable or a malformed placeholder is named', () => {
    expect(templateProblems('notice_issued', '请${organisaton}查收')[0]).toMatch(/organisaton/)
    expect(templateProblems('notice_issued', '费用 $5')).toHaveLength(1)
    expect(templateProblems('escalation', '已${hours}小时')).toEqual([])
    expect(templateProblems('notice_issued', '已${hours}小时')).toHaveLength(1)
  })

  test('SMS variables come in the order of the text, once each (Tencent {1}, {2} …)', () => {
    const sms = renderSms('${number}：${organisation}，${number}', {
      organisation: '市教育局',
      number: '常网安通〔2022〕1号',
    })
    expect(sms.text).toBe('常网安通〔2022〕1号：市教育局，常网安通〔2022〕1号')
    expect(sms.params).toEqual([
      ['number', '常网安通〔2022〕1号'],
      ['organisation', '市教育局'],
    ])
  })

  test('rendering never leaves a placeholder of an allowed variable', () => {
    fc.assert(
      fc.property(fc.constantFrom(...MESSAGE_KINDS), fc.string(), (kind, value) => {
        const values = Object.fromEntries(
          TEMPLATE_VARIABLES[kind].map((v) => [v, value.replace(/\$\{/g, '')]),
        )
        for (const text of Object.values(DEFAULT_TEMPLATES[kind]))
          expect(variablesOf(renderTemplate(text, values))).toEqual([])
      }),
    )
  })

  test('stored templates override the defaults field by field', () => {
    const merged = mergeTemplates({ escalation: { sms: '升级 ${number}' }, bogus: { sms: 'x' } })
    expect(merged.escalation.sms).toBe('升级 ${number}')
    expect(merged.escalation.emailSubject).toBe(DEFAULT_TEMPLATES.escalation.emailSubject)
    expect(merged.notice_issued).toEqual(DEFAULT_TEMPLATES.notice_issued)
  })

  test('SMS segments: 70 characters in one, 67 per part beyond', () => {
    expect(smsSegments('短'.repeat(70))).toBe(1)
    expect(smsSegments('短'.repeat(71))).toBe(2)
    expect(smsSegments('短'.repeat(134))).toBe(2)
    expect(smsSegments('短'.repeat(135))).toBe(3)
  })
})

describe('document numbers and times', () => {
  test('the per-region pattern', () => {
    expect(formatDocumentNumber('常网安通〔{year}〕{n}号', 2022, 11)).toBe('常网安通〔2022〕11号')
    expect(numberPatternProblems('常网安通〔{year}〕{n}号')).toEqual([])
    expect(numberPatternProblems('常网安通〔{year}〕号')).toHaveLength(1)
    expect(numberPatternProblems('常网安通〔{yyyy}〕{n}号')).toHaveLength(1)
  })

  test('the year and the times are Beijing’s', () => {
    expect(beijingYear(new Date('2022-12-31T16:00:00Z'))).toBe(2023)
    expect(beijingYear(new Date('2022-12-31T15:59:59Z'))).toBe(2022)
    expect(beijingDateTime(new Date('2022-05-19T10:00:00Z'))).toBe('2022年5月19日 18:00')
  })

  test('brackets of time since issue, boundaries inclusive', () => {
    expect(bracketOf(0)).toBe('within24h')
    expect(bracketOf(24)).toBe('within24h')
    expect(bracketOf(24.01)).toBe('within48h')
    expect(bracketOf(48)).toBe('within48h')
    expect(bracketOf(72)).toBe('within72h')
    expect(bracketOf(72.5)).toBe('later')
  })
})
