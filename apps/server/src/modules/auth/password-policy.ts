// Password rules of SPEC §10 / seed 004 表2: at least 8 characters with letters, digits and symbols. Each broken rule
// is named so the form can say exactly what is missing.
export type PasswordRule =
  'min_length' | 'max_length' | 'letters' | 'digits' | 'symbols' | 'contains_username'

export const PASSWORD_RULE_MESSAGES: Record<PasswordRule, string> = {
  min_length: '密码至少 8 个字符 (at least 8 characters)',
  max_length: '密码最多 128 个字符 (at most 128 characters)',
  letters: '密码须包含字母 (must contain a letter)',
  digits: '密码须包含数字 (must contain a digit)',
  symbols: '密码须包含符号 (must contain a symbol)',
  contains_username: '密码不得包含用户名 (must not contain the username)',
}

export function checkPassword(password: string, username?: string): PasswordRule[] {
  const broken: PasswordRule[] = []
  const length = [...password].length
  if (length < 8) broken.push('min_length')
  if (length > 128) broken.push('max_length')
  if (!/\p{L}/u.test(password)) broken.push('letters')
  if (!/\p{Nd}/u.test(password)) broken.push('digits')
  if (!/[^\p{L}\p{Nd}\s]/u.test(password)) broken.push('symbols')
  if (username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase()))
    broken.push('contains_username')
  return broken
}

/** A strong random password that satisfies the policy (for the first admin, demo users and resets). */
export function generatePassword(length = 16): string {
  const letters = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ'
  const digits = '23456789'
  const symbols = '!@#%^*-_=+?'
  const all = letters + digits + symbols
  const pick = (set: string) => set[crypto.getRandomValues(new Uint32Array(1))[0]! % set.length]!
  const chars = [pick(letters), pick(digits), pick(symbols)]
  while (chars.length < length) chars.push(pick(all))
  // Fisher–Yates so the guaranteed classes are not always first.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = crypto.getRandomValues(new Uint32Array(1))[0]! % (i + 1)
    ;[chars[i], chars[j]] = [chars[j]!, chars[i]!]
  }
  return chars.join('')
}
