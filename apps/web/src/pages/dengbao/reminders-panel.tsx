// 提醒记录: the deadline reminders sent to the organisations the caller sees (seed 003 deadlines, SPEC §6 channels),
// each with the state of its platform message, SMS and e-mail; the police and the regulator send the reminders owed
// today at once, and retry a failed delivery.
import { SendOutlined } from '@ant-design/icons'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { App, Button, Card, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import { api } from '../../api/client'
import { describeError } from '../../api/errors'
import { useFullSession } from '../../auth/session'
import { formatDateTime } from '../../lib/date-time'
import { DELIVERY_COLOURS } from '../notices/notice-texts'
import { useReminders, type Reminder } from './dengbao-api'
import { DENGBAO_TEXTS, fill } from './dengbao-texts'
import { useText } from './use-text'

type Delivery = Reminder['deliveries'][number]

export function RemindersPanel() {
  const x = useText(DENGBAO_TEXTS)
  const r = x.reminders
  const { user } = useFullSession()
  const canRun = user.role === 'police' || user.role === 'regulator'
  const [page, setPage] = useState(1)
  const reminders = useReminders(page)
  const queryClient = useQueryClient()
  const { message } = App.useApp()
  const run = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/dengbao/reminders/run', { body: {} })),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: ['dengbao', 'reminders'] })
      message.success(
        fill(r.ran, {
          reminders: result.reminders,
          platform: result.queued.platform,
          sms: result.queued.sms,
          email: result.queued.email,
          none: result.noRecipient,
        }),
      )
    },
    onError: (e) => void message.error(describeError(e)),
  })
  const retry = useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.POST('/api/v1/dengbao/reminders/deliveries/{id}/retry', { params: { path: { id } } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['dengbao', 'reminders'] })
      message.success(r.retried)
    },
    onError: (e) => void message.error(describeError(e)),
  })
  const bracketLabel = (reminder: Reminder) =>
    reminder.bracketKind === 'overdue'
      ? fill(r.overdue, { n: reminder.bracketValue })
      : reminder.bracketValue === 0
        ? r.onDay
        : fill(r.before, { days: reminder.bracketValue })
  const deliveryTag = (d: Delivery) => {
    const tag = (
      <Tag color={DELIVERY_COLOURS[d.status]} data-testid={`reminder-${d.channel}-${d.status}`}>
        {r.channel[d.channel] ?? d.channel}
        {d.channel === 'platform' ? '' : ` ${d.recipientName}`} · {r.status[d.status] ?? d.status}
      </Tag>
    )
    return (
      <Space key={d.id} size={2}>
        {d.lastError ? <Tooltip title={d.lastError}>{tag}</Tooltip> : tag}
        {canRun && d.status === 'failed' && d.address !== 'none' && (
          <Button size="small" type="link" onClick={() => retry.mutate(d.id)} loading={retry.isPending}>
            {r.retry}
          </Button>
        )}
      </Space>
    )
  }
  return (
    <Card
      size="small"
      title={r.title}
      data-testid="dengbao-reminders"
      extra={
        canRun && (
          <Popconfirm title={r.confirmRun} onConfirm={() => run.mutate()}>
            <Button
              type="primary"
              icon={<SendOutlined />}
              loading={run.isPending}
              data-testid="dengbao-reminders-run"
            >
              {r.run}
            </Button>
          </Popconfirm>
        )
      }
    >
      <Typography.Paragraph type="secondary">{r.hint}</Typography.Paragraph>
      <Table<Reminder>
        rowKey={(row) => `${row.organisationId}:${row.ref}`}
        size="small"
        loading={reminders.isPending}
        dataSource={reminders.data?.items ?? []}
        locale={{ emptyText: r.empty }}
        pagination={{
          current: page,
          pageSize: 20,
          total: reminders.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
        }}
        columns={[
          { title: r.sentAt, dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
          { title: r.organisation, dataIndex: 'organisationName' },
          {
            title: r.system,
            dataIndex: 'systemName',
            render: (name: string, row) =>
              row.systemId ? <Link to={`/dengbao/systems/${row.systemId}`}>{name}</Link> : name,
          },
          {
            title: r.item,
            dataIndex: 'title',
            render: (title: string, row) =>
              row.kind === 'rectification' ? `${x.due.kinds.rectification}：${title}` : title,
          },
          { title: r.dueOn, dataIndex: 'dueOn' },
          {
            title: r.bracket,
            key: 'bracket',
            render: (_, row) => (
              <Tag color={row.bracketKind === 'overdue' ? 'red' : 'blue'}>{bracketLabel(row)}</Tag>
            ),
          },
          {
            title: r.channels,
            key: 'deliveries',
            render: (_, row) => (
              <Space wrap size={4}>
                {row.deliveries.map(deliveryTag)}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  )
}
