// Small pieces shared by the notice pages: delivery status per channel, the notice's state tags.
import { Space, Tag, Tooltip } from 'antd'
import { useText } from '../campaigns/use-text'
import type { ChannelSummary, NoticeSummary } from './notice-api'
import { BRACKET_COLOURS, DELIVERY_COLOURS, NOTICE_TEXTS } from './notice-texts'

export function ChannelTags({ channels, testId }: { channels: ChannelSummary[]; testId?: string }) {
  const x = useText(NOTICE_TEXTS)
  return (
    <Space size={4} wrap data-testid={testId}>
      {channels
        .filter((c) => c.status !== 'none')
        .map((c) => (
          <Tooltip key={c.channel} title={c.lastError ?? `${c.sent}/${c.total}`}>
            <Tag
              color={DELIVERY_COLOURS[c.status]}
              data-testid={`channel-${c.channel}`}
              data-status={c.status}
            >
              {x.channel[c.channel]} · {x.deliveryStatus[c.status]}
            </Tag>
          </Tooltip>
        ))}
    </Space>
  )
}

export function NoticeStateTags({ notice }: { notice: NoticeSummary }) {
  const x = useText(NOTICE_TEXTS)
  return (
    <Space size={4} wrap>
      <Tag color={notice.status === 'open' ? 'blue' : 'default'} data-testid="notice-status">
        {notice.status === 'open' ? x.list.open : x.list.closed}
      </Tag>
      {notice.status === 'open' && (
        <Tag color={BRACKET_COLOURS[notice.bracket]}>{x.bracket[notice.bracket]}</Tag>
      )}
      {notice.overdue && <Tag color="red">{x.list.overdue}</Tag>}
      <Tag color={notice.acknowledgedAt ? 'green' : 'orange'} data-testid="notice-ack">
        {notice.acknowledgedAt ? x.list.acknowledged : x.list.notAcknowledged}
      </Tag>
      {notice.escalatedAt && <Tag color="volcano">{x.list.escalated}</Tag>}
    </Space>
  )
}
