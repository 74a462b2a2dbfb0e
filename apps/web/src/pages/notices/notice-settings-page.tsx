import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { Alert, App, Button, Card, Form, Input, InputNumber, Space, Tabs, Tag, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { api } from '../../api/client'
import { applyFieldErrors, describeError } from '../../api/errors'
import { useText } from '../campaigns/use-text'
import {
  MESSAGE_KINDS,
  useNoticeSettings,
  type MessageKind,
  type NoticeSettingsRequest,
  type TemplatePreview,
} from './notice-api'
import { NOTICE_TEXTS } from './notice-texts'

type Values = Omit<NoticeSettingsRequest, 'version' | 'platformUrl'> & { platformUrl?: string | null }

/** 通报设置: the region's document-number pattern, issuing body, escalation delay and message templates, with a
 * preview of each template filled with sample values. */
export default function NoticeSettingsPage() {
  const x = useText(NOTICE_TEXTS)
  const { message } = App.useApp()
  const queryClient = useQueryClient()
  const settings = useNoticeSettings()
  const [form] = Form.useForm<Values>()
  const [previews, setPreviews] = useState<Partial<Record<MessageKind, TemplatePreview>>>({})
  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data as unknown as Values)
  }, [settings.data, form])
  const save = useMutation({
    mutationFn: async (values: Values) =>
      unwrap(
        await api.PUT('/api/v1/notice-settings', {
          body: {
            ...values,
            platformUrl: values.platformUrl?.trim() ? values.platformUrl.trim() : null,
            version: settings.data?.version ?? 0,
          },
        }),
      ),
    onSuccess: (next) => {
      queryClient.setQueryData(['notices', 'settings'], next)
      void message.success(x.settings.saved)
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error)) void message.error(describeError(error))
    },
  })
  const preview = async (kind: MessageKind) => {
    const t = form.getFieldValue(['templates', kind]) as {
      sms: string
      emailSubject: string
      emailBody: string
    }
    try {
      const result = unwrap(await api.POST('/api/v1/notice-settings/preview', { body: { kind, ...t } }))
      setPreviews((current) => ({ ...current, [kind]: result }))
    } catch (error) {
      void message.error(describeError(error))
    }
  }
  const s = settings.data
  return (
    <Card title={x.settings.title} loading={settings.isPending}>
      {s?.inheritedFrom && (
        <Alert
          style={{ marginBottom: 16 }}
          type="info"
          showIcon
          message={x.settings.inherited(s.inheritedFrom.regionName)}
        />
      )}
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} style={{ maxWidth: 900 }}>
        <Space wrap size="large" align="start">
          <Form.Item
            name="numberPattern"
            label={x.settings.numberPattern}
            extra={s ? `${x.settings.nextNumber}：${s.nextNumber}` : undefined}
            rules={[{ required: true }]}
          >
            <Input style={{ width: 280 }} data-testid="settings-number-pattern" />
          </Form.Item>
          <Form.Item name="issuer" label={x.settings.issuer} rules={[{ required: true }]}>
            <Input style={{ width: 320 }} />
          </Form.Item>
        </Space>
        <Space wrap size="large">
          <Form.Item name="platformName" label={x.settings.platformName} rules={[{ required: true }]}>
            <Input style={{ width: 280 }} />
          </Form.Item>
          <Form.Item name="platformUrl" label={x.settings.platformUrl}>
            <Input style={{ width: 320 }} />
          </Form.Item>
          <Form.Item
            name="escalateAfterHours"
            label={x.settings.escalateAfterHours}
            rules={[{ required: true }]}
          >
            <InputNumber min={1} max={720} />
          </Form.Item>
          <Form.Item name="deadlineHours" label={x.settings.deadlineHours} rules={[{ required: true }]}>
            <InputNumber min={1} max={2160} />
          </Form.Item>
        </Space>
        <Typography.Title level={5}>{x.settings.templates}</Typography.Title>
        <Tabs
          items={MESSAGE_KINDS.map((kind) => ({
            key: kind,
            label: x.messageKind[kind],
            forceRender: true,
            children: (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Space wrap size={4}>
                  <Typography.Text type="secondary">{x.settings.variables}:</Typography.Text>
                  {(s?.variables[kind] ?? []).map((v) => (
                    <Tag key={v.name}>{`\${${v.name}} ${v.label}`}</Tag>
                  ))}
                </Space>
                <Form.Item
                  name={['templates', kind, 'sms']}
                  label={x.settings.sms}
                  rules={[{ required: true }]}
                >
                  <Input.TextArea rows={3} maxLength={500} />
                </Form.Item>
                <Form.Item
                  name={['templates', kind, 'emailSubject']}
                  label={x.settings.emailSubject}
                  rules={[{ required: true }]}
                >
                  <Input maxLength={200} />
                </Form.Item>
                <Form.Item
                  name={['templates', kind, 'emailBody']}
                  label={x.settings.emailBody}
                  rules={[{ required: true }]}
                >
                  <Input.TextArea rows={6} maxLength={5000} />
                </Form.Item>
                <Button onClick={() => void preview(kind)}>{x.settings.preview}</Button>
                {previews[kind] && (
                  <Card size="small" type="inner">
                    {previews[kind].problems.map((p) => (
                      <Alert key={p} type="error" message={p} style={{ marginBottom: 8 }} />
                    ))}
                    <Typography.Paragraph>{previews[kind].sms}</Typography.Paragraph>
                    <Typography.Text type="secondary">
                      {x.settings.segments(previews[kind].smsSegments)}
                    </Typography.Text>
                    <Typography.Paragraph strong style={{ marginTop: 8 }}>
                      {previews[kind].emailSubject}
                    </Typography.Paragraph>
                    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>
                      {previews[kind].emailBody}
                    </Typography.Paragraph>
                  </Card>
                )}
              </Space>
            ),
          }))}
        />
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {x.settings.save}
        </Button>
      </Form>
    </Card>
  )
}
