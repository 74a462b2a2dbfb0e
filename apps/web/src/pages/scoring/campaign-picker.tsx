// The menu entries of scores, forms and the dashboard open this list first: the campaigns the caller takes part in,
// each leading to that campaign's page.
import { Card, Table, Tag } from 'antd'
import { Link } from 'react-router-dom'
import { formatDateTime } from '../../lib/date-time'
import { useCampaigns, type Campaign } from '../campaigns/campaign-api'
import { CAMPAIGN_TEXTS } from '../campaigns/campaign-texts'
import { useText } from '../campaigns/use-text'
import { SCORING_TEXTS } from './scoring-texts'

export function CampaignPicker({ kind }: { kind: 'scores' | 'forms' | 'dashboard' }) {
  const x = useText(SCORING_TEXTS)
  const c = useText(CAMPAIGN_TEXTS)
  const campaigns = useCampaigns()
  return (
    <Card title={x.picker[kind]}>
      <Table<Campaign>
        rowKey="id"
        data-testid={`${kind}-campaigns`}
        loading={campaigns.isFetching}
        dataSource={campaigns.data?.items ?? []}
        locale={{ emptyText: x.picker.empty }}
        pagination={false}
        columns={[
          {
            title: c.list.name,
            dataIndex: 'name',
            render: (_, campaign) => (
              <Link to={`/campaigns/${campaign.id}/${kind}`} data-testid={`open-${kind}-${campaign.id}`}>
                {campaign.name}
              </Link>
            ),
          },
          { title: c.list.year, dataIndex: 'year', width: 80 },
          {
            title: c.list.status,
            dataIndex: 'status',
            render: (_, campaign) => <Tag>{c.status[campaign.status]}</Tag>,
          },
          {
            title: c.list.window,
            render: (_, campaign) =>
              `${formatDateTime(campaign.testingStartsAt)} – ${formatDateTime(campaign.testingEndsAt)}`,
          },
        ]}
      />
    </Card>
  )
}

export default function ScoresHomePage() {
  return <CampaignPicker kind="scores" />
}
