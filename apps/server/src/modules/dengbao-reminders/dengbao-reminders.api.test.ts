// 等保 deadline reminders through the notification channels (issue 8), over HTTP against the real database: the daily
// job queues a platform message, an SMS and an e-mail per due obligation; running again queues nothing; each bracket
// (7 days before, the day, each week overdue) once; the dispatcher delivers the SMS to a loopback Aliyun endpoint that
// checks the signature and the e-mail to a loopback SMTP server, the rows keeping their null notice (also through a
// crash's reconciliation); the liaison sees their reminders in the inbox and nobody else's; only the regulator side
// runs the reminders, inside its region.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { LEASE_MS } from '../delivery/delivery.service'
import type { FakeEndpoint } from '../delivery/testing/fake-sms-endpoints'
import { parseMail, type FakeSmtp } from '../delivery/testing/fake-smtp'
import type { TSystem } from '../dengbao/dengbao.schemas'
import { must, TEMPLATE_CODES, useLoopbackChannels } from '../notices/notice-test-setup'
import { createTestPlatform, type TestClient, type TestPlatform } from '../../testing/test-platform'
import type { TReminder, TRunRemindersResult } from './dengbao-reminders.schemas'

type Page = { items: TReminder[]; total: number }
type Inbox = {
  messages: { noticeId: string | null; documentNumber: string | null; subjectType: string; text: string }[]
}

let t: TestPlatform
let aliyun: FakeEndpoint
let smtp: FakeSmtp
let liaison: TestClient
let liaisonB: TestClient
let regulator: TestClient
let police: TestClient
let regulatorOther: TestClient
let systemA: TSystem
let systemB: TSystem
let systemOther: TSystem

const url = '/api/v1/dengbao'

async function register(client: TestClient, organisationId: string, name: string): Promise<TSystem> {
  return must<TSystem>(
    await client.post(`${url}/systems`, {
      organisationId,
      name,
      type: 'traditional',
      description: '门户网站',
      isCriticalInfrastructure: false,
      contacts: [],
    }),
    201,
    `register ${name}`,
  )
}

/** Moves the test clock and logs everyone in again (sessions end after 12 hours). */
async function setClock(at: string): Promise<void> {
  t.clock.set(at)
  for (const client of [liaison, liaisonB, regulator, police, regulatorOther]) {
    const fresh = await t.login(client.username!)
    client.cookie = fresh.cookie
    client.csrfToken = fresh.csrfToken
  }
}

async function count(where: string): Promise<number> {
  const [row] = await t.services.database.query<{ n: number }>(
    `select count(*)::int as n from deliveries where subject_type = 'dengbao_reminder' and ${where}`,
  )
  return Number(row?.n)
}

beforeAll(async () => {
  t = await createTestPlatform({ env: { WANGAN_SESSION_IDLE_MINUTES: '1440' } })
  // 2026-08-24 10:00 in Shanghai: grading and filing (seed 003: 31 August) is 7 days away.
  t.clock.set('2026-08-24T02:00:00Z')
  const { orgA, orgB, orgOther, city, otherCity } = t.basics
  ;({ aliyun, smtp } = await useLoopbackChannels(t))
  liaison = await t.as('org_liaison', { organisationId: orgA.id })
  liaisonB = await t.as('org_liaison', { organisationId: orgB.id })
  const liaisonOther = await t.as('org_liaison', { organisationId: orgOther.id })
  regulator = await t.as('regulator', { regionId: city.id })
  police = await t.as('police', { regionId: city.id })
  regulatorOther = await t.as('regulator', { regionId: otherCity.id })
  systemA = await register(liaison, orgA.id, '教育局门户网站')
  systemB = await register(liaisonB, orgB.id, '天宁区政务服务平台')
  systemOther = await register(liaisonOther, orgOther.id, '邻市教育云')
})
afterAll(async () => {
  t?.services.delivery.close()
  await aliyun?.close()
  await smtp?.close()
  await t?.close()
})

