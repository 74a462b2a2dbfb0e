import { describe, expect, it } from 'vitest'
import { CREDIT_CODE_WEIGHTS, makeCreditCode, makeOrganisationCode, validateCreditCode } from './credit-code'

function expectValid(code: string) {
  const result = validateCreditCode(code)
  if (!result.ok) throw new Error(`expected ${code} to be valid: ${result.reason.en}`)
  return result
}

function expectInvalid(code: string) {
  const result = validateCreditCode(code)
  if (result.ok) throw new Error(`expected ${code} to be refused`)
  return result.reason
}

describe('validateCreditCode', () => {
  it('uses the weights 3^i mod 31', () => {
    expect(CREDIT_CODE_WEIGHTS).toEqual(Array.from({ length: 17 }, (_, i) => Number(3n ** BigInt(i) % 31n)))
  })

  it('accepts the commonly cited 91350100M000100Y43 (worked by hand)', () => {
    // values 9 1 3 5 0 1 0 0 M=21 0 0 0 1 0 0 Y=30 4 × weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
    // = 9 + 3 + 27 + 135 + 26 + 420 + 8 + 900 + 112 = 1640; 1640 mod 31 = 28; 31 − 28 = 3 → '3'
    const result = expectValid('91350100M000100Y43')
    expect(result.normalised).toBe('91350100M000100Y43')
    expect(result.parts).toEqual({
      registrationAuthority: '9',
      registrationAuthorityName: '工商',
      organisationCategory: '1',
      organisationCategoryName: '企业',
      divisionCode: '350100',
      organisationCode: 'M000100Y4',
    })
    // GB 11714 inside: M=22 Y=34 → 22·3 + 1·5 + 34·2 = 139; 139 mod 11 = 7; 11 − 7 = 4 → '4', as printed
    expect(result.warnings).toEqual([])
  })

  it('accepts 91110000600037341L, a check character that is a letter', () => {
    const result = expectValid('91110000600037341L')
    expect(result.warnings).toEqual([])
  })

  it('maps a sum divisible by 31 to check character 0', () => {
    // 1·1 + 1·3 + 1·27 = 31 → 31 − 0 = 31 → 0
    expect(makeCreditCode('11010000000000000')).toBe('110100000000000000')
  })

  it('normalises lower-case, full-width, spaced and hyphenated input', () => {
    expect(expectValid('91350100m000100y43').normalised).toBe('91350100M000100Y43')
    expect(expectValid('９１３５０１００Ｍ０００１００Ｙ４３').normalised).toBe('91350100M000100Y43')
    expect(expectValid(' 9135 0100-M000 100Y 43 ').normalised).toBe('91350100M000100Y43')
  })

  it('names a wrong length', () => {
    const r = expectInvalid('91350100M000100Y4')
    expect(r.code).toBe('length')
    expect(r.en).toContain('17')
    expect(r.zh).toContain('18 位')
  })

  it('names an illegal character and its position, with a hint for O and I', () => {
    const r = expectInvalid('91350100MO00100Y43')
    expect(r.code).toBe('illegal_character')
    expect(r.en).toContain('position 10')
    expect(r.en).toContain('did you mean 0')
    expect(r.zh).toContain('第 10 位')
    expect(expectInvalid('9135010SM000100Y43').en).toContain("'S' at position 8")
  })

  it('requires a 6-digit division code', () => {
    expect(expectInvalid('9135A100M000100Y43').code).toBe('division_code')
  })

  it('names the expected check character', () => {
    const r = expectInvalid('91350100M000100Y44')
    expect(r.code).toBe('check_character')
    expect(r.en).toContain('should be 3')
    expect(r.zh).toContain('应为 3')
  })

  it('warns, without refusing, on a wrong GB 11714 check inside the organisation code', () => {
    // body 12345678: 1·3 + 2·7 + 3·9 + 4·10 + 5·5 + 6·8 + 7·4 + 8·2 = 201; 201 mod 11 = 3; 11 − 3 = 8
    expect(makeOrganisationCode('12345678')).toBe('123456788')
    expect(expectValid(makeCreditCode('11320400123456788')).warnings).toEqual([])
    const wrong = expectValid(makeCreditCode('11320400123456787'))
    expect(wrong.warnings.map((w) => w.code)).toEqual(['organisation_code_check'])
    expect(wrong.warnings[0]?.en).toContain('should be 8')
  })

  it('warns on an unknown authority, category or province', () => {
    const org = makeOrganisationCode('MA1ABCDE')
    expect(expectValid(makeCreditCode(`B1320400${org}`)).warnings.map((w) => w.code)).toEqual([
      'unknown_authority',
    ])
    expect(expectValid(makeCreditCode(`97320400${org}`)).warnings.map((w) => w.code)).toEqual([
      'unknown_category',
    ])
    expect(expectValid(makeCreditCode(`91990400${org}`)).warnings.map((w) => w.code)).toEqual([
      'division_code',
    ])
  })

  it('returns a reason for non-text and empty input', () => {
    expect(expectInvalid('   ').code).toBe('empty')
    expect(expectInvalid(undefined as unknown as string).code).toBe('not_text')
  })
})

describe('makeOrganisationCode', () => {
  it('computes GB 11714 check characters including X and 0', () => {
    // 60003734: 6·3 + 3·5 + 7·8 + 3·4 + 4·2 = 109; 109 mod 11 = 10 → 11 − 10 = 1
    expect(makeOrganisationCode('60003734')).toBe('600037341')
    // 00000100: 1·8 = 8 → 11 − 8 = 3
    expect(makeOrganisationCode('00000100')).toBe('000001003')
    // letters count A = 10: 0000000A → 10·2 = 20; 20 mod 11 = 9 → 2
    expect(makeOrganisationCode('0000000A')).toBe('0000000A2')
    // 00000006 → 6·2 = 12 ≡ 1 → 11 − 1 = 10 → X
    expect(makeOrganisationCode('00000006')).toBe('00000006X')
    // Σ ≡ 0 → 11 → 0
    expect(makeOrganisationCode('00000000')).toBe('000000000')
  })

  it('refuses a malformed body', () => {
    expect(() => makeOrganisationCode('1234567')).toThrow(RangeError)
    expect(() => makeCreditCode('1132040012345678O')).toThrow(/position 17/)
  })
})
