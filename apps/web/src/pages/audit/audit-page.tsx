import { SafetyCertificateOutlined } from '@ant-design/icons'
import { useMutation, useQuery } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { Alert, Button, Card, DatePicker, Form, Input, Space, Table, Typography } from 'antd'
import type { Dayjs } from 'dayjs'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { FilterActions } from '../../components/filter-actions'
import { api } from '../../api/client'
import { describeError } from '../../api/errors'
import type { AuditEvent, AuditQuery } from '../../api/types'
import { beijingWallClockToIso, formatDateTime } from '../../lib/date-time'
import { actorLabel } from './actor-label'

type FilterValues = {
  actor?: string
  action?: string
  objectType?: string
  objectId?: string
  range?: [Dayjs | null, Dayjs | null] | null
}
type Filters = Pick<AuditQuery, 'actor' | 'action' | 'objectType' | 'objectId' | 'from' | 'to'>

function toFilters(values: FilterValues): Filters {
  const text = (value: string | undefined) => (value && value.trim() ? value.trim() : undefined)
  const [from, to] = values.range ?? [null, null]
  const filters: Filters = {
    actor: text(values.actor),
    action: text(values.action),
    objectType: text(values.objectType),
    objectId: text(values.objectId),
    from: from ? beijingWallClockToIso(from) : undefined,
    to: to ? beijingWallClockToIso(to) : undefined,
  }
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as Filters
}

/** 审计日志 — the append-only, hash-chained record of who did what; read-only, with a chain check. */
export default function AuditPage() {
  const { t } = useTranslation(['audit', 'common', 'nav'])
  const [form] = Form.useForm<FilterValues>()
  const actorText = (key: 'anonymous' | 'anonymousNamed', username?: string) =>
    key === 'anonymous' ? t('actor.anonymous') : t('actor.anonymousNamed', { username })
  const [filters, setFilters] = useState<Filters>({})
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(20)
  const query: AuditQuery = { ...filters, page, pageSize }
  const list = useQuery({
    queryKey: ['audit-events', query],
    queryFn: async () => unwrap(await api.GET('/api/v1/audit-events', { params: { query } })),
    placeholderData: (previous) => previous,
  })
  const verify = useMutation({
    mutationFn: async () => unwrap(await api.GET('/api/v1/audit-events/verify')),
  })

  return (
    <Card
      title={t('nav:audit')}
      extra={
        <Button
          icon={<SafetyCertificateOutlined />}
          loading={verify.isPending}
          onClick={() => verify.mutate()}
          data-testid="audit-verify"
        >
          {t('verify.button')}
        </Button>
      }
    >
      {verify.data && (
        <Alert
          style={{ marginBottom: 16 }}
          showIcon
          closable
          type={verify.data.ok ? 'success' : 'error'}
          data-testid="audit-verify-result"
          message={
            verify.data.ok
              ? t('verify.ok', { checked: verify.data.checked })
              : t('verify.broken', { checked: verify.data.checked })
          }
          description={
            verify.data.problem
              ? t('verify.problem', {
                  seq: verify.data.problem.seq,
                  kind: verify.data.problem.kind,
                  message: verify.data.problem.message,
                })
              : undefined
          }
        />
      )}
      {verify.error && (
        <Alert style={{ marginBottom: 16 }} type="error" showIcon message={describeError(verify.error)} />
      )}
      <Form<FilterValues>
        form={form}
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        onFinish={(values) => {
          setFilters(toFilters(values))
          setPage(1)
        }}
      >
        <Form.Item name="actor">
          <Input placeholder={t('filters.actor')} allowClear style={{ width: 150 }} />
        </Form.Item>
        <Form.Item name="action" tooltip={t('filters.actionHint')}>
          <Input placeholder={t('filters.action')} allowClear style={{ width: 170 }} />
        </Form.Item>
        <Form.Item name="objectType">
          <Input placeholder={t('filters.objectType')} allowClear style={{ width: 130 }} />
        </Form.Item>
        <Form.Item name="objectId">
          <Input placeholder={t('filters.objectId')} allowClear style={{ width: 170 }} />
        </Form.Item>
        <Form.Item name="range" tooltip={t('filters.rangeHint')}>
          <DatePicker.RangePicker
            showTime
            allowEmpty={[true, true]}
            placeholder={[t('filters.from'), t('filters.to')]}
          />
        </Form.Item>
        <FilterActions
          onReset={() => {
            form.resetFields()
            setFilters({})
            setPage(1)
          }}
        />
      </Form>
      <Table<AuditEvent>
        rowKey="seq"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1100 }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common:table.total', { total }),
          onChange: (nextPage, nextSize) => {
            setPage(nextPage)
            setPageSize(nextSize)
          },
        }}
        columns={[
          { title: t('fields.seq'), dataIndex: 'seq', width: 70 },
          { title: t('fields.at'), dataIndex: 'at', width: 170, render: (_, e) => formatDateTime(e.at) },
          {
            title: t('fields.actor'),
            key: 'actor',
            render: (_, e) => (
              <Space direction="vertical" size={0}>
                <span>{actorLabel(e, actorText)}</span>
                {e.actorRole && <Typography.Text type="secondary">{e.actorRole}</Typography.Text>}
              </Space>
            ),
          },
          {
            title: t('fields.action'),
            dataIndex: 'action',
            render: (_, e) => (
              <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
                {e.action}
              </Typography.Text>
            ),
          },
          {
            title: t('fields.object'),
            key: 'object',
            render: (_, e) => (
              <Space direction="vertical" size={0}>
                <span>{e.objectType}</span>
                {e.objectId && (
                  <Typography.Text type="secondary" copyable style={{ fontSize: 12 }}>
                    {e.objectId}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: t('fields.summary'),
            key: 'summary',
            render: (_, e) =>
              Object.keys(e.summary).length ? (
                <Typography.Paragraph
                  style={{ margin: 0, fontFamily: 'monospace', fontSize: 12, maxWidth: 360 }}
                  ellipsis={{ rows: 2, expandable: true }}
                >
                  {JSON.stringify(e.summary)}
                </Typography.Paragraph>
              ) : null,
          },
          { title: t('fields.ip'), dataIndex: 'ip', width: 130 },
        ]}
      />
    </Card>
  )
}
