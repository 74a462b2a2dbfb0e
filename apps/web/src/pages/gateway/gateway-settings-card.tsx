import { DownloadOutlined } from '@ant-design/icons'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { Alert, App, Button, Card, Descriptions, Form, Input, Radio, Space, Switch, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { api } from '../../api/client'
import { describeError } from '../../api/errors'
import { useText } from '../campaigns/use-text'
import { caUrl, useSettings, type UpdateSettings } from './gateway-api'
import { GATEWAY_TEXTS } from './gateway-texts'

type Values = { interception: boolean; dnsPolicy: 'strict' | 'public'; rules: string }

/** A campaign's gateway settings: interception with the campaign CA (off by default), DNS policy, rules as data. */
export function GatewaySettingsCard({ campaignId, editable }: { campaignId: string; editable: boolean }) {
  const x = useText(GATEWAY_TEXTS)
  const { message } = App.useApp()
  const settings = useSettings(campaignId)
  const [form] = Form.useForm<Values>()
  const [error, setError] = useState<string | null>(null)
  const queryClient = useQueryClient()
  const s = settings.data
  useEffect(() => {
    if (s)
      form.setFieldsValue({
        interception: s.interception,
        dnsPolicy: s.dnsPolicy,
        rules: JSON.stringify(s.rules, null, 2),
      })
  }, [s, form])
  const save = useMutation({
    mutationFn: async (body: UpdateSettings) =>
      unwrap(
        await api.PUT('/api/v1/gateway/campaigns/{id}/settings', {
          params: { path: { id: campaignId } },
          body,
        }),
      ),
    onMutate: () => setError(null),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['gateway', 'settings', campaignId] })
      void message.success(x.settings.saved)
    },
    onError: (e) => setError(describeError(e)),
  })
  const submit = (values: Values, rulesToDefault = false) => {
    let rules: UpdateSettings['rules']
    if (rulesToDefault) rules = null
    else if (s && values.rules.trim() !== JSON.stringify(s.rules, null, 2).trim()) {
      try {
        rules = JSON.parse(values.rules) as UpdateSettings['rules']
      } catch {
        setError(x.settings.badJson)
        return
      }
    }
    save.mutate({
      interception: values.interception,
      dnsPolicy: values.dnsPolicy,
      ...(rules !== undefined ? { rules } : {}),
      version: s?.version ?? 0,
    })
  }
  return (
    <Card title={x.settings.title} loading={settings.isLoading} data-testid="gateway-settings">
      {settings.error && <Alert type="error" showIcon message={describeError(settings.error)} />}
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      {s && (
        <Form<Values>
          form={form}
          layout="vertical"
          disabled={!editable}
          onFinish={(values) => submit(values)}
        >
          <Form.Item
            name="interception"
            label={x.settings.interception}
            valuePropName="checked"
            extra={x.settings.interceptionHint}
          >
            <Switch data-testid="gateway-interception" />
          </Form.Item>
          {s.caFingerprint && (
            <Descriptions size="small" column={1} style={{ marginBottom: 16 }}>
              <Descriptions.Item label={x.settings.caFingerprint}>
                <Typography.Text code copyable style={{ fontSize: 12 }}>
                  {s.caFingerprint}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label="">
                <Button icon={<DownloadOutlined />} href={caUrl(campaignId)} disabled={false}>
                  {x.settings.downloadCa}
                </Button>
              </Descriptions.Item>
            </Descriptions>
          )}
          <Form.Item name="dnsPolicy" label={x.settings.dnsPolicy}>
            <Radio.Group>
              <Space direction="vertical">
                <Radio value="strict">{x.settings.strict}</Radio>
                <Radio value="public">{x.settings.public}</Radio>
              </Space>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="rules" label={x.settings.rules} extra={x.settings.rulesHint}>
            <Input.TextArea rows={12} spellCheck={false} style={{ fontFamily: 'monospace', fontSize: 12 }} />
          </Form.Item>
          {editable && (
            <Space>
              <Button
                type="primary"
                htmlType="submit"
                loading={save.isPending}
                data-testid="gateway-settings-save"
              >
                {x.common.save}
              </Button>
              {!s.rulesAreDefault && (
                <Button onClick={() => submit(form.getFieldsValue(), true)}>{x.settings.defaults}</Button>
              )}
            </Space>
          )}
        </Form>
      )}
    </Card>
  )
}
