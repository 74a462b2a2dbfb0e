import { Segmented } from 'antd'
import { useTranslation } from 'react-i18next'
import { currentLanguage, switchLanguage } from '../i18n'
import { LANGUAGES, type Language } from '../i18n/language'

/** 中文 / English, each written in its own language so that it can be found whatever the current one is. */
export function LanguageSwitch() {
  // useTranslation also re-renders this switch when the language changes.
  const { t } = useTranslation()
  return (
    <Segmented<Language>
      size="small"
      aria-label={t('language.switch')}
      data-testid="language-switch"
      value={currentLanguage()}
      options={LANGUAGES.map((language) => ({ value: language, label: t(`language.${language}`) }))}
      onChange={(language) => void switchLanguage(language)}
    />
  )
}
