// 等级保护: the systems the caller may see, and — for the police and the regulator — the region dashboard, what is due
// and overdue, the expert pool and the year's deadlines. Under the overdue list, the deadline reminders sent (and, for
// the police and the regulator, sending them now).
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons'
import { Button, Card, Col, Input, Row, Select, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd'
import { lazy, Suspense, useDeferredValue, useState } from 'react'
import { Link, useSearchParams } from 'react-router-dom'
import { useFullSession } from '../../auth/session'
import { DeadlinesTab } from './deadlines-tab'
import {
  useDashboard,
  useDue,
  useOverdue,
  useSystems,
  type DengbaoSystem,
  type SystemQuery,
} from './dengbao-api'
import { DENGBAO_TEXTS, fill } from './dengbao-texts'
import { DueTable } from './due-table'
import { ExpertsTab } from './experts-tab'
import { ImportModal } from './import-modal'
import { RemindersPanel } from './reminders-panel'
import { SystemFormModal } from './system-form-modal'
import { useText } from './use-text'

const BarChart = lazy(() => import('../../components/bar-chart'))

export const STAGE_COLOURS: Record<string, string> = {
  ungraded: 'default',
  submitted: 'blue',
  under_review: 'processing',
  reviewed: 'purple',
  approved: 'cyan',
  filed: 'success',
  returned: 'warning',
}

export default function DengbaoPage() {
  const x = useText(DENGBAO_TEXTS)
  const { user } = useFullSession()
  const [params, setParams] = useSearchParams()
  const tab = params.get('tab') ?? 'systems'
  const isAuthority = user.role === 'police' || user.role === 'regulator'
  const items = [
    { key: 'systems', label: x.tabs.systems, children: <SystemsTab /> },
    ...(isAuthority ? [{ key: 'dashboard', label: x.tabs.dashboard, children: <DashboardTab /> }] : []),
    { key: 'due', label: x.tabs.due, children: <DueTab /> },
    { key: 'overdue', label: x.tabs.overdue, children: <OverdueTab /> },
    ...(user.role === 'police'
      ? [
          { key: 'experts', label: x.tabs.experts, children: <ExpertsTab /> },
          { key: 'deadlines', label: x.tabs.deadlines, children: <DeadlinesTab /> },
        ]
      : []),
  ]
  return (
    <Tabs
      data-testid="dengbao-tabs"
      activeKey={tab}
      onChange={(key) => setParams(key === 'systems' ? {} : { tab: key })}
      items={items}
      destroyOnHidden
    />
  )
}

function SystemsTab() {
  const x = useText(DENGBAO_TEXTS)
  const { user } = useFullSession()
  const [search, setSearch] = useState('')
  const q = useDeferredValue(search.trim())
  const [stage, setStage] = useState<SystemQuery['stage']>()
  const [level, setLevel] = useState<number>()
  const [page, setPage] = useState(1)
  const [registering, setRegistering] = useState(false)
  const [importing, setImporting] = useState(false)
  const query: SystemQuery = {
    page,
    pageSize: 20,
    ...(q ? { q } : {}),
    ...(stage ? { stage } : {}),
    ...(level ? { level } : {}),
  }
  const systems = useSystems(query)
  const canMaintain = user.role === 'org_liaison' || user.role === 'police'
  const exportQuery = new URLSearchParams({
    ...(stage ? { stage } : {}),
    ...(level ? { level: String(level) } : {}),
  })
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap>
        <Input.Search
          allowClear
          placeholder={x.list.search}
          style={{ width: 280 }}
          onChange={(e) => {
            setSearch(e.target.value)
            setPage(1)
          }}
          data-testid="dengbao-search"
        />
        <Select
          allowClear
          placeholder={x.list.stage}
          style={{ width: 180 }}
          value={stage}
          onChange={(value: SystemQuery['stage']) => {
            setStage(value)
            setPage(1)
          }}
          options={Object.entries(x.stages).map(([value, label]) => ({ value, label }))}
        />
        <Select
          allowClear
          placeholder={x.list.level}
          style={{ width: 120 }}
          value={level}
          onChange={(value: number | undefined) => {
            setLevel(value)
            setPage(1)
          }}
          options={[1, 2, 3, 4, 5].map((value) => ({ value, label: x.levels[value] }))}
        />
        {canMaintain && (
          <>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setRegistering(true)}
              data-testid="dengbao-register"
            >
              {x.list.register}
            </Button>
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
              {x.list.import}
            </Button>
            <Button href="/api/v1/dengbao/systems/import-template.xlsx" icon={<DownloadOutlined />}>
              {x.list.template}
            </Button>
          </>
        )}
        <Button
          href={`/api/v1/dengbao/systems/export.xlsx?${exportQuery.toString()}`}
          icon={<DownloadOutlined />}
        >
          {x.list.export}
        </Button>
      </Space>
      <Table<DengbaoSystem>
        rowKey="id"
        data-testid="dengbao-systems"
        loading={systems.isPending}
        dataSource={systems.data?.items ?? []}
        locale={{ emptyText: x.list.empty }}
        pagination={{
          current: page,
          pageSize: 20,
          total: systems.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
        }}
        columns={[
          {
            title: x.list.name,
            dataIndex: 'name',
            render: (name: string, s) => (
              <Space>
                <Link to={`/dengbao/systems/${s.id}`}>{name}</Link>
                {s.isCriticalInfrastructure && <Tag color="red">{x.list.critical}</Tag>}
              </Space>
            ),
          },
          { title: x.list.organisation, dataIndex: 'organisationName' },
          { title: x.list.type, dataIndex: 'type', render: (type: string) => x.types[type] ?? type },
          {
            title: x.list.stage,
            dataIndex: 'stage',
            render: (s: string) => <Tag color={STAGE_COLOURS[s]}>{x.stages[s] ?? s}</Tag>,
          },
          {
            title: x.list.level,
            render: (_, s) => {
              const level = s.filedLevel ?? s.proposedLevel
              return level ? x.levels[level] : '—'
            },
          },
          { title: x.list.filing, dataIndex: 'filingNumber', render: (v: string | null) => v ?? '—' },
          { title: x.list.lastAssessed, dataIndex: 'lastAssessedOn', render: (v: string | null) => v ?? '—' },
          { title: x.list.openItems, dataIndex: 'openRectificationCount' },
        ]}
      />
      {registering && <SystemFormModal onClose={() => setRegistering(false)} />}
      {importing && <ImportModal onClose={() => setImporting(false)} />}
    </Space>
  )
}

