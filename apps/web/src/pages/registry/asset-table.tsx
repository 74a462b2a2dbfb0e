import { Table, Tag } from 'antd'
import { Link } from 'react-router-dom'
import type { Asset } from './registry-api'
import { fill, REGISTRY_TEXTS } from './registry-texts'
import { useText } from './use-text'

type Props = {
  assets: Asset[]
  total: number
  page: number
  pageSize: number
  loading: boolean
  showOrganisation?: boolean
  onPage(page: number, pageSize: number): void
}

/** Assets with their normalised identifier; hostile text (names, notes) is rendered as text. */
export function AssetTable({
  assets,
  total,
  page,
  pageSize,
  loading,
  showOrganisation = true,
  onPage,
}: Props) {
  const text = useText(REGISTRY_TEXTS)
  return (
    <Table<Asset>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={assets}
      data-testid="asset-table"
      pagination={{
        current: page,
        pageSize,
        total,
        showSizeChanger: true,
        showTotal: (count) => fill(text.common.total, { total: count }),
        onChange: onPage,
      }}
      columns={[
        {
          title: text.assets.identifier,
          dataIndex: 'canonical',
          render: (_, a) => (
            <Link to={`/assets/${a.id}`} style={{ wordBreak: 'break-all' }}>
              {a.path ? `${a.canonical}${a.path}` : a.canonical}
            </Link>
          ),
        },
        {
          title: text.assets.type,
          dataIndex: 'type',
          width: 150,
          render: (type: string) => text.assetTypes[type],
        },
        { title: text.assets.name, dataIndex: 'name' },
        ...(showOrganisation
          ? [
              {
                title: text.assets.organisation,
                dataIndex: 'organisationName',
                render: (_: unknown, a: Asset) => (
                  <Link to={`/organisations/${a.organisationId}`}>{a.organisationName}</Link>
                ),
              },
            ]
          : []),
        {
          title: text.assets.ports,
          dataIndex: 'ports',
          width: 110,
          render: (ports: number[] | null) => ports?.join(', '),
        },
        {
          title: text.assets.source,
          dataIndex: 'source',
          width: 110,
          render: (s: string) => text.assetSources[s],
        },
        {
          title: text.assets.status,
          dataIndex: 'status',
          width: 90,
          render: (s: string) => (
            <Tag color={s === 'active' ? 'green' : 'default'}>{text.assetStatuses[s]}</Tag>
          ),
        },
      ]}
    />
  )
}
