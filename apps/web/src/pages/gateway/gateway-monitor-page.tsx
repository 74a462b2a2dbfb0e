import { PauseCircleOutlined, PlayCircleOutlined } from '@ant-design/icons'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  Modal,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  type ButtonProps,
} from 'antd'
import { lazy, Suspense, useState } from 'react'
import { Link } from 'react-router-dom'
import { api } from '../../api/client'
import { describeError } from '../../api/errors'
import { useFullSession } from '../../auth/session'
import { formatDateTime } from '../../lib/date-time'
import { useText } from '../campaigns/use-text'
import { CampaignPicker, useCampaignChoice } from './campaign-picker'
import { useMonitor, useTeamMetrics, type GatewayMonitor } from './gateway-api'
import { GatewaySettingsCard } from './gateway-settings-card'
import { GATEWAY_TEXTS } from './gateway-texts'

const BarChart = lazy(() => import('../../components/bar-chart'))

type MonitorTeam = GatewayMonitor['teams'][number]

/** 测试网关监控: live requests/s per team, busiest targets, refusals by reason, violations waiting, pause/resume. */
export default function GatewayMonitorPage() {
  const x = useText(GATEWAY_TEXTS)
  const { user } = useFullSession()
  const [campaignId, setCampaignId] = useCampaignChoice()
  const monitor = useMonitor(campaignId)
  const metrics = useTeamMetrics(campaignId)
  const m = monitor.data
  const isRegulator = user.role === 'regulator'
  const teamName = (teamId: string) => m?.teams.find((t) => t.teamId === teamId)?.name ?? teamId
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={x.monitor.title}
        extra={
          <Space wrap>
            <CampaignPicker value={campaignId} onChange={setCampaignId} />
            {campaignId && (
              <>
                <Link to={`/gateway/traffic?campaignId=${campaignId}`}>{x.monitor.traffic}</Link>
                <Link to={`/gateway/violations?campaignId=${campaignId}`}>{x.monitor.violations}</Link>
              </>
            )}
          </Space>
        }
      >
        {monitor.error && <Alert type="error" showIcon message={describeError(monitor.error)} />}
        {m && <AuditState monitor={m} />}
        {m && (
          <Row gutter={16} style={{ marginTop: 16 }}>
            <Col xs={12} md={4}>
              <Statistic title={x.monitor.accepted} value={m.audit.accepted} />
            </Col>
            <Col xs={12} md={4}>
              <Statistic title={x.monitor.written} value={m.audit.written} />
            </Col>
            <Col xs={12} md={4}>
              <Statistic title={x.monitor.pending} value={m.audit.pending} />
            </Col>
            <Col xs={12} md={4}>
              <Statistic title={x.monitor.refusedFailClosed} value={m.audit.refusedFailClosed} />
            </Col>
            <Col xs={12} md={4}>
              <Statistic
                title={x.monitor.openConnections}
                value={m.openConnections}
                data-testid="gateway-open"
              />
            </Col>
            <Col xs={12} md={4}>
              <Statistic
                title={x.monitor.pendingViolations}
                value={m.pendingViolations}
                valueStyle={m.pendingViolations > 0 ? { color: '#cf1322' } : undefined}
              />
            </Col>
          </Row>
        )}
      </Card>

      {m && (
        <Card title={x.monitor.rps}>
          <Suspense fallback={null}>
            <BarChart
              categories={m.teams.map((t) => t.name)}
              values={m.teams.map((t) => t.requestsPerSecond)}
              seriesName={x.monitor.requestsPerSecond}
              height={220}
              testId="gateway-rps-chart"
            />
          </Suspense>
          <TeamsTable campaignId={campaignId!} teams={m.teams} monitor={m} canPause={isRegulator} />
        </Card>
      )}

      {m && (
        <Row gutter={16}>
          <Col xs={24} lg={14}>
            <Card title={x.monitor.topTargets}>
              <Table
                rowKey={(t) => `${t.teamId}-${t.target}`}
                size="small"
                pagination={false}
                dataSource={m.topTargets}
                data-testid="gateway-top-targets"
                columns={[
                  { title: x.monitor.target, dataIndex: 'target' },
                  { title: x.common.team, render: (_, t) => t.teamName ?? teamName(t.teamId) },
                  { title: x.monitor.requests, dataIndex: 'requests', width: 100 },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} lg={10}>
            <Card title={x.monitor.refusals}>
              <Table
                rowKey="reason"
                size="small"
                pagination={false}
                dataSource={m.refusals}
                data-testid="gateway-refusals"
                columns={[
                  {
                    title: x.traffic.reason,
                    render: (_, r) => (
                      <Link
                        to={`/gateway/traffic?campaignId=${campaignId}&verdict=refused&reason=${r.reason}`}
                      >
                        {x.reason[r.reason] ?? r.reason}
                      </Link>
                    ),
                  },
                  { title: x.monitor.lastFive, dataIndex: 'lastFiveMinutes', width: 90 },
                  { title: x.monitor.sinceStart, dataIndex: 'sinceStart', width: 90 },
                ]}
              />
            </Card>
          </Col>
        </Row>
      )}

      {m && m.activePauses.length > 0 && (
        <Card title={x.monitor.activePauses}>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={m.activePauses}
            columns={[
              { title: x.common.team, render: (_, p) => teamName(p.teamId) },
              {
                title: x.monitor.subject,
                render: (_, p) => (p.userId ? x.common.tester : x.monitor.wholeTeam),
              },
              { title: x.monitor.pauseReason, dataIndex: 'reason' },
              { title: x.monitor.pausedAt, render: (_, p) => formatDateTime(p.pausedAt) },
              {
                title: '',
                render: (_, p) => isRegulator && <ResumeButton pauseId={p.id} campaignId={campaignId!} />,
              },
            ]}
          />
        </Card>
      )}

      {campaignId && (
        <Card title={x.monitor.metrics}>
          <Table
            rowKey="teamId"
            size="small"
            pagination={false}
            loading={metrics.isFetching}
            dataSource={metrics.data ?? []}
            data-testid="gateway-metrics"
            columns={[
              { title: x.common.team, render: (_, t) => teamName(t.teamId) },
              { title: x.monitor.activeSlots, dataIndex: 'activeSlots' },
              { title: x.monitor.assetsTested, dataIndex: 'assetsTested' },
              { title: x.monitor.manualRequests, dataIndex: 'manualRequests' },
              { title: x.monitor.confirmedViolations, dataIndex: 'confirmedViolations' },
            ]}
          />
        </Card>
      )}

      {campaignId && <GatewaySettingsCard campaignId={campaignId} editable={isRegulator} />}
    </Space>
  )
}

