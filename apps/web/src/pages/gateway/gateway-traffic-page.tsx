import { DownloadOutlined } from '@ant-design/icons'
import { Button, Card, DatePicker, Form, Input, Select, Space, Table, Tag, Typography } from 'antd'
import type { Dayjs } from 'dayjs'
import { useMemo, useState } from 'react'
import { useSearchParams } from 'react-router-dom'
import { useFullSession } from '../../auth/session'
import { beijingWallClockToIso, formatDateTime } from '../../lib/date-time'
import { useCampaignTeams } from '../campaigns/campaign-api'
import { useText } from '../campaigns/use-text'
import { CampaignPicker, useCampaignChoice } from './campaign-picker'
import { exportUrl, useRecords, type GatewayRecord, type RecordQuery } from './gateway-api'
import { GATEWAY_TEXTS } from './gateway-texts'

type Filters = {
  teamId?: string
  verdict?: RecordQuery['verdict']
  channel?: RecordQuery['channel']
  reason?: RecordQuery['reason']
  host?: string
  ruleHit?: string
  manual?: 'true' | 'false'
  range?: [Dayjs, Dayjs] | null
}

const VERDICT_COLOURS: Record<string, string> = { allowed: 'green', refused: 'red', error: 'orange' }

/** 流量日志: every audited connection and request of a campaign, filtered and exported (a team sees its own). */
export default function GatewayTrafficPage() {
  const x = useText(GATEWAY_TEXTS)
  const { user } = useFullSession()
  const [campaignId, setCampaignId] = useCampaignChoice()
  const [params] = useSearchParams()
  const supervisor = user.role === 'regulator' || user.role === 'reviewer'
  const teams = useCampaignTeams(campaignId, supervisor)
  const [form] = Form.useForm<Filters>()
  const initial: Filters = {
    ...(params.get('verdict') ? { verdict: params.get('verdict') as Filters['verdict'] } : {}),
    ...(params.get('reason') ? { reason: params.get('reason') as Filters['reason'] } : {}),
    ...(params.get('teamId') ? { teamId: params.get('teamId')! } : {}),
  }
  const [filters, setFilters] = useState<Filters>(initial)
  const [page, setPage] = useState({ page: 1, pageSize: 50 })
  const query: RecordQuery | null = useMemo(() => {
    if (!campaignId) return null
    const q: RecordQuery = { campaignId, page: page.page, pageSize: page.pageSize }
    if (filters.teamId) q.teamId = filters.teamId
    if (filters.verdict) q.verdict = filters.verdict
    if (filters.channel) q.channel = filters.channel
    if (filters.reason) q.reason = filters.reason
    if (filters.host?.trim()) q.host = filters.host.trim()
    if (filters.ruleHit?.trim()) q.ruleHit = filters.ruleHit.trim()
    if (filters.manual) q.manual = filters.manual
    if (filters.range) {
      q.from = beijingWallClockToIso(filters.range[0])
      q.to = beijingWallClockToIso(filters.range[1])
    }
    return q
  }, [campaignId, filters, page])
  const records = useRecords(query)
  const option = (map: Record<string, string>) =>
    Object.entries(map).map(([value, label]) => ({ value, label }))
  return (
    <Card
      title={x.traffic.title}
      extra={
        <Space wrap>
          <CampaignPicker value={campaignId} onChange={setCampaignId} />
          {query && (
            <Button icon={<DownloadOutlined />} href={exportUrl(query)} data-testid="gateway-export">
              {x.traffic.export}
            </Button>
          )}
        </Space>
      }
    >
      <Form<Filters>
        form={form}
        layout="inline"
        initialValues={initial}
        style={{ marginBottom: 16, rowGap: 8 }}
        onFinish={(values) => {
          setFilters(values)
          setPage((p) => ({ ...p, page: 1 }))
        }}
      >
        {supervisor && (
          <Form.Item name="teamId">
            <Select
              allowClear
              placeholder={x.common.team}
              style={{ width: 180 }}
              options={(teams.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
            />
          </Form.Item>
        )}
        <Form.Item name="verdict">
          <Select
            allowClear
            placeholder={x.traffic.verdict}
            style={{ width: 110 }}
            options={option(x.verdict)}
            data-testid="gateway-filter-verdict"
          />
        </Form.Item>
        <Form.Item name="channel">
          <Select
            allowClear
            placeholder={x.traffic.channel}
            style={{ width: 150 }}
            options={option(x.channel)}
          />
        </Form.Item>
        <Form.Item name="reason">
          <Select
            allowClear
            placeholder={x.traffic.reason}
            style={{ width: 190 }}
            options={option(x.reason)}
          />
        </Form.Item>
        <Form.Item name="host">
          <Input
            allowClear
            placeholder={x.traffic.host}
            style={{ width: 200 }}
            maxLength={253}
            data-testid="gateway-filter-host"
          />
        </Form.Item>
        <Form.Item name="ruleHit">
          <Input allowClear placeholder={x.traffic.rules} style={{ width: 150 }} maxLength={64} />
        </Form.Item>
        <Form.Item name="manual">
          <Select
            allowClear
            placeholder={x.traffic.manual}
            style={{ width: 100 }}
            options={[
              { value: 'true', label: '✓' },
              { value: 'false', label: '✗' },
            ]}
          />
        </Form.Item>
        <Form.Item name="range">
          <DatePicker.RangePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            placeholder={[x.traffic.from, x.traffic.to]}
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" data-testid="gateway-filter-search">
            {x.traffic.search}
          </Button>
        </Form.Item>
      </Form>
      <Table<GatewayRecord>
        rowKey="id"
        size="small"
        data-testid="gateway-records"
        loading={records.isFetching}
        dataSource={records.data?.items ?? []}
        locale={{ emptyText: x.traffic.empty }}
        scroll={{ x: 1300 }}
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: records.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 200],
          onChange: (p, size) => setPage({ page: p, pageSize: size }),
        }}
        columns={[
          { title: x.traffic.time, width: 165, render: (_, r) => formatDateTime(r.at) },
          { title: x.common.tester, width: 120, render: (_, r) => r.username ?? '—' },
          { title: x.traffic.channel, width: 120, render: (_, r) => x.channel[r.channel] ?? r.channel },
          {
            title: x.traffic.target,
            width: 220,
            render: (_, r) => (
              <Typography.Text style={{ fontSize: 12 }}>
                {r.host ?? r.ip ?? '—'}
                {r.port ? `:${r.port}` : ''}
                {r.host && r.ip ? <Typography.Text type="secondary"> ({r.ip})</Typography.Text> : null}
                {r.sni && r.sni !== r.host ? (
                  <Typography.Text type="secondary"> SNI {r.sni}</Typography.Text>
                ) : null}
              </Typography.Text>
            ),
          },
          {
            title: x.traffic.request,
            render: (_, r) =>
              r.method ? (
                <Typography.Text code style={{ fontSize: 12, wordBreak: 'break-all' }}>
                  {r.method} {r.path ?? ''}
                </Typography.Text>
              ) : (
                '—'
              ),
          },
          { title: x.traffic.status, width: 70, render: (_, r) => r.status ?? '—' },
          { title: x.traffic.bytes, width: 130, render: (_, r) => `${r.bytesUp} / ${r.bytesDown}` },
          { title: x.traffic.duration, width: 80, render: (_, r) => `${r.durationMs} ms` },
          {
            title: x.traffic.verdict,
            width: 220,
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                <Tag color={VERDICT_COLOURS[r.verdict]}>{x.verdict[r.verdict]}</Tag>
                {r.reason && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {x.reason[r.reason.split(':')[0] ?? ''] ?? ''} {r.reason}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: x.traffic.rules,
            width: 140,
            render: (_, r) =>
              r.ruleHits.map((h) => (
                <Tag key={h} color="volcano">
                  {h}
                </Tag>
              )),
          },
          { title: x.traffic.manual, width: 60, render: (_, r) => (r.isManual ? '✓' : '') },
        ]}
      />
    </Card>
  )
}
