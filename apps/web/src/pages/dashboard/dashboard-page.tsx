import { Card, Col, Descriptions, Row, Space, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import { isOrganisationRole, isRegionRole, TEAM_ROLES } from '../../auth/roles'
import { useFullSession } from '../../auth/session'
import { RoleTag } from '../../components/role-tag'
import { menuFor } from '../page-access'
import { PAGES } from '../registry'
import { regionTrail } from '../regions/region-tree'
import { useRegions } from '../regions/use-regions'
import { AdminOverview } from './admin-overview'
import { OrganisationOverview } from './organisation-overview'
import { RecentAuditEvents } from './recent-audit-events'
import { RegionOverview } from './region-overview'

function Welcome() {
  const { t } = useTranslation(['dashboard', 'common', 'nav', 'organisations', 'audit'])
  const { user } = useFullSession()
  const regions = useRegions()
  const shortcuts = menuFor(PAGES, user.role)
    .flatMap((group) => group.pages)
    .filter((page) => page.key !== 'dashboard')
  return (
    <Card data-testid="welcome">
      <Space direction="vertical" size="small" style={{ width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('welcome.greeting', { name: user.displayName })}
        </Typography.Title>
        <Space wrap>
          <RoleTag role={user.role} />
          <Typography.Text type="secondary">{t(`common:roleDuties.${user.role}`)}</Typography.Text>
        </Space>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('welcome.username')}>{user.username}</Descriptions.Item>
          {user.regionId && (
            <Descriptions.Item label={t('welcome.region')}>
              {regionTrail(regions.data ?? [], user.regionId)}
            </Descriptions.Item>
          )}
          {TEAM_ROLES.includes(user.role) && (
            <Descriptions.Item label={t('welcome.team')}>
              {user.teamId ? t('welcome.teamAssigned') : t('welcome.teamNotAssigned')}
            </Descriptions.Item>
          )}
        </Descriptions>
        <Row gutter={[12, 12]}>
          {shortcuts.map((page) => {
            const Icon = page.icon
            return (
              <Col key={page.key} xs={12} md={6} xl={4}>
                <Link to={page.path}>
                  <Card size="small" hoverable>
                    <Space>
                      {Icon && <Icon />}
                      {t(page.key, { ns: 'nav' })}
                    </Space>
                  </Card>
                </Link>
              </Col>
            )
          })}
        </Row>
      </Space>
    </Card>
  )
}

/** 工作台 — a welcome for everyone, then what exists for the user's role today. */
export default function DashboardPage() {
  const { user } = useFullSession()
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="dashboard">
      <Welcome />
      {user.role === 'admin' && <AdminOverview />}
      {user.role === 'auditor' && <RecentAuditEvents count={10} />}
      {isRegionRole(user.role) && <RegionOverview />}
      {isOrganisationRole(user.role) && user.organisationId && (
        <OrganisationOverview organisationId={user.organisationId} />
      )}
    </Space>
  )
}
