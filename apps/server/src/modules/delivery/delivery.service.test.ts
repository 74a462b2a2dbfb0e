// The dispatcher's promises, one by one, against loopback providers: a provider answering errors for a while → the
// deliveries retry with back-off and each arrives once; an answer lost after the provider accepted → reconciled, not
// sent again; a row left `sending` by a dead worker → reconciled after its lease; a permanent refusal → failed with
// the provider's code, shown to the regulator, retried by hand after the configuration is fixed; Tencent and the
// webhook through the same path; nobody to send to → a failed delivery that says so.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { HOUR, MINUTE } from '../../clock'
import { createTestPlatform, type TestPlatform } from '../../testing/test-platform'
import {
  ALIYUN,
  must,
  setUpNoticeLoop,
  TEMPLATE_CODES,
  type NoticeLoopSetup,
} from '../notices/notice-test-setup'
import type { TNoticeDetail } from '../notices/notices.schemas'
import { AliyunSmsProvider } from './providers/aliyun-sms'
import { LEASE_MS, MAX_ATTEMPTS } from './delivery.service'
import { startFakeTencentSms, startFakeWebhook } from './testing/fake-sms-endpoints'

let t: TestPlatform
let n: NoticeLoopSetup

beforeAll(async () => {
  t = await createTestPlatform({ env: { WANGAN_SESSION_IDLE_MINUTES: '1440' } })
  t.clock.set('2022-05-16T02:00:00Z')
  n = await setUpNoticeLoop(t)
})
afterAll(async () => {
  await n?.close()
  await t?.close()
})

async function issueOne(over: Record<string, unknown> = {}) {
  const f = await n.verifiedFinding()
  return n.issue([f.id], { channels: { sms: true, email: false }, ...over })
}

async function smsOf(notice: TNoticeDetail) {
  const detail = must<TNoticeDetail>(await n.s.regulator.get(`/api/v1/notices/${notice.id}`), 200, 'get')
  return detail.deliveries.find((d) => d.channel === 'sms' && d.event === 'issued')!
}

describe('retries', () => {
  test('a provider failing for a while: back-off, then each message arrives exactly once', async () => {
    const notices = [await issueOne(), await issueOne(), await issueOne()]
    const ids = await Promise.all(notices.map(async (x) => (await smsOf(x)).id))
    // The next five sends fail with a transient provider error.
    let failures = 5
    n.aliyun.inject(() =>
      failures-- > 0 ? { kind: 'error', code: 'isp.SYSTEM_ERROR', message: '系统繁忙' } : null,
    )
    const first = await t.services.delivery.drain()
    expect(first).toMatchObject({ claimed: 3, retrying: 3, sent: 0 })
    const waiting = await smsOf(notices[0]!)
    expect(waiting).toMatchObject({ status: 'retrying', attempts: 1 })
    expect(waiting.lastError).toMatch(/^isp.SYSTEM_ERROR/)
    // Nothing is due before the back-off (30 s after the first attempt).
    expect((await t.services.delivery.drain()).claimed).toBe(0)
    t.clock.advance(30_000)
    const second = await t.services.delivery.drain()
    expect(second).toMatchObject({ claimed: 3 })
    // Two failed again (five injected failures in all); their next wait doubles.
    t.clock.advance(59_000)
    expect((await t.services.delivery.drain()).claimed).toBe(0)
    t.clock.advance(1_000)
    await t.services.delivery.drain()
    n.aliyun.inject(() => null)
    for (const id of ids) expect(n.aliyun.counts().get(id)).toBe(1)
    const done = await Promise.all(notices.map(smsOf))
    expect(done.map((d) => d.status)).toEqual(['sent', 'sent', 'sent'])
    expect(done.map((d) => d.attempts).sort()).toEqual([2, 3, 3])
  })

  test('after the last attempt the delivery fails with the provider’s error', async () => {
    const notice = await issueOne()
    const id = (await smsOf(notice)).id
    n.aliyun.inject(() => ({ kind: 'error', code: 'isv.BUSINESS_LIMIT_CONTROL', message: '触发天级流控' }))
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++) {
      await t.services.delivery.drain()
      t.clock.advance(HOUR)
    }
    n.aliyun.inject(() => null)
    const failed = await smsOf(notice)
    expect(failed).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS })
    expect(failed.lastError).toMatch(/isv.BUSINESS_LIMIT_CONTROL/)
    expect(n.aliyun.counts().get(id)).toBeUndefined()
    const summary = must<TNoticeDetail>(await n.s.regulator.get(`/api/v1/notices/${notice.id}`), 200, 'get')
    expect(summary.channels.find((c) => c.channel === 'sms')).toMatchObject({ status: 'failed', failed: 1 })
    expect(summary.timeline.some((e) => e.kind === 'delivery_failed')).toBe(true)
    // The regulator retries it by hand; it goes out once.
    must(await n.s.regulator.post(`/api/v1/notices/${notice.id}/deliveries/${id}/retry`), 200, 'retry')
    await t.services.delivery.drain()
    expect(n.aliyun.counts().get(id)).toBe(1)
    expect((await smsOf(notice)).status).toBe('sent')
  })
})