describe('the daily job', () => {
  test('queues the platform message, SMS and e-mail for each due obligation; a second run queues nothing', async () => {
    await t.services.dengbaoReminders.ensureScheduled()
    // One job: it schedules tomorrow's run first, then sends today's reminders.
    expect(
      await t.services.jobs.runDue({ name: 'dengbao.reminders', limit: 1, ignoreRetryDelay: true }),
    ).toBe(1)
    // orgA has a liaison with a mobile number and an e-mail address on file
    expect(await count(`organisation_id = '${t.basics.orgA.id}' and channel = 'platform'`)).toBe(1)
    expect(
      await count(`organisation_id = '${t.basics.orgA.id}' and channel = 'sms' and address = '13800000001'`),
    ).toBe(1)
    expect(
      await count(
        `organisation_id = '${t.basics.orgA.id}' and channel = 'email' and address = 'zhang@example.gov.cn'`,
      ),
    ).toBe(1)
    expect(await count(`organisation_id = '${t.basics.orgA.id}' and status = 'queued'`)).toBe(2)
    // orgB has no liaison contact: the reminder is in its inbox, SMS and e-mail recorded as failed, saying why
    expect(await count(`organisation_id = '${t.basics.orgB.id}' and channel = 'platform'`)).toBe(1)
    expect(
      await count(
        `organisation_id = '${t.basics.orgB.id}' and status = 'failed' and last_error like 'no_recipient%'`,
      ),
    ).toBe(2)
    expect(await count(`notice_id is not null`)).toBe(0)
    const before = await count('true')

    const again = await t.services.dengbaoReminders.run({})
    expect(again).toMatchObject({ reminders: 0, queued: { platform: 0, sms: 0, email: 0 } })
    expect(again.obligations).toBeGreaterThanOrEqual(3)
    // the next day's job exists once, however often today's is scheduled
    await t.services.dengbaoReminders.ensureScheduled()
    expect(await count('true')).toBe(before)
    const runNow = must<TRunRemindersResult>(await regulator.post(`${url}/reminders/run`, {}), 200, 'run')
    expect(runNow).toMatchObject({ today: '2026-08-24', reminders: 0, queued: { sms: 0, email: 0 } })
    expect(await count('true')).toBe(before)
  })

  test('each bracket once: the day itself, then once per week overdue', async () => {
    const platformOfA = () => count(`organisation_id = '${t.basics.orgA.id}' and channel = 'platform'`)
    await setClock('2026-08-27T02:00:00Z') // still in the 7-day bracket
    expect((await t.services.dengbaoReminders.run({})).reminders).toBe(0)
    await setClock('2026-08-31T02:00:00Z') // the due day
    const dueDay = await t.services.dengbaoReminders.run({})
    expect(dueDay.reminders).toBe(3)
    expect(await platformOfA()).toBe(2)
    await setClock('2026-09-01T02:00:00Z') // overdue, week 1
    expect((await t.services.dengbaoReminders.run({})).reminders).toBe(3)
    await setClock('2026-09-07T02:00:00Z') // still week 1
    expect((await t.services.dengbaoReminders.run({})).reminders).toBe(0)
    await setClock('2026-09-08T02:00:00Z') // week 2
    expect((await t.services.dengbaoReminders.run({})).reminders).toBe(3)
    expect(await platformOfA()).toBe(4)
    const list = must<Page>(await regulator.get(`${url}/reminders?pageSize=50`), 200, 'list')
    const ofA = list.items.filter((r) => r.systemId === systemA.id)
    expect(ofA.map((r) => r.bracket)).toEqual(['overdue-2', 'overdue-1', 'before-0', 'before-7'])
    expect(ofA[0]).toMatchObject({ kind: 'grading_filing', dueOn: '2026-08-31', daysLeft: -8 })
    expect(ofA[0]!.text).toContain('已逾期8天')
  })
})

