import { SearchOutlined } from '@ant-design/icons'
import { Button, Card, Checkbox, Form, Input, Select, Space, Table, Tag } from 'antd'
import { useState } from 'react'
import { Link, useSearchParams } from 'react-router-dom'
import { useFullSession } from '../../auth/session'
import { formatDateTime } from '../../lib/date-time'
import { useCampaigns } from '../campaigns/campaign-api'
import { useText } from '../campaigns/use-text'
import { useFindings, type FindingQuery, type FindingSummary } from './finding-api'
import { FINDING_TEXTS, SEVERITY_COLOURS, STATUS_COLOURS } from './finding-texts'

type Filters = {
  campaignId?: string
  status?: string[]
  kind?: string[]
  severity?: string[]
  q?: string
  flags?: ('unmatched' | 'possibleDuplicate')[]
  sort?: 'newest' | 'oldest' | 'cvss'
}

const REVIEWERS = ['regulator', 'reviewer', 'retester']

/** 审核队列 / 漏洞列表: the findings the caller may see, filtered; reviewers start on the submitted ones. */
export default function FindingsPage() {
  const x = useText(FINDING_TEXTS)
  const { user } = useFullSession()
  const [params] = useSearchParams()
  const isReviewer = REVIEWERS.includes(user.role)
  const initial: Filters = {
    ...(params.get('campaignId') ? { campaignId: params.get('campaignId')! } : {}),
    ...(user.role === 'reviewer' ? { status: ['submitted'] } : {}),
    sort: 'newest',
  }
  const [form] = Form.useForm<Filters>()
  const [filters, setFilters] = useState<Filters>(initial)
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(20)
  const campaigns = useCampaigns()
  const query: FindingQuery = {
    page,
    pageSize,
    sort: filters.sort ?? 'newest',
    ...(filters.campaignId ? { campaignId: filters.campaignId } : {}),
    ...(filters.status?.length ? { status: filters.status.join(',') } : {}),
    ...(filters.kind?.length ? { kind: filters.kind.join(',') } : {}),
    ...(filters.severity?.length ? { severity: filters.severity.join(',') } : {}),
    ...(filters.q?.trim() ? { q: filters.q.trim() } : {}),
    ...(filters.flags?.includes('unmatched') ? { unmatched: 'true' as const } : {}),
    ...(filters.flags?.includes('possibleDuplicate') ? { possibleDuplicate: 'true' as const } : {}),
  }
  const list = useFindings(query)
  const options = (labels: Record<string, string>) =>
    Object.entries(labels).map(([value, label]) => ({ value, label }))
  return (
    <Card title={isReviewer ? x.list.reviewTitle : x.list.title}>
      <Form<Filters>
        form={form}
        layout="inline"
        initialValues={initial}
        onFinish={(v) => {
          setFilters(v)
          setPage(1)
        }}
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <Form.Item name="campaignId">
          <Select
            allowClear
            placeholder={x.list.campaign}
            style={{ width: 220 }}
            options={(campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
          />
        </Form.Item>
        <Form.Item name="status">
          <Select
            mode="multiple"
            allowClear
            placeholder={x.list.status}
            style={{ minWidth: 160 }}
            options={options(x.status)}
            data-testid="filter-status"
          />
        </Form.Item>
        <Form.Item name="kind">
          <Select
            mode="multiple"
            allowClear
            placeholder={x.list.kind}
            style={{ minWidth: 140 }}
            options={options(x.kind)}
          />
        </Form.Item>
        <Form.Item name="severity">
          <Select
            mode="multiple"
            allowClear
            placeholder={x.list.severity}
            style={{ minWidth: 140 }}
            options={options({
              critical: x.severity.critical!,
              high: x.severity.high!,
              medium: x.severity.medium!,
              low: x.severity.low!,
            })}
          />
        </Form.Item>
        <Form.Item name="q">
          <Input allowClear placeholder={x.list.q} style={{ width: 200 }} data-testid="filter-q" />
        </Form.Item>
        {isReviewer && (
          <Form.Item name="flags">
            <Checkbox.Group
              options={[
                { value: 'unmatched', label: x.list.unmatched },
                { value: 'possibleDuplicate', label: x.list.possibleDuplicate },
              ]}
            />
          </Form.Item>
        )}
        <Form.Item name="sort">
          <Select
            style={{ width: 130 }}
            options={[
              { value: 'newest', label: x.list.sortNewest },
              { value: 'oldest', label: x.list.sortOldest },
              { value: 'cvss', label: x.list.sortCvss },
            ]}
          />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="filter-search">
              {x.list.search}
            </Button>
            <Button
              onClick={() => {
                form.resetFields()
                setFilters(initial)
              }}
            >
              {x.list.reset}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      <FindingTable
        loading={list.isFetching}
        items={list.data?.items ?? []}
        showTeam={isReviewer}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: () => x.list.total(list.data?.total ?? 0, list.data?.totalCapped ?? false),
          onChange: (p: number, s: number) => {
            setPage(p)
            setPageSize(s)
          },
        }}
      />
    </Card>
  )
}

type TableProps = {
  items: FindingSummary[]
  loading: boolean
  showTeam: boolean
  pagination: false | Parameters<typeof Table<FindingSummary>>[0]['pagination']
}

export function FindingTable({ items, loading, showTeam, pagination }: TableProps) {
  const x = useText(FINDING_TEXTS)
  return (
    <Table<FindingSummary>
      rowKey="id"
      size="small"
      data-testid="finding-table"
      loading={loading}
      dataSource={items}
      pagination={pagination}
      columns={[
        {
          title: x.list.titleCol,
          dataIndex: 'title',
          // Titles are tester-controlled text: rendered as text by React, never as HTML.
          render: (_, f) => (
            <Space>
              <Link to={`/findings/${f.id}`}>{f.title}</Link>
              {f.possibleDuplicateOfId && <Tag color="gold">{x.list.possibleDuplicate}</Tag>}
            </Space>
          ),
        },
        { title: x.list.kind, dataIndex: 'kind', width: 110, render: (_, f) => x.kind[f.kind] },
        {
          title: x.list.severity,
          dataIndex: 'severity',
          width: 120,
          render: (_, f) => (
            <Tag color={SEVERITY_COLOURS[f.severity]}>
              {x.severity[f.severity]}
              {f.cvssBase !== null ? ` ${f.cvssBase.toFixed(1)}` : ''}
            </Tag>
          ),
        },
        {
          title: x.list.status,
          dataIndex: 'status',
          width: 120,
          render: (_, f) => <Tag color={STATUS_COLOURS[f.status]}>{x.status[f.status]}</Tag>,
        },
        {
          title: x.list.organisation,
          dataIndex: 'organisationName',
          render: (_, f) => f.organisationName ?? <Tag color="warning">{x.list.unmatched}</Tag>,
        },
        { title: x.list.target, dataIndex: 'target', ellipsis: true },
        ...(showTeam ? [{ title: x.list.team, dataIndex: 'teamName' as const, width: 120 }] : []),
        {
          title: x.list.submittedAt,
          dataIndex: 'submittedAt',
          width: 170,
          render: (_, f) => formatDateTime(f.submittedAt),
        },
      ]}
    />
  )
}
