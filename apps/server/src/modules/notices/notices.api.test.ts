// The official loop through the API, every role doing its part: a reviewer issues a notice (number, DOCX, findings
// notified, SMS and e-mail queued in the same transaction and delivered once to loopback Aliyun and SMTP peers), the
// liaison acknowledges, uploads a stamped PDF and reports the rectification, a retester returns a finding once and
// then passes it, the organisation appeals another and a reviewer withdraws it; escalation fires once after the
// configured hours (moved clock); the deadline board and the inbox show the open items. A liaison never sees another
// organisation's notices or an unverified finding.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { HOUR } from '../../clock'
import { createTestPlatform, type TestClient, type TestPlatform } from '../../testing/test-platform'
import { parseMail } from '../delivery/testing/fake-smtp'
import type { TFindingDetail } from '../findings/findings.schemas'
import { docxText } from '../inspections/docx-text'
import { must, PDF, setUpNoticeLoop, TEMPLATE_CODES, type NoticeLoopSetup } from './notice-test-setup'
import type { TNoticeDetail } from './notices.schemas'

type ErrorBody = { error: { code: string; message: string; details?: { path: string; message: string }[] } }

let t: TestPlatform
let n: NoticeLoopSetup

beforeAll(async () => {
  // Sessions outlive the hour-long steps of the clock here; longer jumps log everyone in again (n.refresh()).
  t = await createTestPlatform({ env: { WANGAN_SESSION_IDLE_MINUTES: '1440' } })
  // Monday 16 May 2022, 10:00 in Beijing: the first day of seed 001's testing window.
  t.clock.set('2022-05-16T02:00:00Z')
  n = await setUpNoticeLoop(t)
})
afterAll(async () => {
  await n?.close()
  await t?.close()
})

async function download(client: TestClient, url: string) {
  const response = await t.app.inject({ method: 'GET', url, headers: { cookie: client.cookie! } })
  return { status: response.statusCode, headers: response.headers, body: response.rawPayload }
}

