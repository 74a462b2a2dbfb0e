import { LockOutlined, UserOutlined } from '@ant-design/icons'
import { useMutation } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { Alert, Button, Form, Input } from 'antd'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { Navigate, useLocation } from 'react-router-dom'
import { api } from '../api/client'
import { ApiError, describeError } from '../api/errors'
import { AuthCard } from './auth-card'
import { useSession } from './session'

type LoginValues = { username: string; password: string }
type CodeValues = { code: string }

function targetAfterLogin(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') ? from : '/'
}

/** Username and password, then the one-time code when the account has a second factor. */
export default function LoginPage() {
  const { t } = useTranslation(['auth', 'common', 'nav'])
  const { session, isLoading, notice, acceptSession, logout } = useSession()
  const location = useLocation()

  useEffect(() => {
    document.title = `${t('login.title')} · ${t('common:appName')}`
  }, [t])

  const login = useMutation({
    mutationFn: async (values: LoginValues) => unwrap(await api.POST('/api/v1/auth/login', { body: values })),
    onSuccess: acceptSession,
  })
  const verify = useMutation({
    mutationFn: async (values: CodeValues) =>
      unwrap(await api.POST('/api/v1/auth/totp/verify', { body: values })),
    onSuccess: acceptSession,
  })

  if (isLoading) return null
  if (session && session.stage !== 'totp_pending')
    return <Navigate to={targetAfterLogin(location.state)} replace />

  if (session?.stage === 'totp_pending') {
    const codeError = verify.error
    return (
      <AuthCard title={t('totp.title')}>
        <p>{t('totp.prompt', { username: session.user.username })}</p>
        {codeError && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            message={
              codeError instanceof ApiError && codeError.code === 'VALIDATION_FAILED'
                ? t('totp.wrongCode')
                : describeError(codeError)
            }
          />
        )}
        <Form<CodeValues> layout="vertical" onFinish={(values) => verify.mutate(values)} requiredMark={false}>
          <Form.Item
            name="code"
            label={t('totp.code')}
            rules={[{ required: true, pattern: /^\d{6}$/, message: t('totp.codeFormat') }]}
          >
            <Input
              autoFocus
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              data-testid="totp-code"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={verify.isPending}>
            {t('totp.verify')}
          </Button>
          <Button type="link" block onClick={() => void logout()} style={{ marginTop: 8 }}>
            {t('totp.back')}
          </Button>
        </Form>
      </AuthCard>
    )
  }

  const loginError = login.error
  return (
    <AuthCard title={t('login.title')}>
      {notice === 'expired' && !loginError && (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('login.expired')} />
      )}
      {notice === 'logged_out' && !loginError && (
        <Alert type="success" showIcon style={{ marginBottom: 16 }} message={t('login.loggedOut')} />
      )}
      {loginError && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          message={
            loginError instanceof ApiError && loginError.code === 'FORBIDDEN'
              ? t('login.disabled')
              : describeError(loginError)
          }
        />
      )}
      <Form<LoginValues> layout="vertical" onFinish={(values) => login.mutate(values)} requiredMark={false}>
        <Form.Item
          name="username"
          label={t('login.username')}
          rules={[{ required: true, message: t('login.usernameRequired') }]}
        >
          <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('login.password')}
          rules={[{ required: true, message: t('login.passwordRequired') }]}
        >
          <Input.Password
            prefix={<LockOutlined />}
            autoComplete="current-password"
            data-testid="login-password"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
          {t('login.submit')}
        </Button>
      </Form>
    </AuthCard>
  )
}
