import { refuse, type RegistryReason } from './registry-reason'

/** Beyond this, an identifier is not something a person typed or a spreadsheet cell should hold. */
export const MAX_INPUT_LENGTH = 4096

// Chinese input methods produce full-width letters, digits and punctuation (ｗｗｗ．ｅｘａｍｐｌｅ，１３９…); NFKC folds
// them to ASCII. The ideographic full stop 。 has no compatibility mapping, but UTS #46 treats it as a dot, so we do too.
const IDEOGRAPHIC_STOPS = /[\u3002\uff61]/g
// Zero-width characters arrive with copy-paste from web pages and Word documents and are never meant.
const INVISIBLES = /[\u200b-\u200d\u2060\ufeff]/g
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/

/**
 * Trims, folds full-width forms to ASCII and drops invisible characters.
 * Returns the cleaned text or a reason when the value is not usable text at all.
 */
export function cleanInput(raw: unknown): { ok: true; text: string } | { ok: false; reason: RegistryReason } {
  if (typeof raw !== 'string') return refuse('not_text', '输入不是文本', 'the value is not text')
  if (raw.length > MAX_INPUT_LENGTH) {
    return refuse(
      'too_long',
      `输入过长（超过 ${MAX_INPUT_LENGTH} 个字符）`,
      `the value is too long (over ${MAX_INPUT_LENGTH} characters)`,
    )
  }
  const text = PRINTABLE_ASCII.test(raw)
    ? raw.trim()
    : raw.normalize('NFKC').replace(IDEOGRAPHIC_STOPS, '.').replace(INVISIBLES, '').trim()
  if (text === '') return refuse('empty', '内容为空', 'the value is empty')
  return { ok: true, text }
}

/** Shows a character in a message so that spaces and invisible characters are visible. */
export function showCharacter(ch: string): string {
  const code = ch.codePointAt(0) ?? 0
  if (code <= 0x20 || code === 0x7f || (code >= 0x80 && code <= 0xa0)) {
    return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`
  }
  return `'${ch}'`
}
