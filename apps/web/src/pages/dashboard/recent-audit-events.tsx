import { useQuery } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { Card, List, Space, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import { api } from '../../api/client'
import { formatDateTime } from '../../lib/date-time'
import { actorLabel } from '../audit/actor-label'

/** The latest audit events and the total, for the administrator's and the auditor's dashboards. */
export function RecentAuditEvents({ count = 8 }: { count?: number }) {
  const { t } = useTranslation(['dashboard', 'common', 'nav', 'organisations', 'audit'])
  const actorText = (key: 'anonymous' | 'anonymousNamed', username?: string) =>
    key === 'anonymous' ? t('audit:actor.anonymous') : t('audit:actor.anonymousNamed', { username })
  const events = useQuery({
    queryKey: ['audit-events', { page: 1, pageSize: count }],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/audit-events', { params: { query: { page: 1, pageSize: count } } })),
  })
  return (
    <Card
      title={t('recentAudit.title')}
      extra={<Link to="/audit">{t('recentAudit.all', { total: events.data?.total ?? 0 })}</Link>}
      data-testid="recent-audit"
    >
      <List
        size="small"
        loading={events.isPending}
        dataSource={events.data?.items ?? []}
        locale={{ emptyText: t('recentAudit.empty') }}
        renderItem={(event) => (
          <List.Item>
            <Space direction="vertical" size={0} style={{ width: '100%' }}>
              <Space wrap>
                <Typography.Text code>{event.action}</Typography.Text>
                <Typography.Text>{actorLabel(event, actorText)}</Typography.Text>
              </Space>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(event.at)} · {event.objectType}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  )
}
