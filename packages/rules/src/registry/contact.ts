// Contact details of liaisons and leaders (联络员, 单位负责人): the notices reach people by SMS and e-mail, so a wrong
// number is a notice that never arrives. Every validator returns the normalised value or a reason; none throws.
import { normaliseDomainName } from './host-name'
import { cleanInput, showCharacter } from './input-text'
import { refuse, type Validation } from './registry-reason'

const SEPARATORS = /[\s\-()（）.]/g

/**
 * 手机号码: 11 digits matching 1[3-9]\d{9}. Accepts +86 / 0086 / 86 prefixes, spaces, hyphens, brackets and
 * full-width digits; returns the bare 11 digits.
 */
export function validateMobile(raw: string): Validation<{ normalised: string }> {
  const cleaned = cleanInput(raw)
  if (!cleaned.ok) return cleaned
  let digits = cleaned.text.replace(SEPARATORS, '')
  if (digits.startsWith('+')) {
    if (!digits.startsWith('+86')) {
      return refuse(
        'country_code',
        '只接受中国大陆手机号（+86）',
        'only mainland China mobile numbers (+86) are accepted',
      )
    }
    digits = digits.slice(3)
  } else if (digits.startsWith('0086')) {
    digits = digits.slice(4)
  } else if (digits.length === 13 && digits.startsWith('86')) {
    digits = digits.slice(2)
  }
  const bad = /\D/.exec(digits)
  if (bad) {
    return refuse(
      'illegal_character',
      `手机号码含有非数字字符 ${showCharacter(bad[0])}`,
      `a mobile number has digits only, found ${showCharacter(bad[0])}`,
    )
  }
  if (digits.length !== 11) {
    return refuse(
      'length',
      `手机号码应为 11 位数字，实际为 ${digits.length} 位`,
      `a mobile number has 11 digits, this one has ${digits.length}`,
    )
  }
  if (!/^1[3-9]/.test(digits)) {
    return refuse(
      'mobile_prefix',
      `手机号码应以 13–19 开头，实际为 ${digits.slice(0, 2)}`,
      `a mobile number starts with 13–19, not ${digits.slice(0, 2)}`,
    )
  }
  return { ok: true, normalised: digits }
}

// RFC 5322 dot-atom; quoted local parts and IP-literal domains are legal but never seen in a liaison's address.
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/

/** E-mail address (pragmatic): dot-atom local part ≤ 64, a real domain name; the domain is lower-cased and punycoded. */
export function validateEmail(raw: string): Validation<{ normalised: string }> {
  const cleaned = cleanInput(raw)
  if (!cleaned.ok) return cleaned
  const text = cleaned.text
  const at = text.lastIndexOf('@')
  if (at <= 0 || at === text.length - 1) {
    return refuse(
      'email_format',
      '电子邮箱应为“用户名@域名”的形式',
      'an e-mail address has the form name@domain',
    )
  }
  const local = text.slice(0, at)
  if (local.length > 64 || !LOCAL_PART.test(local)) {
    return refuse(
      'email_local_part',
      `电子邮箱“@”前的部分“${local.slice(0, 64)}”不合法`,
      `the part before '@' ("${local.slice(0, 64)}") is not a valid mailbox name`,
    )
  }
  const domain = normaliseDomainName(text.slice(at + 1))
  if (!domain.ok) {
    return refuse(
      'email_domain',
      `电子邮箱的域名不合法：${domain.reason.zh}`,
      `the e-mail domain is not valid: ${domain.reason.en}`,
    )
  }
  const normalised = `${local}@${domain.name}`
  if (normalised.length > 254) {
    return refuse('too_long', '电子邮箱超过 254 个字符', 'an e-mail address is at most 254 characters')
  }
  return { ok: true, normalised }
}

export interface FixedLineOptions {
  /** Area code to assume for a bare local number such as 85686291 (seed 001 prints its phone that way), e.g. '0519'. */
  readonly defaultAreaCode?: string
}

/**
 * 固定电话 such as 0519-85686291, (0519)85686291, +86 519 8568 6291, 010-12345678-8001 (extension), 400-123-4567.
 * Normalised to `0519-85686291`, `0519-85686291-8001`, `400-123-4567`.
 */
