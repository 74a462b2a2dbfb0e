// The compliance pages keep their texts beside them, in both UI languages, as typed objects: a key missing in one
// language is a type error. The page titles come from the page registry (namespace "nav").
import { useTranslation } from 'react-i18next'
import { isLanguage, type Language } from '../../i18n/language'

export type Texts<T> = Record<Language, T>

export function useText<T>(texts: Texts<T>): T {
  const { i18n } = useTranslation()
  const language = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'zh-CN'
  return texts[language]
}

/** A file picked in the browser, as the base64 text the import and upload endpoints take. */
export function fileToBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''))
    reader.onerror = () => reject(reader.error ?? new Error('cannot read the file'))
    reader.readAsDataURL(file)
  })
}
