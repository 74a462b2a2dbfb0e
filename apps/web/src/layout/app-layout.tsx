import { LogoutOutlined, SafetyCertificateTwoTone, UserOutlined } from '@ant-design/icons'
import { Button, Flex, Layout, Menu, Space, Typography, theme, type MenuProps } from 'antd'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom'
import { useFullSession, useSession } from '../auth/session'
import { LanguageSwitch } from '../components/language-switch'
import { RoleTag } from '../components/role-tag'
import { menuFor, menuKeyAt } from '../pages/page-access'
import { PAGES } from '../pages/registry'

/** Navigation on the left (from the page registry, for the user's role), the user and the language on top. */
export function AppLayout() {
  const { t } = useTranslation()
  const { user } = useFullSession()
  const { logout } = useSession()
  const location = useLocation()
  const navigate = useNavigate()
  const [collapsed, setCollapsed] = useState(false)
  const { token } = theme.useToken()

  const items = useMemo<MenuProps['items']>(
    () =>
      menuFor(PAGES, user.role).map((group) => ({
        type: 'group' as const,
        key: `section-${group.section}`,
        label: collapsed ? null : t(`sections.${group.section}`),
        children: group.pages.map((page) => {
          const Icon = page.icon
          return {
            key: page.key,
            icon: Icon ? <Icon /> : undefined,
            label: (
              <Link to={page.path} data-testid={`nav-${page.key}`}>
                {t(page.key, { ns: 'nav' })}
              </Link>
            ),
          }
        }),
      })),
    [user.role, t, collapsed],
  )
  const selected = menuKeyAt(PAGES, location.pathname)

  const onLogout = async () => {
    await logout()
    navigate('/login', { replace: true })
  }

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        theme="light"
        width={216}
        style={{ borderRight: `1px solid ${token.colorBorderSecondary}` }}
      >
        <Flex align="center" gap={8} style={{ height: 56, padding: '0 20px', overflow: 'hidden' }}>
          <SafetyCertificateTwoTone style={{ fontSize: 24 }} />
          {!collapsed && (
            <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
              {t('appShortName')}
            </Typography.Text>
          )}
        </Flex>
        <nav aria-label={t('layout.navigation')} data-testid="main-nav">
          <Menu mode="inline" items={items} selectedKeys={selected ? [selected] : []} style={{ border: 0 }} />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            padding: '0 24px',
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
          }}
        >
          <Flex justify="space-between" align="center" style={{ height: '100%' }}>
            <Typography.Text type="secondary">{t('appName')}</Typography.Text>
            <Space size="middle">
              <LanguageSwitch />
              <Space size={4} data-testid="current-user">
                <UserOutlined />
                <Typography.Text>{user.displayName}</Typography.Text>
                <RoleTag role={user.role} />
              </Space>
              <Button icon={<LogoutOutlined />} onClick={() => void onLogout()} data-testid="logout">
                {t('actions.logout')}
              </Button>
            </Space>
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  )
}