describe('reconciliation', () => {
  test('an answer lost after the provider accepted: QuerySendDetails finds it, no second message', async () => {
    const notice = await issueOne()
    const id = (await smsOf(notice)).id
    const next = n.aliyun.sendRequests()
    n.aliyun.inject((i) => (i === next ? { kind: 'drop_answer' } : null))
    const first = await t.services.delivery.drain()
    n.aliyun.inject(() => null)
    expect(first).toMatchObject({ retrying: 1 })
    expect(await smsOf(notice)).toMatchObject({ status: 'retrying' })
    expect(n.aliyun.counts().get(id)).toBe(1)
    t.clock.advance(5 * MINUTE)
    const second = await t.services.delivery.drain()
    expect(second).toMatchObject({ reconciled: 1, sent: 1 })
    expect(n.aliyun.counts().get(id)).toBe(1)
    expect(await smsOf(notice)).toMatchObject({ status: 'sent', attempts: 1 })
  })

  test('a row a dead worker left in `sending`: after the lease it is reconciled (sent → kept; not sent → sent once)', async () => {
    const reached = await issueOne()
    const lost = await issueOne()
    const reachedId = (await smsOf(reached)).id
    const lostId = (await smsOf(lost)).id
    // The dead worker had claimed both; the provider got only the first one before the crash.
    const provider = new AliyunSmsProvider(
      {
        endpoint: n.aliyun.url,
        accessKeyId: ALIYUN.accessKeyId,
        regionId: 'cn-hangzhou',
        signName: '测试市网信办',
        templateCodes: TEMPLATE_CODES,
        settleSeconds: 0,
        timeoutMs: 5_000,
      },
      ALIYUN.accessKeySecret,
    )
    await provider.send({
      deliveryId: reachedId,
      mobile: '13800000001',
      kind: 'notice_issued',
      text: 'x',
      params: [],
      lastAttemptAt: null,
    })
    provider.close()
    const leaseEnd = new Date(t.clock.now().getTime() + LEASE_MS).toISOString()
    await t.services.database.query(
      `update deliveries set status = 'sending', attempts = 1, last_attempt_at = now(), claim_token = gen_random_uuid(),
         due_at = $1::timestamptz where id = any($2::uuid[])`,
      [leaseEnd, [reachedId, lostId]],
    )
    expect((await t.services.delivery.drain()).claimed).toBe(0)
    t.clock.advance(LEASE_MS)
    const report = await t.services.delivery.drain()
    expect(report).toMatchObject({ claimed: 2, reconciled: 1, sent: 2 })
    expect(n.aliyun.counts().get(reachedId)).toBe(1)
    expect(n.aliyun.counts().get(lostId)).toBe(1)
    expect(await smsOf(reached)).toMatchObject({ status: 'sent', attempts: 1 })
    expect(await smsOf(lost)).toMatchObject({ status: 'sent', attempts: 2 })
  })
})

