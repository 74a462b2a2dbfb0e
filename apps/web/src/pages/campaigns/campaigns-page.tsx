import { PlusOutlined } from '@ant-design/icons'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { Alert, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Table, Tag } from 'antd'
import type { Dayjs } from 'dayjs'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router-dom'
import { api } from '../../api/client'
import { applyFieldErrors, describeError } from '../../api/errors'
import { useFullSession } from '../../auth/session'
import { beijingWallClockToIso, formatDateTime } from '../../lib/date-time'
import { useCampaignTemplates, useCampaigns, type Campaign, type CreateCampaignRequest } from './campaign-api'
import { CAMPAIGN_TEXTS } from './campaign-texts'
import { useText } from './use-text'

export const STATUS_COLOURS: Record<string, string> = { draft: 'default', active: 'green', closed: 'purple' }

/** 专项行动 — the campaigns the caller takes part in (the API applies the scope); the regulator creates them. */
export default function CampaignsPage() {
  const x = useText(CAMPAIGN_TEXTS)
  const { user } = useFullSession()
  const campaigns = useCampaigns()
  const [creating, setCreating] = useState(false)
  return (
    <Card
      title={x.list.title}
      extra={
        user.role === 'regulator' && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="campaign-create"
          >
            {x.list.create}
          </Button>
        )
      }
    >
      <Table<Campaign>
        rowKey="id"
        data-testid="campaign-list"
        loading={campaigns.isFetching}
        dataSource={campaigns.data?.items ?? []}
        locale={{ emptyText: x.list.empty }}
        pagination={false}
        columns={[
          {
            title: x.list.name,
            dataIndex: 'name',
            render: (_, c) => <Link to={`/campaigns/${c.id}`}>{c.name}</Link>,
          },
          { title: x.list.year, dataIndex: 'year', width: 80 },
          { title: x.list.region, dataIndex: 'regionName' },
          {
            title: x.list.status,
            dataIndex: 'status',
            render: (_, c) => (
              <>
                <Tag color={STATUS_COLOURS[c.status]}>{x.status[c.status]}</Tag>
                {c.isTestingOpen && <Tag color="orange">{x.list.open}</Tag>}
              </>
            ),
          },
          {
            title: x.list.window,
            render: (_, c) => `${formatDateTime(c.testingStartsAt)} – ${formatDateTime(c.testingEndsAt)}`,
          },
          { title: x.list.targets, dataIndex: 'targetCount', width: 110 },
          { title: x.list.teams, dataIndex: 'teamCount', width: 90 },
        ]}
      />
      <CreateCampaignModal open={creating} onClose={() => setCreating(false)} />
    </Card>
  )
}

type Values = { name: string; year: number; template: string; window?: [Dayjs, Dayjs] | null }

function CreateCampaignModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const x = useText(CAMPAIGN_TEXTS)
  const [form] = Form.useForm<Values>()
  const year = Form.useWatch('year', form) ?? new Date().getFullYear()
  const templates = useCampaignTemplates(year, open)
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [error, setError] = useState<string | null>(null)
  const create = useMutation({
    mutationFn: async (values: Values) => {
      const body: CreateCampaignRequest = {
        name: values.name.trim(),
        year: values.year,
        template: values.template,
      }
      if (values.window) {
        body.testingStartsAt = beijingWallClockToIso(values.window[0])
        body.testingEndsAt = beijingWallClockToIso(values.window[1])
      }
      return unwrap(await api.POST('/api/v1/campaigns', { body }))
    },
    onMutate: () => setError(null),
    onSuccess: async (campaign) => {
      await queryClient.invalidateQueries({ queryKey: ['campaigns'] })
      onClose()
      navigate(`/campaigns/${campaign.id}`)
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e)) setError(describeError(e))
    },
  })
  return (
    <Modal
      open={open}
      title={x.create.title}
      okText={x.create.submit}
      cancelText={x.common.cancel}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      forceRender
    >
      {error && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={error} />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ year: new Date().getFullYear(), template: 'wangan-2022-changzhou' }}
        onFinish={(values) => create.mutate(values)}
      >
        <Form.Item
          name="name"
          label={x.create.name}
          rules={[{ required: true, whitespace: true, message: x.create.nameRequired }]}
        >
          <Input data-testid="campaign-name" maxLength={100} />
        </Form.Item>
        <Form.Item name="year" label={x.create.year} rules={[{ required: true }]}>
          <InputNumber min={2000} max={2100} />
        </Form.Item>
        <Form.Item name="template" label={x.create.template} rules={[{ required: true }]}>
          <Select options={(templates.data ?? []).map((t) => ({ value: t.id, label: t.name }))} />
        </Form.Item>
        <Form.Item name="window" label={x.create.window} extra={x.create.windowHint}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
      </Form>
    </Modal>
  )
}