describe('delivery', () => {
  test('the dispatcher sends the SMS to the Aliyun endpoint and the e-mail over SMTP, once each', async () => {
    await t.services.delivery.drain()
    const [sms] = await t.services.database.query<{ id: string; status: string; notice_id: string | null }>(
      `select id, status, notice_id from deliveries
       where subject_type = 'dengbao_reminder' and channel = 'sms' and address = '13800000001'
       order by created_at limit 1`,
    )
    expect(sms).toMatchObject({ status: 'sent', notice_id: null })
    const accepted = aliyun.accepted.filter((a) => a.key === sms!.id)
    expect(accepted).toHaveLength(1)
    expect(accepted[0]).toMatchObject({ phone: '13800000001', template: TEMPLATE_CODES.dengbao_reminder })
    expect(accepted[0]!.params).toMatchObject({
      organisation: '市教育局',
      system: '教育局门户网站',
      obligation: '定级备案',
      dueDate: '2026年8月31日',
      state: '还有7天到期',
    })
    expect(aliyun.duplicates()).toEqual([])
    const mails = smtp.received.map((m) => parseMail(m.raw))
    const reminderMails = mails.filter((m) => m.subject.startsWith('等保到期提醒：教育局门户网站'))
    expect(reminderMails).toHaveLength(4)
    expect(reminderMails[0]!.attachments).toEqual([])
    expect(reminderMails.map((m) => m.text).join('\n')).toContain('定级备案须于2026年8月31日前完成')
    expect(await count(`status <> 'sent' and channel <> 'platform' and address <> 'none'`)).toBe(0)
    expect(await count('notice_id is not null')).toBe(0)
    const list = must<Page>(
      await regulator.get(`${url}/reminders?organisationId=${t.basics.orgA.id}`),
      200,
      'l',
    )
    for (const reminder of list.items)
      expect(reminder.deliveries.map((d) => [d.channel, d.status])).toEqual([
        ['platform', 'sent'],
        ['sms', 'sent'],
        ['email', 'sent'],
      ])
  })

  test('a reminder left `sending` by a dead worker is reconciled after its lease and sent once', async () => {
    await setClock('2026-09-15T02:00:00Z') // overdue week 3
    expect((await t.services.dengbaoReminders.run({})).reminders).toBe(3)
    const [row] = await t.services.database.query<{ id: string }>(
      `select id from deliveries where subject_type = 'dengbao_reminder' and channel = 'sms'
       and status = 'queued' and address = '13800000001'`,
    )
    // The worker claimed it and died before calling the provider.
    await t.services.database.query(
      `update deliveries set status = 'sending', claim_token = gen_random_uuid(), attempts = 1,
       last_attempt_at = now(), due_at = $2 where id = $1`,
      [row!.id, new Date(t.clock.now().getTime() + LEASE_MS).toISOString()],
    )
    await t.services.delivery.drain()
    expect(aliyun.counts().get(row!.id)).toBeUndefined()
    t.clock.advance(LEASE_MS + 1_000)
    const report = await t.services.delivery.drain()
    expect(report.claimed).toBeGreaterThanOrEqual(1)
    expect(aliyun.counts().get(row!.id)).toBe(1)
    const [after] = await t.services.database.query<{ status: string; notice_id: string | null }>(
      `select status, notice_id from deliveries where id = $1`,
      [row!.id],
    )
    expect(after).toEqual({ status: 'sent', notice_id: null })
  })
})

