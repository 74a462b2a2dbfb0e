// The campaigns and findings pages keep their texts beside them, in both UI languages, and pick the current one.
// (Typed objects rather than i18next namespaces: a key missing in one language is a type error here.)
import { useTranslation } from 'react-i18next'
import { isLanguage, type Language } from '../../i18n/language'

export type Texts<T> = Record<Language, T>

export function useText<T>(texts: Texts<T>): T {
  const { i18n } = useTranslation()
  const language = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'zh-CN'
  return texts[language]
}
