import { Table, Tag } from 'antd'
import { formatDateTime } from '../../lib/date-time'
import type { HistoryEvent } from './registry-api'
import { REGISTRY_TEXTS } from './registry-texts'
import { useText } from './use-text'

type Props = {
  events: HistoryEvent[] | undefined
  total: number
  page: number
  loading: boolean
  onPage(page: number): void
}

/** What changed, as text: `field: before → after` for changed fields, `key: value` otherwise (rendered as text). */
function describeSummary(summary: Record<string, unknown>): string {
  return Object.entries(summary)
    .map(([key, value]) =>
      Array.isArray(value) && value.length === 2
        ? `${key}: ${JSON.stringify(value[0])} → ${JSON.stringify(value[1])}`
        : `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`,
    )
    .join('；')
}

/** 变更记录 of an organisation or an asset, from the audit trail. */
export function HistoryTable({ events, total, page, loading, onPage }: Props) {
  const text = useText(REGISTRY_TEXTS)
  return (
    <Table<HistoryEvent>
      rowKey="seq"
      size="small"
      loading={loading}
      dataSource={events ?? []}
      pagination={{ current: page, pageSize: 10, total, onChange: onPage, showSizeChanger: false }}
      data-testid="history-table"
      columns={[
        { title: text.common.time, dataIndex: 'at', width: 180, render: (at: string) => formatDateTime(at) },
        { title: text.common.actor, dataIndex: 'actorUsername', width: 140 },
        {
          title: text.common.action,
          dataIndex: 'action',
          width: 220,
          render: (action: string) => <Tag>{action}</Tag>,
        },
        {
          title: text.common.changes,
          dataIndex: 'summary',
          render: (summary: Record<string, unknown>) => (
            <span style={{ wordBreak: 'break-all' }}>{describeSummary(summary)}</span>
          ),
        },
      ]}
    />
  )
}
