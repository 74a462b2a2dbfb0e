import { Card, Col, Row, Statistic, Table, Tag, Typography } from 'antd'
import { Link } from 'react-router-dom'
import { formatDateTime } from '../../lib/date-time'
import { useText } from '../campaigns/use-text'
import { useBoard, type NoticeSummary } from './notice-api'
import { ChannelTags } from './notice-components'
import { BRACKET_COLOURS, NOTICE_TEXTS } from './notice-texts'

const BRACKETS = ['within24h', 'within48h', 'within72h', 'later'] as const

/** 整改期限看板: every open notice by time since issue in the seed's brackets, overdue ones highlighted. */
export default function NoticeBoardPage() {
  const x = useText(NOTICE_TEXTS)
  const board = useBoard()
  const data = board.data
  return (
    <Card title={x.board.title} loading={board.isPending}>
      <Typography.Paragraph type="secondary">{x.board.subtitle}</Typography.Paragraph>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        {BRACKETS.map((b) => (
          <Col key={b} xs={12} md={4}>
            <Statistic title={x.bracket[b]} value={data?.brackets[b] ?? 0} data-testid={`board-${b}`} />
          </Col>
        ))}
        <Col xs={12} md={4}>
          <Statistic
            title={x.board.overdue}
            value={data?.overdue ?? 0}
            valueStyle={{ color: '#cf1322' }}
            data-testid="board-overdue"
          />
        </Col>
        <Col xs={12} md={4}>
          <Statistic title={x.board.unacknowledged} value={data?.unacknowledged ?? 0} />
        </Col>
      </Row>
      <Table<NoticeSummary>
        rowKey="id"
        size="small"
        dataSource={data?.items ?? []}
        onRow={(row) => (row.overdue ? { style: { background: '#fff1f0' } } : {})}
        columns={[
          {
            title: x.list.number,
            dataIndex: 'documentNumber',
            render: (v: string, row) => <Link to={`/notices/${row.id}`}>{v}</Link>,
          },
          { title: x.list.organisation, dataIndex: 'organisationName' },
          {
            title: x.board.hours,
            dataIndex: 'hoursSinceIssue',
            render: (v: number, row) => (
              <Tag color={BRACKET_COLOURS[row.bracket]}>{`${v} h · ${x.bracket[row.bracket]}`}</Tag>
            ),
          },
          {
            title: x.list.deadline,
            dataIndex: 'deadlineAt',
            render: (v: string, row) => (
              <Typography.Text
                type={row.overdue ? 'danger' : undefined}
                data-testid={row.overdue ? 'board-overdue-row' : undefined}
              >
                {formatDateTime(v)}
                {row.overdue ? ` · ${x.list.overdue}` : ''}
              </Typography.Text>
            ),
          },
          {
            title: x.list.acknowledged,
            dataIndex: 'acknowledgedAt',
            render: (v: string | null) => (
              <Tag color={v ? 'green' : 'orange'}>{v ? x.list.acknowledged : x.list.notAcknowledged}</Tag>
            ),
          },
          {
            title: x.list.status,
            render: (_: unknown, row) => x.list.progress(row.openFindingCount, row.findingCount),
          },
          { title: x.list.channels, render: (_: unknown, row) => <ChannelTags channels={row.channels} /> },
        ]}
      />
    </Card>
  )
}
