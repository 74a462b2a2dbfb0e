import { Table, Tag } from 'antd'
import { Link } from 'react-router-dom'
import type { DueList } from './dengbao-api'
import { DENGBAO_TEXTS, fill } from './dengbao-texts'
import { useText } from './use-text'

type DueItem = Omit<DueList['items'][number], 'organisationName'> & { organisationName?: string }

/** Obligations with their due dates, the overdue ones marked (seed 003 deadlines). */
export function DueTable({
  items,
  loading,
  showOrganisation = false,
}: {
  items: readonly DueItem[]
  loading: boolean
  showOrganisation?: boolean
}) {
  const x = useText(DENGBAO_TEXTS)
  return (
    <Table<DueItem>
      rowKey={(i) => `${i.kind}-${i.systemId}-${i.itemId ?? ''}`}
      size="small"
      loading={loading}
      dataSource={[...items]}
      pagination={items.length > 20 ? { pageSize: 20 } : false}
      locale={{ emptyText: x.detail.noDue }}
      columns={[
        { title: x.due.item, dataIndex: 'kind', render: (k: string) => x.due.kinds[k] ?? k },
        ...(showOrganisation ? [{ title: x.due.organisation, dataIndex: 'organisationName' }] : []),
        {
          title: x.due.system,
          dataIndex: 'systemName',
          render: (name: string, i: DueItem) => <Link to={`/dengbao/systems/${i.systemId}`}>{name}</Link>,
        },
        {
          title: x.due.item,
          dataIndex: 'title',
          key: 'title',
        },
        { title: x.due.dueOn, dataIndex: 'dueOn' },
        {
          title: x.due.daysLeft,
          dataIndex: 'daysLeft',
          render: (days: number, i: DueItem) =>
            i.isOverdue ? <Tag color="red">{fill(x.due.overdueBy, { days: -days })}</Tag> : days,
        },
      ]}
    />
  )
}
