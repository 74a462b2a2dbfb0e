import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Drawer,
  Input,
  Segmented,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd'
import { useState } from 'react'
import { useSearchParams } from 'react-router-dom'
import { api } from '../../api/client'
import { describeError } from '../../api/errors'
import { useFullSession } from '../../auth/session'
import { formatDateTime } from '../../lib/date-time'
import { useText } from '../campaigns/use-text'
import { CampaignPicker, useCampaignChoice } from './campaign-picker'
import { useViolations, type GatewayViolation } from './gateway-api'
import { GATEWAY_TEXTS } from './gateway-texts'

type Status = 'pending' | 'confirmed' | 'dismissed'
const STATUS_COLOURS: Record<string, string> = { pending: 'gold', confirmed: 'red', dismissed: 'default' }
const SEVERITY_COLOURS: Record<string, string> = { low: 'blue', medium: 'orange', high: 'red' }

/** 违规行为: what the gateway's rules flagged, with the evidence; a regulator confirms or dismisses each. */
export default function GatewayViolationsPage() {
  const x = useText(GATEWAY_TEXTS)
  const { user } = useFullSession()
  const [campaignId, setCampaignId] = useCampaignChoice()
  const [params] = useSearchParams()
  const [status, setStatus] = useState<Status | 'all'>('pending')
  const violations = useViolations(campaignId, status === 'all' ? undefined : status)
  const [open, setOpen] = useState<GatewayViolation | null>(null)
  const teamFilter = params.get('teamId')
  const items = (violations.data?.items ?? []).filter((v) => !teamFilter || v.teamId === teamFilter)
  return (
    <Card
      title={x.violations.title}
      extra={
        <Space wrap>
          <CampaignPicker value={campaignId} onChange={setCampaignId} />
          <Segmented<Status | 'all'>
            value={status}
            onChange={setStatus}
            options={[
              { value: 'pending', label: x.status.pending },
              { value: 'confirmed', label: x.status.confirmed },
              { value: 'dismissed', label: x.status.dismissed },
              { value: 'all', label: x.common.all },
            ]}
          />
        </Space>
      }
    >
      {violations.error && <Alert type="error" showIcon message={describeError(violations.error)} />}
      <Table<GatewayViolation>
        rowKey="id"
        size="small"
        data-testid="gateway-violations"
        loading={violations.isFetching}
        dataSource={items}
        locale={{ emptyText: x.violations.empty }}
        onRow={(v) => ({ onClick: () => setOpen(v), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: x.violations.rule,
            render: (_, v) => (
              <Space direction="vertical" size={0}>
                <span>{v.ruleName}</span>
                <Tag color={SEVERITY_COLOURS[v.severity]}>{x.severity[v.severity] ?? v.severity}</Tag>
              </Space>
            ),
          },
          { title: x.common.team, render: (_, v) => v.teamName ?? v.teamId },
          { title: x.common.tester, render: (_, v) => v.username ?? v.userId },
          { title: x.violations.target, dataIndex: 'target' },
          { title: x.violations.hits, dataIndex: 'hitCount', width: 90 },
          { title: x.violations.last, width: 165, render: (_, v) => formatDateTime(v.lastAt) },
          {
            title: x.violations.status,
            width: 90,
            render: (_, v) => <Tag color={STATUS_COLOURS[v.status]}>{x.status[v.status]}</Tag>,
          },
        ]}
      />
      <ViolationDrawer violation={open} onClose={() => setOpen(null)} canDecide={user.role === 'regulator'} />
    </Card>
  )
}

function ViolationDrawer({
  violation,
  onClose,
  canDecide,
}: {
  violation: GatewayViolation | null
  onClose: () => void
  canDecide: boolean
}) {
  const x = useText(GATEWAY_TEXTS)
  const [note, setNote] = useState('')
  const [error, setError] = useState<string | null>(null)
  const queryClient = useQueryClient()
  const decide = useMutation({
    mutationFn: async (decision: 'confirmed' | 'dismissed') =>
      unwrap(
        await api.POST('/api/v1/gateway/violations/{id}/decision', {
          params: { path: { id: violation!.id } },
          body: { decision, version: violation!.version, ...(note.trim() ? { note: note.trim() } : {}) },
        }),
      ),
    onMutate: () => setError(null),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['gateway'] })
      setNote('')
      onClose()
    },
    onError: (e) => setError(describeError(e)),
  })
  const v = violation
  return (
    <Drawer open={v !== null} onClose={onClose} width={720} title={v?.ruleName} destroyOnClose>
      {v && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={x.common.team}>{v.teamName ?? v.teamId}</Descriptions.Item>
            <Descriptions.Item label={x.common.tester}>{v.username ?? v.userId}</Descriptions.Item>
            <Descriptions.Item label={x.violations.target}>{v.target}</Descriptions.Item>
            <Descriptions.Item label={x.violations.hits}>{v.hitCount}</Descriptions.Item>
            <Descriptions.Item label={x.violations.first}>{formatDateTime(v.firstAt)}</Descriptions.Item>
            <Descriptions.Item label={x.violations.last}>{formatDateTime(v.lastAt)}</Descriptions.Item>
            <Descriptions.Item label={x.violations.status}>
              <Tag color={STATUS_COLOURS[v.status]}>{x.status[v.status]}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={x.violations.decided}>
              {v.decidedAt ? `${formatDateTime(v.decidedAt)} ${v.decisionNote ?? ''}` : '—'}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5}>{x.violations.evidence}</Typography.Title>
          {v.evidence.map((e, i) => (
            <Card key={i} size="small">
              <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
                {formatDateTime(new Date(e.at).toISOString())}
              </Typography.Paragraph>
              {/* Attack payloads: rendered as text, never as markup. */}
              <Typography.Paragraph code style={{ wordBreak: 'break-all', marginBottom: 4 }}>
                {e.request}
              </Typography.Paragraph>
              <Typography.Text>
                {x.violations.matched}: <Typography.Text mark>{e.matched}</Typography.Text>
              </Typography.Text>
            </Card>
          ))}
          {canDecide && (
            <>
              {error && <Alert type="error" showIcon message={error} />}
              <Alert type="info" showIcon message={x.violations.confirmHint} />
              <Input.TextArea
                rows={2}
                maxLength={2000}
                placeholder={x.violations.note}
                value={note}
                onChange={(e) => setNote(e.target.value)}
              />
              <Space>
                <Button
                  danger
                  type="primary"
                  loading={decide.isPending}
                  disabled={v.status === 'confirmed'}
                  onClick={() => decide.mutate('confirmed')}
                  data-testid="gateway-violation-confirm"
                >
                  {x.violations.confirm}
                </Button>
                <Button
                  loading={decide.isPending}
                  disabled={v.status === 'dismissed'}
                  onClick={() => decide.mutate('dismissed')}
                  data-testid="gateway-violation-dismiss"
                >
                  {x.violations.dismiss}
                </Button>
              </Space>
            </>
          )}
        </Space>
      )}
    </Drawer>
  )
}