export function validateFixedLine(
  raw: string,
  options: FixedLineOptions = {},
): Validation<{
  normalised: string
  areaCode: string | null
  localNumber: string
  extension: string | null
}> {
  const cleaned = cleanInput(raw)
  if (!cleaned.ok) return cleaned
  let text = cleaned.text
  let extension: string | null = null
  const ext = /(?:转|分机|ext\.?|x|#)\s*(\d{1,6})$/i.exec(text)
  if (ext) {
    extension = ext[1] ?? null
    text = text.slice(0, ext.index).trim()
  }
  let international = false
  if (text.startsWith('+86')) {
    international = true
    text = text.slice(3)
  } else if (text.startsWith('0086')) {
    international = true
    text = text.slice(4)
  }
  // Groups as written: an extension may follow the local number after a hyphen (0519-85686291-8001).
  const groups = text
    .replace(/[()（）]/g, ' ')
    .split(/[\s-]+/)
    .filter((g) => g !== '')
  for (const g of groups) {
    const bad = /\D/.exec(g)
    if (bad) {
      return refuse(
        'illegal_character',
        `电话号码含有非数字字符 ${showCharacter(bad[0])}`,
        `a phone number has digits only, found ${showCharacter(bad[0])}`,
      )
    }
  }
  let digits = groups.join('')
  if (international && !digits.startsWith('0')) digits = `0${digits}`

  const service = /^([48]00)(\d{7})$/.exec(digits)
  if (service && service[1] && service[2]) {
    const local = service[2]
    return {
      ok: true,
      normalised: `${service[1]}-${local.slice(0, 3)}-${local.slice(3)}${extension ? `-${extension}` : ''}`,
      areaCode: null,
      localNumber: `${service[1]}${local}`,
      extension,
    }
  }

  if (!extension && groups.length >= 2) {
    const last = groups[groups.length - 1] ?? ''
    const beforeLast = groups.slice(0, -1).join('')
    // "0519-85686291-8001": a trailing short group after a complete number is an extension.
    if (last.length <= 6 && /^0\d{2,3}[2-9]\d{6,7}$/.test(beforeLast)) {
      extension = last
      digits = beforeLast
    }
  }

  let areaCode: string
  let local: string
  if (digits.startsWith('0')) {
    // 010 and 02x are the only three-digit area codes; every other one has four digits.
    const areaLength = /^0(?:10|2\d)/.test(digits) ? 3 : 4
    areaCode = digits.slice(0, areaLength)
    local = digits.slice(areaLength)
    if (areaCode.length < areaLength || areaCode.startsWith('00')) {
      return refuse('area_code', `区号 ${areaCode} 不合法`, `area code ${areaCode} is not valid`)
    }
  } else if (options.defaultAreaCode) {
    areaCode = options.defaultAreaCode
    local = digits
  } else {
    return refuse(
      'area_code',
      '固定电话缺少区号（如 0519-85686291）',
      'a fixed-line number needs its area code (e.g. 0519-85686291)',
    )
  }
  if (!/^[2-9]\d{6,7}$/.test(local)) {
    return refuse(
      'local_number',
      `本地号码 ${local} 应为 7–8 位且不以 0 或 1 开头`,
      `the local number ${local} must have 7 or 8 digits and not start with 0 or 1`,
    )
  }
  return {
    ok: true,
    normalised: `${areaCode}-${local}${extension ? `-${extension}` : ''}`,
    areaCode,
    localNumber: local,
    extension,
  }
}

export interface NameLimits {
  readonly min?: number
  readonly max?: number
}

// Letters of any script, combining marks, the middle dot of transliterated names (买买提·艾力), spaces, hyphens,
// apostrophes and periods of Latin names.
const NAME_CHARACTERS = /^[\p{L}\p{M}·' .-]+$/u
const MIDDLE_DOTS = /[•・‧∙]/g

/**
 * A person's name (联系人姓名): trimmed, inner whitespace collapsed, variant middle dots unified to ·,
 * 2–50 characters by default (single-character names exist but are almost always a typo in these forms).
 */
export function validatePersonName(raw: string, limits: NameLimits = {}): Validation<{ normalised: string }> {
  const cleaned = cleanInput(raw)
  if (!cleaned.ok) return cleaned
  const min = limits.min ?? 2
  const max = limits.max ?? 50
  const text = cleaned.text.replace(/\s+/g, ' ').replace(MIDDLE_DOTS, '·')
  const length = [...text].length
  if (length < min) {
    return refuse('too_short', `姓名至少 ${min} 个字`, `a name has at least ${min} characters`)
  }
  if (length > max) {
    return refuse('too_long', `姓名最多 ${max} 个字`, `a name has at most ${max} characters`)
  }
  if (!NAME_CHARACTERS.test(text)) {
    const bad = [...text].find((ch) => !NAME_CHARACTERS.test(ch)) ?? ''
    return refuse(
      'name_characters',
      `姓名中不应有字符 ${showCharacter(bad)}`,
      `a name should not contain ${showCharacter(bad)}`,
    )
  }
  return { ok: true, normalised: text }
}

/** An organisation's name (单位名称): trimmed, whitespace collapsed, 2–100 characters, no control characters. */
export function validateOrganisationName(
  raw: string,
  limits: NameLimits = {},
): Validation<{ normalised: string }> {
  const cleaned = cleanInput(raw)
  if (!cleaned.ok) return cleaned
  const min = limits.min ?? 2
  const max = limits.max ?? 100
  const text = cleaned.text.replace(/\s+/g, ' ')
  const length = [...text].length
  if (length < min)
    return refuse('too_short', `单位名称至少 ${min} 个字`, `a name has at least ${min} characters`)
  if (length > max)
    return refuse('too_long', `单位名称最多 ${max} 个字`, `a name has at most ${max} characters`)
  const bad = /[\p{Cc}\p{Cf}]/u.exec(text)
  if (bad) {
    return refuse(
      'name_characters',
      `单位名称中不应有控制字符 ${showCharacter(bad[0])}`,
      `a name should not contain the control character ${showCharacter(bad[0])}`,
    )
  }
  return { ok: true, normalised: text }
}
