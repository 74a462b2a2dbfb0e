import { ArrowLeftOutlined } from '@ant-design/icons'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { App, Button, Card, Input, Popconfirm, Segmented, Space, Table, Tag, Tooltip } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import { api } from '../../api/client'
import { describeError } from '../../api/errors'
import { formatDateTime } from '../../lib/date-time'
import { REGISTRY_KEY, useConflicts, type AssetConflict } from './registry-api'
import { fill, REGISTRY_TEXTS } from './registry-texts'
import { useText } from './use-text'

type Status = 'open' | 'settled' | 'all'

/** 资产冲突: an identifier claimed by more than one organisation, for the regulator to settle: shared (both stand, e.g.
 * 政务云 or a shared egress) or assigned to one organisation (the other claims are retired). */
export default function AssetConflictsPage() {
  const text = useText(REGISTRY_TEXTS)
  const { message } = App.useApp()
  const queryClient = useQueryClient()
  const [status, setStatus] = useState<Status>('open')
  const [page, setPage] = useState(1)
  const [note, setNote] = useState('')
  const conflicts = useConflicts(status, page)

  const settle = useMutation({
    mutationFn: async (input: { key: string; decision: 'shared' | 'assigned'; keptAssetId?: string }) =>
      unwrap(
        await api.POST('/api/v1/assets/conflicts/settle', {
          body: { ...input, note: note.trim() || null },
        }),
      ),
    onSuccess: async () => {
      setNote('')
      await queryClient.invalidateQueries({ queryKey: REGISTRY_KEY })
      void message.success(text.common.saved)
    },
    onError: (error) => void message.error(describeError(error)),
  })

  const noteInput = (
    <Input
      placeholder={text.conflicts.note}
      value={note}
      onChange={(e) => setNote(e.target.value)}
      maxLength={1000}
    />
  )

  return (
    <Card
      title={
        <Space>
          <Link to="/assets">
            <Button icon={<ArrowLeftOutlined />} size="small" />
          </Link>
          {text.conflicts.title}
        </Space>
      }
      extra={
        <Segmented<Status>
          value={status}
          onChange={(value) => {
            setStatus(value)
            setPage(1)
          }}
          options={[
            { value: 'open', label: text.conflicts.open },
            { value: 'settled', label: text.conflicts.settled },
            { value: 'all', label: text.conflicts.all },
          ]}
        />
      }
    >
      <Table<AssetConflict>
        rowKey="key"
        loading={conflicts.isFetching}
        dataSource={conflicts.data?.items ?? []}
        locale={{ emptyText: text.conflicts.empty }}
        data-testid="conflict-table"
        pagination={{
          current: page,
          pageSize: 20,
          total: conflicts.data?.total ?? 0,
          onChange: setPage,
          showTotal: (total) => fill(text.common.total, { total }),
        }}
        columns={[
          { title: text.conflicts.identifier, dataIndex: 'identifier' },
          {
            title: text.conflicts.kind,
            dataIndex: 'kind',
            render: (kind: string) => text.conflicts.kinds[kind],
          },
          {
            title: text.conflicts.claims,
            key: 'claims',
            render: (_, c) => (
              <Space direction="vertical" size={4}>
                {c.claims.map((claim) => (
                  <Space key={claim.assetId} size={4} wrap>
                    <Link to={`/assets/${claim.assetId}`}>
                      {claim.organisationName ?? text.assets.otherOrganisation}
                    </Link>
                    <span>{claim.identifier}</span>
                    {!c.decision && c.canSettle && (
                      <Popconfirm
                        title={text.conflicts.assign}
                        description={noteInput}
                        onConfirm={() =>
                          settle.mutate({ key: c.key, decision: 'assigned', keptAssetId: claim.assetId })
                        }
                      >
                        <Button size="small">{text.conflicts.assign}</Button>
                      </Popconfirm>
                    )}
                  </Space>
                ))}
              </Space>
            ),
          },
          {
            title: text.conflicts.decision,
            key: 'decision',
            render: (_, c) =>
              c.decision ? (
                <Space direction="vertical" size={2}>
                  <Tag color="blue">
                    {c.decision.decision === 'shared' ? text.conflicts.shared : text.conflicts.assigned}
                  </Tag>
                  <span>{formatDateTime(c.decision.decidedAt)}</span>
                  {c.decision.note && <span>{c.decision.note}</span>}
                </Space>
              ) : c.canSettle ? (
                <Popconfirm
                  title={text.conflicts.shared}
                  description={noteInput}
                  onConfirm={() => settle.mutate({ key: c.key, decision: 'shared' })}
                >
                  <Button size="small" data-testid="conflict-shared">
                    {text.conflicts.shared}
                  </Button>
                </Popconfirm>
              ) : (
                <Tooltip title={text.conflicts.cannotSettle}>
                  <Tag>{text.conflicts.open}</Tag>
                </Tooltip>
              ),
          },
        ]}
      />
    </Card>
  )
}
