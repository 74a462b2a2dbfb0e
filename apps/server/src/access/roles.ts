// The roles of SPEC §2. Every API route declares which of them may call it (deny by default).
export const ROLES = [
  'admin',
  'regulator',
  'reviewer',
  'retester',
  'team_lead',
  'tester',
  'org_liaison',
  'org_leader',
  'police',
  'expert',
  'auditor',
] as const

export type Role = (typeof ROLES)[number]

/** Roles whose users belong to an organisation (and see only it and its subordinate units). */
export const ORGANISATION_ROLES: readonly Role[] = ['org_liaison', 'org_leader']
/** Roles whose users belong to a testing team (and see only their team's work). */
export const TEAM_ROLES: readonly Role[] = ['team_lead', 'tester']
/** Roles of the regulator's side, who see everything inside their region's subtree. */
export const REGION_ROLES: readonly Role[] = ['regulator', 'reviewer', 'retester', 'police', 'expert']

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  admin: { zh: '平台管理员', en: 'Administrator' },
  regulator: { zh: '监管人员', en: 'Regulator' },
  reviewer: { zh: '审核人员', en: 'Reviewer' },
  retester: { zh: '复测人员', en: 'Re-tester' },
  team_lead: { zh: '检测队长', en: 'Team lead' },
  tester: { zh: '检测人员', en: 'Tester' },
  org_liaison: { zh: '单位联络员', en: 'Organisation liaison' },
  org_leader: { zh: '单位负责人', en: 'Organisation leader' },
  police: { zh: '公安等保民警', en: 'Police (classified protection)' },
  expert: { zh: '定级专家', en: 'Grading expert' },
  auditor: { zh: '审计员', en: 'Auditor' },
}
