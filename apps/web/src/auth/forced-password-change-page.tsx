import { Alert, Button } from 'antd'
import { useTranslation } from 'react-i18next'
import { AuthCard } from './auth-card'
import { ChangePasswordForm } from './change-password-form'
import { useSession } from './session'

/** A generated or reset password must be replaced before anything else can be done. */
export function ForcedPasswordChangePage() {
  const { t } = useTranslation(['auth', 'common', 'nav'])
  const { refresh, logout } = useSession()
  return (
    <AuthCard
      title={t('password.forcedTitle')}
      extra={
        <Button type="link" onClick={() => void logout()}>
          {t('common:actions.logout')}
        </Button>
      }
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('password.forcedExplanation')} />
      <ChangePasswordForm onChanged={refresh} submitLabel={t('password.submitAndContinue')} />
    </AuthCard>
  )
}
