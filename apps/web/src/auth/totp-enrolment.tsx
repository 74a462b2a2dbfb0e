import { useMutation } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { Alert, Button, Flex, Form, Input, Space, Spin, Typography } from 'antd'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../api/client'
import { ApiError, describeError } from '../api/errors'
import type { SessionInfo } from '../api/types'
import { QrCode } from '../components/qr-code'

type Props = { onEnabled: (session: SessionInfo) => void }

/**
 * Second-factor enrolment: asks the server for a new secret (once per mount), shows it as a QR code and as text for
 * manual entry, then confirms it with a first code.
 */
export function TotpEnrolment({ onEnabled }: Props) {
  const { t } = useTranslation(['auth', 'common', 'nav'])
  const setup = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/auth/totp/setup')),
  })
  const enable = useMutation({
    mutationFn: async (code: string) =>
      unwrap(await api.POST('/api/v1/auth/totp/enable', { body: { code } })),
    onSuccess: onEnabled,
  })
  // Each setup call replaces the secret on the server; StrictMode's double effects must not start two.
  const started = useRef(false)
  const { mutate: startSetup } = setup
  useEffect(() => {
    if (started.current) return
    started.current = true
    startSetup()
  }, [startSetup])

  if (setup.isPending || setup.isIdle) return <Spin />
  if (setup.error)
    return (
      <Alert
        type="error"
        showIcon
        message={
          setup.error instanceof ApiError && setup.error.code === 'CONFLICT'
            ? t('enrol.alreadyEnabled')
            : describeError(setup.error)
        }
      />
    )
  const { secret, otpauthUri } = setup.data
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Paragraph>{t('enrol.instructions')}</Typography.Paragraph>
      <Flex justify="center">
        <QrCode value={otpauthUri} alt={t('enrol.qrAlt')} />
      </Flex>
      <div>
        <Typography.Text type="secondary">{t('enrol.secret')}</Typography.Text>
        <Typography.Paragraph copyable={{ text: secret }} code data-testid="totp-secret">
          {secret}
        </Typography.Paragraph>
        <Typography.Text type="secondary">{t('enrol.uri')}</Typography.Text>
        <Typography.Paragraph copyable ellipsis={{ rows: 2, expandable: true }} data-testid="totp-uri">
          {otpauthUri}
        </Typography.Paragraph>
      </div>
      {enable.error && (
        <Alert
          type="error"
          showIcon
          message={
            enable.error instanceof ApiError && enable.error.code === 'VALIDATION_FAILED'
              ? t('totp.wrongCode')
              : describeError(enable.error)
          }
        />
      )}
      <Form<{ code: string }>
        layout="vertical"
        onFinish={({ code }) => enable.mutate(code)}
        requiredMark={false}
      >
        <Form.Item
          name="code"
          label={t('enrol.firstCode')}
          rules={[{ required: true, pattern: /^\d{6}$/, message: t('totp.codeFormat') }]}
        >
          <Input
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            data-testid="totp-enrol-code"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={enable.isPending} data-testid="totp-enable">
          {t('enrol.enable')}
        </Button>
      </Form>
    </Space>
  )
}
