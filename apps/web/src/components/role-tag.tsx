import { Tag } from 'antd'
import { useTranslation } from 'react-i18next'
import type { Role } from '../auth/roles'

const COLOURS: Partial<Record<Role, string>> = {
  admin: 'red',
  auditor: 'purple',
  regulator: 'blue',
  reviewer: 'geekblue',
  retester: 'cyan',
  police: 'volcano',
  expert: 'gold',
  org_liaison: 'green',
  org_leader: 'lime',
  team_lead: 'orange',
  tester: 'orange',
}

export function RoleTag({ role }: { role: Role }) {
  const { t } = useTranslation()
  return <Tag color={COLOURS[role]}>{t(`roles.${role}`)}</Tag>
}
