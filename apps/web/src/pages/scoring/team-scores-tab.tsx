// The testing companies' scores (seed 000 附件2) with every figure and where it came from (the gateway or the
// regulator's entry); the regulator enters figures and records violations by hand.
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import {
  Alert,
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd'
import type { Dayjs } from 'dayjs'
import { useState } from 'react'
import { api } from '../../api/client'
import { applyFieldErrors, describeError } from '../../api/errors'
import { useFullSession } from '../../auth/session'
import { beijingWallClockToIso, formatDateTime } from '../../lib/date-time'
import { useText } from '../campaigns/use-text'
import { useTeamMetrics, useTeamScores, type TeamMetricsEntry, type TeamScore } from './scoring-api'
import { SCORING_TEXTS } from './scoring-texts'

function SourceTag({ source }: { source: string }) {
  const x = useText(SCORING_TEXTS)
  const colour = source === 'gateway' ? 'blue' : source === 'manual' ? 'gold' : 'default'
  return <Tag color={colour}>{x.teams.source[source] ?? source}</Tag>
}

export function TeamScoresTab({ campaignId }: { campaignId: string }) {
  const x = useText(SCORING_TEXTS)
  const { user } = useFullSession()
  const scores = useTeamScores(campaignId)
  const isRegulatorSide = ['regulator', 'reviewer', 'retester'].includes(user.role)
  const metrics = useTeamMetrics(campaignId, isRegulatorSide)
  const [entering, setEntering] = useState<TeamMetricsEntry | null>(null)
  const [recording, setRecording] = useState<TeamMetricsEntry | null>(null)
  const data = scores.data
  return (
    <>
      <Typography.Paragraph type="secondary">{x.teams.gatewayHint}</Typography.Paragraph>
      {data?.warnings.map((warning) => (
        <Alert key={warning} type="warning" showIcon message={warning} />
      ))}
      <Table<TeamScore>
        rowKey="teamId"
        data-testid="team-scores"
        size="small"
        loading={scores.isFetching}
        dataSource={data?.teams ?? []}
        pagination={false}
        scroll={{ x: true }}
        expandable={{
          expandedRowRender: (team) => (
            <Space direction="vertical">
              <span>
                {x.teams.activeSlots}: {team.figures.activeSlots.value}{' '}
                <SourceTag source={team.figures.activeSlots.source} />
              </span>
              <span>
                {x.teams.assetsTested}: {team.figures.assetsTested.value}{' '}
                <SourceTag source={team.figures.assetsTested.source} />
              </span>
              <span>
                {x.teams.manualRequests}: {team.figures.manualRequests.value}{' '}
                <SourceTag source={team.figures.manualRequests.source} />
              </span>
              <span>
                {x.teams.violations}: {team.figures.violations.gateway} + {team.figures.violations.manual}
              </span>
              <span>
                {x.teams.evaluations}: {team.figures.evaluations.join('、') || '—'}
              </span>
              <span>
                {x.teams.clients}: {team.figures.clientsServed}（{team.figures.clientsWithNewVulns}）
              </span>
              <span>
                {x.teams.cvss}: {team.figures.cvssSum}
              </span>
              {team.detail.map((item) => (
                <Typography.Text key={item.key} type="secondary">
                  {item.title}: {item.formula} = {item.points}
                </Typography.Text>
              ))}
            </Space>
          ),
        }}
        columns={[
          { title: x.scores.rank, dataIndex: 'rank', width: 70 },
          { title: x.teams.team, dataIndex: 'name' },
          { title: x.teams.company, dataIndex: 'companyName' },
          ...(data?.items ?? []).map((item) => ({
            key: item.key,
            title: item.max === null ? item.title : `${item.title}（${item.max}）`,
            align: 'right' as const,
            render: (_: unknown, team: TeamScore) => team.items[item.key],
          })),
          { title: x.scores.total, align: 'right', render: (_, team) => <strong>{team.total}</strong> },
        ]}
      />
      {isRegulatorSide && (
        <Table<TeamMetricsEntry>
          style={{ marginTop: 24 }}
          title={() => x.teams.figures}
          rowKey="teamId"
          size="small"
          data-testid="team-metrics"
          loading={metrics.isFetching}
          dataSource={metrics.data ?? []}
          pagination={false}
          columns={[
            { title: x.teams.team, dataIndex: 'teamName' },
            {
              title: x.teams.source.gateway,
              render: (_, m) =>
                m.gateway
                  ? `${m.gateway.activeSlots} / ${m.gateway.assetsTested} / ${m.gateway.manualRequests} / ${m.gateway.confirmedViolations}`
                  : '—',
            },
            {
              title: x.teams.source.manual,
              render: (_, m) =>
                m.manual
                  ? `${m.manual.activeSlots ?? '—'} / ${m.manual.assetsTested ?? '—'} / ${m.manual.manualRequests ?? '—'}`
                  : '—',
            },
            {
              title: x.teams.violations,
              render: (_, m) =>
                m.violations.map((v) => (
                  <div key={v.id}>
                    <Typography.Text delete={v.cancelledAt !== null}>
                      {formatDateTime(v.occurredAt)} {v.description}
                    </Typography.Text>
                  </div>
                )),
            },
            ...(user.role === 'regulator'
              ? [
                  {
                    key: 'actions',
                    render: (_: unknown, m: TeamMetricsEntry) => (
                      <Space>
                        <Button size="small" onClick={() => setEntering(m)} data-testid={`enter-${m.teamId}`}>
                          {x.teams.enter}
                        </Button>
                        <Button size="small" danger onClick={() => setRecording(m)}>
                          {x.teams.recordViolation}
                        </Button>
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      <EnterFiguresModal campaignId={campaignId} entry={entering} onClose={() => setEntering(null)} />
      <RecordViolationModal campaignId={campaignId} entry={recording} onClose={() => setRecording(null)} />
    </>
  )
}

type FigureValues = {
  activeSlots?: number | null
  assetsTested?: number | null
  manualRequests?: number | null
  note?: string
}

function EnterFiguresModal({
  campaignId,
  entry,
  onClose,
}: {
  campaignId: string
  entry: TeamMetricsEntry | null
  onClose: () => void
}) {
  const x = useText(SCORING_TEXTS)
  const [form] = Form.useForm<FigureValues>()
  const queryClient = useQueryClient()
  const save = useMutation({
    mutationFn: async (values: FigureValues) =>
      unwrap(
        await api.PUT('/api/v1/campaigns/{id}/team-metrics/{teamId}', {
          params: { path: { id: campaignId, teamId: entry!.teamId } },
          body: {
            activeSlots: values.activeSlots ?? null,
            assetsTested: values.assetsTested ?? null,
            manualRequests: values.manualRequests ?? null,
            note: values.note || null,
            ...(entry?.manual ? { version: entry.manual.version } : {}),
          },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['scores'] })
      onClose()
    },
    onError: (error) => applyFieldErrors(form, error),
  })
  return (
    <Modal
      open={entry !== null}
      title={`${x.teams.enterTitle} · ${entry?.teamName ?? ''}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={x.teams.save}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {save.isError && <Alert type="error" showIcon message={describeError(save.error)} />}
      <Form<FigureValues>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{
          activeSlots: entry?.manual?.activeSlots ?? null,
          assetsTested: entry?.manual?.assetsTested ?? null,
          manualRequests: entry?.manual?.manualRequests ?? null,
          note: entry?.manual?.note ?? '',
        }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item name="activeSlots" label={x.teams.activeSlots}>
          <InputNumber min={0} precision={0} data-testid="figure-active-slots" />
        </Form.Item>
        <Form.Item name="assetsTested" label={x.teams.assetsTested}>
          <InputNumber min={0} precision={0} />
        </Form.Item>
        <Form.Item name="manualRequests" label={x.teams.manualRequests}>
          <InputNumber min={0} precision={0} />
        </Form.Item>
        <Form.Item name="note" label={x.teams.note}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  )
}

type ViolationValues = { occurredAt: Dayjs; description: string }

function RecordViolationModal({
  campaignId,
  entry,
  onClose,
}: {
  campaignId: string
  entry: TeamMetricsEntry | null
  onClose: () => void
}) {
  const x = useText(SCORING_TEXTS)
  const [form] = Form.useForm<ViolationValues>()
  const queryClient = useQueryClient()
  const save = useMutation({
    mutationFn: async (values: ViolationValues) =>
      unwrap(
        await api.POST('/api/v1/campaigns/{id}/team-violations', {
          params: { path: { id: campaignId } },
          body: {
            teamId: entry!.teamId,
            occurredAt: beijingWallClockToIso(values.occurredAt),
            description: values.description,
          },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['scores'] })
      onClose()
    },
    onError: (error) => applyFieldErrors(form, error),
  })
  return (
    <Modal
      open={entry !== null}
      title={`${x.teams.recordViolation} · ${entry?.teamName ?? ''}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {save.isError && <Alert type="error" showIcon message={describeError(save.error)} />}
      <Form<ViolationValues>
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item name="occurredAt" label={x.teams.occurredAt} rules={[{ required: true }]}>
          <DatePicker showTime />
        </Form.Item>
        <Form.Item name="description" label={x.teams.description} rules={[{ required: true }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
