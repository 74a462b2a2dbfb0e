import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import {
  App,
  Badge,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Modal,
  Popconfirm,
  Result,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Timeline,
} from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useDeferredValue, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router-dom'
import { api } from '../../api/client'
import { describeError } from '../../api/errors'
import type { OrganisationCategory } from '../../api/types'
import { useFullSession } from '../../auth/session'
import { DISPLAY_TIME_ZONE, beijingWallClockToIso, formatDateTime } from '../../lib/date-time'
import { useOrganisationList } from '../organisations/use-organisations'
import {
  useCampaign,
  useCampaignBoard,
  useCampaignTargets,
  useCampaignTeams,
  type CampaignDetail,
  type CampaignPhase,
  type CampaignTarget,
} from './campaign-api'
import { CampaignTeams } from './campaign-teams'
import { CAMPAIGN_TEXTS } from './campaign-texts'
import { STATUS_COLOURS } from './campaigns-page'
import { useText } from './use-text'

const REGULATOR_SIDE = ['regulator', 'reviewer', 'retester']

export default function CampaignDetailPage() {
  const { id } = useParams()
  const x = useText(CAMPAIGN_TEXTS)
  const { user } = useFullSession()
  const campaign = useCampaign(id)
  const { message } = App.useApp()
  const queryClient = useQueryClient()
  const setStatus = useMutation({
    mutationFn: async (to: 'activate' | 'close') => {
      const c = campaign.data!
      const path = to === 'activate' ? '/api/v1/campaigns/{id}/activate' : '/api/v1/campaigns/{id}/close'
      return unwrap(await api.POST(path, { params: { path: { id: c.id } }, body: { version: c.version } }))
    },
    onSuccess: async () => queryClient.invalidateQueries({ queryKey: ['campaigns'] }),
    onError: (e) => void message.error(describeError(e)),
  })
  if (campaign.isError) return <Result status="404" title={describeError(campaign.error)} />
  const c = campaign.data
  if (!c) return <Card loading />
  const isRegulatorSide = REGULATOR_SIDE.includes(user.role)
  const isTeam = user.role === 'tester' || user.role === 'team_lead'
  return (
    <Card
      title={
        <Space>
          <span data-testid="campaign-title">{c.name}</span>
          <Tag color={STATUS_COLOURS[c.status]}>{x.status[c.status]}</Tag>
          <Badge
            status={c.isTestingOpen ? 'processing' : 'default'}
            text={c.isTestingOpen ? x.detail.testingOpen : x.detail.testingClosed}
          />
        </Space>
      }
      extra={
        <Space>
          {isTeam && (
            <Link to={`/campaigns/${c.id}/workspace`}>
              <Button type="primary" data-testid="open-workspace">
                {x.detail.workspace}
              </Button>
            </Link>
          )}
          {isRegulatorSide && (
            <Link to={`/findings?campaignId=${c.id}`}>
              <Button>{x.detail.findings}</Button>
            </Link>
          )}
          {c.canManage && c.status === 'draft' && (
            <Popconfirm title={x.detail.confirmActivate} onConfirm={() => setStatus.mutate('activate')}>
              <Button type="primary" data-testid="campaign-activate" loading={setStatus.isPending}>
                {x.detail.activate}
              </Button>
            </Popconfirm>
          )}
          {c.canManage && c.status === 'active' && (
            <Popconfirm title={x.detail.confirmClose} onConfirm={() => setStatus.mutate('close')}>
              <Button danger loading={setStatus.isPending}>
                {x.detail.close}
              </Button>
            </Popconfirm>
          )}
        </Space>
      }
    >
      <Descriptions size="small" column={3} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={x.list.region}>{c.regionName}</Descriptions.Item>
        <Descriptions.Item label={x.list.year}>{c.year}</Descriptions.Item>
        <Descriptions.Item label={x.detail.template}>{c.template}</Descriptions.Item>
        <Descriptions.Item label={x.list.window}>
          {formatDateTime(c.testingStartsAt)} – {formatDateTime(c.testingEndsAt)}
        </Descriptions.Item>
        <Descriptions.Item label={x.detail.unitStandard}>{c.unitStandardId}</Descriptions.Item>
        <Descriptions.Item label={x.detail.teamStandard}>{c.teamStandardId}</Descriptions.Item>
      </Descriptions>
      <Tabs
        items={[
          {
            key: 'phases',
            label: x.detail.phases,
            children: <PhasesPanel campaign={c} showBoard={isRegulatorSide} />,
          },
          {
            key: 'targets',
            label: `${x.detail.targets} (${c.targetCount})`,
            children: <TargetsPanel campaign={c} />,
          },
          ...(isRegulatorSide || isTeam
            ? [
                {
                  key: 'teams',
                  label: `${x.detail.teams} (${c.teamCount})`,
                  children: <CampaignTeams campaign={c} />,
                },
              ]
            : []),
        ]}
      />
    </Card>
  )
}

