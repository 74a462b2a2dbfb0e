// 统一社会信用代码 per GB 32100-2015: 1 registration authority + 1 organisation category + 6 division + 9 organisation code
// (GB 11714, its own check character last) + 1 check character over the first 17.
import { cleanInput, showCharacter } from './input-text'
import { formatReason, reason, refuse, type RegistryReason } from './registry-reason'

/** The 31 characters of GB 32100: digits and capitals without I, O, S, V, Z (easily confused with 1, 0, 5, U, 2). */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'

/** 3^i mod 31 for i = 0…16. */
export const CREDIT_CODE_WEIGHTS: readonly number[] = [
  1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
]

const ORGANISATION_CODE_WEIGHTS: readonly number[] = [3, 7, 9, 10, 5, 8, 4, 2]

const CHAR_VALUE = new Map<string, number>([...CREDIT_CODE_CHARSET].map((ch, i) => [ch, i]))

// GB 32100-2015 表1. A code whose authority or category is not listed here is still accepted (with a warning): the
// table has grown since 2015 and refusing a real organisation's code would be worse than letting a typo through.
const AUTHORITIES: Readonly<Record<string, { name: string; categories: Readonly<Record<string, string>> }>> =
  {
    '1': {
      name: '机构编制',
      categories: { '1': '机关', '2': '事业单位', '3': '中央编办直接管理机构编制的群众团体', '9': '其他' },
    },
    '2': { name: '外交', categories: { '1': '外国常驻新闻机构', '9': '其他' } },
    '3': {
      name: '司法行政',
      categories: {
        '1': '律师执业机构',
        '2': '公证处',
        '3': '基层法律服务所',
        '4': '司法鉴定机构',
        '5': '仲裁委员会',
        '9': '其他',
      },
    },
    '4': { name: '文化', categories: { '1': '外国在华文化中心', '9': '其他' } },
    '5': { name: '民政', categories: { '1': '社会团体', '2': '民办非企业单位', '3': '基金会', '9': '其他' } },
    '6': {
      name: '旅游',
      categories: {
        '1': '外国旅游部门常驻代表机构',
        '2': '港澳台地区旅游部门常驻内地（大陆）代表机构',
        '9': '其他',
      },
    },
    '7': { name: '宗教', categories: { '1': '宗教活动场所', '2': '宗教院校', '9': '其他' } },
    '8': { name: '工会', categories: { '1': '基层工会', '9': '其他' } },
    '9': { name: '工商', categories: { '1': '企业', '2': '个体工商户', '3': '农民专业合作社' } },
    A: { name: '中央军委改革和编制办公室', categories: { '1': '军队事业单位', '9': '其他' } },
    N: {
      name: '农业',
      categories: {
        '1': '组级集体经济组织',
        '2': '村级集体经济组织',
        '3': '乡镇级集体经济组织',
        '9': '其他',
      },
    },
    Y: { name: '其他', categories: { '1': '其他' } },
  }

// First two digits of GB/T 2260 division codes (10 = national-level registration, as in 11100000…).
const PROVINCE_PREFIXES = new Set([
  '10',
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
])

export interface CreditCodeParts {
  /** 登记管理部门代码 (1st character) and its name when known. */
  readonly registrationAuthority: string
  readonly registrationAuthorityName: string | null
  /** 机构类别代码 (2nd character) and its name when known. */
  readonly organisationCategory: string
  readonly organisationCategoryName: string | null
  /** 登记管理机关行政区划码 (characters 3–8). */
  readonly divisionCode: string
  /** 主体标识码 / 组织机构代码 (characters 9–17, GB 11714). */
  readonly organisationCode: string
}

export type CreditCodeValidation =
  | {
      ok: true
      normalised: string
      parts: CreditCodeParts
      /** Doubts that do not make the code invalid: unknown authority/category/province, GB 11714 check mismatch. */
      warnings: RegistryReason[]
    }
  | { ok: false; reason: RegistryReason }

function cleanCode(raw: unknown): { ok: true; text: string } | { ok: false; reason: RegistryReason } {
  const cleaned = cleanInput(raw)
  if (!cleaned.ok) return cleaned
  // People copy codes with grouping spaces or hyphens (9135 0100 M000 100Y 43); they carry no meaning.
  return { ok: true, text: cleaned.text.replace(/[\s-]+/g, '').toUpperCase() }
}

function illegalCharacter(text: string): RegistryReason | null {
  let position = 0
  for (const ch of text) {
    position++
    if (CHAR_VALUE.has(ch)) continue
    const hint =
      ch === 'O'
        ? { zh: '（应为数字 0？）', en: ' (did you mean 0?)' }
        : ch === 'I'
          ? { zh: '（应为数字 1？）', en: ' (did you mean 1?)' }
          : { zh: '', en: '' }
    return reason(
      'illegal_character',
      `第 ${position} 位字符 ${showCharacter(ch)} 不允许${hint.zh}，只能使用数字和除 I、O、S、V、Z 以外的大写字母`,
      `illegal character ${showCharacter(ch)} at position ${position}${hint.en}; only digits and capitals other than I, O, S, V, Z are allowed`,
    )
  }
  return null
}