describe('issuing a notice', () => {
  let notice: TNoticeDetail
  let f1: TFindingDetail
  let f2: TFindingDetail

  beforeAll(async () => {
    f1 = await n.verifiedFinding({ webshellPaths: ['/var/www/html/upload/shell.php'] })
    f2 = await n.verifiedFinding({
      kind: 'weak_password',
      title: '后台弱口令 admin/123456',
      cvssVector: undefined,
      severity: 'high',
    })
    notice = await n.issue([f1.id, f2.id])
  })

  test('takes the region’s next number, notifies the findings and queues platform, SMS and e-mail in one go', async () => {
    expect(notice).toMatchObject({
      documentNumber: '测网安通〔2022〕1号',
      title: '关于市教育局网络安全问题的通报',
      issuer: '中共测试市委网信办',
      organisationName: '市教育局',
      issuedAt: '2022-05-16T02:00:00.000Z',
      deadlineAt: '2022-05-19T02:00:00.000Z',
      escalationDueAt: '2022-05-17T02:00:00.000Z',
      status: 'open',
      findingCount: 2,
      openFindingCount: 2,
      acknowledgedAt: null,
    })
    expect(notice.findings.map((f) => [f.id, f.status])).toEqual([
      [f1.id, 'notified'],
      [f2.id, 'notified'],
    ])
    const byChannel = Object.fromEntries(notice.deliveries.map((d) => [d.channel, d]))
    expect(byChannel.platform).toMatchObject({ status: 'sent', provider: 'platform' })
    expect(byChannel.sms).toMatchObject({ status: 'queued', recipientName: '张三', address: '13800000001' })
    expect(byChannel.email).toMatchObject({ status: 'queued', address: 'zhang@example.gov.cn' })
    const finding = must<TFindingDetail>(await n.s.reviewer.get(`/api/v1/findings/${f1.id}`), 200, 'finding')
    expect(finding).toMatchObject({ status: 'notified', notifiedAt: notice.issuedAt })
    expect(finding.timeline.at(-1)).toMatchObject({ action: 'notify', note: { notificationId: notice.id } })
    const audit = await t.services.audit.list({
      action: 'notice.issued',
      objectId: notice.id,
      page: 1,
      pageSize: 5,
    })
    expect(audit.items).toHaveLength(1)
  })

  test('the dispatcher delivers the SMS to the Aliyun endpoint and the e-mail with the DOCX, once each', async () => {
    await t.services.delivery.drain()
    const sms = notice.deliveries.find((d) => d.channel === 'sms')!
    expect(n.aliyun.counts().get(sms.id)).toBe(1)
    const accepted = n.aliyun.accepted.find((a) => a.key === sms.id)!
    expect(accepted).toMatchObject({
      phone: '13800000001',
      template: TEMPLATE_CODES.notice_issued,
      signName: '测试市网信办',
    })
    expect(accepted.params).toMatchObject({
      organisation: '市教育局',
      number: '测网安通〔2022〕1号',
      count: '2',
    })
    const email = notice.deliveries.find((d) => d.channel === 'email')!
    const mails = n.smtp.received.filter(
      (m) => parseMail(m.raw).headers.get('x-wangan-delivery') === email.id,
    )
    expect(mails).toHaveLength(1)
    const mail = parseMail(mails[0]!.raw)
    expect(mail.subject).toBe('网络安全通报 测网安通〔2022〕1号：关于市教育局网络安全问题的通报')
    expect(mail.text).toContain('2022年5月19日 10:00')
    expect(mail.attachments.map((a) => a.filename)).toEqual(['测网安通〔2022〕1号.docx'])
    const text = docxText(mail.attachments[0]!.content)
    expect(text).toContain('测网安通〔2022〕1号')
    expect(text).toContain('/var/www/html/upload/shell.php')
    const after = must<TNoticeDetail>(await n.s.reviewer.get(`/api/v1/notices/${notice.id}`), 200, 'get')
    expect(after.channels.map((c) => [c.channel, c.status])).toEqual([
      ['platform', 'sent'],
      ['sms', 'sent'],
      ['email', 'sent'],
    ])
    expect(after.deliveries.find((d) => d.channel === 'sms')).toMatchObject({
      status: 'sent',
      provider: 'aliyun',
      attempts: 1,
      providerMessageId: accepted.messageId,
    })
    // Draining again sends nothing twice.
    await t.services.delivery.drain()
    expect(n.aliyun.counts().get(sms.id)).toBe(1)
    expect(after.timeline.map((e) => e.kind)).toEqual(['issued', 'delivered', 'delivered', 'delivered'])
  })

  test('the DOCX: number, addressee, findings with severity and location, shell paths, deadline, issuer', async () => {
    const file = await download(n.liaison, `/api/v1/notices/${notice.id}/document`)
    expect(file.status).toBe(200)
    expect(file.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    )
    const text = docxText(file.body)
    for (const expected of [
      '中共测试市委网信办',
      '测网安通〔2022〕1号',
      '关于市教育局网络安全问题的通报',
      '市教育局：',
      f1.title,
      '超危（CVSS 9.8）',
      '后台弱口令 admin/123456',
      '高危',
      f1.target,
      '/var/www/html/upload/shell.php',
      '2022年5月19日 10:00',
      '测试市网络安全监管平台',
      '2022年5月16日',
    ])
      expect(text).toContain(expected)
  })

  test('numbers are never reused: the next notice takes 2', async () => {
    const f = await n.verifiedFinding()
    const next = await n.issue([f.id], { channels: { sms: false, email: false }, title: '补充通报' })
    expect(next.documentNumber).toBe('测网安通〔2022〕2号')
    expect(next.deliveries.map((d) => d.channel)).toEqual(['platform'])
  })

  test('refused: unverified, already notified, another organisation’s, an unknown id, a past deadline', async () => {
    const submitted = must<{ finding: TFindingDetail }>(
      await n.s.teamA.tester.post(`/api/v1/campaigns/${n.s.campaign.id}/findings`, {
        kind: 'vulnerability',
        title: '未审核的漏洞',
        descriptionMd: 'x',
        target: `https://${n.s.assets.orgAWeb}/pending`,
        severity: 'medium',
      }),
      201,
      'submit',
    ).finding
    const onB = await n.verifiedFinding({ target: `https://${n.s.assets.orgBWeb}/x` })
    const fresh = await n.verifiedFinding()
    const cases: [string[], Record<string, unknown>, RegExp][] = [
      [[submitted.id], {}, /只能通报已确认的问题/],
      [[f1.id], {}, /只能通报已确认的问题/],
      [[onB.id], {}, /不属于市教育局/],
      [['00000000-0000-4000-8000-000000000000'], {}, /问题不存在/],
      [[fresh.id], { deadlineAt: '2022-05-16T01:00:00Z' }, /整改期限须晚于/],
    ]
    for (const [ids, over, message] of cases) {
      const res = await n.s.reviewer.post<ErrorBody>('/api/v1/notices', {
        organisationId: t.basics.orgA.id,
        findingIds: ids,
        ...over,
      })
      expect(res.status, JSON.stringify(res.body)).toBe(400)
      expect(res.body.error.message).toMatch(message)
    }
    const other = await n.s.reviewer.post<ErrorBody>('/api/v1/notices', {
      organisationId: t.basics.orgOther.id,
      findingIds: [fresh.id],
    })
    expect(other.status).toBe(404)
    // Nothing was taken: the failed attempts did not consume numbers.
    const next = await n.issue([fresh.id], { channels: { sms: false, email: false } })
    expect(next.documentNumber).toBe('测网安通〔2022〕3号')
  })
})