describe('who sees and does what', () => {
  test('the liaison sees their organisation’s reminders in the inbox, not another organisation’s', async () => {
    const inbox = must<Inbox>(await liaison.get('/api/v1/inbox'), 200, 'inbox')
    const reminders = inbox.messages.filter((m) => m.subjectType === 'dengbao_reminder')
    expect(reminders.length).toBeGreaterThan(0)
    expect(reminders.every((m) => m.noticeId === null && m.documentNumber === null)).toBe(true)
    expect(reminders.some((m) => m.text.includes('教育局门户网站'))).toBe(true)
    expect(inbox.messages.some((m) => m.text.includes('天宁区政务服务平台'))).toBe(false)
    const inboxB = must<Inbox>(await liaisonB.get('/api/v1/inbox'), 200, 'inbox B')
    expect(inboxB.messages.some((m) => m.text.includes('天宁区政务服务平台'))).toBe(true)
    expect(inboxB.messages.some((m) => m.text.includes('教育局门户网站'))).toBe(false)
  })

  test('lists are scoped: liaisons their organisation, regulators their region; providers’ errors hidden from liaisons', async () => {
    const own = must<Page>(await liaison.get(`${url}/reminders?pageSize=100`), 200, 'liaison list')
    expect(own.total).toBeGreaterThan(0)
    expect(own.items.every((r) => r.organisationId === t.basics.orgA.id)).toBe(true)
    const ofB = must<Page>(await liaisonB.get(`${url}/reminders?pageSize=100`), 200, 'liaison B list')
    expect(ofB.items.every((r) => r.systemId === systemB.id)).toBe(true)
    expect(ofB.items[0]!.deliveries.find((d) => d.channel === 'sms')).toMatchObject({
      status: 'failed',
      lastError: null,
    })
    const region = must<Page>(await regulator.get(`${url}/reminders?pageSize=100`), 200, 'regulator list')
    expect(region.items.some((r) => r.systemId === systemOther.id)).toBe(false)
    expect(
      region.items.find((r) => r.systemId === systemB.id)!.deliveries.find((d) => d.channel === 'sms')!
        .lastError,
    ).toMatch(/^no_recipient/)
    const other = must<Page>(await regulatorOther.get(`${url}/reminders?pageSize=100`), 200, 'other region')
    expect(other.items.every((r) => r.systemId === systemOther.id)).toBe(true)
    expect((await liaison.get(`${url}/reminders?organisationId=${t.basics.orgB.id}`)).status).toBe(404)
    expect((await regulator.get(`${url}/reminders?organisationId=${t.basics.orgOther.id}`)).status).toBe(404)
  })

  test('a liaison cannot run the reminders; the regulator runs them inside its region, audited', async () => {
    const refused = await liaison.post(`${url}/reminders/run`, {})
    expect(refused.status).toBe(403)
    expect((await liaison.post(`${url}/reminders/run`, { organisationId: t.basics.orgA.id })).status).toBe(
      403,
    )
    expect(
      (await regulator.post(`${url}/reminders/run`, { organisationId: t.basics.orgOther.id })).status,
    ).toBe(404)
    await setClock('2026-09-22T02:00:00Z') // overdue week 4
    const before = await count(`organisation_id = '${t.basics.orgOther.id}'`)
    const run = must<TRunRemindersResult>(await police.post(`${url}/reminders/run`, {}), 200, 'police run')
    // orgA and orgB (the city), not orgOther (another city)
    expect(run).toMatchObject({ reminders: 2, queued: { platform: 2, sms: 2, email: 2 }, noRecipient: 2 })
    expect(await count(`organisation_id = '${t.basics.orgOther.id}'`)).toBe(before)
    const [audit] = await t.services.database.query<{ summary: { reminders: number } }>(
      `select summary from audit_events where action = 'dengbao.reminders_run' order by seq desc limit 1`,
    )
    expect(audit?.summary.reminders).toBe(2)
    // retrying: another region's regulator cannot see the delivery; a liaison may not retry
    const [failed] = await t.services.database.query<{ id: string }>(
      `select id from deliveries where subject_type = 'dengbao_reminder' and status = 'failed' limit 1`,
    )
    expect((await regulatorOther.post(`${url}/reminders/deliveries/${failed!.id}/retry`)).status).toBe(404)
    expect((await liaisonB.post(`${url}/reminders/deliveries/${failed!.id}/retry`)).status).toBe(403)
  })

  test('the brackets are a setting (admin); the template is a region template like the others', async () => {
    const settings = must<{ daysBefore: number[] }>(await police.get(`${url}/reminder-settings`), 200, 'get')
    expect(settings.daysBefore).toEqual([30, 7, 0])
    expect((await regulator.put(`${url}/reminder-settings`, settings)).status).toBe(403)
    const admin = await t.as('admin')
    const saved = must<{ daysBefore: number[] }>(
      await admin.put(`${url}/reminder-settings`, {
        daysBefore: [0, 14, 3],
        overdueEveryDays: 7,
        hourOfDay: 8,
        sms: true,
        email: false,
      }),
      200,
      'put',
    )
    expect(saved.daysBefore).toEqual([14, 3, 0])
    const noticeSettings = must<{
      templates: Record<string, { sms: string }>
      variables: Record<string, unknown>
    }>(await regulator.get('/api/v1/notice-settings'), 200, 'notice settings')
    expect(noticeSettings.templates.dengbao_reminder!.sms).toContain('${system}')
    expect(noticeSettings.variables.dengbao_reminder).toBeDefined()
  })
})
