// Demo data of the campaigns module: the testing-company roster of seed 000 附件3, a “网安” campaign of the demo city
// from the seed 001 template with the 83 organisations as targets, one team (the demo team lead and tester) and a
// few findings to review. The testing window opens on the day the demo is loaded, so that the demo tester can submit.
import { eq, inArray } from 'drizzle-orm'
import type { Tx } from '../../db/client'
import {
  campaignPhases,
  campaigns,
  campaignTargets,
  findingEvents,
  findings,
  organisations,
  teams,
  testingCompanies,
  users,
} from '../../db/schema'
import type { DemoStep } from '../demo/demo.service'
import { titleKey } from '../findings/finding-identity'
import { findTemplate, planPhases } from './campaign-templates'

/** 2021年宜兴市网络安全技术支撑机构名单 (seed 000 附件3); the phone "1510617 9570" normalised, the spacing in "杨  阳" dropped. */
export const SEED_000_TESTING_COMPANIES = [
  { name: '中国电信股份有限公司宜兴分公司', contactName: '孙春水', contactPhone: '15306159861' },
  { name: '中国移动通信集团江苏有限公司宜兴分公司', contactName: '杨阳', contactPhone: '13861529312' },
  { name: '中国联合网络通信有限公司宜兴市分公司', contactName: '王文辉', contactPhone: '15651570606' },
  { name: '江苏有线网络发展有限责任公司宜兴分公司', contactName: '张毅', contactPhone: '13812236063' },
  { name: '江苏骏安信息测评认证有限公司', contactName: '许晓晨', contactPhone: '15106179570' },
  { name: '杭州安恒信息技术股份有限公司', contactName: '王骏杰', contactPhone: '15852750685' },
] as const

const BEIJING_OFFSET = 8 * 3_600_000
const DAY = 86_400_000

export const campaignDemoStep: DemoStep = async (tx, _ctx, state) => {
  // The demo follows the real calendar (there is no injected clock in a demo step): today, Beijing time.
  const now = new Date()
  const today = new Date(Math.floor((now.getTime() + BEIJING_OFFSET) / DAY) * DAY - BEIJING_OFFSET)
  const year = new Date(now.getTime() + BEIJING_OFFSET).getUTCFullYear()
  const template = findTemplate('wangan-2022-changzhou')!
  const window = { startsAt: today, endsAt: new Date(today.getTime() + 5 * DAY) }
  const phases = planPhases(template, year, window)

  const companies = await tx
    .insert(testingCompanies)
    .values(
      SEED_000_TESTING_COMPANIES.map((c) => ({
        ...c,
        regionId: state.cityId,
        notes: '演示数据：seed 000 附件3',
      })),
    )
    .returning({ id: testingCompanies.id, name: testingCompanies.name })
  const [campaign] = await tx
    .insert(campaigns)
    .values({
      name: `“网安${year}”常州行动（演示）`,
      year,
      regionId: state.cityId,
      status: 'active',
      template: template.id,
      description: '演示数据：按常网办通〔2022〕11号的阶段与评分标准创建。',
      unitStandardId: template.unitStandardId,
      teamStandardId: template.teamStandardId,
      testingStartsAt: window.startsAt,
      testingEndsAt: window.endsAt,
      createdBy: state.userIds.get('demo-regulator') ?? null,
      activatedAt: now,
    })
    .returning({ id: campaigns.id })
  const campaignId = campaign!.id
  await tx.insert(campaignPhases).values(phases.map((p) => ({ ...p, campaignId })))
  const orgIds = [...state.organisationIds.values()]
  const orgRows = await tx.select().from(organisations).where(inArray(organisations.id, orgIds))
  await tx.insert(campaignTargets).values(
    orgRows.map((o) => ({
      campaignId,
      organisationId: o.id,
      organisationName: o.name,
      organisationCategory: o.category,
      creditCode: o.creditCode,
      isIndustryRegulator: o.isIndustryRegulator,
    })),
  )
  const anheng = companies.find((c) => c.name.startsWith('杭州安恒'))!
  const [team] = await tx
    .insert(teams)
    .values({
      campaignId,
      companyId: anheng.id,
      name: '安恒一队',
      leadUserId: state.userIds.get('demo-team-lead') ?? null,
    })
    .returning({ id: teams.id })
  const members = ['demo-team-lead', 'demo-tester']
    .map((u) => state.userIds.get(u))
    .filter((id): id is string => !!id)
  if (members.length) await tx.update(users).set({ teamId: team!.id }).where(inArray(users.id, members))
  await demoFindings(
    tx,
    campaignId,
    team!.id,
    state.organisationIds.get('市教育局'),
    state.userIds.get('demo-tester'),
    today,
  )
}

async function demoFindings(
  tx: Tx,
  campaignId: string,
  teamId: string,
  organisationId: string | undefined,
  testerId: string | undefined,
  today: Date,
): Promise<void> {
  if (!organisationId) return
  const [org] = await tx
    .select({ name: organisations.name })
    .from(organisations)
    .where(eq(organisations.id, organisationId))
  const samples = [
    {
      kind: 'vulnerability' as const,
      title: '教育局门户站 SQL 注入',
      target: 'https://www.jyj.changzhou.example/news/list?id=1',
      descriptionMd: '新闻列表参数 `id` 未过滤，可进行布尔盲注，读取数据库用户表。',
      reproductionMd: "1. 访问 `/news/list?id=1' and '1'='1`\n2. 与 `id=1' and '1'='2` 的响应长度不同",
      cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      cvssVersion: '3.1',
      cvssBase: 9.8,
      severity: 'critical' as const,
      severitySource: 'cvss' as const,
      cwe: 89,
    },
    {
      kind: 'weak_password' as const,
      title: '招生系统后台弱口令 admin/admin123',
      target: 'https://zs.jyj.changzhou.example/admin',
      descriptionMd: '后台管理员账户使用弱口令，可登录并导出考生信息。',
      reproductionMd: '使用 admin / admin123 登录 `/admin`。',
      cvssVector: null,
      cvssVersion: null,
      cvssBase: null,
      severity: 'high' as const,
      severitySource: 'tester' as const,
      cwe: 521,
    },
  ]
  for (const [index, sample] of samples.entries()) {
    const at = new Date(today.getTime() + (index + 1) * 3_600_000)
    const [row] = await tx
      .insert(findings)
      .values({
        ...sample,
        campaignId,
        teamId,
        submittedBy: testerId ?? null,
        organisationId,
        targetHost: new URL(sample.target).hostname,
        targetLocation: `${new URL(sample.target).hostname}${new URL(sample.target).pathname.replace(/\/+$/, '')}`,
        titleKey: titleKey(sample.title),
        submittedAt: at,
        updatedAt: at,
      })
      .returning({ id: findings.id })
    await tx.insert(findingEvents).values({
      findingId: row!.id,
      at,
      actorId: testerId ?? null,
      actorName: '演示·检测人员',
      actorRole: 'tester',
      action: 'submit',
      fromStatus: null,
      toStatus: 'submitted',
      note: { target: sample.target, organisation: org?.name ?? null },
    })
  }
}
