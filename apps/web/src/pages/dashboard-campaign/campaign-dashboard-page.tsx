// 行动看板: a campaign at a glance for the regulator's side — findings over the window by severity, the rectification
// funnel, the score distribution, the ranking bars and the comparison of the five organisation categories. The same
// five charts go into the summary report (server: modules/reports/campaign-charts.ts).
import { useQuery } from '@tanstack/react-query'
import { unwrap, type paths } from '@wangan/sdk'
import { Alert, Card, Col, Row, Space, Statistic, Table, Typography } from 'antd'
import { BarChart, FunnelChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import ReactEChartsCore from 'echarts-for-react/esm/core'
import { Link, useParams } from 'react-router-dom'
import { api } from '../../api/client'
import { describeError } from '../../api/errors'
import { formatDateTime } from '../../lib/date-time'
import { useText } from '../campaigns/use-text'
import { CATEGORY_LABELS, SEVERITY_LABELS } from '../scoring/scoring-texts'
import { DASHBOARD_TEXTS } from './dashboard-texts'

echarts.use([
  BarChart,
  LineChart,
  FunnelChart,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  CanvasRenderer,
])

type JsonOf<T> = T extends { content: { 'application/json': infer J } } ? J : never
export type CampaignDashboard = JsonOf<paths['/api/v1/campaigns/{id}/dashboard']['get']['responses'][200]>

const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const
const COLOURS = { critical: '#7f1d1d', high: '#dc2626', medium: '#f59e0b', low: '#3b82f6' }
const FONT = "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"

function Chart({
  option,
  height = 320,
  testId,
}: {
  option: Record<string, unknown>
  height?: number
  testId: string
}) {
  const reducedMotion = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false
  return (
    <div data-testid={testId}>
      <ReactEChartsCore
        echarts={echarts}
        option={{ animation: !reducedMotion, textStyle: { fontFamily: FONT }, ...option }}
        style={{ height }}
        notMerge
        lazyUpdate
      />
    </div>
  )
}

export default function CampaignDashboardPage() {
  const { id } = useParams()
  const x = useText(DASHBOARD_TEXTS)
  const severities = useText(SEVERITY_LABELS)
  const categories = useText(CATEGORY_LABELS)
  const dashboard = useQuery({
    queryKey: ['campaign-dashboard', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/campaigns/{id}/dashboard', { params: { path: { id: id ?? '' } } })),
    enabled: Boolean(id),
  })
  const d = dashboard.data
  if (dashboard.isError)
    return (
      <Card title={x.title}>
        <Alert type="error" showIcon message={describeError(dashboard.error)} />
      </Card>
    )
  if (!d) return <Card loading title={x.title} />
  const valid = d.byKind.reduce((total, row) => total + row.total, 0)
  const top = [...d.top].reverse()
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={
          <Space>
            <span>{x.title}</span>
            <Typography.Text type="secondary">{d.campaign.name}</Typography.Text>
          </Space>
        }
        extra={<Link to={`/campaigns/${id}/scores`}>{x.scores}</Link>}
      >
        <Typography.Paragraph type="secondary">
          {x.window}: {formatDateTime(d.campaign.testingStartsAt)} –{' '}
          {formatDateTime(d.campaign.testingEndsAt)} · {x.computed} {formatDateTime(d.computedAt)}
        </Typography.Paragraph>
        <Row gutter={16}>
          <Col span={4}>
            <Statistic title={x.targets} value={d.campaign.targetCount} />
          </Col>
          <Col span={4}>
            <Statistic title={x.teams} value={d.campaign.teamCount} />
          </Col>
          <Col span={4}>
            <Statistic title={x.submitted} value={d.funnel.submitted} />
          </Col>
          <Col span={4}>
            <Statistic title={x.valid} value={valid} data-testid="dashboard-valid" />
          </Col>
          <Col span={4}>
            <Statistic
              title={x.rate}
              value={d.rectification.rate ?? '—'}
              suffix={d.rectification.rate === null ? '' : '%'}
            />
          </Col>
          <Col span={4}>
            <Statistic title={x.medianHours} value={d.rectification.medianHours ?? '—'} />
          </Col>
        </Row>
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card size="small">
            <Chart
              testId="chart-findings-over-time"
              option={{
                title: { text: x.overTime, left: 'center', textStyle: { fontSize: 14 } },
                legend: { bottom: 0 },
                tooltip: { trigger: 'axis' },
                grid: { left: 40, right: 16, top: 40, bottom: 40 },
                xAxis: { type: 'category', data: d.daily.map((day) => day.day) },
                yAxis: { type: 'value', minInterval: 1 },
                series: SEVERITIES.map((severity) => ({
                  name: severities[severity],
                  type: 'bar',
                  stack: 'severity',
                  itemStyle: { color: COLOURS[severity] },
                  data: d.daily.map((day) => day[severity]),
                })),
              }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small">
            <Chart
              testId="chart-funnel"
              option={{
                title: { text: x.funnel, left: 'center', textStyle: { fontSize: 14 } },
                tooltip: { trigger: 'item' },
                series: [
                  {
                    type: 'funnel',
                    top: 40,
                    bottom: 10,
                    sort: 'none',
                    label: { formatter: '{b}: {c}' },
                    data: [
                      { name: x.stages.submitted, value: d.funnel.submitted },
                      { name: x.stages.verified, value: d.funnel.verified },
                      { name: x.stages.notified, value: d.funnel.notified },
                      { name: x.stages.rectified, value: d.funnel.rectificationSubmitted },
                      { name: x.stages.fixed, value: d.funnel.fixed },
                    ],
                  },
                ],
              }}
            />
          </Card>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card size="small">
            <Chart
              testId="chart-score-distribution"
              option={{
                title: { text: x.distribution, left: 'center', textStyle: { fontSize: 14 } },
                tooltip: { trigger: 'axis' },
                grid: { left: 40, right: 16, top: 40, bottom: 30 },
                xAxis: { type: 'category', data: d.scoreDistribution.map((band) => band.band) },
                yAxis: { type: 'value', minInterval: 1 },
                series: [
                  {
                    type: 'bar',
                    data: d.scoreDistribution.map((band) => band.count),
                    itemStyle: { color: '#2563eb' },
                  },
                ],
              }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small">
            <Chart
              testId="chart-categories"
              option={{
                title: { text: x.categories, left: 'center', textStyle: { fontSize: 14 } },
                legend: { bottom: 0 },
                tooltip: { trigger: 'axis' },
                grid: { left: 40, right: 16, top: 40, bottom: 60 },
                xAxis: {
                  type: 'category',
                  data: d.categories.map((c) => categories[c.category] ?? c.label),
                  axisLabel: { interval: 0, rotate: 15 },
                },
                yAxis: { type: 'value', max: 100 },
                series: [
                  { name: x.mean, type: 'bar', data: d.categories.map((c) => c.mean) },
                  { name: x.best, type: 'line', data: d.categories.map((c) => c.best) },
                  { name: x.worst, type: 'line', data: d.categories.map((c) => c.worst) },
                ],
              }}
            />
          </Card>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card size="small">
            <Chart
              testId="chart-ranking"
              height={Math.max(240, 60 + 26 * top.length)}
              option={{
                title: { text: x.ranking, left: 'center', textStyle: { fontSize: 14 } },
                tooltip: { trigger: 'axis' },
                grid: { left: 8, right: 40, top: 40, bottom: 8, containLabel: true },
                xAxis: { type: 'value', max: 100 },
                yAxis: { type: 'category', data: top.map((row) => `${row.rank}. ${row.name}`) },
                series: [
                  {
                    type: 'bar',
                    data: top.map((row) => row.total),
                    label: { show: true, position: 'right' },
                    itemStyle: { color: '#16a34a' },
                  },
                ],
              }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={x.bottom}>
            <Table
              rowKey="organisationId"
              size="small"
              pagination={false}
              dataSource={d.bottom}
              columns={[
                { title: x.rank, dataIndex: 'rank', width: 70 },
                {
                  title: x.organisation,
                  render: (_, row: CampaignDashboard['bottom'][number]) => (
                    <Link to={`/campaigns/${id}/scores/${row.organisationId}`}>{row.name}</Link>
                  ),
                },
                { title: x.total, dataIndex: 'total', align: 'right' },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  )
}
