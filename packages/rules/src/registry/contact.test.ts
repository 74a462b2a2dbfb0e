import { describe, expect, it } from 'vitest'
import {
  validateEmail,
  validateFixedLine,
  validateMobile,
  validateOrganisationName,
  validatePersonName,
} from './contact'

function normalised<T extends { ok: boolean }>(result: T): string {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result)}`)
  return (result as unknown as { normalised: string }).normalised
}

function reasonCode(result: { ok: true } | { ok: false; reason: { code: string } }): string {
  if (result.ok) throw new Error('expected a refusal')
  return result.reason.code
}

describe('validateMobile', () => {
  it('accepts the numbers printed in seed 000 and normalises prefixes and separators', () => {
    expect(normalised(validateMobile('13921311889'))).toBe('13921311889')
    expect(normalised(validateMobile('+86 176-2540-1731'))).toBe('17625401731')
    expect(normalised(validateMobile('0086 13921311889'))).toBe('13921311889')
    expect(normalised(validateMobile('8613921311889'))).toBe('13921311889')
    expect(normalised(validateMobile('(+86) 139 2131 1889'))).toBe('13921311889')
    expect(normalised(validateMobile('１３９２１３１１８８９'))).toBe('13921311889')
  })

  it('names what is wrong', () => {
    expect(reasonCode(validateMobile('1392131188'))).toBe('length')
    expect(reasonCode(validateMobile('12921311889'))).toBe('mobile_prefix')
    expect(reasonCode(validateMobile('1392131188a'))).toBe('illegal_character')
    expect(reasonCode(validateMobile('+1 415 555 0100'))).toBe('country_code')
    expect(reasonCode(validateMobile(''))).toBe('empty')
    const r = validateMobile('12921311889')
    expect(!r.ok && r.reason.zh).toContain('13–19')
  })
})

describe('validateEmail', () => {
  it('accepts the address printed in seed 000 and lower-cases the domain only', () => {
    expect(normalised(validateEmail('1061971529@qq.com'))).toBe('1061971529@qq.com')
    expect(normalised(validateEmail(' Zhang.San+cz@Example.GOV.cn '))).toBe('Zhang.San+cz@example.gov.cn')
    expect(normalised(validateEmail('liaison＠example．gov．cn'))).toBe('liaison@example.gov.cn')
    expect(normalised(validateEmail('info@例子.中国'))).toBe('info@xn--fsqu00a.xn--fiqs8s')
  })

  it('refuses malformed addresses with a reason', () => {
    expect(reasonCode(validateEmail('no-at-sign.example.com'))).toBe('email_format')
    expect(reasonCode(validateEmail('a..b@example.com'))).toBe('email_local_part')
    expect(reasonCode(validateEmail('.a@example.com'))).toBe('email_local_part')
    expect(reasonCode(validateEmail('a b@example.com'))).toBe('email_local_part')
    expect(reasonCode(validateEmail('a@localhost'))).toBe('email_domain')
    expect(reasonCode(validateEmail('a@-x.cn'))).toBe('email_domain')
    expect(reasonCode(validateEmail('a@'))).toBe('email_format')
    expect(reasonCode(validateEmail(`${'x'.repeat(65)}@example.com`))).toBe('email_local_part')
  })
})

describe('validateFixedLine', () => {
  it('normalises the written forms of a Changzhou number', () => {
    for (const raw of [
      '0519-85686291',
      '(0519)85686291',
      '（0519）8568 6291',
      '0519 85686291',
      '+86 519 85686291',
    ]) {
      expect(normalised(validateFixedLine(raw))).toBe('0519-85686291')
    }
  })

  it('knows the three-digit area codes 010 and 02x', () => {
    expect(normalised(validateFixedLine('01062345678'))).toBe('010-62345678')
    expect(normalised(validateFixedLine('023-63757224'))).toBe('023-63757224')
    expect(normalised(validateFixedLine('051985686291'))).toBe('0519-85686291')
  })

  it('keeps extensions', () => {
    expect(normalised(validateFixedLine('0519-85686291-8001'))).toBe('0519-85686291-8001')
    expect(normalised(validateFixedLine('0519-85686291转8001'))).toBe('0519-85686291-8001')
    expect(normalised(validateFixedLine('010 6234 5678 ext. 12'))).toBe('010-62345678-12')
  })

  it('accepts 400/800 service numbers', () => {
    expect(normalised(validateFixedLine('400-123-4567'))).toBe('400-123-4567')
    expect(normalised(validateFixedLine('8001234567'))).toBe('800-123-4567')
  })

  it('needs an area code unless a default is given (seed 001 prints 85686291 alone)', () => {
    expect(reasonCode(validateFixedLine('85686291'))).toBe('area_code')
    const r = validateFixedLine('85686291', { defaultAreaCode: '0519' })
    expect(normalised(r)).toBe('0519-85686291')
    expect(r.ok && r.areaCode).toBe('0519')
  })

  it('refuses bad local numbers and characters', () => {
    expect(reasonCode(validateFixedLine('0519-0568629'))).toBe('local_number')
    expect(reasonCode(validateFixedLine('0519-856862'))).toBe('local_number')
    expect(reasonCode(validateFixedLine('0519-8568629a'))).toBe('illegal_character')
  })
})

describe('validatePersonName', () => {
  it('trims, collapses spaces and unifies middle dots', () => {
    expect(normalised(validatePersonName('  陆文武 '))).toBe('陆文武')
    expect(normalised(validatePersonName('买买提•艾力'))).toBe('买买提·艾力')
    expect(normalised(validatePersonName('Mary   O’Neil'.replace('’', "'")))).toBe("Mary O'Neil")
    expect(normalised(validatePersonName('　陈雪涛　'))).toBe('陈雪涛')
  })

  it('applies length limits and refuses digits and symbols', () => {
    expect(reasonCode(validatePersonName('陆'))).toBe('too_short')
    expect(normalised(validatePersonName('陆', { min: 1 }))).toBe('陆')
    expect(reasonCode(validatePersonName('张'.repeat(51)))).toBe('too_long')
    expect(reasonCode(validatePersonName('张三1'))).toBe('name_characters')
    expect(reasonCode(validatePersonName('<script>'))).toBe('name_characters')
  })
})

describe('validateOrganisationName', () => {
  it('accepts names with brackets and collapses whitespace', () => {
    expect(normalised(validateOrganisationName(' 常州市  教育局（市语委） '))).toBe('常州市 教育局(市语委)')
  })
  it('refuses control characters and over-long names', () => {
    expect(reasonCode(validateOrganisationName('教育局\u0007'))).toBe('name_characters')
    expect(reasonCode(validateOrganisationName('局'.repeat(101)))).toBe('too_long')
  })
})
