import { Button } from 'antd'
import { useTranslation } from 'react-i18next'
import { AuthCard } from './auth-card'
import { useSession } from './session'
import { TotpEnrolment } from './totp-enrolment'

/** Shown instead of the application while the user's role requires a second factor they have not set up yet. */
export function TotpEnrolmentPage() {
  const { t } = useTranslation(['auth', 'common', 'nav'])
  const { acceptSession, logout } = useSession()
  return (
    <AuthCard
      title={t('enrol.requiredTitle')}
      width={520}
      extra={
        <Button type="link" onClick={() => void logout()}>
          {t('common:actions.logout')}
        </Button>
      }
    >
      <p>{t('enrol.requiredExplanation')}</p>
      <TotpEnrolment onEnabled={acceptSession} />
    </AuthCard>
  )
}
