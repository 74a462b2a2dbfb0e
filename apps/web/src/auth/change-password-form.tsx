import { useMutation } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { Alert, Button, Form, Input } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../api/client'
import { applyFieldErrors, describeError } from '../api/errors'

type Values = { currentPassword: string; newPassword: string; confirmPassword: string }
type Props = { onChanged: () => void | Promise<void>; submitLabel?: string }

/** Current password, new password twice. The server checks the policy and names what is missing. */
export function ChangePasswordForm({ onChanged, submitLabel }: Props) {
  const { t } = useTranslation(['auth', 'common', 'nav'])
  const [form] = Form.useForm<Values>()
  const [generalError, setGeneralError] = useState<string | null>(null)
  const change = useMutation({
    mutationFn: async ({ currentPassword, newPassword }: Values) =>
      unwrap(await api.POST('/api/v1/auth/password', { body: { currentPassword, newPassword } })),
    onMutate: () => setGeneralError(null),
    onSuccess: async () => {
      form.resetFields()
      await onChanged()
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error)) setGeneralError(describeError(error))
    },
  })
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={(values) => change.mutate(values)}
      requiredMark={false}
    >
      {generalError && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={generalError} />}
      <Form.Item
        name="currentPassword"
        label={t('password.current')}
        rules={[{ required: true, message: t('password.currentRequired') }]}
      >
        <Input.Password autoComplete="current-password" data-testid="password-current" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('password.new')}
        extra={t('password.policy')}
        rules={[
          { required: true, message: t('password.newRequired') },
          { min: 8, message: t('password.tooShort') },
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="password-new" />
      </Form.Item>
      <Form.Item
        name="confirmPassword"
        label={t('password.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('password.confirmRequired') },
          ({ getFieldValue }) => ({
            validator: (_rule, value) =>
              !value || getFieldValue('newPassword') === value
                ? Promise.resolve()
                : Promise.reject(new Error(t('password.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="password-confirm" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={change.isPending} data-testid="password-submit">
        {submitLabel ?? t('password.submit')}
      </Button>
    </Form>
  )
}