function AuditState({ monitor }: { monitor: GatewayMonitor }) {
  const x = useText(GATEWAY_TEXTS)
  const state = monitor.audit.state
  const listening = [monitor.listening.http, monitor.listening.socks].filter(Boolean).join(' · ')
  const detail = [listening && `${x.monitor.listening} ${listening}`, monitor.audit.lastError]
    .filter(Boolean)
    .join(' — ')
  if (state === 'fail_closed')
    return (
      <Alert
        type="error"
        showIcon
        data-testid="gateway-audit-state"
        message={x.monitor.auditFailClosed}
        description={detail}
      />
    )
  if (state === 'retrying')
    return (
      <Alert
        type="warning"
        showIcon
        data-testid="gateway-audit-state"
        message={x.monitor.auditRetrying}
        description={detail}
      />
    )
  if (state === 'unknown')
    return (
      <Alert type="warning" showIcon data-testid="gateway-audit-state" message={x.monitor.auditUnknown} />
    )
  return (
    <Alert
      type="success"
      showIcon
      data-testid="gateway-audit-state"
      message={x.monitor.auditOk}
      description={detail}
    />
  )
}

function TeamsTable({
  campaignId,
  teams,
  monitor,
  canPause,
}: {
  campaignId: string
  teams: MonitorTeam[]
  monitor: GatewayMonitor
  canPause: boolean
}) {
  const x = useText(GATEWAY_TEXTS)
  const [pausing, setPausing] = useState<MonitorTeam | null>(null)
  return (
    <>
      <Table<MonitorTeam>
        rowKey="teamId"
        size="small"
        pagination={false}
        dataSource={teams}
        data-testid="gateway-teams"
        columns={[
          {
            title: x.common.team,
            dataIndex: 'name',
            render: (_, t) => (
              <Space>
                {t.name}
                {t.paused && <Tag color="red">{x.monitor.paused}</Tag>}
              </Space>
            ),
          },
          { title: x.monitor.requestsPerSecond, dataIndex: 'requestsPerSecond', width: 120 },
          {
            title: x.monitor.pendingViolations,
            width: 140,
            render: (_, t) =>
              t.pendingViolations > 0 ? (
                <Link to={`/gateway/violations?campaignId=${campaignId}&teamId=${t.teamId}`}>
                  <Tag color="volcano">{t.pendingViolations}</Tag>
                </Link>
              ) : (
                0
              ),
          },
          {
            title: '',
            width: 120,
            render: (_, t) => {
              if (!canPause) return null
              const pause = monitor.activePauses.find((p) => p.teamId === t.teamId && p.subject === 'team')
              return pause ? (
                <ResumeButton
                  pauseId={pause.id}
                  campaignId={campaignId}
                  testId={`gateway-resume-${t.teamId}`}
                />
              ) : (
                <Button
                  danger
                  size="small"
                  icon={<PauseCircleOutlined />}
                  onClick={() => setPausing(t)}
                  data-testid={`gateway-pause-${t.teamId}`}
                >
                  {x.monitor.pause}
                </Button>
              )
            },
          },
        ]}
      />
      <PauseModal campaignId={campaignId} team={pausing} onClose={() => setPausing(null)} />
    </>
  )
}