describe('who sees what', () => {
  let notice: TNoticeDetail
  beforeAll(async () => {
    const f = await n.verifiedFinding()
    notice = await n.issue([f.id])
  })

  test('the liaison of another organisation does not see the notice, its document or its files', async () => {
    const list = must<{ items: { id: string }[] }>(await n.liaisonB.get('/api/v1/notices'), 200, 'list')
    expect(list.items.map((i) => i.id)).not.toContain(notice.id)
    for (const url of [
      `/api/v1/notices/${notice.id}`,
      `/api/v1/notices/${notice.id}/document`,
      `/api/v1/notices/${notice.id}/files/${notice.id}`,
    ])
      expect((await n.liaisonB.get(url)).status, url).toBe(404)
    expect((await n.liaisonB.post(`/api/v1/notices/${notice.id}/acknowledge`)).status).toBe(404)
    expect(
      (await n.liaisonB.post(`/api/v1/notices/${notice.id}/rectifications`, { summaryMd: '已整改' })).status,
    ).toBe(404)
  })

  test('the regulator’s side of another city sees nothing either', async () => {
    const otherRegulator = await t.as('regulator', { regionId: t.basics.otherCity.id })
    const otherRetester = await t.as('retester', { regionId: t.basics.otherCity.id })
    expect((await otherRegulator.get(`/api/v1/notices/${notice.id}`)).status).toBe(404)
    const board = must<{ items: unknown[] }>(await otherRegulator.get('/api/v1/notice-board'), 200, 'board')
    expect(board.items).toEqual([])
    const queue = must<{ items: unknown[] }>(await otherRetester.get('/api/v1/retests/queue'), 200, 'queue')
    expect(queue.items).toEqual([])
  })

  test('the liaison and the leader see their own notices, without provider internals; never an unverified finding', async () => {
    const seen = must<TNoticeDetail>(await n.liaison.get(`/api/v1/notices/${notice.id}`), 200, 'get')
    expect(seen.deliveries.every((d) => d.provider === null && d.lastError === null)).toBe(true)
    expect(seen.canAcknowledge).toBe(true)
    const byLeader = must<TNoticeDetail>(await n.leader.get(`/api/v1/notices/${notice.id}`), 200, 'leader')
    expect(byLeader.canAcknowledge).toBe(false)
    const findings = must<{ items: { status: string }[] }>(
      await n.liaison.get('/api/v1/findings?pageSize=500'),
      200,
      'f',
    )
    expect(findings.items.length).toBeGreaterThan(0)
    expect(
      findings.items.every((f) =>
        ['notified', 'rectification_submitted', 'returned', 'fixed', 'withdrawn'].includes(f.status),
      ),
    ).toBe(true)
    const inbox = must<{ notices: { id: string }[]; unacknowledged: number; messages: { text: string }[] }>(
      await n.liaison.get('/api/v1/inbox'),
      200,
      'inbox',
    )
    expect(inbox.notices.map((x) => x.id)).toContain(notice.id)
    expect(inbox.messages.some((m) => m.text.includes(notice.documentNumber))).toBe(true)
    const inboxB = must<{ notices: unknown[] }>(await n.liaisonB.get('/api/v1/inbox'), 200, 'inbox B')
    expect(inboxB.notices).toEqual([])
  })
})