describe('permanent refusals and configuration', () => {
  test('a wrong key: failed at once with SignatureDoesNotMatch; the liaison sees only that it failed', async () => {
    must(
      await n.admin.put('/api/v1/delivery-channels/sms', {
        provider: 'aliyun',
        endpoint: n.aliyun.url,
        accessKeyId: ALIYUN.accessKeyId,
        signName: '测试市网信办',
        templateCodes: TEMPLATE_CODES,
        settleSeconds: 0,
        secret: 'a-wrong-secret',
      }),
      200,
      'misconfigure',
    )
    const notice = await issueOne()
    await t.services.delivery.drain()
    const failed = await smsOf(notice)
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 })
    expect(failed.lastError).toMatch(/^SignatureDoesNotMatch/)
    const byLiaison = must<TNoticeDetail>(await n.liaison.get(`/api/v1/notices/${notice.id}`), 200, 'liaison')
    expect(byLiaison.deliveries.find((d) => d.id === failed.id)).toMatchObject({
      status: 'failed',
      lastError: null,
    })
    expect(byLiaison.channels.find((c) => c.channel === 'sms')).toMatchObject({
      status: 'failed',
      lastError: null,
    })
    // The admin fixes the key (same provider: the version read must match), the regulator retries.
    const channels = must<{ channel: string; version: number }[]>(
      await n.admin.get('/api/v1/delivery-channels'),
      200,
      'c',
    )
    must(
      await n.admin.put('/api/v1/delivery-channels/sms', {
        provider: 'aliyun',
        endpoint: n.aliyun.url,
        accessKeyId: ALIYUN.accessKeyId,
        signName: '测试市网信办',
        templateCodes: TEMPLATE_CODES,
        settleSeconds: 0,
        secret: ALIYUN.accessKeySecret,
        version: channels.find((c) => c.channel === 'sms')!.version,
      }),
      200,
      'fix',
    )
    expect((await n.liaison.post(`/api/v1/notices/${notice.id}/deliveries/${failed.id}/retry`)).status).toBe(
      403,
    )
    const otherRegulator = await t.as('regulator', { regionId: t.basics.otherCity.id })
    expect(
      (await otherRegulator.post(`/api/v1/notices/${notice.id}/deliveries/${failed.id}/retry`)).status,
    ).toBe(404)
    must(await n.s.reviewer.post(`/api/v1/notices/${notice.id}/deliveries/${failed.id}/retry`), 200, 'retry')
    await t.services.delivery.drain()
    expect(await smsOf(notice)).toMatchObject({ status: 'sent' })
    expect(n.aliyun.counts().get(failed.id)).toBe(1)
  })

  test('no liaison mobile number on file: a failed SMS delivery that says so; the e-mail still goes', async () => {
    const [contact] = await t.services.database.query<{ id: string; mobile: string }>(
      `select id, mobile from organisation_contacts where organisation_id = $1 and kind = 'liaison'`,
      [t.basics.orgA.id],
    )
    await t.services.database.query(`update organisation_contacts set mobile = null where id = $1`, [
      contact!.id,
    ])
    try {
      const f = await n.verifiedFinding()
      const notice = await n.issue([f.id])
      const sms = notice.deliveries.find((d) => d.channel === 'sms')!
      expect(sms).toMatchObject({ status: 'failed', recipientName: '联络员' })
      expect(sms.lastError).toMatch(/未登记联络员手机号码/)
      expect(notice.deliveries.find((d) => d.channel === 'email')).toMatchObject({ status: 'queued' })
      const retry = await n.s.regulator.post<{ error: { code: string } }>(
        `/api/v1/notices/${notice.id}/deliveries/${sms.id}/retry`,
      )
      expect(retry.status).toBe(409)
    } finally {
      await t.services.database.query(`update organisation_contacts set mobile = $1 where id = $2`, [
        contact!.mobile,
        contact!.id,
      ])
    }
  })

  test('Tencent Cloud and the webhook go through the same dispatcher, once each', async () => {
    const tencent = await startFakeTencentSms({
      secretId: 'AKID-t',
      secretKey: 'tk',
      smsSdkAppId: '1400009999',
    })
    const hook = await startFakeWebhook({ secret: 'hook' })
    try {
      must(
        await n.admin.put('/api/v1/delivery-channels/sms', {
          provider: 'tencent',
          endpoint: tencent.url,
          secretId: 'AKID-t',
          smsSdkAppId: '1400009999',
          signName: '测试市网信办',
          templateIds: { notice_issued: '1000001' },
          secret: 'tk',
        }),
        200,
        'tencent',
      )
      const viaTencent = await issueOne()
      await t.services.delivery.drain()
      const sms = await smsOf(viaTencent)
      expect(sms).toMatchObject({ status: 'sent', provider: 'tencent' })
      expect(tencent.counts().get(sms.id)).toBe(1)
      expect(tencent.accepted.find((a) => a.key === sms.id)!.params).toEqual(
        expect.arrayContaining(['市教育局', viaTencent.documentNumber]),
      )
      must(
        await n.admin.put('/api/v1/delivery-channels/sms', {
          provider: 'webhook',
          url: hook.url,
          secret: 'hook',
        }),
        200,
        'webhook',
      )
      const viaHook = await issueOne()
      // The first answer is lost; the retry carries the same Idempotency-Key and the receiver keeps one message.
      hook.inject((i) => (i === 0 ? { kind: 'drop_answer' } : null))
      await t.services.delivery.drain()
      t.clock.advance(HOUR)
      await t.services.delivery.drain()
      const hooked = await smsOf(viaHook)
      expect(hooked).toMatchObject({ status: 'sent', provider: 'webhook' })
      expect(hook.counts().get(hooked.id)).toBe(1)
      expect(hook.attemptsPerKey().get(hooked.id)).toBe(2)
    } finally {
      await tencent.close()
      await hook.close()
      must(
        await n.admin.put('/api/v1/delivery-channels/sms', {
          provider: 'aliyun',
          endpoint: n.aliyun.url,
          accessKeyId: ALIYUN.accessKeyId,
          signName: '测试市网信办',
          templateCodes: TEMPLATE_CODES,
          settleSeconds: 0,
          secret: ALIYUN.accessKeySecret,
        }),
        200,
        'back to aliyun',
      )
    }
  })

  test('the admin’s test message goes out now, through the configured provider', async () => {
    const result = must<{ ok: boolean; provider: string; messageId: string | null }>(
      await n.admin.post('/api/v1/delivery-channels/sms/test', { address: '13800000009' }),
      200,
      'test sms',
    )
    expect(result).toMatchObject({ ok: true, provider: 'aliyun' })
    expect(n.aliyun.accepted.some((a) => a.phone === '13800000009')).toBe(true)
    const bad = await n.admin.post('/api/v1/delivery-channels/sms/test', { address: 'not-a-number' })
    expect(bad.status).toBe(400)
    const mail = must<{ ok: boolean }>(
      await n.admin.post('/api/v1/delivery-channels/email/test', { address: 'ops@example.gov.cn' }),
      200,
      'test mail',
    )
    expect(mail.ok).toBe(true)
  })
})
