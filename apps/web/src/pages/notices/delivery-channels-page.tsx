import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
  type FormInstance,
} from 'antd'
import { useEffect } from 'react'
import { api } from '../../api/client'
import { applyFieldErrors, describeError } from '../../api/errors'
import { useText } from '../campaigns/use-text'
import { MESSAGE_KINDS, useDeliveryChannels, type DeliveryChannelConfig } from './notice-api'
import { NOTICE_TEXTS } from './notice-texts'

type SmsValues = Record<string, unknown> & {
  provider: 'aliyun' | 'tencent' | 'webhook' | 'console'
  secret?: string
}
type EmailValues = Record<string, unknown> & { provider: 'smtp' | 'file'; secret?: string }

/** 短信与邮件通道 (admin): which provider sends, its endpoint and keys (sealed on the server, never shown again). */
export default function DeliveryChannelsPage() {
  const x = useText(NOTICE_TEXTS)
  const channels = useDeliveryChannels()
  const sms = channels.data?.find((c) => c.channel === 'sms')
  const email = channels.data?.find((c) => c.channel === 'email')
  return (
    <Row gutter={16}>
      <Col xs={24} xl={12}>
        <Card title={x.channels.sms} loading={channels.isPending}>
          {sms && <SmsForm config={sms} />}
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card title={x.channels.email} loading={channels.isPending}>
          {email && <EmailForm config={email} />}
        </Card>
      </Col>
    </Row>
  )
}

function useSave<T>(channel: 'sms' | 'email', form: FormInstance<T>) {
  const x = useText(NOTICE_TEXTS)
  const { message } = App.useApp()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (body: Record<string, unknown>) =>
      channel === 'sms'
        ? unwrap(await api.PUT('/api/v1/delivery-channels/sms', { body: body as never }))
        : unwrap(await api.PUT('/api/v1/delivery-channels/email', { body: body as never })),
    onSuccess: () => {
      void message.success(x.channels.saved)
      form.setFieldValue('secret' as never, undefined)
      void queryClient.invalidateQueries({ queryKey: ['notices', 'channels'] })
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error)) void message.error(describeError(error))
    },
  })
}

function TestSend({ channel }: { channel: 'sms' | 'email' }) {
  const x = useText(NOTICE_TEXTS)
  const { message } = App.useApp()
  const [form] = Form.useForm<{ address: string }>()
  const test = useMutation({
    mutationFn: async (address: string) =>
      unwrap(
        await api.POST('/api/v1/delivery-channels/{channel}/test', {
          params: { path: { channel } },
          body: { address },
        }),
      ),
    onSuccess: (result) =>
      result.ok ? void message.success(x.channels.testOk) : void message.error(result.error ?? 'error'),
    onError: (error) => void message.error(describeError(error)),
  })
  return (
    <Form form={form} layout="inline" onFinish={(v) => test.mutate(v.address)} style={{ marginTop: 16 }}>
      <Form.Item name="address" rules={[{ required: true }]}>
        <Input placeholder={x.channels.testAddress} style={{ width: 220 }} />
      </Form.Item>
      <Button htmlType="submit" loading={test.isPending}>
        {x.channels.test}
      </Button>
    </Form>
  )
}

function clean(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== ''))
}