describe('the loop: acknowledge, rectify, re-test (returned once, then fixed), appeal', () => {
  let notice: TNoticeDetail
  let shellFinding: TFindingDetail
  let appealed: TFindingDetail

  beforeAll(async () => {
    t.clock.set('2022-05-16T04:00:00Z')
    shellFinding = await n.verifiedFinding({ webshellPaths: ['/var/www/html/a.php', '/tmp/b.jsp'] })
    appealed = await n.verifiedFinding({ title: '疑似误报的目录遍历' })
    notice = await n.issue([shellFinding.id, appealed.id])
    await t.services.delivery.drain()
  })

  test('the liaison acknowledges once (read receipt, timestamped)', async () => {
    t.clock.advance(HOUR)
    const acked = must<TNoticeDetail>(
      await n.liaison.post(`/api/v1/notices/${notice.id}/acknowledge`),
      200,
      'ack',
    )
    expect(acked).toMatchObject({ acknowledgedAt: '2022-05-16T05:00:00.000Z', canAcknowledge: false })
    t.clock.advance(HOUR)
    const again = must<TNoticeDetail>(
      await n.liaison.post(`/api/v1/notices/${notice.id}/acknowledge`),
      200,
      'again',
    )
    expect(again.acknowledgedAt).toBe('2022-05-16T05:00:00.000Z')
    const audit = await t.services.audit.list({
      action: 'notice.acknowledged',
      objectId: notice.id,
      page: 1,
      pageSize: 5,
    })
    expect(audit.items).toHaveLength(1)
  })

  test('a report must confirm every shell path of the findings it covers, and cite only this notice’s uploads', async () => {
    const missing = await n.liaison.post<ErrorBody>(`/api/v1/notices/${notice.id}/rectifications`, {
      findingIds: [shellFinding.id],
      summaryMd: '已修复',
      removedWebshellPaths: ['/var/www/html/a.php'],
    })
    expect(missing.status).toBe(400)
    expect(missing.body.error.message).toContain('/tmp/b.jsp')
    const bogus = await n.liaison.post<ErrorBody>(`/api/v1/notices/${notice.id}/rectifications`, {
      findingIds: [shellFinding.id],
      summaryMd: '已修复',
      removedWebshellPaths: ['/var/www/html/a.php', '/tmp/b.jsp'],
      fileIds: [notice.id],
    })
    expect(bogus.status).toBe(400)
    expect(bogus.body.error.details?.[0]?.path).toBe('body.fileIds.0')
    const html = await n.upload(
      n.liaison,
      notice.id,
      'x.html',
      Buffer.from('<html><script>alert(1)</script></html>'),
      'text/html',
    )
    expect(html.status).toBe(415)
    expect((await n.upload(n.leader, notice.id, 'a.pdf', PDF)).status).toBe(403)
  })

  test('the liaison reports with a stamped PDF; the finding awaits re-test and the retester sees the report and evidence', async () => {
    const upload = await n.upload(n.liaison, notice.id, '整改报告（盖章）.pdf', PDF)
    expect(upload.status).toBe(201)
    t.clock.advance(HOUR)
    const reported = must<TNoticeDetail>(
      await n.liaison.post(`/api/v1/notices/${notice.id}/rectifications`, {
        findingIds: [shellFinding.id],
        summaryMd: '已修复注入点，并删除攻击队上传的脚本。',
        removedWebshellPaths: ['/var/www/html/a.php', '/tmp/b.jsp'],
        fileIds: [upload.body.id],
      }),
      200,
      'report',
    )
    expect(reported.findings.find((f) => f.id === shellFinding.id)).toMatchObject({
      status: 'rectification_submitted',
      rectificationSubmittedAt: '2022-05-16T07:00:00.000Z',
    })
    expect(reported.reports[0]).toMatchObject({
      files: [{ originalName: '整改报告（盖章）.pdf', mediaType: 'application/pdf' }],
    })
    const pdf = await download(n.s.retester, `/api/v1/notices/${notice.id}/files/${upload.body.id}`)
    expect(pdf.status).toBe(200)
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-')
    const queue = must<{
      items: { findingId: string; report: { summaryMd: string }; webshellPaths: string[] }[]
    }>(await n.s.retester.get('/api/v1/retests/queue'), 200, 'queue')
    const item = queue.items.find((i) => i.findingId === shellFinding.id)
    expect(item).toMatchObject({
      report: { summaryMd: '已修复注入点，并删除攻击队上传的脚本。' },
      webshellPaths: ['/var/www/html/a.php', '/tmp/b.jsp'],
    })
  })

  test('not fixed: a reason is required; the finding returns, the count goes up, the organisation is told again', async () => {
    const current = must<TFindingDetail>(
      await n.s.retester.get(`/api/v1/findings/${shellFinding.id}`),
      200,
      'f',
    )
    const noReason = await n.s.retester.post<ErrorBody>('/api/v1/retests', {
      findingId: shellFinding.id,
      result: 'not_fixed',
      version: current.version,
    })
    expect(noReason.status).toBe(400)
    t.clock.advance(HOUR)
    const returned = must<TNoticeDetail>(
      await n.s.retester.post('/api/v1/retests', {
        findingId: shellFinding.id,
        result: 'not_fixed',
        reason: '复测时注入点仍可利用',
        version: current.version,
      }),
      200,
      'not fixed',
    )
    expect(returned.findings.find((f) => f.id === shellFinding.id)).toMatchObject({
      status: 'returned',
      notFixedRetests: 1,
    })
    const stale = await n.s.retester.post<ErrorBody>('/api/v1/retests', {
      findingId: shellFinding.id,
      result: 'fixed',
      version: current.version,
    })
    expect(stale.status).toBe(409)
    const returnedSms = returned.deliveries.find(
      (d) => d.event === 'finding_returned' && d.channel === 'sms',
    )!
    expect(returnedSms).toMatchObject({ status: 'queued', address: '13800000001' })
    await t.services.delivery.drain()
    const accepted = n.aliyun.accepted.find((a) => a.key === returnedSms.id)!
    expect(accepted).toMatchObject({ template: TEMPLATE_CODES.finding_returned })
    expect(accepted.params).toMatchObject({ reason: '复测时注入点仍可利用' })
  })

  test('reported again and fixed: fix time is the second report’s time', async () => {
    t.clock.advance(HOUR)
    must(
      await n.liaison.post(`/api/v1/notices/${notice.id}/rectifications`, {
        findingIds: [shellFinding.id],
        summaryMd: '已升级框架并加固。',
        removedWebshellPaths: ['/var/www/html/a.php', '/tmp/b.jsp'],
      }),
      200,
      'second report',
    )
    const reportedAt = t.clock.now().toISOString()
    t.clock.advance(3 * HOUR)
    const current = must<TFindingDetail>(
      await n.s.retester.get(`/api/v1/findings/${shellFinding.id}`),
      200,
      'f',
    )
    const fixed = must<TNoticeDetail>(
      await n.s.retester.post('/api/v1/retests', {
        findingId: shellFinding.id,
        result: 'fixed',
        version: current.version,
      }),
      200,
      'fixed',
    )
    expect(fixed.findings.find((f) => f.id === shellFinding.id)).toMatchObject({
      status: 'fixed',
      fixedAt: reportedAt,
      notFixedRetests: 1,
    })
    expect(fixed.retests.map((r) => r.result)).toEqual(['not_fixed', 'fixed'])
  })

  test('an appeal: once per finding; a reviewer withdraws it — it leaves the scores — and the organisation is told', async () => {
    const appeal = must<TNoticeDetail>(
      await n.liaison.post(`/api/v1/notices/${notice.id}/appeals`, {
        findingId: appealed.id,
        ground: 'false_positive',
        reason: '该路径为静态资源，不存在目录遍历。',
      }),
      200,
      'appeal',
    )
    expect(appeal.findings.find((f) => f.id === appealed.id)).toMatchObject({
      status: 'notified',
      appeal: 'pending',
    })
    const twice = await n.liaison.post<ErrorBody>(`/api/v1/notices/${notice.id}/appeals`, {
      findingId: appealed.id,
      ground: 'other',
      reason: '再次申诉',
    })
    expect(twice.status).toBe(409)
    const pending = must<{ items: { id: string; findingId: string; version: number }[] }>(
      await n.s.reviewer.get('/api/v1/appeals'),
      200,
      'appeals',
    )
    const mine = pending.items.find((a) => a.findingId === appealed.id)!
    expect(
      (
        await n.s.retester.post(`/api/v1/appeals/${mine.id}/decision`, {
          decision: 'withdraw',
          reason: 'x',
          version: 1,
        })
      ).status,
    ).toBe(403)
    const decided = must<{ decision: string; findingStatus: string }>(
      await n.s.reviewer.post(`/api/v1/appeals/${mine.id}/decision`, {
        decision: 'withdraw',
        reason: '核实为误报',
        version: mine.version,
      }),
      200,
      'decide',
    )
    expect(decided).toMatchObject({ decision: 'withdrawn', findingStatus: 'withdrawn' })
    const again = await n.s.reviewer.post<ErrorBody>(`/api/v1/appeals/${mine.id}/decision`, {
      decision: 'uphold',
      reason: 'x',
      version: mine.version + 1,
    })
    expect(again.status).toBe(409)
    const view = must<TNoticeDetail>(await n.liaison.get(`/api/v1/notices/${notice.id}`), 200, 'view')
    expect(view.findings.find((f) => f.id === appealed.id)).toMatchObject({
      status: 'withdrawn',
      appeal: 'granted',
    })
    expect(view.status).toBe('closed')
    const decisionSms = view.deliveries.find((d) => d.event === 'appeal_decided' && d.channel === 'sms')
    expect(decisionSms).toBeDefined()
    expect(view.timeline.map((e) => e.kind)).toEqual(
      expect.arrayContaining([
        'issued',
        'acknowledged',
        'rectification',
        'retest_not_fixed',
        'retest_fixed',
        'appeal',
        'appeal_decided',
      ]),
    )
  })

  test('an upheld appeal keeps the finding in the loop', async () => {
    const f = await n.verifiedFinding({ title: '可申诉的弱口令' })
    const other = await n.issue([f.id], { channels: { sms: false, email: false } })
    must(
      await n.liaison.post(`/api/v1/notices/${other.id}/appeals`, {
        findingId: f.id,
        ground: 'not_our_asset',
        reason: '非本单位资产',
      }),
      200,
      'appeal',
    )
    const appealsPage = must<{ items: { id: string; findingId: string; version: number }[] }>(
      await n.s.reviewer.get('/api/v1/appeals'),
      200,
      'list',
    )
    const a = appealsPage.items.find((x) => x.findingId === f.id)!
    must(
      await n.s.reviewer.post(`/api/v1/appeals/${a.id}/decision`, {
        decision: 'uphold',
        reason: '资产登记在该单位名下',
        version: a.version,
      }),
      200,
      'uphold',
    )
    const view = must<TNoticeDetail>(await n.liaison.get(`/api/v1/notices/${other.id}`), 200, 'view')
    expect(view.findings[0]).toMatchObject({ status: 'notified', appeal: 'upheld' })
    expect(view.canRectify).toBe(true)
    expect(view.canAppeal).toBe(false)
  })
})

