import { DownloadOutlined } from '@ant-design/icons'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import {
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  List,
  Result,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd'
import { useState } from 'react'
import { Link, useParams } from 'react-router-dom'
import { api } from '../../api/client'
import { describeError } from '../../api/errors'
import { formatDateTime } from '../../lib/date-time'
import { useText } from '../campaigns/use-text'
import { FINDING_TEXTS, SEVERITY_COLOURS, STATUS_COLOURS } from '../findings/finding-texts'
import { AppealForm } from '../rectification/appeal-form'
import { RectificationForm } from '../rectification/rectification-form'
import {
  noticeDocumentUrl,
  noticeFileUrl,
  useNotice,
  type Delivery,
  type NoticeDetail,
  type NoticeFinding,
} from './notice-api'
import { ChannelTags, NoticeStateTags } from './notice-components'
import { DELIVERY_COLOURS, NOTICE_TEXTS } from './notice-texts'

/** 通报详情: the notice, its findings, where every message went, the organisation's reports and appeals, the re-tests,
 * and the timeline of every step. The liaison acknowledges, reports and appeals here. */
export default function NoticeDetailPage() {
  const { id } = useParams()
  const x = useText(NOTICE_TEXTS)
  const notice = useNotice(id)
  const [dialog, setDialog] = useState<'rectify' | 'appeal' | null>(null)
  if (notice.isError) return <Result status="404" title={describeError(notice.error)} />
  const n = notice.data
  if (!n) return <Card loading />
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Header notice={n} onRectify={() => setDialog('rectify')} onAppeal={() => setDialog('appeal')} />
      <FindingsCard notice={n} />
      <DeliveriesCard notice={n} />
      <ReportsCard notice={n} />
      <Card title={x.detail.timeline} size="small">
        <Timeline
          data-testid="notice-timeline"
          items={n.timeline.map((e) => ({
            color:
              e.kind.includes('failed') || e.kind === 'retest_not_fixed'
                ? 'red'
                : e.kind === 'escalated'
                  ? 'orange'
                  : 'blue',
            children: (
              <Space direction="vertical" size={0} data-testid={`timeline-${e.kind}`}>
                <Typography.Text>{e.text}</Typography.Text>
                <Typography.Text type="secondary">
                  {formatDateTime(e.at)}
                  {e.actorName ? ` · ${e.actorName}` : ''}
                </Typography.Text>
              </Space>
            ),
          }))}
        />
      </Card>
      {n.canRectify && (
        <RectificationForm notice={n} open={dialog === 'rectify'} onClose={() => setDialog(null)} />
      )}
      {n.canAppeal && <AppealForm notice={n} open={dialog === 'appeal'} onClose={() => setDialog(null)} />}
    </Space>
  )
}