function DashboardTab() {
  const x = useText(DENGBAO_TEXTS)
  const dashboard = useDashboard(true)
  const d = dashboard.data
  if (!d) return <Card loading />
  const levels = ['1', '2', '3', '4', '5', 'ungraded']
  const stages = Object.keys(x.stages)
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="dengbao-dashboard">
      <Typography.Text type="secondary">
        {fill(x.dashboard.deadlines, {
          a: d.deadlines.gradingAndFiling,
          b: d.deadlines.assessment,
          c: d.deadlines.rectification,
        })}
      </Typography.Text>
      <Row gutter={[16, 16]}>
        {[
          [x.dashboard.systems, d.systems],
          [x.dashboard.critical, d.criticalInfrastructure],
          [x.dashboard.filed, d.filing.filed],
          [x.dashboard.notFiled, d.filing.notFiled],
          [x.dashboard.filingOverdue, d.filing.overdue],
          [x.dashboard.assessmentRequired, d.assessment.required],
          [x.dashboard.assessmentDone, d.assessment.done],
          [x.dashboard.assessmentOverdue, d.assessment.overdue],
          [x.dashboard.rectOpen, d.rectification.open],
          [x.dashboard.rectOverdue, d.rectification.overdue],
          [x.dashboard.orgsOverdue, d.organisationsWithOverdue],
        ].map(([title, value]) => (
          <Col key={String(title)} xs={12} md={6} lg={4}>
            <Card size="small">
              <Statistic title={title} value={value} />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card title={x.dashboard.byLevel} size="small">
            <Suspense fallback={null}>
              <BarChart
                categories={levels.map((l) => (l === 'ungraded' ? x.stages.ungraded! : x.levels[Number(l)]!))}
                values={levels.map((l) => d.byLevel[l] ?? 0)}
                seriesName={x.dashboard.count}
                height={260}
              />
            </Suspense>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={x.dashboard.byStage} size="small">
            <Suspense fallback={null}>
              <BarChart
                categories={stages.map((s) => x.stages[s] ?? s)}
                values={stages.map((s) => d.byStage[s] ?? 0)}
                seriesName={x.dashboard.count}
                height={260}
              />
            </Suspense>
          </Card>
        </Col>
      </Row>
    </Space>
  )
}

function DueTab() {
  const due = useDue()
  return <DueTable loading={due.isPending} items={due.data?.items ?? []} showOrganisation />
}

function OverdueTab() {
  const overdue = useOverdue(true)
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <OverdueTable overdue={overdue} />
      <RemindersPanel />
    </Space>
  )
}

function OverdueTable({ overdue }: { overdue: ReturnType<typeof useOverdue> }) {
  const x = useText(DENGBAO_TEXTS)
  return (
    <Table
      rowKey="organisationId"
      data-testid="dengbao-overdue"
      loading={overdue.isPending}
      dataSource={overdue.data?.organisations ?? []}
      locale={{ emptyText: x.due.none }}
      pagination={false}
      expandable={{
        expandedRowRender: (row) => <DueTable items={row.items} loading={false} />,
      }}
      columns={[
        { title: x.due.organisation, dataIndex: 'organisationName' },
        { title: x.due.kinds.grading_filing, dataIndex: 'gradingFiling' },
        { title: x.due.kinds.assessment, dataIndex: 'assessment' },
        { title: x.due.kinds.rectification, dataIndex: 'rectification' },
        { title: x.due.total, dataIndex: 'total', render: (n: number) => <Tag color="red">{n}</Tag> },
      ]}
    />
  )
}