describe('escalation', () => {
  test('an unacknowledged notice is escalated to the leader once after the configured hours; an acknowledged one never', async () => {
    t.clock.set('2022-05-19T00:00:00Z')
    await n.refresh()
    const quiet = await n.issue([(await n.verifiedFinding()).id])
    const answered = await n.issue([(await n.verifiedFinding()).id])
    must(await n.liaison.post(`/api/v1/notices/${answered.id}/acknowledge`), 200, 'ack')
    t.clock.advance(23 * HOUR)
    expect(await t.services.notices.escalateIfDue(quiet.id)).toBe('not_due')
    t.clock.advance(HOUR)
    await n.refresh()
    await t.services.jobs.runDue({ name: 'notice.escalate', ignoreRetryDelay: true })
    const escalated = must<TNoticeDetail>(
      await n.s.regulator.get(`/api/v1/notices/${quiet.id}`),
      200,
      'quiet',
    )
    expect(escalated.escalatedAt).toBe('2022-05-20T00:00:00.000Z')
    const toLeader = escalated.deliveries.filter((d) => d.event === 'escalation')
    expect(toLeader.map((d) => [d.channel, d.recipientName, d.address])).toEqual([
      ['platform', '单位负责人', '站内 platform'],
      ['sms', '李四', '13900000002'],
      ['email', '李四', 'li@example.gov.cn'],
    ])
    const calm = must<TNoticeDetail>(
      await n.s.regulator.get(`/api/v1/notices/${answered.id}`),
      200,
      'answered',
    )
    expect(calm.escalatedAt).toBeNull()
    await t.services.delivery.drain()
    const sms = toLeader.find((d) => d.channel === 'sms')!
    expect(n.aliyun.counts().get(sms.id)).toBe(1)
    expect(n.aliyun.accepted.find((a) => a.key === sms.id)).toMatchObject({
      template: TEMPLATE_CODES.escalation,
    })
    // Once: the job again, the sweep, a later hour — nothing more.
    t.clock.advance(5 * HOUR)
    await n.refresh()
    expect(await t.services.notices.escalateIfDue(quiet.id)).toBe('already')
    await t.services.notices.escalateDue()
    const after = must<TNoticeDetail>(await n.s.regulator.get(`/api/v1/notices/${quiet.id}`), 200, 'after')
    expect(after.deliveries.filter((d) => d.event === 'escalation')).toHaveLength(3)
    const audit = await t.services.audit.list({
      action: 'notice.escalated',
      objectId: quiet.id,
      page: 1,
      pageSize: 5,
    })
    expect(audit.items).toHaveLength(1)
  })
})

