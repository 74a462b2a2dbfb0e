import { ArrowLeftOutlined } from '@ant-design/icons'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Drawer,
  Input,
  Modal,
  Popconfirm,
  Row,
  Segmented,
  Space,
  Spin,
  Statistic,
  Table,
  Tag,
} from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router-dom'
import { api } from '../../api/client'
import { describeError } from '../../api/errors'
import { formatDateTime } from '../../lib/date-time'
import {
  REGISTRY_KEY,
  useCensusRound,
  useParticipants,
  type Participant,
  type ParticipantQuery,
  type Snapshot,
} from './registry-api'
import { fill, REGISTRY_TEXTS } from './registry-texts'
import { useText } from './use-text'

type Filter = 'all' | 'pending' | 'submitted' | 'late'

/** The submitted list of one organisation, as it was when submitted. */
function SnapshotDrawer({
  roundId,
  participant,
  onClose,
}: {
  roundId: string
  participant: Participant | null
  onClose(): void
}) {
  const text = useText(REGISTRY_TEXTS)
  const snapshot = useQuery({
    queryKey: ['registry', 'census-snapshot', roundId, participant?.organisationId],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/census-rounds/{id}/participants/{organisationId}/snapshot', {
          params: { path: { id: roundId, organisationId: participant?.organisationId ?? '' } },
        }),
      ),
    enabled: Boolean(participant),
  })
  return (
    <Drawer
      open={Boolean(participant)}
      onClose={onClose}
      width={640}
      title={`${participant?.organisationName ?? ''} · ${text.census.snapshot}`}
    >
      {snapshot.isPending ? (
        <Spin />
      ) : snapshot.data && !snapshot.data.submitted ? (
        <Alert type="info" message={text.census.notSubmitted} />
      ) : (
        <Table<Snapshot['assets'][number]>
          rowKey="assetId"
          size="small"
          pagination={{ pageSize: 50 }}
          dataSource={snapshot.data?.assets ?? []}
          columns={[
            {
              title: text.assets.identifier,
              dataIndex: 'canonical',
              render: (_, a) => (a.path ? `${a.canonical}${a.path}` : a.canonical),
            },
            { title: text.assets.type, dataIndex: 'type', render: (type: string) => text.assetTypes[type] },
            { title: text.assets.name, dataIndex: 'name' },
          ]}
        />
      )}
    </Drawer>
  )
}