function PauseModal({
  campaignId,
  team,
  onClose,
}: {
  campaignId: string
  team: MonitorTeam | null
  onClose: () => void
}) {
  const x = useText(GATEWAY_TEXTS)
  const [form] = Form.useForm<{ reason: string }>()
  const queryClient = useQueryClient()
  const [error, setError] = useState<string | null>(null)
  const pause = useMutation({
    mutationFn: async ({ reason }: { reason: string }) =>
      unwrap(
        await api.POST('/api/v1/gateway/pauses', { body: { campaignId, teamId: team!.teamId, reason } }),
      ),
    onMutate: () => setError(null),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['gateway'] })
      form.resetFields()
      onClose()
    },
    onError: (e) => setError(describeError(e)),
  })
  return (
    <Modal
      open={team !== null}
      title={`${x.monitor.pauseTeam}：${team?.name ?? ''}`}
      okText={x.monitor.pause}
      okButtonProps={{ danger: true, 'data-testid': 'gateway-pause-confirm' } as ButtonProps}
      cancelText={x.common.cancel}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={pause.isPending}
      forceRender
    >
      <Alert type="warning" showIcon message={x.monitor.pauseConfirm} style={{ marginBottom: 16 }} />
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={(values) => pause.mutate(values)}>
        <Form.Item
          name="reason"
          label={x.monitor.pauseReason}
          rules={[{ required: true, whitespace: true, message: x.monitor.reasonRequired }]}
        >
          <Input.TextArea rows={2} maxLength={500} data-testid="gateway-pause-reason" />
        </Form.Item>
      </Form>
    </Modal>
  )
}

function ResumeButton({
  pauseId,
  campaignId,
  testId,
}: {
  pauseId: string
  campaignId: string
  testId?: string
}) {
  const x = useText(GATEWAY_TEXTS)
  const { message } = App.useApp()
  const queryClient = useQueryClient()
  const resume = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/gateway/pauses/{id}/resume', { params: { path: { id: pauseId } }, body: {} }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['gateway', 'monitor', campaignId] })
    },
    onError: (e) => void message.error(describeError(e)),
  })
  return (
    <Button
      size="small"
      icon={<PlayCircleOutlined />}
      loading={resume.isPending}
      onClick={() => resume.mutate()}
      data-testid={testId}
    >
      {x.monitor.resume}
    </Button>
  )
}
