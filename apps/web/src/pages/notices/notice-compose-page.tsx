import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import {
  App,
  Alert,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useState } from 'react'
import { useNavigate } from 'react-router-dom'
import { api } from '../../api/client'
import { applyFieldErrors, describeError } from '../../api/errors'
import { beijingWallClockToIso, DISPLAY_TIME_ZONE } from '../../lib/date-time'
import { useCampaignTargets, useCampaigns } from '../campaigns/campaign-api'
import { useText } from '../campaigns/use-text'
import { useFindings, type FindingSummary } from '../findings/finding-api'
import { FINDING_TEXTS, SEVERITY_COLOURS } from '../findings/finding-texts'
import { useNoticeSettings } from './notice-api'
import { NOTICE_TEXTS } from './notice-texts'

type Values = {
  campaignId?: string
  organisationId?: string
  title?: string
  deadline?: Dayjs
  noteMd?: string
  sms: boolean
  email: boolean
}

/** 下发通报: verified findings of one organisation in one campaign, a deadline, and the channels. */
export default function NoticeComposePage() {
  const x = useText(NOTICE_TEXTS)
  const f = useText(FINDING_TEXTS)
  const { message } = App.useApp()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [form] = Form.useForm<Values>()
  const [selected, setSelected] = useState<string[]>([])
  const campaignId = Form.useWatch('campaignId', form)
  const organisationId = Form.useWatch('organisationId', form)
  const campaigns = useCampaigns()
  const targets = useCampaignTargets(campaignId)
  const settings = useNoticeSettings()
  const findings = useFindings(
    {
      page: 1,
      pageSize: 200,
      sort: 'oldest',
      status: 'verified',
      ...(campaignId ? { campaignId } : {}),
      ...(organisationId ? { organisationId } : {}),
    },
    Boolean(campaignId && organisationId),
  )
  const hours = settings.data?.deadlineHours ?? 72
  const issue = useMutation({
    mutationFn: async (values: Values) =>
      unwrap(
        await api.POST('/api/v1/notices', {
          body: {
            organisationId: values.organisationId ?? '',
            findingIds: selected,
            ...(values.title?.trim() ? { title: values.title.trim() } : {}),
            ...(values.deadline ? { deadlineAt: beijingWallClockToIso(values.deadline) } : {}),
            ...(values.noteMd?.trim() ? { noteMd: values.noteMd } : {}),
            channels: { sms: values.sms, email: values.email },
          },
        }),
      ),
    onSuccess: (notice) => {
      void queryClient.invalidateQueries({ queryKey: ['notices'] })
      void queryClient.invalidateQueries({ queryKey: ['findings'] })
      void message.success(x.compose.issued(notice.documentNumber))
      navigate(`/notices/${notice.id}`)
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error)) void message.error(describeError(error))
    },
  })
  const defaultDeadline = dayjs(
    dayjs().tz(DISPLAY_TIME_ZONE).add(hours, 'hour').format('YYYY-MM-DDTHH:mm:00'),
  )
  return (
    <Card title={x.compose.title}>
      {settings.data && (
        <Alert
          style={{ marginBottom: 16 }}
          type="info"
          showIcon
          message={`${x.compose.nextNumber}：${settings.data.nextNumber}`}
          description={`${settings.data.issuer} · ${x.compose.deadlineHint(hours)}`}
        />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ sms: true, email: true }}
        onFinish={(values) => issue.mutate(values)}
        style={{ maxWidth: 960 }}
      >
        <Space wrap size="large">
          <Form.Item name="campaignId" label={x.compose.campaign} rules={[{ required: true }]}>
            <Select
              style={{ width: 320 }}
              data-testid="compose-campaign"
              options={(campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
              onChange={() => {
                form.setFieldValue('organisationId', undefined)
                setSelected([])
              }}
            />
          </Form.Item>
          <Form.Item name="organisationId" label={x.compose.organisation} rules={[{ required: true }]}>
            <Select
              style={{ width: 320 }}
              showSearch
              optionFilterProp="label"
              data-testid="compose-organisation"
              options={(targets.data ?? []).map((t) => ({
                value: t.organisationId,
                label: t.organisationName,
              }))}
              onChange={() => setSelected([])}
            />
          </Form.Item>
        </Space>
        <Form.Item label={x.compose.findings} required>
          <Table<FindingSummary>
            rowKey="id"
            size="small"
            pagination={false}
            loading={findings.isFetching}
            dataSource={campaignId && organisationId ? (findings.data?.items ?? []) : []}
            locale={{ emptyText: x.compose.noFindings }}
            rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }}
            columns={[
              {
                title: x.detail.finding,
                dataIndex: 'title',
                render: (v: string) => <Typography.Text>{v}</Typography.Text>,
              },
              { title: x.detail.kind, dataIndex: 'kind', render: (v: string) => f.kind[v] },
              {
                title: x.detail.severity,
                dataIndex: 'severity',
                render: (v: string) => <Tag color={SEVERITY_COLOURS[v]}>{f.severity[v]}</Tag>,
              },
              {
                title: x.detail.location,
                dataIndex: 'target',
                render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
              },
            ]}
          />
        </Form.Item>
        <Form.Item name="title" label={x.compose.titleField}>
          <Input placeholder={x.compose.titlePlaceholder} maxLength={200} />
        </Form.Item>
        <Form.Item name="deadline" label={x.compose.deadline} extra={x.compose.deadlineHint(hours)}>
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            placeholder={defaultDeadline.format('YYYY-MM-DD HH:mm')}
          />
        </Form.Item>
        <Form.Item name="noteMd" label={x.compose.note}>
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
        <Form.Item label={x.compose.channels}>
          <Space>
            <Form.Item name="sms" valuePropName="checked" noStyle>
              <Checkbox>{x.compose.sms}</Checkbox>
            </Form.Item>
            <Form.Item name="email" valuePropName="checked" noStyle>
              <Checkbox>{x.compose.email}</Checkbox>
            </Form.Item>
          </Space>
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          loading={issue.isPending}
          disabled={!selected.length}
          data-testid="compose-submit"
        >
          {x.compose.submit}
        </Button>
      </Form>
    </Card>
  )
}