function Header({
  notice: n,
  onRectify,
  onAppeal,
}: {
  notice: NoticeDetail
  onRectify: () => void
  onAppeal: () => void
}) {
  const x = useText(NOTICE_TEXTS)
  const { message } = App.useApp()
  const queryClient = useQueryClient()
  const acknowledge = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/api/v1/notices/{id}/acknowledge', { params: { path: { id: n.id } } })),
    onSuccess: (next) => {
      queryClient.setQueryData(['notices', 'detail', n.id], next)
      void queryClient.invalidateQueries({ queryKey: ['notices', 'inbox'] })
    },
    onError: (error) => void message.error(describeError(error)),
  })
  return (
    <Card
      title={
        <Space wrap>
          <Typography.Text strong data-testid="notice-number">
            {n.documentNumber}
          </Typography.Text>
          <Typography.Text>{n.title}</Typography.Text>
        </Space>
      }
      extra={
        <Space wrap>
          <a href={noticeDocumentUrl(n.id)} data-testid="notice-document">
            <Button icon={<DownloadOutlined />}>{x.detail.document}</Button>
          </a>
          {n.canAcknowledge && (
            <Button
              type="primary"
              loading={acknowledge.isPending}
              onClick={() => acknowledge.mutate()}
              data-testid="notice-acknowledge"
            >
              {x.detail.acknowledge}
            </Button>
          )}
          {n.canRectify && (
            <Button type="primary" onClick={onRectify} data-testid="notice-rectify">
              {x.detail.rectify}
            </Button>
          )}
          {n.canAppeal && (
            <Button onClick={onAppeal} data-testid="notice-appeal">
              {x.detail.appeal}
            </Button>
          )}
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <NoticeStateTags notice={n} />
        <Descriptions size="small" column={2} bordered>
          <Descriptions.Item label={x.list.organisation}>{n.organisationName}</Descriptions.Item>
          <Descriptions.Item label={x.list.campaign}>{n.campaignName}</Descriptions.Item>
          <Descriptions.Item label={x.detail.issuer}>{n.issuer}</Descriptions.Item>
          <Descriptions.Item label={x.detail.issuedBy}>{n.issuedByName}</Descriptions.Item>
          <Descriptions.Item label={x.list.issuedAt}>{formatDateTime(n.issuedAt)}</Descriptions.Item>
          <Descriptions.Item label={x.list.deadline}>
            <Typography.Text type={n.overdue ? 'danger' : undefined}>
              {formatDateTime(n.deadlineAt)}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={x.list.acknowledged} span={2}>
            <span data-testid="notice-ack-text">
              {n.acknowledgedAt
                ? x.detail.acknowledged(formatDateTime(n.acknowledgedAt), n.acknowledgedByName ?? '')
                : n.escalatedAt
                  ? x.detail.escalatedAt(formatDateTime(n.escalatedAt))
                  : x.detail.escalation(formatDateTime(n.escalationDueAt))}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={x.list.channels} span={2}>
            <ChannelTags channels={n.channels} testId="notice-channels" />
          </Descriptions.Item>
          {n.noteMd && (
            <Descriptions.Item label={x.detail.note} span={2}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                {n.noteMd}
              </Typography.Paragraph>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Space>
    </Card>
  )
}

function FindingsCard({ notice: n }: { notice: NoticeDetail }) {
  const x = useText(NOTICE_TEXTS)
  const f = useText(FINDING_TEXTS)
  return (
    <Card title={x.detail.findings} size="small">
      <Table<NoticeFinding>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={n.findings}
        columns={[
          { title: '#', dataIndex: 'ordinal', width: 48 },
          {
            title: x.detail.finding,
            dataIndex: 'title',
            render: (title: string, row) => (
              <Link to={`/findings/${row.id}`} data-testid="notice-finding-link">
                {title}
              </Link>
            ),
          },
          { title: x.detail.kind, dataIndex: 'kind', render: (v: string) => f.kind[v] },
          {
            title: x.detail.severity,
            dataIndex: 'severity',
            render: (v: string, row) => (
              <Tag color={SEVERITY_COLOURS[v]}>
                {f.severity[v]}
                {row.cvssBase !== null ? ` ${row.cvssBase.toFixed(1)}` : ''}
              </Tag>
            ),
          },
          {
            title: x.detail.location,
            dataIndex: 'target',
            render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
          },
          {
            title: x.detail.shells,
            dataIndex: 'webshellPaths',
            render: (paths: string[]) => (
              <Space direction="vertical" size={0}>
                {paths.map((p) => (
                  <Typography.Text key={p} code>
                    {p}
                  </Typography.Text>
                ))}
              </Space>
            ),
          },
          {
            title: x.detail.findingStatus,
            dataIndex: 'status',
            render: (status: string, row) => (
              <Space size={4} wrap>
                <Tag color={STATUS_COLOURS[status]} data-testid="notice-finding-status" data-status={status}>
                  {f.status[status]}
                </Tag>
                {row.appeal && <Tag color="purple">{`${f.detail.appeal}: ${row.appeal}`}</Tag>}
                {row.notFixedRetests > 0 && (
                  <Tag color="red">{`${x.detail.returns} ${row.notFixedRetests}`}</Tag>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  )
}

function DeliveriesCard({ notice: n }: { notice: NoticeDetail }) {
  const x = useText(NOTICE_TEXTS)
  const { message } = App.useApp()
  const queryClient = useQueryClient()
  const retry = useMutation({
    mutationFn: async (deliveryId: string) =>
      unwrap(
        await api.POST('/api/v1/notices/{id}/deliveries/{deliveryId}/retry', {
          params: { path: { id: n.id, deliveryId } },
        }),
      ),
    onSuccess: () => {
      void message.success(x.detail.retried)
      void queryClient.invalidateQueries({ queryKey: ['notices', 'detail', n.id] })
    },
    onError: (error) => void message.error(describeError(error)),
  })
  return (
    <Card title={x.detail.deliveries} size="small">
      <Table<Delivery>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={n.deliveries}
        data-testid="notice-deliveries"
        columns={[
          { title: '', dataIndex: 'event', render: (v: string) => x.event[v] ?? v },
          { title: '', dataIndex: 'channel', render: (v: string) => x.channel[v] },
          { title: x.detail.recipient, dataIndex: 'recipientName' },
          { title: x.detail.address, dataIndex: 'address' },
          {
            title: x.list.status,
            dataIndex: 'status',
            render: (status: string, row) => (
              <Tag
                color={DELIVERY_COLOURS[status]}
                data-testid={`delivery-${row.channel}`}
                data-status={status}
              >
                {x.deliveryStatus[status]}
              </Tag>
            ),
          },
          { title: x.detail.attempts, dataIndex: 'attempts' },
          {
            title: x.detail.sentAt,
            render: (_: unknown, row) =>
              row.sentAt
                ? formatDateTime(row.sentAt)
                : row.nextAttemptAt
                  ? `${x.detail.nextAttempt} ${formatDateTime(row.nextAttemptAt)}`
                  : '',
          },
          { title: x.detail.provider, dataIndex: 'provider', render: (v: string | null) => v ?? '' },
          {
            title: x.detail.lastError,
            dataIndex: 'lastError',
            render: (v: string | null) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : ''),
          },
          {
            title: '',
            render: (_: unknown, row) =>
              n.canRetryDeliveries && row.status === 'failed' ? (
                <Button size="small" loading={retry.isPending} onClick={() => retry.mutate(row.id)}>
                  {x.detail.retry}
                </Button>
              ) : null,
          },
        ]}
      />
    </Card>
  )
}

function ReportsCard({ notice: n }: { notice: NoticeDetail }) {
  const x = useText(NOTICE_TEXTS)
  const titleOf = (findingId: string) => n.findings.find((f) => f.id === findingId)?.title ?? findingId
  if (!n.reports.length && !n.appeals.length && !n.retests.length) return null
  return (
    <Card title={`${x.detail.reports} · ${x.detail.appeals} · ${x.detail.retests}`} size="small">
      <List
        size="small"
        header={<Typography.Text strong>{x.detail.reports}</Typography.Text>}
        dataSource={n.reports}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
        renderItem={(r) => (
          <List.Item data-testid="notice-report">
            <Space direction="vertical" size={2} style={{ width: '100%' }}>
              <Typography.Text type="secondary">
                {formatDateTime(r.submittedAt)} · {r.submittedByName} · {r.findingIds.map(titleOf).join('、')}
              </Typography.Text>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                {r.summaryMd}
              </Typography.Paragraph>
              {r.removedWebshellPaths.map((p) => (
                <Typography.Text key={p} code>
                  {p}
                </Typography.Text>
              ))}
              <Space wrap>
                {r.files.map((file) => (
                  <a key={file.id} href={noticeFileUrl(n.id, file.id, true)} target="_blank" rel="noreferrer">
                    {file.originalName}
                  </a>
                ))}
              </Space>
            </Space>
          </List.Item>
        )}
      />
      {n.appeals.length > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>{x.detail.appeals}</Typography.Text>}
          dataSource={n.appeals}
          renderItem={(a) => (
            <List.Item data-testid="notice-appeal-item">
              <Space direction="vertical" size={2}>
                <Typography.Text>
                  {a.findingTitle} · {x.ground[a.ground]} · {formatDateTime(a.submittedAt)}
                </Typography.Text>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                  {a.reason}
                </Typography.Paragraph>
                {a.decision && (
                  <Typography.Text type="secondary">
                    {x.decision[a.decision]} · {a.decisionReason} · {a.decidedByName}
                  </Typography.Text>
                )}
              </Space>
            </List.Item>
          )}
        />
      )}
      {n.retests.length > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>{x.detail.retests}</Typography.Text>}
          dataSource={n.retests}
          renderItem={(r) => (
            <List.Item>
              <Typography.Text>
                {titleOf(r.findingId)} ·{' '}
                <Tag color={r.result === 'fixed' ? 'green' : 'red'}>
                  {r.result === 'fixed' ? x.retests.fixed : x.retests.notFixed}
                </Tag>
                {r.reason ?? ''} · {r.retesterName} · {formatDateTime(r.createdAt)}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
    </Card>
  )
}
