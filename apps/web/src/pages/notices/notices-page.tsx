import { PlusOutlined } from '@ant-design/icons'
import { Button, Card, Form, Input, Segmented, Space, Table, Typography } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import { useFullSession } from '../../auth/session'
import { formatDateTime } from '../../lib/date-time'
import { useText } from '../campaigns/use-text'
import { useNotices, type NoticeQuery, type NoticeSummary } from './notice-api'
import { ChannelTags, NoticeStateTags } from './notice-components'
import { NOTICE_TEXTS } from './notice-texts'

/** 通报: the regulator's side sees its region's notices, an organisation its own. */
export default function NoticesPage() {
  const x = useText(NOTICE_TEXTS)
  const { user } = useFullSession()
  const canIssue = user.role === 'regulator' || user.role === 'reviewer'
  const [status, setStatus] = useState<'open' | 'closed' | 'all'>('open')
  const [q, setQ] = useState('')
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(20)
  const query: NoticeQuery = { status, page, pageSize, ...(q ? { q } : {}) }
  const list = useNotices(query)
  return (
    <Card
      title={x.list.title}
      extra={
        <Space>
          {canIssue && (
            <Link to="/notices/new">
              <Button type="primary" icon={<PlusOutlined />} data-testid="notice-compose">
                {x.list.compose}
              </Button>
            </Link>
          )}
        </Space>
      }
    >
      <Space style={{ marginBottom: 16 }} wrap>
        <Segmented
          value={status}
          onChange={(value) => {
            setStatus(value as typeof status)
            setPage(1)
          }}
          options={[
            { value: 'open', label: x.list.open },
            { value: 'closed', label: x.list.closed },
            { value: 'all', label: x.list.all },
          ]}
        />
        <Form
          layout="inline"
          onFinish={(v: { q?: string }) => {
            setQ(v.q?.trim() ?? '')
            setPage(1)
          }}
        >
          <Form.Item name="q">
            <Input allowClear placeholder={x.list.q} style={{ width: 240 }} />
          </Form.Item>
          <Button htmlType="submit">{x.list.search}</Button>
        </Form>
      </Space>
      <Table<NoticeSummary>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          onChange: (p, s) => {
            setPage(p)
            setPageSize(s)
          },
        }}
        columns={[
          {
            title: x.list.number,
            dataIndex: 'documentNumber',
            render: (value: string, row) => (
              <Link to={`/notices/${row.id}`} data-testid="notice-link">
                {value}
              </Link>
            ),
          },
          {
            title: x.list.titleCol,
            dataIndex: 'title',
            render: (value: string, row) => (
              <Space direction="vertical" size={0}>
                <Typography.Text>{value}</Typography.Text>
                <Typography.Text type="secondary">{row.organisationName}</Typography.Text>
              </Space>
            ),
          },
          { title: x.list.issuedAt, dataIndex: 'issuedAt', render: (v: string) => formatDateTime(v) },
          { title: x.list.deadline, dataIndex: 'deadlineAt', render: (v: string) => formatDateTime(v) },
          {
            title: x.list.status,
            render: (_: unknown, row) => (
              <Space direction="vertical" size={2}>
                <NoticeStateTags notice={row} />
                <Typography.Text type="secondary">
                  {x.list.progress(row.openFindingCount, row.findingCount)}
                </Typography.Text>
              </Space>
            ),
          },
          { title: x.list.channels, render: (_: unknown, row) => <ChannelTags channels={row.channels} /> },
        ]}
      />
    </Card>
  )
}
