// Test support (imported only by tests): findings of a campaign brought to any state of the workflow, as the people
// of SPEC §3 would: the team submits through HTTP, the reviewer verifies through HTTP, and the notice, the
// rectification report and the re-test are the workflow steps the notification and re-test modules take.
import { HOUR } from '../../clock'
import { systemContext } from '../../context'
import type { TestClient, TestPlatform } from '../../testing/test-platform'
import type { CampaignSetup } from '../campaigns/campaign-test-setup'

export type FindingPlan = {
  tester: TestClient
  target: string
  kind?: 'vulnerability' | 'weak_password' | 'intrusion_trace' | 'data_leak' | 'unreported_asset'
  severity?: 'critical' | 'high' | 'medium' | 'low'
  cvssVector?: string
  organisationId?: string
  dataLeak?: { categories: string[]; recordCount: number; isSensitive?: boolean }
  /** How far the finding gets. */
  state?: 'submitted' | 'verified' | 'notified' | 'fixed' | 'returned' | 'withdrawn' | 'rejected'
  /** Notice issue time (defaults to the clock). */
  notifiedAt?: Date
  /** The rectification report that the re-test confirms, this many hours after the notice. */
  fixedAfterHours?: number
  title?: string
}

let sequence = 0

export async function addFinding(t: TestPlatform, s: CampaignSetup, plan: FindingPlan): Promise<string> {
  sequence += 1
  const submitted = await plan.tester.post<{ finding: { id: string; version: number } }>(
    `/api/v1/campaigns/${s.campaign.id}/findings`,
    {
      kind: plan.kind ?? 'vulnerability',
      title: plan.title ?? `测试漏洞 ${sequence}`,
      descriptionMd: '描述',
      target: plan.target,
      ...(plan.organisationId ? { organisationId: plan.organisationId } : {}),
      ...(plan.cvssVector ? { cvssVector: plan.cvssVector } : { severity: plan.severity ?? 'high' }),
      ...(plan.dataLeak ? { dataLeak: plan.dataLeak } : {}),
    },
  )
  if (submitted.status !== 201)
    throw new Error(`submit: ${submitted.status} ${JSON.stringify(submitted.body)}`)
  const { id, version } = submitted.body.finding
  const state = plan.state ?? 'verified'
  if (state === 'submitted') return id
  if (state === 'rejected') {
    const rejected = await s.reviewer.post(`/api/v1/findings/${id}/reject`, { version, reason: '误报' })
    if (rejected.status !== 200)
      throw new Error(`reject: ${rejected.status} ${JSON.stringify(rejected.body)}`)
    return id
  }
  const verified = await s.reviewer.post<{ version: number }>(`/api/v1/findings/${id}/verify`, { version })
  if (verified.status !== 200) throw new Error(`verify: ${verified.status} ${JSON.stringify(verified.body)}`)
  const system = systemContext('test')
  if (state === 'verified') return id
  if (state === 'withdrawn') {
    await t.services.findings.transition(system, id, 'withdraw', { reason: '撤回' })
    return id
  }
  const notifiedAt = plan.notifiedAt ?? t.clock.now()
  await t.services.findings.transition(system, id, 'notify', { notifiedAt })
  if (state === 'notified') return id
  const reportAt = new Date(notifiedAt.getTime() + (plan.fixedAfterHours ?? 1) * HOUR)
  await t.services.findings.transition(system, id, 'submit_rectification', { submittedAt: reportAt })
  if (state === 'fixed') await t.services.findings.transition(system, id, 'retest_fixed', {})
  else await t.services.findings.transition(system, id, 'retest_not_fixed', { reason: '未修复' })
  return id
}
