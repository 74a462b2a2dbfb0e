// Test support (imported only by tests): a campaign with verified findings for orgA, the SMS provider pointed at a
// loopback Aliyun fake and e-mail at a loopback SMTP server (both configured by an admin through the API), the
// region's notice settings, a leader contact, and clients for every role of the loop.
import { HOUR } from '../../clock'
import type { TestClient, TestPlatform } from '../../testing/test-platform'
import { setUpCampaign, type CampaignSetup } from '../campaigns/campaign-test-setup'
import { startFakeAliyunSms, type FakeEndpoint } from '../delivery/testing/fake-sms-endpoints'
import { startFakeSmtp, type FakeSmtp } from '../delivery/testing/fake-smtp'
import type { TFindingDetail } from '../findings/findings.schemas'
import type { TNoticeDetail } from './notices.schemas'

export const ALIYUN = { accessKeyId: 'LTAI5tTestKeyId', accessKeySecret: 'test-aliyun-secret' }
export const TEMPLATE_CODES = {
  notice_issued: 'SMS_460000001',
  escalation: 'SMS_460000002',
  finding_returned: 'SMS_460000003',
  appeal_decided: 'SMS_460000004',
  dengbao_reminder: 'SMS_460000005',
}

export type NoticeLoopSetup = {
  s: CampaignSetup
  admin: TestClient
  liaison: TestClient
  liaisonB: TestClient
  leader: TestClient
  aliyun: FakeEndpoint
  smtp: FakeSmtp
  /** Submits a finding for orgA as team A and verifies it as a reviewer. */
  verifiedFinding(over?: Record<string, unknown>): Promise<TFindingDetail>
  issue(findingIds: string[], over?: Record<string, unknown>, as?: TestClient): Promise<TNoticeDetail>
  upload(
    client: TestClient,
    noticeId: string,
    name: string,
    content: Buffer,
    type?: string,
  ): Promise<{ status: number; body: { id: string } }>
  /** Logs every client in again (after the test clock jumped past the sessions' idle time). */
  refresh(): Promise<void>
  close(): Promise<void>
}

export function must<T>(response: { status: number; body: unknown }, status: number, what: string): T {
  if (response.status !== status)
    throw new Error(`${what}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`)
  return response.body as T
}

export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n' +
    'trailer << /Root 1 0 R >>\n%%EOF\n',
)

let seq = 0

/**
 * Starts the loopback Aliyun SMS endpoint (it checks every signature) and SMTP peer, and points the platform's SMS
 * and e-mail channels at them as the admin would.
 */
export async function useLoopbackChannels(
  t: TestPlatform,
  smsProvider: Record<string, unknown> = {},
): Promise<{ aliyun: FakeEndpoint; smtp: FakeSmtp }> {
  const aliyun = await startFakeAliyunSms(ALIYUN)
  const smtp = await startFakeSmtp()
  const admin = await t.as('admin')
  must(
    await admin.put('/api/v1/delivery-channels/sms', {
      provider: 'aliyun',
      endpoint: aliyun.url,
      accessKeyId: ALIYUN.accessKeyId,
      signName: '测试市网信办',
      templateCodes: TEMPLATE_CODES,
      settleSeconds: 0,
      secret: ALIYUN.accessKeySecret,
      ...smsProvider,
    }),
    200,
    'configure sms',
  )
  must(
    await admin.put('/api/v1/delivery-channels/email', {
      provider: 'smtp',
      host: smtp.host,
      port: smtp.port,
      security: 'none',
      fromAddress: 'wangan@test.gov.cn',
      fromName: '测试市委网信办',
    }),
    200,
    'configure email',
  )
  return { aliyun, smtp }
}

