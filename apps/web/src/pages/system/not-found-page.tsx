import { Button, Result } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'

export function NotFoundPage() {
  const { t } = useTranslation()
  return (
    <div data-testid="not-found-page">
      <Result
        status="404"
        title="404"
        subTitle={t('notFound.message')}
        extra={
          <Link to="/">
            <Button type="primary">{t('actions.backHome')}</Button>
          </Link>
        }
      />
    </div>
  )
}
