// 评分排名 of a campaign: the organisations overall and per category (seed 001's five groups), each linking to its
// 扣分明细; the testing companies with the source of each figure; what-if. Scores are computed by the server from the
// current data on every load.
import { DownloadOutlined, FileTextOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Segmented, Space, Table, Tabs, Tag, Typography } from 'antd'
import { useState } from 'react'
import { Link, useParams } from 'react-router-dom'
import { describeError } from '../../api/errors'
import { useFullSession } from '../../auth/session'
import { formatDateTime } from '../../lib/date-time'
import { useCampaign } from '../campaigns/campaign-api'
import { useText } from '../campaigns/use-text'
import { useCampaignScores, type OrganisationScore } from './scoring-api'
import { CATEGORY_LABELS, SCORING_TEXTS } from './scoring-texts'
import { TeamScoresTab } from './team-scores-tab'
import { WhatIfTab } from './what-if-tab'

const CATEGORIES = [
  'district',
  'party_government',
  'mass_organisation',
  'news_media',
  'state_enterprise',
  'other',
]

export default function CampaignScoresPage() {
  const { id } = useParams()
  const x = useText(SCORING_TEXTS)
  const categoryLabels = useText(CATEGORY_LABELS)
  const { user } = useFullSession()
  const campaign = useCampaign(id)
  // A team lead reaches this page for their own team's score only (the ranking of organisations is the regulator's).
  const regulatorSide = ['regulator', 'reviewer', 'retester'].includes(user.role)
  const scores = useCampaignScores(id, regulatorSide)
  const [category, setCategory] = useState<string>('all')
  const data = scores.data
  const present = CATEGORIES.filter((c) => data?.organisations.some((o) => o.category === c))
  const rows = (data?.organisations ?? []).filter((o) => category === 'all' || o.category === category)
  const inCategory = category !== 'all'
  return (
    <Card
      title={
        <Space>
          <span>{x.scores.title}</span>
          <Typography.Text type="secondary">{campaign.data?.name}</Typography.Text>
        </Space>
      }
      extra={
        <Space wrap>
          <Link to={`/campaigns/${id}/dashboard`}>{x.scores.dashboard}</Link>
          <Link to={`/campaigns/${id}/forms`}>{x.scores.forms}</Link>
        </Space>
      }
    >
      {data && (
        <Typography.Paragraph type="secondary" data-testid="scores-standard">
          {x.scores.standard}: {data.standard.title}（{data.standard.id} {data.standard.version}）·{' '}
          {x.scores.computed} {formatDateTime(data.computedAt)}
        </Typography.Paragraph>
      )}
      {scores.isError && <Alert type="error" showIcon message={describeError(scores.error)} />}
      {data?.warnings.map((warning) => (
        <Alert key={warning} type="warning" showIcon message={warning} style={{ marginBottom: 12 }} />
      ))}
      <Space wrap style={{ marginBottom: 16 }} hidden={!regulatorSide}>
        <Button icon={<DownloadOutlined />} href={`/api/v1/campaigns/${id}/reports/ranking.xlsx`}>
          {x.scores.downloads.ranking}
        </Button>
        <Button icon={<FileTextOutlined />} href={`/api/v1/campaigns/${id}/reports/bulletin.docx`}>
          {x.scores.downloads.bulletin}
        </Button>
        <Button icon={<FileTextOutlined />} href={`/api/v1/campaigns/${id}/reports/summary.docx`}>
          {x.scores.downloads.summary}
        </Button>
        {user.role === 'regulator' && (
          <Button icon={<DownloadOutlined />} href={`/api/v1/campaigns/${id}/scores/snapshot`}>
            {x.scores.downloads.snapshot}
          </Button>
        )}
      </Space>
      <Tabs
        items={[
          ...(regulatorSide
            ? [
                {
                  key: 'units',
                  label: x.scores.tabs.units,
                  children: (
                    <>
                      <Segmented
                        data-testid="scores-category"
                        style={{ marginBottom: 12 }}
                        value={category}
                        onChange={(value) => setCategory(String(value))}
                        options={[
                          { label: x.scores.all, value: 'all' },
                          ...present.map((c) => ({ label: categoryLabels[c] ?? c, value: c })),
                        ]}
                      />
                      <Table<OrganisationScore>
                        rowKey="organisationId"
                        data-testid="scores-table"
                        size="small"
                        loading={scores.isFetching}
                        dataSource={
                          inCategory ? [...rows].sort((a, b) => a.categoryRank - b.categoryRank) : rows
                        }
                        pagination={{ defaultPageSize: 100, pageSizeOptions: [50, 100, 500] }}
                        scroll={{ x: true }}
                        columns={[
                          {
                            title: inCategory ? x.scores.categoryRank : x.scores.rank,
                            width: 80,
                            render: (_, o) => (inCategory ? o.categoryRank : o.rank),
                          },
                          {
                            title: x.scores.organisation,
                            render: (_, o) => (
                              <Link
                                to={`/campaigns/${id}/scores/${o.organisationId}`}
                                data-testid={`score-link-${o.organisationId}`}
                              >
                                {o.name}
                              </Link>
                            ),
                          },
                          {
                            title: x.scores.category,
                            render: (_, o) => categoryLabels[o.category] ?? o.category,
                          },
                          ...(data?.items ?? []).map((item) => ({
                            key: item.key,
                            title:
                              item.max === null
                                ? `${item.title}（${x.scores.fromTotal}）`
                                : `${item.title}（${item.max}）`,
                            align: 'right' as const,
                            render: (_: unknown, o: OrganisationScore) => o.items[item.key],
                          })),
                          {
                            title: x.scores.total,
                            align: 'right',
                            render: (_, o) => (
                              <strong data-testid={`score-total-${o.organisationId}`}>{o.total}</strong>
                            ),
                          },
                          {
                            title: inCategory ? x.scores.rank : x.scores.categoryRank,
                            render: (_, o) =>
                              inCategory ? o.rank : <Tag>{`${o.categoryRank}/${o.categorySize}`}</Tag>,
                          },
                          { title: x.scores.assets, dataIndex: 'assets', align: 'right' },
                          { title: x.scores.findings, dataIndex: 'countedFindings', align: 'right' },
                        ]}
                      />
                    </>
                  ),
                },
              ]
            : []),
          { key: 'teams', label: x.scores.tabs.teams, children: <TeamScoresTab campaignId={id ?? ''} /> },
          ...(user.role === 'regulator' || user.role === 'reviewer'
            ? [{ key: 'what-if', label: x.scores.tabs.whatIf, children: <WhatIfTab campaignId={id ?? ''} /> }]
            : []),
        ]}
      />
    </Card>
  )
}