function PhasesPanel({ campaign, showBoard }: { campaign: CampaignDetail; showBoard: boolean }) {
  const x = useText(CAMPAIGN_TEXTS)
  const board = useCampaignBoard(campaign.id, showBoard)
  const [editing, setEditing] = useState<CampaignPhase | null>(null)
  const colour = { upcoming: 'gray', open: 'blue', closed: 'green' } as const
  return (
    <Row gutter={24}>
      <Col xs={24} lg={10}>
        <Timeline
          data-testid="phase-timeline"
          items={campaign.phases.map((p) => ({
            color: colour[p.state],
            children: (
              <div data-testid={`phase-${p.kind}`}>
                <Space>
                  <strong>{p.name}</strong>
                  <Tag>{x.phases.kind[p.kind]}</Tag>
                  <Tag color={colour[p.state]}>{x.phases.state[p.state]}</Tag>
                  {campaign.canManage && campaign.status !== 'closed' && (
                    <Button size="small" type="link" onClick={() => setEditing(p)}>
                      {x.phases.edit}
                    </Button>
                  )}
                </Space>
                <div>
                  {p.startsAt ? `${x.phases.starts} ${formatDateTime(p.startsAt)} · ` : ''}
                  {x.phases.deadline} {formatDateTime(p.endsAt)}
                </div>
                {p.notes && <div style={{ color: '#888' }}>{p.notes}</div>}
              </div>
            ),
          }))}
        />
      </Col>
      {showBoard && (
        <Col xs={24} lg={14}>
          <Space direction="vertical" style={{ width: '100%' }} data-testid="phase-board">
            {(board.data?.phases ?? []).map((p) => (
              <Card key={p.kind} size="small" title={`${p.name} · ${x.phases.state[p.state]}`}>
                <Space size="large" wrap>
                  {p.figures.map((f) => (
                    <Statistic key={f.key} title={f.label} value={f.value} />
                  ))}
                </Space>
              </Card>
            ))}
          </Space>
        </Col>
      )}
      <PhaseModal campaign={campaign} phase={editing} onClose={() => setEditing(null)} />
    </Row>
  )
}