/** 报送情况: who has submitted, who has not, who was late; the liaison confirms and submits here. */
export default function CensusRoundPage() {
  const text = useText(REGISTRY_TEXTS)
  const { t } = useTranslation(['organisations'])
  const { id } = useParams()
  const { message } = App.useApp()
  const queryClient = useQueryClient()
  const round = useCensusRound(id)
  const [filter, setFilter] = useState<Filter>('all')
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 })
  const query: ParticipantQuery = {
    ...paging,
    ...(filter === 'pending' || filter === 'submitted' ? { status: filter } : {}),
    ...(filter === 'late' ? { late: 'true' as const } : {}),
  }
  const participants = useParticipants(id, query)
  const [submitting, setSubmitting] = useState<Participant | null>(null)
  const [confirmed, setConfirmed] = useState(false)
  const [statement, setStatement] = useState('')
  const [viewing, setViewing] = useState<Participant | null>(null)

  const refresh = () => queryClient.invalidateQueries({ queryKey: REGISTRY_KEY })
  const submit = useMutation({
    mutationFn: async (p: Participant) =>
      unwrap(
        await api.POST('/api/v1/census-rounds/{id}/participants/{organisationId}/submit', {
          params: { path: { id: id ?? '', organisationId: p.organisationId } },
          body: { confirm: true, statement: statement.trim() || null, version: p.version },
        }),
      ),
    onSuccess: async () => {
      setSubmitting(null)
      setConfirmed(false)
      setStatement('')
      await refresh()
      void message.success(text.common.saved)
    },
    onError: (error) => void message.error(describeError(error)),
  })
  const close = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/census-rounds/{id}/close', {
          params: { path: { id: id ?? '' } },
          body: { version: round.data?.version ?? 0 },
        }),
      ),
    onSuccess: refresh,
    onError: (error) => void message.error(describeError(error)),
  })

  const back = (
    <Link to="/census">
      <Button icon={<ArrowLeftOutlined />}>{text.actions.back}</Button>
    </Link>
  )
  if (round.isPending) return <Spin />
  if (round.error)
    return (
      <Space direction="vertical">
        <Alert type="error" showIcon message={describeError(round.error)} />
        {back}
      </Space>
    )
  const r = round.data

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {back}
      <Card
        title={
          <Space>
            {r.name}
            <Tag color={r.status === 'open' ? 'processing' : 'default'}>{text.census.statuses[r.status]}</Tag>
          </Space>
        }
        extra={
          r.canManage &&
          r.status === 'open' && (
            <Popconfirm title={text.census.confirmClose} onConfirm={() => close.mutate()}>
              <Button danger loading={close.isPending}>
                {text.census.close}
              </Button>
            </Popconfirm>
          )
        }
      >
        <Row gutter={16}>
          <Col span={6}>
            <Statistic
              title={text.census.deadline}
              value={formatDateTime(r.deadline)}
              valueStyle={{ fontSize: 16 }}
            />
          </Col>
          <Col span={4}>
            <Statistic title={text.census.participants} value={r.summary.participants} />
          </Col>
          <Col span={4}>
            <Statistic
              title={text.census.submitted}
              value={r.summary.submitted}
              valueStyle={{ color: '#3f8600' }}
            />
          </Col>
          <Col span={4}>
            <Statistic
              title={text.census.pending}
              value={r.summary.pending}
              valueStyle={{ color: '#cf1322' }}
            />
          </Col>
          <Col span={4}>
            <Statistic title={text.census.late} value={r.summary.late} />
          </Col>
        </Row>
        {r.notes && <p style={{ marginTop: 16, whiteSpace: 'pre-wrap' }}>{r.notes}</p>}
      </Card>
      <Card
        title={text.census.board}
        extra={
          <Segmented<Filter>
            value={filter}
            onChange={(value) => {
              setFilter(value)
              setPaging((p) => ({ ...p, page: 1 }))
            }}
            options={[
              { value: 'all', label: text.conflicts.all },
              { value: 'pending', label: text.census.pending },
              { value: 'submitted', label: text.census.submitted },
              { value: 'late', label: text.census.late },
            ]}
            data-testid="census-filter"
          />
        }
      >
        <Table<Participant>
          rowKey="organisationId"
          loading={participants.isFetching}
          dataSource={participants.data?.items ?? []}
          data-testid="census-board"
          pagination={{
            ...paging,
            total: participants.data?.total ?? 0,
            showTotal: (total) => fill(text.common.total, { total }),
            onChange: (page, pageSize) => setPaging({ page, pageSize }),
          }}
          columns={[
            {
              title: text.census.organisation,
              dataIndex: 'organisationName',
              render: (_, p) => <Link to={`/organisations/${p.organisationId}`}>{p.organisationName}</Link>,
            },
            {
              title: text.organisations.category,
              dataIndex: 'category',
              render: (_, p) => t(`category.${p.category}`),
            },
            {
              title: text.census.status,
              dataIndex: 'status',
              render: (_, p) => (
                <Space size={4}>
                  <Tag color={p.status === 'submitted' ? 'green' : 'red'}>
                    {text.census.participantStatuses[p.status]}
                  </Tag>
                  {p.isLate && <Tag color="orange">{text.census.late}</Tag>}
                </Space>
              ),
            },
            {
              title: text.census.submittedAt,
              dataIndex: 'submittedAt',
              render: (d: string | null) => formatDateTime(d),
            },
            { title: text.census.submittedAssets, dataIndex: 'submittedAssetCount' },
            { title: text.census.currentAssets, dataIndex: 'currentAssetCount' },
            {
              title: text.census.liaison,
              dataIndex: 'liaison',
              render: (_, p) => (p.liaison ? `${p.liaison.name} ${p.liaison.mobile ?? ''}` : null),
            },
            {
              title: text.common.action,
              key: 'actions',
              render: (_, p) => (
                <Space wrap>
                  <Button size="small" onClick={() => setViewing(p)}>
                    {text.census.snapshot}
                  </Button>
                  {p.canSubmit && (
                    <>
                      <Link to={`/organisations/${p.organisationId}`}>
                        <Button size="small">{text.census.editAssets}</Button>
                      </Link>
                      <Button
                        size="small"
                        type="primary"
                        onClick={() => setSubmitting(p)}
                        data-testid="census-submit"
                      >
                        {p.status === 'submitted' ? text.census.resubmit : text.census.submit}
                      </Button>
                    </>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Modal
        open={Boolean(submitting)}
        title={`${text.census.submitTitle} · ${submitting?.organisationName ?? ''}`}
        onCancel={() => setSubmitting(null)}
        onOk={() => submitting && submit.mutate(submitting)}
        okButtonProps={{ disabled: !confirmed }}
        okText={text.actions.confirm}
        cancelText={text.actions.cancel}
        confirmLoading={submit.isPending}
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <span>
            {text.census.currentAssets}: {submitting?.currentAssetCount}
          </span>
          <Checkbox
            checked={confirmed}
            onChange={(e) => setConfirmed(e.target.checked)}
            data-testid="census-confirm"
          >
            {text.census.submitConfirm}
          </Checkbox>
          <Input.TextArea
            rows={3}
            placeholder={text.census.statement}
            value={statement}
            onChange={(e) => setStatement(e.target.value)}
            maxLength={2000}
          />
        </Space>
      </Modal>
      <SnapshotDrawer roundId={r.id} participant={viewing} onClose={() => setViewing(null)} />
    </Space>
  )
}
