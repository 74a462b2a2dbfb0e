import enAccount from './locales/en/account.json'
import enAudit from './locales/en/audit.json'
import enAuth from './locales/en/auth.json'
import enCommon from './locales/en/common.json'
import enDashboard from './locales/en/dashboard.json'
import enOrganisations from './locales/en/organisations.json'
import enRegions from './locales/en/regions.json'
import enSecurity from './locales/en/security.json'
import enUsers from './locales/en/users.json'
import zhAccount from './locales/zh-CN/account.json'
import zhAudit from './locales/zh-CN/audit.json'
import zhAuth from './locales/zh-CN/auth.json'
import zhCommon from './locales/zh-CN/common.json'
import zhDashboard from './locales/zh-CN/dashboard.json'
import zhOrganisations from './locales/zh-CN/organisations.json'
import zhRegions from './locales/zh-CN/regions.json'
import zhSecurity from './locales/zh-CN/security.json'
import zhUsers from './locales/zh-CN/users.json'

const zhCN = {
  common: zhCommon,
  auth: zhAuth,
  dashboard: zhDashboard,
  users: zhUsers,
  regions: zhRegions,
  audit: zhAudit,
  security: zhSecurity,
  account: zhAccount,
  organisations: zhOrganisations,
}

export type Resources = typeof zhCN

// `satisfies` makes a key missing from the English files a type error; locales.test.ts checks the other direction.
const en = {
  common: enCommon,
  auth: enAuth,
  dashboard: enDashboard,
  users: enUsers,
  regions: enRegions,
  audit: enAudit,
  security: enSecurity,
  account: enAccount,
  organisations: enOrganisations,
} satisfies Resources

export const resources = { 'zh-CN': zhCN, en }
export const NAMESPACES = Object.keys(zhCN) as (keyof Resources)[]