function PhaseModal({
  campaign,
  phase,
  onClose,
}: {
  campaign: CampaignDetail
  phase: CampaignPhase | null
  onClose: () => void
}) {
  const x = useText(CAMPAIGN_TEXTS)
  const [form] = Form.useForm<{ startsAt: Dayjs | null; endsAt: Dayjs }>()
  const queryClient = useQueryClient()
  const { message } = App.useApp()
  const save = useMutation({
    mutationFn: async (values: { startsAt: Dayjs | null; endsAt: Dayjs }) =>
      unwrap(
        await api.PATCH('/api/v1/campaigns/{id}/phases/{phaseId}', {
          params: { path: { id: campaign.id, phaseId: phase!.id } },
          body: {
            startsAt: values.startsAt ? beijingWallClockToIso(values.startsAt) : null,
            endsAt: beijingWallClockToIso(values.endsAt),
            version: phase!.version,
          },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['campaigns'] })
      onClose()
    },
    onError: (e) => void message.error(describeError(e)),
  })
  const local = (iso: string | null) =>
    iso ? dayjs(dayjs.utc(iso).tz(DISPLAY_TIME_ZONE).format('YYYY-MM-DDTHH:mm:ss')) : null
  return (
    <Modal
      open={phase !== null}
      title={phase?.name}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={x.phases.save}
      cancelText={x.common.cancel}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {phase && (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ startsAt: local(phase.startsAt), endsAt: local(phase.endsAt) }}
          onFinish={(values) => save.mutate(values)}
        >
          <Form.Item name="startsAt" label={x.phases.starts}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item name="endsAt" label={x.phases.deadline} rules={[{ required: true }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  )
}

function TargetsPanel({ campaign }: { campaign: CampaignDetail }) {
  const x = useText(CAMPAIGN_TEXTS)
  const { t } = useTranslation(['organisations'])
  const targets = useCampaignTargets(campaign.id)
  const teams = useCampaignTeams(campaign.id, campaign.canManage)
  const { message } = App.useApp()
  const queryClient = useQueryClient()
  const [search, setSearch] = useState('')
  const q = useDeferredValue(search.trim())
  const [chosen, setChosen] = useState<string[]>([])
  const candidates = useOrganisationList(
    { pageSize: 50, status: 'active', ...(q ? { q } : {}) },
    campaign.canManage,
  )
  const allOrganisations = useOrganisationList({ pageSize: 500, status: 'active' }, campaign.canManage)
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['campaigns'] })
  const add = useMutation({
    mutationFn: async (organisationIds: string[]) =>
      unwrap(
        await api.POST('/api/v1/campaigns/{id}/targets', {
          params: { path: { id: campaign.id } },
          body: { organisationIds },
        }),
      ),
    onSuccess: async (result) => {
      void message.success(x.targets.added(result.added, result.alreadyTargets))
      setChosen([])
      await refresh()
    },
    onError: (e) => void message.error(describeError(e)),
  })
  const remove = useMutation({
    mutationFn: async (target: CampaignTarget) =>
      unwrap(
        await api.DELETE('/api/v1/campaigns/{id}/targets/{targetId}', {
          params: { path: { id: campaign.id, targetId: target.id } },
        }),
      ),
    onSuccess: refresh,
    onError: (e) => void message.error(describeError(e)),
  })
  const teamName = (teamId: string) => teams.data?.find((team) => team.id === teamId)?.name ?? teamId
  const editable = campaign.canManage && campaign.status !== 'closed'
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {editable && (
        <Space wrap>
          <Select
            mode="multiple"
            showSearch
            style={{ minWidth: 360 }}
            placeholder={x.targets.addHint}
            value={chosen}
            onChange={setChosen}
            onSearch={setSearch}
            filterOption={false}
            options={(candidates.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
            data-testid="target-select"
          />
          <Button
            type="primary"
            disabled={!chosen.length}
            loading={add.isPending}
            onClick={() => add.mutate(chosen)}
            data-testid="target-add"
          >
            {x.targets.add}
          </Button>
          <Button
            disabled={!allOrganisations.data?.items.length}
            onClick={() => add.mutate((allOrganisations.data?.items ?? []).map((o) => o.id))}
            data-testid="target-add-all"
          >
            {x.targets.add}（{allOrganisations.data?.total ?? 0}）
          </Button>
        </Space>
      )}
      <Table<CampaignTarget>
        rowKey="id"
        size="small"
        loading={targets.isFetching}
        dataSource={targets.data ?? []}
        pagination={{ pageSize: 50 }}
        locale={{ emptyText: <Empty /> }}
        columns={[
          { title: x.targets.organisation, dataIndex: 'organisationName' },
          {
            title: x.targets.category,
            dataIndex: 'organisationCategory',
            render: (_, r) => t(`category.${r.organisationCategory as OrganisationCategory}`),
          },
          { title: x.targets.creditCode, dataIndex: 'creditCode' },
          {
            title: x.targets.assignedTeams,
            render: (_, r) =>
              r.teamIds.length
                ? r.teamIds.map((id) => <Tag key={id}>{teamName(id)}</Tag>)
                : x.targets.allTeams,
          },
          { title: x.targets.findings, dataIndex: 'findingCount', width: 90 },
          ...(editable
            ? [
                {
                  title: '',
                  width: 80,
                  render: (_: unknown, r: CampaignTarget) => (
                    <Popconfirm
                      title={`${x.targets.remove} ${r.organisationName}?`}
                      onConfirm={() => remove.mutate(r)}
                    >
                      <Button size="small" type="link" danger disabled={r.findingCount > 0}>
                        {x.targets.remove}
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Space>
  )
}
