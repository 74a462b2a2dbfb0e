import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { Alert, App, Button, Card, Checkbox, Form, Spin, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { api } from '../../api/client'
import { describeError } from '../../api/errors'
import type { SecuritySettings } from '../../api/types'
import { ROLES } from '../../auth/roles'

const QUERY_KEY = ['settings', 'security'] as const

/** 安全设置 — which roles must use a second factor (their users enrol at next login). */
export default function SecuritySettingsPage() {
  const { t } = useTranslation(['security', 'common', 'nav'])
  const { message } = App.useApp()
  const queryClient = useQueryClient()
  const [form] = Form.useForm<SecuritySettings>()
  const settings = useQuery({
    queryKey: QUERY_KEY,
    queryFn: async () => unwrap(await api.GET('/api/v1/settings/security')),
  })
  const save = useMutation({
    mutationFn: async (values: SecuritySettings) =>
      unwrap(await api.PUT('/api/v1/settings/security', { body: values })),
    onSuccess: (saved) => {
      queryClient.setQueryData(QUERY_KEY, saved)
      void message.success(t('saved'))
    },
    onError: (error) => void message.error(describeError(error)),
  })

  return (
    <Card title={t('nav:security-settings')}>
      {settings.isPending ? (
        <Spin />
      ) : settings.error ? (
        <Alert type="error" showIcon message={describeError(settings.error)} />
      ) : (
        // Rendered once the settings are there, with them as initial values: no later reset can undo a click.
        <Form<SecuritySettings>
          form={form}
          layout="vertical"
          initialValues={settings.data}
          onFinish={(values) => save.mutate(values)}
        >
          <Typography.Paragraph type="secondary">{t('totp.explanation')}</Typography.Paragraph>
          <Form.Item name="totpRequiredRoles" label={t('totp.label')}>
            <Checkbox.Group
              style={{
                display: 'grid',
                gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))',
                gap: 8,
              }}
              options={ROLES.map((role) => ({ value: role, label: t(`common:roles.${role}`) }))}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('common:actions.save')}
          </Button>
        </Form>
      )}
    </Card>
  )
}
