import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { Alert, App, Button, Card, Descriptions, Input, List, Popconfirm, Space, Spin, Tag } from 'antd'
import { useState } from 'react'
import { Link, useParams } from 'react-router-dom'
import { api } from '../../api/client'
import { describeError } from '../../api/errors'
import { formatDateTime } from '../../lib/date-time'
import { AssetFormModal } from './asset-form-modal'
import { HistoryTable } from './history-table'
import { REGISTRY_KEY, useAssetDetail, useAssetHistory } from './registry-api'
import { REGISTRY_TEXTS } from './registry-texts'
import { useText } from './use-text'

/** One asset: identifier as written and normalised, conflicts with other organisations, retire/reactivate, history. */
export default function AssetDetailPage() {
  const text = useText(REGISTRY_TEXTS)
  const { id } = useParams()
  const { message } = App.useApp()
  const queryClient = useQueryClient()
  const asset = useAssetDetail(id)
  const [historyPage, setHistoryPage] = useState(1)
  const history = useAssetHistory(id, historyPage)
  const [editing, setEditing] = useState(false)
  const [reason, setReason] = useState('')

  const setStatus = useMutation({
    mutationFn: async (to: 'retire' | 'reactivate') => {
      const version = asset.data?.version ?? 0
      const path = { id: id ?? '' }
      return unwrap(
        to === 'retire'
          ? await api.POST('/api/v1/assets/{id}/retire', {
              params: { path },
              body: { version, reason: reason.trim() || null },
            })
          : await api.POST('/api/v1/assets/{id}/reactivate', { params: { path }, body: { version } }),
      )
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: REGISTRY_KEY }),
    onError: (error) => void message.error(describeError(error)),
  })

  const back = (
    <Link to="/assets">
      <Button icon={<ArrowLeftOutlined />}>{text.actions.back}</Button>
    </Link>
  )
  if (asset.isPending) return <Spin />
  if (asset.error)
    return (
      <Space direction="vertical">
        <Alert type="error" showIcon message={describeError(asset.error)} />
        {back}
      </Space>
    )
  const a = asset.data
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {back}
      <Card
        title={
          <Space>
            <span style={{ wordBreak: 'break-all' }}>{a.path ? `${a.canonical}${a.path}` : a.canonical}</span>
            <Tag color={a.status === 'active' ? 'green' : 'default'}>{text.assetStatuses[a.status]}</Tag>
          </Space>
        }
        extra={
          a.canEdit && (
            <Space>
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                {text.actions.edit}
              </Button>
              {a.status === 'active' ? (
                <Popconfirm
                  title={text.assets.confirmRetire}
                  description={
                    <Input
                      placeholder={text.assets.retireReason}
                      value={reason}
                      onChange={(e) => setReason(e.target.value)}
                      maxLength={500}
                    />
                  }
                  onConfirm={() => setStatus.mutate('retire')}
                >
                  <Button danger loading={setStatus.isPending}>
                    {text.actions.retire}
                  </Button>
                </Popconfirm>
              ) : (
                <Button onClick={() => setStatus.mutate('reactivate')} loading={setStatus.isPending}>
                  {text.actions.reactivate}
                </Button>
              )}
            </Space>
          )
        }
      >
        <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
          <Descriptions.Item label={text.assets.organisation}>
            <Link to={`/organisations/${a.organisationId}`}>{a.organisationName}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={text.assets.type}>{text.assetTypes[a.type]}</Descriptions.Item>
          <Descriptions.Item label={text.assets.identifier}>
            <span style={{ wordBreak: 'break-all' }}>{a.identifier}</span>
          </Descriptions.Item>
          <Descriptions.Item label={text.assets.canonical}>{a.canonical}</Descriptions.Item>
          <Descriptions.Item label={text.assets.path}>{a.path}</Descriptions.Item>
          <Descriptions.Item label={text.assets.ports}>{a.ports?.join(', ')}</Descriptions.Item>
          <Descriptions.Item label={text.assets.name}>{a.name}</Descriptions.Item>
          <Descriptions.Item label={text.assets.source}>{text.assetSources[a.source]}</Descriptions.Item>
          <Descriptions.Item label={text.common.time}>{formatDateTime(a.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={text.assets.notes}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{a.notes}</span>
          </Descriptions.Item>
          {a.normalisationNotes.length > 0 && (
            <Descriptions.Item label={text.assets.normalisation} span={2}>
              {a.normalisationNotes.join('；')}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      {a.conflicts.length > 0 && (
        <Card title={text.assets.conflicts} data-testid="asset-conflicts">
          <Alert type="warning" showIcon message={text.assets.conflictsHint} style={{ marginBottom: 12 }} />
          <List
            dataSource={a.conflicts}
            renderItem={(c) => (
              <List.Item>
                <Space direction="vertical">
                  <span>
                    {text.conflicts.kinds[c.kind]} · {c.identifier}
                    {c.decision && <Tag style={{ marginLeft: 8 }}>{text.conflicts.settled}</Tag>}
                  </span>
                  <span>
                    {c.claims
                      .map(
                        (claim) =>
                          `${claim.organisationName ?? text.assets.otherOrganisation}：${claim.identifier}`,
                      )
                      .join('；')}
                  </span>
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}
      <Card title={text.common.history}>
        <HistoryTable
          events={history.data?.items}
          total={history.data?.total ?? 0}
          page={historyPage}
          loading={history.isFetching}
          onPage={setHistoryPage}
        />
      </Card>
      <AssetFormModal open={editing} asset={a} onClose={() => setEditing(false)} />
    </Space>
  )
}
