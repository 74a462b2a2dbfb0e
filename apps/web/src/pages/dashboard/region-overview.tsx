import { useQueries } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { Card, Col, Row, Skeleton, Statistic } from 'antd'
import { lazy, Suspense } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import { api } from '../../api/client'
import { ORGANISATION_CATEGORIES } from '../organisations/organisation-categories'

const BarChart = lazy(() => import('../../components/bar-chart'))

/** For the regulator's side: the organisations in their region by category (from the list totals). */
export function RegionOverview() {
  const { t } = useTranslation(['dashboard', 'common', 'nav', 'organisations', 'audit'])
  const byCategory = useQueries({
    queries: ORGANISATION_CATEGORIES.map((category) => ({
      queryKey: ['organisations', 'count', category],
      queryFn: async () =>
        unwrap(
          await api.GET('/api/v1/organisations', { params: { query: { category, page: 1, pageSize: 1 } } }),
        ).total,
    })),
  })
  const counts = byCategory.map((q) => q.data ?? 0)
  const loading = byCategory.some((q) => q.isPending)
  const total = counts.reduce((a, b) => a + b, 0)
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={8}>
        <Card>
          <Link to="/organisations">
            <Statistic title={t('region.organisations')} value={total} loading={loading} />
          </Link>
        </Card>
      </Col>
      <Col xs={24} md={16}>
        <Card title={t('region.byCategory')}>
          {loading ? (
            <Skeleton active />
          ) : (
            <Suspense fallback={<Skeleton active />}>
              <BarChart
                categories={ORGANISATION_CATEGORIES.map((c) => t(`organisations:category.${c}`))}
                values={counts}
                seriesName={t('region.organisationCount')}
                height={260}
                testId="organisations-by-category-chart"
              />
            </Suspense>
          )}
        </Card>
      </Col>
    </Row>
  )
}
