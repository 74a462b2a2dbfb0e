// Demo data of scoring and forms, on the demo campaign (campaign-demo.ts): self-inspection reports of eight targets
// naming the companies that served them, their service evaluations, and the team's figures entered by hand — so that
// the forms pages, the team scores and the documents have something to show. The demo campaign's findings are the
// campaigns module's (two awaiting review; verified, they count); scored findings in every state are made by the
// tests (scoring.api.test.ts) and the browser journey (e2e/scoring.e2e.test.ts). Rows are written directly (a demo
// step gets a transaction only).
import { and, desc, eq } from 'drizzle-orm'
import type { Tx } from '../../db/client'
import { campaignForms, campaigns, teamMetricEntries, teams, testingCompanies } from '../../db/schema'
import type { DemoStep } from '../demo/demo.service'

const HOUR = 3_600_000

export const scoringDemoStep: DemoStep = async (tx, _ctx, state) => {
  const [campaign] = await tx
    .select()
    .from(campaigns)
    .where(eq(campaigns.regionId, state.cityId))
    .orderBy(desc(campaigns.createdAt))
    .limit(1)
  if (!campaign) return
  const [team] = await tx.select().from(teams).where(eq(teams.campaignId, campaign.id)).limit(1)
  if (!team) return
  const [juan] = await tx
    .select({ id: testingCompanies.id })
    .from(testingCompanies)
    .where(
      and(
        eq(testingCompanies.regionId, state.cityId),
        eq(testingCompanies.name, '江苏骏安信息测评认证有限公司'),
      ),
    )
  await demoForms(
    tx,
    campaign.id,
    state.organisationIds,
    team.companyId,
    juan?.id ?? null,
    campaign.testingStartsAt.getTime(),
  )
  await tx.insert(teamMetricEntries).values({
    campaignId: campaign.id,
    teamId: team.id,
    activeSlots: 180,
    assetsTested: 64,
    manualRequests: 5200,
    note: '演示数据：按检测日志录入',
    enteredByName: '演示·市委网信办',
  })
}

async function demoForms(
  tx: Tx,
  campaignId: string,
  organisationIds: Map<string, string>,
  anhengId: string,
  juanId: string | null,
  opened: number,
): Promise<void> {
  const submittedAt = new Date(opened - 24 * HOUR)
  const reports = [
    '市卫生健康委',
    '市公安局',
    '市人社局',
    '市交通运输局',
    '溧阳市',
    '武进区',
    '常州日报社',
    '江南银行',
  ]
  for (const [index, name] of reports.entries()) {
    const organisationId = organisationIds.get(name)
    if (!organisationId) continue
    const companies = index % 3 === 0 ? [anhengId] : index % 3 === 1 && juanId ? [juanId] : []
    await tx.insert(campaignForms).values({
      campaignId,
      kind: 'self_inspection',
      organisationId,
      serviceCompanyIds: companies,
      status: 'submitted',
      submittedAt,
      submittedByName: '演示·单位联络员',
      content: {
        organisation: {
          checkedUnits: 1 + (index % 4),
          checkedAssets: 5 + index * 2,
          otherServiceProviders: '',
          periodFrom: '2022-05-09',
          periodTo: '2022-05-15',
          methods: '远程漏洞扫描结合人工核查',
        },
        problems: {
          management: '网络安全工作责任制落实台账不完整。',
          technical: '发现中危漏洞若干，已整改。',
          vulnerabilities: index % 5,
          intrusions: 0,
          dataLeaks: 0,
          damaged: 0,
        },
        rectification: { rate: 100 - index * 5, progress: '按计划推进。', expectedCompletion: null },
        experience: '建立资产台账，定期自查。',
      },
    })
    if (companies[0]) {
      const score = [92, 85, 78, 88, 95, 70][index % 6]!
      await tx.insert(campaignForms).values({
        campaignId,
        kind: 'service_evaluation',
        organisationId,
        companyId: companies[0],
        overallScore: score,
        status: 'submitted',
        submittedAt,
        submittedByName: '演示·单位联络员',
        content: {
          evaluator: { unitName: name, address: '常州市', contactName: '联络员', mobile: '13800000000' },
          technical: {
            validVulnerabilities: 3,
            bySeverity: { critical: 0, high: 1, medium: 2, low: 0 },
            adviceEffectiveness: '整改建议具体可行。',
          },
          response: {
            responseTime: '3 天',
            effectiveWorkingTime: '16 小时',
            effectiveTestRange: '8 个系统',
            manualEffort: '2 人',
          },
          compliance: { violations: '无', disruption: '无' },
          overallScore: score,
          remarks: '',
        },
      })
    }
  }
}
