import { useQueries, useQuery } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { Card, Col, Row, Skeleton, Statistic } from 'antd'
import { lazy, Suspense } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import { api } from '../../api/client'
import { ROLES } from '../../auth/roles'
import { useRegions } from '../regions/use-regions'
import { RecentAuditEvents } from './recent-audit-events'

const BarChart = lazy(() => import('../../components/bar-chart'))

/** Users by role (one count per role from the list totals), regions and the latest audit events. */
export function AdminOverview() {
  const { t } = useTranslation(['dashboard', 'common', 'nav', 'organisations', 'audit'])
  const regions = useRegions()
  const byRole = useQueries({
    queries: ROLES.map((role) => ({
      queryKey: ['users', 'count', role],
      queryFn: async () =>
        unwrap(await api.GET('/api/v1/users', { params: { query: { role, page: 1, pageSize: 1 } } })).total,
    })),
  })
  const disabled = useQuery({
    queryKey: ['users', 'count', 'disabled'],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/users', { params: { query: { disabled: 'true', page: 1, pageSize: 1 } } }),
      ).total,
  })
  const counts = byRole.map((q) => q.data ?? 0)
  const loading = byRole.some((q) => q.isPending)
  const total = counts.reduce((a, b) => a + b, 0)

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} sm={8}>
        <Card>
          <Link to="/users">
            <Statistic title={t('admin.users')} value={total} loading={loading} />
          </Link>
        </Card>
      </Col>
      <Col xs={24} sm={8}>
        <Card>
          <Statistic
            title={t('admin.disabledUsers')}
            value={disabled.data ?? 0}
            loading={disabled.isPending}
          />
        </Card>
      </Col>
      <Col xs={24} sm={8}>
        <Card>
          <Link to="/regions">
            <Statistic
              title={t('admin.regions')}
              value={regions.data?.length ?? 0}
              loading={regions.isPending}
            />
          </Link>
        </Card>
      </Col>
      <Col xs={24} xl={14}>
        <Card title={t('admin.usersByRole')}>
          {loading ? (
            <Skeleton active />
          ) : (
            <Suspense fallback={<Skeleton active />}>
              <BarChart
                categories={ROLES.map((role) => t(`common:roles.${role}`))}
                values={counts}
                seriesName={t('admin.userCount')}
                testId="users-by-role-chart"
              />
            </Suspense>
          )}
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <RecentAuditEvents />
      </Col>
    </Row>
  )
}
