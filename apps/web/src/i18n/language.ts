// The languages of the UI. zh-CN is the default: the platform's users are a Chinese city's administration.
export const LANGUAGES = ['zh-CN', 'en'] as const
export type Language = (typeof LANGUAGES)[number]
export const DEFAULT_LANGUAGE: Language = 'zh-CN'

const STORAGE_KEY = 'wangan.language'

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)
}

export function storedLanguage(): Language {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY)
    return isLanguage(value) ? value : DEFAULT_LANGUAGE
  } catch {
    // Storage can be refused (privacy settings); the default language still works.
    return DEFAULT_LANGUAGE
  }
}

export function rememberLanguage(language: Language): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, language)
  } catch {
    // Not remembered, but the switch itself still applies to this page.
  }
}