function SmsForm({ config }: { config: DeliveryChannelConfig }) {
  const x = useText(NOTICE_TEXTS)
  const [form] = Form.useForm<SmsValues>()
  const save = useSave('sms', form)
  const provider = Form.useWatch('provider', form) ?? (config.provider as SmsValues['provider'])
  useEffect(() => {
    form.setFieldsValue({ ...config.settings, provider: config.provider as SmsValues['provider'] })
  }, [config, form])
  const templateField = provider === 'aliyun' ? 'templateCodes' : 'templateIds'
  return (
    <>
      {config.isDefault && (
        <Alert type="warning" showIcon message={x.channels.isDefault} style={{ marginBottom: 16 }} />
      )}
      <Form<SmsValues>
        form={form}
        layout="vertical"
        onFinish={(v) =>
          save.mutate({
            ...clean(v),
            ...(config.isDefault || provider !== config.provider ? {} : { version: config.version }),
          })
        }
      >
        <Form.Item name="provider" label={x.channels.provider}>
          <Select
            options={(['aliyun', 'tencent', 'webhook', 'console'] as const).map((p) => ({
              value: p,
              label: x.channels.providers[p],
            }))}
          />
        </Form.Item>
        {(provider === 'aliyun' || provider === 'tencent') && (
          <>
            <Form.Item name="endpoint" label="Endpoint">
              <Input
                placeholder={
                  provider === 'aliyun'
                    ? 'https://dysmsapi.aliyuncs.com/'
                    : 'https://sms.tencentcloudapi.com/'
                }
              />
            </Form.Item>
            <Form.Item
              name={provider === 'aliyun' ? 'accessKeyId' : 'secretId'}
              label={provider === 'aliyun' ? 'AccessKey ID' : 'SecretId'}
              rules={[{ required: true }]}
            >
              <Input />
            </Form.Item>
            {provider === 'tencent' && (
              <Form.Item name="smsSdkAppId" label="SmsSdkAppId" rules={[{ required: true }]}>
                <Input />
              </Form.Item>
            )}
            <Form.Item name={provider === 'aliyun' ? 'regionId' : 'region'} label="Region">
              <Input placeholder={provider === 'aliyun' ? 'cn-hangzhou' : 'ap-guangzhou'} />
            </Form.Item>
            <Form.Item name="signName" label="SignName 签名" rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            {MESSAGE_KINDS.map((kind) => (
              <Form.Item
                key={kind}
                name={[templateField, kind]}
                label={x.channels.templateCode(x.messageKind[kind] ?? kind)}
              >
                <Input placeholder={provider === 'aliyun' ? 'SMS_123456789' : '123456'} />
              </Form.Item>
            ))}
          </>
        )}
        {provider === 'webhook' && (
          <Form.Item name="url" label="URL" rules={[{ required: true }]}>
            <Input placeholder="https://gateway.example.gov.cn/sms" />
          </Form.Item>
        )}
        {provider === 'console' && (
          <Form.Item name="echo" label="Echo" valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
        {provider !== 'console' && (
          <Form.Item
            name="secret"
            label={x.channels.secret}
            extra={config.hasSecret && provider === config.provider ? x.channels.secretKept : undefined}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        <Form.Item name="concurrency" label="Concurrency">
          <InputNumber min={1} max={128} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {x.channels.save}
          </Button>
        </Space>
      </Form>
      <TestSend channel="sms" />
    </>
  )
}

function EmailForm({ config }: { config: DeliveryChannelConfig }) {
  const x = useText(NOTICE_TEXTS)
  const [form] = Form.useForm<EmailValues>()
  const save = useSave('email', form)
  const provider = Form.useWatch('provider', form) ?? (config.provider as EmailValues['provider'])
  useEffect(() => {
    form.setFieldsValue({ ...config.settings, provider: config.provider as EmailValues['provider'] })
  }, [config, form])
  return (
    <>
      {config.isDefault && (
        <Alert type="warning" showIcon message={x.channels.isDefault} style={{ marginBottom: 16 }} />
      )}
      <Form<EmailValues>
        form={form}
        layout="vertical"
        onFinish={(v) =>
          save.mutate({
            ...clean(v),
            ...(config.isDefault || provider !== config.provider ? {} : { version: config.version }),
          })
        }
      >
        <Form.Item name="provider" label={x.channels.provider}>
          <Select
            options={(['smtp', 'file'] as const).map((p) => ({ value: p, label: x.channels.providers[p] }))}
          />
        </Form.Item>
        {provider === 'smtp' && (
          <>
            <Form.Item name="host" label="Host" rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            <Form.Item name="port" label="Port" rules={[{ required: true }]}>
              <InputNumber min={1} max={65535} />
            </Form.Item>
            <Form.Item name="security" label="Security" rules={[{ required: true }]}>
              <Select options={['tls', 'starttls', 'none'].map((v) => ({ value: v, label: v }))} />
            </Form.Item>
            <Form.Item name="username" label="Username">
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item
              name="secret"
              label={x.channels.secret}
              extra={config.hasSecret && provider === config.provider ? x.channels.secretKept : undefined}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </>
        )}
        <Form.Item name="fromAddress" label="From" rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="fromName" label="From name" rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {x.channels.save}
        </Button>
      </Form>
      <TestSend channel="email" />
    </>
  )
}