describe('deadline board and inbox', () => {
  test('open notices by time since issue, overdue highlighted; the liaison’s open items with deadlines', async () => {
    t.clock.set('2022-05-20T06:00:00Z')
    await n.refresh()
    const fresh = await n.issue([(await n.verifiedFinding()).id], { channels: { sms: false, email: false } })
    t.clock.advance(30 * HOUR)
    await n.refresh()
    const board = must<{
      brackets: Record<string, number>
      overdue: number
      items: { id: string; bracket: string; overdue: boolean; hoursSinceIssue: number }[]
    }>(await n.s.regulator.get('/api/v1/notice-board'), 200, 'board')
    expect(board.items.find((i) => i.id === fresh.id)).toMatchObject({
      bracket: 'within48h',
      overdue: false,
      hoursSinceIssue: 30,
    })
    expect(Object.values(board.brackets).reduce((a, b) => a + b, 0)).toBe(board.items.length)
    // The earlier notices are past their deadlines and still open.
    expect(board.overdue).toBeGreaterThan(0)
    expect(board.items.filter((i) => i.overdue).every((i) => i.bracket === 'later')).toBe(true)
    const inbox = must<{
      openItems: { noticeId: string; action: string; overdue: boolean; deadlineAt: string }[]
    }>(await n.liaison.get('/api/v1/inbox'), 200, 'inbox')
    expect(inbox.openItems.find((i) => i.noticeId === fresh.id)).toMatchObject({
      action: 'rectify',
      overdue: false,
    })
    expect(inbox.openItems.some((i) => i.overdue)).toBe(true)
  })
})