/** The 18th character for 17 characters already known to be in the charset. */
function checkCharacterOf(prefix17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++)
    sum += (CHAR_VALUE.get(prefix17.charAt(i)) ?? 0) * (CREDIT_CODE_WEIGHTS[i] ?? 0)
  return CREDIT_CODE_CHARSET.charAt((31 - (sum % 31)) % 31)
}

/** GB 11714 check character of an 8-character organisation-code body: 11 − (Σ mod 11), 10 → X, 11 → 0. */
function organisationCheckOf(body8: string): string {
  let sum = 0
  for (let i = 0; i < 8; i++) {
    const c = body8.charCodeAt(i)
    const value = c <= 57 ? c - 48 : c - 55
    sum += value * (ORGANISATION_CODE_WEIGHTS[i] ?? 0)
  }
  const check = 11 - (sum % 11)
  return check === 10 ? 'X' : check === 11 ? '0' : String(check)
}

/**
 * Validates a 统一社会信用代码. Lower-case, full-width, spaced or hyphenated input is accepted and normalised.
 * The final check character must be right; the GB 11714 check inside the organisation code and the code tables
 * only produce warnings (see docs/interpretations/registry.md).
 */
export function validateCreditCode(code: string): CreditCodeValidation {
  const cleaned = cleanCode(code)
  if (!cleaned.ok) return cleaned
  const text = cleaned.text
  const length = [...text].length
  if (length !== 18) {
    return refuse(
      'length',
      `统一社会信用代码应为 18 位，实际为 ${length} 位`,
      `a unified social credit code has 18 characters, this one has ${length}`,
    )
  }
  const illegal = illegalCharacter(text)
  if (illegal) return { ok: false, reason: illegal }
  const divisionCode = text.slice(2, 8)
  if (!/^\d{6}$/.test(divisionCode)) {
    return refuse(
      'division_code',
      `第 3–8 位行政区划码 ${divisionCode} 应为 6 位数字`,
      `characters 3–8 (administrative division code ${divisionCode}) must be 6 digits`,
    )
  }
  const expected = checkCharacterOf(text.slice(0, 17))
  const actual = text.charAt(17)
  if (actual !== expected) {
    return refuse(
      'check_character',
      `校验码错误：第 18 位应为 ${expected}，实际为 ${actual}`,
      `wrong check character: position 18 should be ${expected}, not ${actual}`,
    )
  }

  const warnings: RegistryReason[] = []
  const authorityCode = text.charAt(0)
  const categoryCode = text.charAt(1)
  const authority = AUTHORITIES[authorityCode]
  const categoryName = authority?.categories[categoryCode] ?? null
  if (!authority) {
    warnings.push(
      reason(
        'unknown_authority',
        `登记管理部门代码 ${authorityCode} 不在 GB 32100-2015 表1 中`,
        `registration authority code ${authorityCode} is not in GB 32100-2015 table 1`,
      ),
    )
  } else if (categoryName === null) {
    warnings.push(
      reason(
        'unknown_category',
        `机构类别代码 ${categoryCode} 不属于登记管理部门“${authority.name}”`,
        `organisation category ${categoryCode} is not listed for registration authority ${authorityCode}`,
      ),
    )
  }
  if (!PROVINCE_PREFIXES.has(divisionCode.slice(0, 2))) {
    warnings.push(
      reason(
        'division_code',
        `行政区划码 ${divisionCode} 的前两位不是省级代码`,
        `division code ${divisionCode} does not start with a province code`,
      ),
    )
  }
  const organisationCode = text.slice(8, 17)
  const organisationCheck = organisationCheckOf(organisationCode.slice(0, 8))
  if (organisationCode.charAt(8) !== organisationCheck) {
    warnings.push(
      reason(
        'organisation_code_check',
        `组织机构代码 ${organisationCode} 的校验位（第 17 位）按 GB 11714 应为 ${organisationCheck}`,
        `organisation code ${organisationCode}: its GB 11714 check (position 17) should be ${organisationCheck}`,
      ),
    )
  }
  return {
    ok: true,
    normalised: text,
    parts: {
      registrationAuthority: authorityCode,
      registrationAuthorityName: authority?.name ?? null,
      organisationCategory: categoryCode,
      organisationCategoryName: categoryName,
      divisionCode,
      organisationCode,
    },
    warnings,
  }
}

function requireCharset(raw: string, length: number, what: string): string {
  const cleaned = cleanCode(raw)
  if (!cleaned.ok) throw new RangeError(`${what}: ${formatReason(cleaned.reason)}`)
  const text = cleaned.text
  if (text.length !== length) {
    throw new RangeError(`${what} must have ${length} characters, got ${text.length}`)
  }
  const illegal = illegalCharacter(text)
  if (illegal) throw new RangeError(`${what}: ${formatReason(illegal)}`)
  return text
}

/**
 * Appends the GB 32100 check character to 17 characters (for tests and demo data).
 * Throws a RangeError on a wrong prefix: this is a programmer's tool, not an input validator.
 */
export function makeCreditCode(prefix17: string): string {
  const prefix = requireCharset(prefix17, 17, 'credit code prefix')
  return prefix + checkCharacterOf(prefix)
}

/** Appends the GB 11714 check character to an 8-character organisation-code body (for demo codes without warnings). */
export function makeOrganisationCode(body8: string): string {
  const body = requireCharset(body8, 8, 'organisation code body')
  return body + organisationCheckOf(body)
}
