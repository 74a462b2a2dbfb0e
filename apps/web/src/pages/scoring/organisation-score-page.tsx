// An organisation's score in a campaign (扣分明细): every item with its explanation, every deduction with a link to
// the finding behind it, the findings behind the vulnerability points, and the fix time of every notified finding.
// Organisations see their own; the regulator's side every target's.
import { Alert, Card, Descriptions, Space, Statistic, Table, Tag, Typography } from 'antd'
import { Link, useParams } from 'react-router-dom'
import { describeError } from '../../api/errors'
import { useFullSession } from '../../auth/session'
import { formatDateTime } from '../../lib/date-time'
import { useText } from '../campaigns/use-text'
import { useOrganisationScore, type OrganisationScoreDetail } from './scoring-api'
import { CATEGORY_LABELS, SCORING_TEXTS, SEVERITY_LABELS } from './scoring-texts'

type Item = OrganisationScoreDetail['items'][number]
type Deduction = OrganisationScoreDetail['deductions'][number]

export default function OrganisationScorePage() {
  const { id, organisationId } = useParams()
  const x = useText(SCORING_TEXTS)
  const categories = useText(CATEGORY_LABELS)
  const severities = useText(SEVERITY_LABELS)
  const { user } = useFullSession()
  const detail = useOrganisationScore(id, organisationId)
  const data = detail.data
  const regulatorSide = ['regulator', 'reviewer', 'retester'].includes(user.role)
  const explanation = (item: Item) => {
    if (item.vulnerability) {
      const v = item.vulnerability
      return `${x.organisation.ratio(v.vulnerabilityPoints, v.assetsCounted, v.ratio, v.base)}；${v.formula}`
    }
    if (item.kind === 'perFindingDeduction')
      return item.count === 0
        ? '—'
        : `${item.count} × −${item.deducted / item.count}${item.floored ? `（${x.organisation.floored}）` : ''}`
    if (item.kind === 'presence') return item.present ? '✓' : '✗'
    if (item.kind === 'timeliness') return `${item.count}`
    return `${item.count}`
  }
  return (
    <Card
      loading={detail.isPending && !detail.isError}
      title={
        <Space>
          <span data-testid="organisation-score-name">{data?.organisation.name}</span>
          <Typography.Text type="secondary">
            {x.organisation.title} · {data?.campaignName}
          </Typography.Text>
        </Space>
      }
      extra={regulatorSide && <Link to={`/campaigns/${id}/scores`}>{x.organisation.back}</Link>}
    >
      {detail.isError && <Alert type="error" showIcon message={describeError(detail.error)} />}
      {data && (
        <>
          <Space size="large" wrap style={{ marginBottom: 16 }}>
            <Statistic
              title={x.organisation.total}
              value={data.organisation.total}
              data-testid="organisation-total"
            />
            <Statistic
              title={x.organisation.rank}
              value={`${data.organisation.rank} / ${data.organisation.organisations}`}
            />
            <Statistic
              title={`${x.organisation.categoryRank}（${categories[data.organisation.category] ?? ''}）`}
              value={`${data.organisation.categoryRank} / ${data.organisation.categorySize}`}
            />
          </Space>
          <Descriptions size="small" column={1} style={{ marginBottom: 16 }}>
            <Descriptions.Item label={x.scores.standard}>
              {data.standard.title}（{data.standard.id}）· {x.scores.computed}{' '}
              {formatDateTime(data.computedAt)}
            </Descriptions.Item>
          </Descriptions>
          <Table<Item>
            title={() => x.organisation.items}
            rowKey="key"
            size="small"
            pagination={false}
            data-testid="organisation-items"
            dataSource={data.items}
            columns={[
              { title: x.organisation.item, dataIndex: 'title', width: 140 },
              { title: x.organisation.points, dataIndex: 'points', align: 'right', width: 90 },
              { title: x.organisation.max, render: (_, item) => item.max ?? x.scores.fromTotal, width: 110 },
              { title: x.organisation.explanation, render: (_, item) => explanation(item) },
              {
                title: x.organisation.rule,
                render: (_, item) => <Typography.Text type="secondary">{item.rule}</Typography.Text>,
              },
            ]}
          />
          <Table<Deduction>
            style={{ marginTop: 24 }}
            title={() => x.organisation.deductions}
            rowKey={(d) => `${d.item}-${d.findingId ?? 'none'}-${d.rule}`}
            size="small"
            pagination={false}
            data-testid="organisation-deductions"
            locale={{ emptyText: x.organisation.noDeductions }}
            dataSource={data.deductions}
            columns={[
              { title: x.organisation.item, dataIndex: 'itemTitle', width: 120 },
              {
                title: x.organisation.finding,
                render: (_, d) =>
                  d.findingId ? (
                    <Link to={`/findings/${d.findingId}`} data-testid={`deduction-finding-${d.findingId}`}>
                      {d.findingTitle}
                    </Link>
                  ) : (
                    '—'
                  ),
              },
              {
                title: x.organisation.severity,
                render: (_, d) => (d.severity ? <Tag>{severities[d.severity] ?? d.severity}</Tag> : null),
              },
              {
                title: x.organisation.deduct,
                align: 'right',
                render: (_, d) => <Typography.Text type="danger">{d.points}</Typography.Text>,
              },
              {
                title: x.organisation.rule,
                render: (_, d) => <Typography.Text type="secondary">{d.rule}</Typography.Text>,
              },
            ]}
          />
          <Table
            style={{ marginTop: 24 }}
            title={() => x.organisation.vulnerabilityFindings}
            rowKey="findingId"
            size="small"
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            dataSource={data.vulnerabilityFindings}
            columns={[
              {
                title: x.organisation.finding,
                render: (_, f: OrganisationScoreDetail['vulnerabilityFindings'][number]) => (
                  <Link to={`/findings/${f.findingId}`}>{f.title}</Link>
                ),
              },
              {
                title: x.organisation.severity,
                render: (_, f: OrganisationScoreDetail['vulnerabilityFindings'][number]) =>
                  f.severity ? (severities[f.severity] ?? f.severity) : '',
              },
              { title: x.organisation.vulnerabilityPoints, dataIndex: 'points', align: 'right' },
            ]}
          />
          <Table
            style={{ marginTop: 24 }}
            title={() => x.organisation.rectification}
            rowKey="findingId"
            size="small"
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            dataSource={data.rectification}
            columns={[
              {
                title: x.organisation.finding,
                render: (_, r: OrganisationScoreDetail['rectification'][number]) => (
                  <Link to={`/findings/${r.findingId}`}>{r.title}</Link>
                ),
              },
              {
                title: x.organisation.notifiedAt,
                render: (_, r: OrganisationScoreDetail['rectification'][number]) =>
                  formatDateTime(r.notifiedAt),
              },
              {
                title: x.organisation.fixedAt,
                render: (_, r: OrganisationScoreDetail['rectification'][number]) =>
                  r.fixedAt ? formatDateTime(r.fixedAt) : '—',
              },
              { title: x.organisation.delay, dataIndex: 'delayHours', align: 'right' },
              { title: x.organisation.bracket, dataIndex: 'bracket' },
              {
                title: x.organisation.deduct,
                align: 'right',
                render: (_, r: OrganisationScoreDetail['rectification'][number]) =>
                  r.deduct ? -r.deduct : 0,
              },
            ]}
          />
        </>
      )}
    </Card>
  )
}
