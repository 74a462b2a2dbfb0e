import { Alert, Card, Col, List, Row, Space, Table, Tag, Typography } from 'antd'
import { Link } from 'react-router-dom'
import { formatDateTime } from '../../lib/date-time'
import { useText } from '../campaigns/use-text'
import { FINDING_TEXTS, SEVERITY_COLOURS } from '../findings/finding-texts'
import { useInbox, type Inbox } from './notice-api'
import { ChannelTags, NoticeStateTags } from './notice-components'
import { NOTICE_TEXTS } from './notice-texts'

type OpenItem = Inbox['openItems'][number]

/** 收件箱 of the organisation: what it has to do and by when, its notices, and the messages the platform sent it. */
export default function InboxPage() {
  const x = useText(NOTICE_TEXTS)
  const f = useText(FINDING_TEXTS)
  const inbox = useInbox()
  const data = inbox.data
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      {data && data.unacknowledged > 0 && (
        <Alert
          type="warning"
          showIcon
          message={x.inbox.unacknowledged(data.unacknowledged)}
          data-testid="inbox-unacknowledged"
        />
      )}
      <Card title={x.inbox.openItems} loading={inbox.isPending}>
        <Table<OpenItem>
          rowKey="findingId"
          size="small"
          pagination={false}
          dataSource={data?.openItems ?? []}
          locale={{ emptyText: x.inbox.empty }}
          columns={[
            {
              title: x.detail.finding,
              dataIndex: 'findingTitle',
              render: (title: string, row) => <Link to={`/findings/${row.findingId}`}>{title}</Link>,
            },
            {
              title: x.detail.severity,
              dataIndex: 'severity',
              render: (v: string) => <Tag color={SEVERITY_COLOURS[v]}>{f.severity[v]}</Tag>,
            },
            {
              title: x.list.number,
              dataIndex: 'documentNumber',
              render: (v: string, row) => <Link to={`/notices/${row.noticeId}`}>{v}</Link>,
            },
            {
              title: x.list.deadline,
              dataIndex: 'deadlineAt',
              render: (v: string, row) => (
                <Typography.Text type={row.overdue ? 'danger' : undefined}>
                  {formatDateTime(v)}
                  {row.overdue ? ` · ${x.list.overdue}` : ''}
                </Typography.Text>
              ),
            },
            {
              title: x.list.status,
              dataIndex: 'action',
              render: (v: string) => (
                <Tag color={v === 'rectify' ? 'orange' : 'blue'}>{x.inboxAction[v]}</Tag>
              ),
            },
          ]}
        />
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card title={x.inbox.notices} size="small">
            <List
              dataSource={data?.notices ?? []}
              renderItem={(n) => (
                <List.Item data-testid="inbox-notice">
                  <Space direction="vertical" size={2} style={{ width: '100%' }}>
                    <Link to={`/notices/${n.id}`}>
                      {n.documentNumber} {n.title}
                    </Link>
                    <NoticeStateTags notice={n} />
                    <ChannelTags channels={n.channels} />
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={x.inbox.messages} size="small">
            <List
              dataSource={data?.messages ?? []}
              renderItem={(m) => (
                <List.Item data-testid={m.noticeId ? 'inbox-message' : 'inbox-reminder'}>
                  <Space direction="vertical" size={0}>
                    <Typography.Text type="secondary">
                      {formatDateTime(m.at)} · {x.messageKind[m.kind] ?? m.kind} ·{' '}
                      {m.noticeId ? (
                        <Link to={`/notices/${m.noticeId}`}>{m.documentNumber}</Link>
                      ) : (
                        <Link to="/dengbao?tab=overdue">{x.inbox.reminder}</Link>
                      )}
                    </Typography.Text>
                    <Typography.Text>{m.text}</Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  )
}
