import { Suspense, useEffect } from 'react'
import { useLocation } from 'react-router-dom'
import { useTranslation } from 'react-i18next'
import { useFullSession } from '../auth/session'
import { ErrorBoundary } from '../components/error-boundary'
import { FullPageSpin } from '../components/full-page-spin'
import { canOpen } from './page-access'
import type { PageDefinition } from './page-definition'
import { ForbiddenPage } from './system/forbidden-page'

/** One registered page behind its role guard; loads the page's module on first visit. */
export function PageRoute({ page }: { page: PageDefinition }) {
  const { user } = useFullSession()
  const { t } = useTranslation()
  const location = useLocation()
  const title = t(page.key, { ns: 'nav' })
  useEffect(() => {
    document.title = `${title} · ${t('appName')}`
  }, [title, t])
  if (!canOpen(page, user.role)) return <ForbiddenPage />
  const Page = page.component
  return (
    <ErrorBoundary key={location.pathname}>
      <Suspense fallback={<FullPageSpin />}>
        <Page />
      </Suspense>
    </ErrorBoundary>
  )
}
