// The registry pages keep their texts beside them (registry-texts.ts), in both UI languages, as typed objects: a key
// missing in one language is a type error.
import { useTranslation } from 'react-i18next'
import { isLanguage, type Language } from '../../i18n/language'

export type Texts<T> = Record<Language, T>

export function useText<T>(texts: Texts<T>): T {
  const { i18n } = useTranslation()
  return texts[isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'zh-CN']
}