export async function setUpNoticeLoop(
  t: TestPlatform,
  options: { smsProvider?: Record<string, unknown> } = {},
): Promise<NoticeLoopSetup> {
  const s = await setUpCampaign(t)
  const { aliyun, smtp } = await useLoopbackChannels(t, options.smsProvider)
  const admin = await t.as('admin')
  const settings = must<{ version: number; templates: unknown }>(
    await s.regulator.get('/api/v1/notice-settings'),
    200,
    'settings',
  )
  must(
    await s.regulator.put('/api/v1/notice-settings', {
      numberPattern: '测网安通〔{year}〕{n}号',
      issuer: '中共测试市委网信办',
      platformName: '测试市网络安全监管平台',
      platformUrl: 'https://wangan.test.gov.cn/',
      escalateAfterHours: 24,
      deadlineHours: 72,
      templates: settings.templates,
      version: settings.version,
    }),
    200,
    'save settings',
  )
  const contacts = await s.regulator.get<{ contacts: { kind: string }[] }>(
    `/api/v1/organisations/${t.basics.orgA.id}`,
  )
  if (!contacts.body.contacts.some((c) => c.kind === 'leader'))
    must(
      await s.regulator.post(`/api/v1/organisations/${t.basics.orgA.id}/contacts`, {
        kind: 'leader',
        name: '李四',
        mobile: '13900000002',
        email: 'li@example.gov.cn',
      }),
      201,
      'leader contact',
    )
  const liaison = await t.as('org_liaison')
  const liaisonB = await t.as('org_liaison', { organisationId: t.basics.orgB.id })
  const leader = await t.as('org_leader')

  const verifiedFinding = async (over: Record<string, unknown> = {}) => {
    seq++
    const submitted = must<{ finding: TFindingDetail }>(
      await s.teamA.tester.post(`/api/v1/campaigns/${s.campaign.id}/findings`, {
        kind: 'vulnerability',
        title: `后台 SQL 注入 ${seq}`,
        descriptionMd: '登录接口存在 SQL 注入。',
        target: `https://${s.assets.orgAWeb}/login?n=${seq}`,
        cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
        ...over,
      }),
      201,
      'submit',
    ).finding
    return must<TFindingDetail>(
      await s.reviewer.post(`/api/v1/findings/${submitted.id}/verify`, { version: submitted.version }),
      200,
      'verify',
    )
  }

  const issue = async (
    findingIds: string[],
    over: Record<string, unknown> = {},
    as: TestClient = s.reviewer,
  ) =>
    must<TNoticeDetail>(
      await as.post('/api/v1/notices', { organisationId: t.basics.orgA.id, findingIds, ...over }),
      201,
      'issue',
    )

  const upload = async (
    client: TestClient,
    noticeId: string,
    name: string,
    content: Buffer,
    type = 'application/pdf',
  ) => {
    const boundary = '----wangan-notice-boundary'
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`,
      ),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ])
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/notices/${noticeId}/uploads`,
      headers: {
        cookie: client.cookie!,
        'x-csrf-token': client.csrfToken!,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      payload,
    })
    return { status: response.statusCode, body: JSON.parse(response.body) as { id: string } }
  }

  return {
    s,
    admin,
    liaison,
    liaisonB,
    leader,
    aliyun,
    smtp,
    verifiedFinding,
    issue,
    upload,
    async refresh() {
      const clients = [
        s.regulator,
        s.reviewer,
        s.reviewer2,
        s.retester,
        s.teamA.lead,
        s.teamA.tester,
        s.teamB.tester,
        admin,
        liaison,
        liaisonB,
        leader,
      ]
      for (const client of clients) {
        const fresh = await t.login(client.username!)
        client.cookie = fresh.cookie
        client.csrfToken = fresh.csrfToken
      }
    },
    async close() {
      t.services.delivery.close()
      await aliyun.close()
      await smtp.close()
    },
  }
}

/** Moves the test clock and sends whatever is due, until nothing is due or `rounds` drains ran. */
export async function drainUntilSettled(t: TestPlatform, rounds = 12, stepMs = HOUR / 2): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await t.services.delivery.drain()
    const pending = await t.services.database.query<{ n: number }>(
      `select count(*)::int as n from deliveries where status in ('queued', 'retrying', 'sending')`,
    )
    if (!Number(pending[0]?.n)) return
    t.clock.advance(stepMs)
  }
}
