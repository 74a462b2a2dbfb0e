// The pages of the notice loop (issue 5), spread into the page registry (registry.tsx) in one place.
import {
  AlertOutlined,
  ExperimentOutlined,
  FieldTimeOutlined,
  InboxOutlined,
  MessageOutlined,
  NotificationOutlined,
  SendOutlined,
} from '@ant-design/icons'
import { lazy } from 'react'
import type { PageDefinition } from '../page-definition'

const READERS = ['regulator', 'reviewer', 'retester', 'org_liaison', 'org_leader'] as const

export const NOTICE_PAGES: readonly PageDefinition[] = [
  {
    key: 'notices',
    path: '/notices',
    title: { 'zh-CN': '通报', en: 'Notices' },
    icon: NotificationOutlined,
    roles: READERS,
    component: lazy(() => import('./notices-page')),
    section: 'work',
  },
  {
    key: 'notice-new',
    path: '/notices/new',
    title: { 'zh-CN': '下发通报', en: 'Issue a notice' },
    roles: ['regulator', 'reviewer'],
    component: lazy(() => import('./notice-compose-page')),
    menuParent: 'notices',
  },
  {
    key: 'notice-detail',
    path: '/notices/:id',
    title: { 'zh-CN': '通报详情', en: 'Notice' },
    roles: READERS,
    component: lazy(() => import('./notice-detail-page')),
    menuParent: 'notices',
  },
  {
    key: 'inbox',
    path: '/inbox',
    title: { 'zh-CN': '收件箱', en: 'Inbox' },
    icon: InboxOutlined,
    roles: ['org_liaison', 'org_leader'],
    component: lazy(() => import('./inbox-page')),
    section: 'work',
  },
  {
    key: 'notice-board',
    path: '/notice-board',
    title: { 'zh-CN': '整改期限看板', en: 'Deadline board' },
    icon: FieldTimeOutlined,
    roles: ['regulator', 'reviewer', 'retester'],
    component: lazy(() => import('./notice-board-page')),
    section: 'work',
  },
  {
    key: 'retests',
    path: '/retests',
    title: { 'zh-CN': '复测队列', en: 'Re-test queue' },
    icon: ExperimentOutlined,
    roles: ['retester', 'regulator', 'reviewer'],
    component: lazy(() => import('../retests/retest-queue-page')),
    section: 'work',
  },
  {
    key: 'appeals',
    path: '/appeals',
    title: { 'zh-CN': '申诉处理', en: 'Appeals' },
    icon: AlertOutlined,
    roles: ['reviewer', 'regulator'],
    component: lazy(() => import('./appeals-page')),
    section: 'work',
  },
  {
    key: 'notice-settings',
    path: '/notice-settings',
    title: { 'zh-CN': '通报设置', en: 'Notice settings' },
    icon: MessageOutlined,
    roles: ['regulator'],
    component: lazy(() => import('./notice-settings-page')),
    section: 'system',
  },
  {
    key: 'delivery-channels',
    path: '/delivery-channels',
    title: { 'zh-CN': '短信与邮件通道', en: 'SMS and e-mail' },
    icon: SendOutlined,
    roles: ['admin'],
    component: lazy(() => import('./delivery-channels-page')),
    section: 'system',
  },
]