describe('region settings and templates', () => {
  test('the regulator edits the templates with a preview; unknown variables and stale versions are refused', async () => {
    const settings = must<{
      version: number
      templates: Record<string, { sms: string }>
      nextNumber: string
      inheritedFrom: unknown
    }>(await n.s.regulator.get('/api/v1/notice-settings'), 200, 'get')
    expect(settings.inheritedFrom).toBeNull()
    expect(settings.nextNumber).toMatch(/^测网安通〔2022〕\d+号$/)
    const preview = must<{ sms: string; smsParams: [string, string][]; problems: string[] }>(
      await n.s.regulator.post('/api/v1/notice-settings/preview', {
        kind: 'notice_issued',
        sms: '${organisation}请查收${number}',
        emailSubject: '通报 ${number}',
        emailBody: '${organisaton}',
      }),
      200,
      'preview',
    )
    expect(preview.sms).toBe('市教育局请查收常网安通〔2022〕11号')
    expect(preview.smsParams.map(([k]) => k)).toEqual(['organisation', 'number'])
    expect(preview.problems[0]).toMatch(/organisaton/)
    const body = {
      numberPattern: '测网安通〔{year}〕{n}号',
      issuer: '中共测试市委网信办',
      platformName: '测试市网络安全监管平台',
      platformUrl: null,
      escalateAfterHours: 12,
      deadlineHours: 48,
      templates: {
        ...settings.templates,
        escalation: { ...settings.templates.escalation, sms: '${unknown}' },
      },
      version: settings.version,
    }
    const bad = await n.s.regulator.put<ErrorBody>('/api/v1/notice-settings', body)
    expect(bad.status).toBe(400)
    expect(bad.body.error.details?.[0]?.path).toBe('body.templates.escalation.sms')
    const good = { ...body, templates: settings.templates }
    must(await n.s.regulator.put('/api/v1/notice-settings', good), 200, 'save')
    expect((await n.s.regulator.put('/api/v1/notice-settings', good)).status).toBe(409)
    expect((await n.s.reviewer.put('/api/v1/notice-settings', good)).status).toBe(403)
    // A district regulator inherits the city's settings and numbering.
    const district = await t.as('regulator', { regionId: t.basics.districtA.id })
    const inherited = must<{ inheritedFrom: { regionName: string }; escalateAfterHours: number }>(
      await district.get('/api/v1/notice-settings'),
      200,
      'district',
    )
    expect(inherited).toMatchObject({ inheritedFrom: { regionName: '测试市' }, escalateAfterHours: 12 })
  })

  test('the admin configures providers; keys are sealed and never returned', async () => {
    const channels = must<
      { channel: string; provider: string; hasSecret: boolean; settings: Record<string, unknown> }[]
    >(await n.admin.get('/api/v1/delivery-channels'), 200, 'channels')
    const sms = channels.find((c) => c.channel === 'sms')!
    expect(sms).toMatchObject({ provider: 'aliyun', hasSecret: true })
    expect(JSON.stringify(channels)).not.toContain('test-aliyun-secret')
    const [row] = await t.services.database.query<{ sealed_secret: string }>(
      `select sealed_secret from delivery_channel_settings where channel = 'sms'`,
    )
    expect(row!.sealed_secret).toMatch(/^v1\./)
    expect(row!.sealed_secret).not.toContain('test-aliyun-secret')
    const missingKey = await n.admin.put<ErrorBody>('/api/v1/delivery-channels/sms', {
      provider: 'tencent',
      secretId: 'AKID',
      smsSdkAppId: '1400000000',
      signName: 'x',
      templateIds: {},
    })
    expect(missingKey.status).toBe(400)
    expect((await n.s.regulator.get('/api/v1/delivery-channels')).status).toBe(403)
  })
})
