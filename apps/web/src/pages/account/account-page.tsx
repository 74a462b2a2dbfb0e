import { useMutation } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Row, Tag, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import { api } from '../../api/client'
import { applyFieldErrors, describeError } from '../../api/errors'
import { ChangePasswordForm } from '../../auth/change-password-form'
import { useFullSession, useSession } from '../../auth/session'
import { TotpEnrolment } from '../../auth/totp-enrolment'
import { RoleTag } from '../../components/role-tag'
import { useOrganisation } from '../organisations/use-organisations'
import { regionTrail } from '../regions/region-tree'
import { useRegions } from '../regions/use-regions'

function DisableTotpForm() {
  const { t } = useTranslation(['account', 'common', 'nav'])
  const { message } = App.useApp()
  const { acceptSession } = useSession()
  const [form] = Form.useForm<{ password: string }>()
  const [generalError, setGeneralError] = useState<string | null>(null)
  const disable = useMutation({
    mutationFn: async (values: { password: string }) =>
      unwrap(await api.POST('/api/v1/auth/totp/disable', { body: values })),
    onMutate: () => setGeneralError(null),
    onSuccess: async () => {
      form.resetFields()
      void message.success(t('totp.disabled'))
      // The session now reports no second factor: refresh it so the page offers enrolment again.
      acceptSession(unwrap(await api.GET('/api/v1/auth/me')))
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error)) setGeneralError(describeError(error))
    },
  })
  return (
    <Form form={form} layout="vertical" onFinish={(values) => disable.mutate(values)}>
      {generalError && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={generalError} />}
      <Form.Item
        name="password"
        label={t('totp.passwordToDisable')}
        rules={[{ required: true, message: t('totp.passwordRequired') }]}
      >
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Button danger htmlType="submit" loading={disable.isPending}>
        {t('totp.disable')}
      </Button>
    </Form>
  )
}

/** 个人设置 — who I am in the platform, my password and my second factor. */
export default function AccountPage() {
  const { t } = useTranslation(['account', 'common', 'nav'])
  const { message } = App.useApp()
  const { user, totpEnabled } = useFullSession()
  const { acceptSession } = useSession()
  const regions = useRegions()
  const organisation = useOrganisation(user.organisationId)
  const [enrolling, setEnrolling] = useState(false)

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <Card title={t('profile.title')}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('profile.username')}>{user.username}</Descriptions.Item>
            <Descriptions.Item label={t('profile.displayName')}>{user.displayName}</Descriptions.Item>
            <Descriptions.Item label={t('profile.role')}>
              <RoleTag role={user.role} />
            </Descriptions.Item>
            {user.regionId && (
              <Descriptions.Item label={t('profile.region')}>
                {regionTrail(regions.data ?? [], user.regionId)}
              </Descriptions.Item>
            )}
            {user.organisationId && (
              <Descriptions.Item label={t('profile.organisation')}>
                <Link to={`/organisations/${user.organisationId}`}>{organisation.data?.name ?? '…'}</Link>
              </Descriptions.Item>
            )}
          </Descriptions>
        </Card>
        <Card title={t('totp.title')} style={{ marginTop: 16 }}>
          <Typography.Paragraph type="secondary">{t('totp.explanation')}</Typography.Paragraph>
          {totpEnabled ? (
            <>
              <Typography.Paragraph>
                <Tag color="green" data-testid="totp-active">
                  {t('totp.active')}
                </Tag>
              </Typography.Paragraph>
              <DisableTotpForm />
            </>
          ) : enrolling ? (
            <TotpEnrolment
              onEnabled={(session) => {
                acceptSession(session)
                setEnrolling(false)
                void message.success(t('totp.enabled'))
              }}
            />
          ) : (
            <Button type="primary" onClick={() => setEnrolling(true)} data-testid="totp-start">
              {t('totp.enable')}
            </Button>
          )}
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t('password.title')}>
          <ChangePasswordForm onChanged={() => void message.success(t('password.changed'))} />
        </Card>
      </Col>
    </Row>
  )
}
