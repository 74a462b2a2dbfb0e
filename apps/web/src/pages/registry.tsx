// The single registry of pages. Add a page by adding one entry: the route, its role guard, its menu item and its
// title in both languages all follow from it (see docs/interpretations/web.md, "Adding a page").
import {
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  DashboardOutlined,
  SafetyOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons'
import { lazy } from 'react'
import type { PageDefinition } from './page-definition'

export const PAGES: readonly PageDefinition[] = [
  {
    key: 'dashboard',
    path: '/',
    title: { 'zh-CN': '工作台', en: 'Dashboard' },
    icon: DashboardOutlined,
    roles: 'everyone',
    component: lazy(() => import('./dashboard/dashboard-page')),
    section: 'work',
  },
  {
    key: 'organisations',
    path: '/organisations',
    title: { 'zh-CN': '单位', en: 'Organisations' },
    icon: BankOutlined,
    roles: ['admin', 'regulator', 'reviewer', 'retester', 'police', 'expert', 'org_liaison', 'org_leader'],
    component: lazy(() => import('./organisations/organisations-page')),
    section: 'work',
  },
  {
    key: 'organisation-detail',
    path: '/organisations/:id',
    title: { 'zh-CN': '单位详情', en: 'Organisation' },
    roles: ['admin', 'regulator', 'reviewer', 'retester', 'police', 'expert', 'org_liaison', 'org_leader'],
    component: lazy(() => import('./organisations/organisation-detail-page')),
    menuParent: 'organisations',
  },
  {
    key: 'users',
    path: '/users',
    title: { 'zh-CN': '用户管理', en: 'Users' },
    icon: TeamOutlined,
    roles: ['admin'],
    component: lazy(() => import('./users/users-page')),
    section: 'system',
  },
  {
    key: 'regions',
    path: '/regions',
    title: { 'zh-CN': '行政区划', en: 'Regions' },
    icon: ApartmentOutlined,
    roles: ['admin'],
    component: lazy(() => import('./regions/regions-page')),
    section: 'system',
  },
  {
    key: 'security-settings',
    path: '/settings/security',
    title: { 'zh-CN': '安全设置', en: 'Security settings' },
    icon: SafetyOutlined,
    roles: ['admin'],
    component: lazy(() => import('./security-settings/security-settings-page')),
    section: 'system',
  },
  {
    key: 'audit',
    path: '/audit',
    title: { 'zh-CN': '审计日志', en: 'Audit log' },
    icon: AuditOutlined,
    roles: ['auditor', 'admin'],
    component: lazy(() => import('./audit/audit-page')),
    section: 'system',
  },
  {
    key: 'account',
    path: '/account',
    title: { 'zh-CN': '个人设置', en: 'My account' },
    icon: UserOutlined,
    roles: 'everyone',
    component: lazy(() => import('./account/account-page')),
    section: 'personal',
  },
]
