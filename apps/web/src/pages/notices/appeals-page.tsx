import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { App, Button, Card, Form, Input, Modal, Radio, Segmented, Space, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import { api } from '../../api/client'
import { describeError } from '../../api/errors'
import { useFullSession } from '../../auth/session'
import { formatDateTime } from '../../lib/date-time'
import { useText } from '../campaigns/use-text'
import { useAppeals, type AppealView } from './notice-api'
import { NOTICE_TEXTS } from './notice-texts'

type Decision = { decision: 'uphold' | 'withdraw'; reason: string }

/** 申诉处理: the reviewer upholds a contested finding or withdraws it (it then leaves every score). */
export default function AppealsPage() {
  const x = useText(NOTICE_TEXTS)
  const { user } = useFullSession()
  const { message } = App.useApp()
  const queryClient = useQueryClient()
  const [status, setStatus] = useState<'pending' | 'decided'>('pending')
  const [deciding, setDeciding] = useState<AppealView | null>(null)
  const [form] = Form.useForm<Decision>()
  const appeals = useAppeals(status)
  const decide = useMutation({
    mutationFn: async (values: Decision) =>
      unwrap(
        await api.POST('/api/v1/appeals/{id}/decision', {
          params: { path: { id: deciding?.id ?? '' } },
          body: { ...values, version: deciding?.version ?? 1 },
        }),
      ),
    onSuccess: () => {
      void message.success(x.appeals.done)
      setDeciding(null)
      form.resetFields()
      void queryClient.invalidateQueries({ queryKey: ['notices'] })
    },
    onError: (error) => void message.error(describeError(error)),
  })
  return (
    <Card
      title={x.appeals.title}
      extra={
        <Segmented
          value={status}
          onChange={(v) => setStatus(v as typeof status)}
          options={[
            { value: 'pending', label: x.appeals.pending },
            { value: 'decided', label: x.appeals.decided },
          ]}
        />
      }
    >
      <Table<AppealView>
        rowKey="id"
        size="small"
        loading={appeals.isPending}
        dataSource={appeals.data?.items ?? []}
        columns={[
          {
            title: x.appeals.finding,
            dataIndex: 'findingTitle',
            render: (v: string, row) => (
              <Space direction="vertical" size={0}>
                <Link to={`/findings/${row.findingId}`}>{v}</Link>
                <Link to={`/notices/${row.noticeId}`}>
                  <Typography.Text type="secondary">{row.documentNumber}</Typography.Text>
                </Link>
              </Space>
            ),
          },
          { title: x.appeals.organisation, dataIndex: 'organisationName' },
          { title: x.appeals.ground, dataIndex: 'ground', render: (v: string) => <Tag>{x.ground[v]}</Tag> },
          {
            title: x.appeals.reason,
            dataIndex: 'reason',
            render: (v: string) => (
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                {v}
              </Typography.Paragraph>
            ),
          },
          {
            title: x.appeals.submittedAt,
            dataIndex: 'submittedAt',
            render: (v: string) => formatDateTime(v),
          },
          {
            title: x.appeals.decision,
            render: (_: unknown, row) =>
              row.decision ? (
                <Space direction="vertical" size={0}>
                  <Tag color={row.decision === 'withdrawn' ? 'green' : 'blue'}>
                    {x.decision[row.decision]}
                  </Tag>
                  <Typography.Text type="secondary">{row.decisionReason}</Typography.Text>
                </Space>
              ) : user.role === 'reviewer' ? (
                <Button
                  size="small"
                  type="primary"
                  onClick={() => setDeciding(row)}
                  data-testid="appeal-decide"
                >
                  {x.appeals.decide}
                </Button>
              ) : null,
          },
        ]}
      />
      <Modal
        open={deciding !== null}
        title={`${x.appeals.decide}：${deciding?.findingTitle ?? ''}`}
        onCancel={() => setDeciding(null)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: decide.isPending }}
        destroyOnHidden
      >
        <Form<Decision>
          form={form}
          layout="vertical"
          initialValues={{ decision: 'uphold' }}
          onFinish={(v) => decide.mutate(v)}
        >
          <Form.Item name="decision" rules={[{ required: true }]}>
            <Radio.Group
              options={[
                { value: 'uphold', label: x.appeals.uphold },
                { value: 'withdraw', label: x.appeals.withdraw },
              ]}
            />
          </Form.Item>
          <Form.Item name="reason" label={x.appeals.decisionReason} rules={[{ required: true }]}>
            <Input.TextArea rows={3} maxLength={5000} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  )
}
