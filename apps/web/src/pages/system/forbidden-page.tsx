import { Button, Result } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'

export function ForbiddenPage() {
  const { t } = useTranslation()
  return (
    <div data-testid="forbidden-page">
      <Result
        status="403"
        title="403"
        subTitle={t('forbidden.message')}
        extra={
          <Link to="/">
            <Button type="primary">{t('actions.backHome')}</Button>
          </Link>
        }
      />
    </div>
  )
}
