// The providers' request signing against the providers' own documented examples, and each provider against its
// loopback fake (which checks the real request format and signature independently of the sender's code path).
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  startFakeAliyunSms,
  startFakeTencentSms,
  startFakeWebhook,
  type FakeEndpoint,
} from '../testing/fake-sms-endpoints'
import { parseMail, startFakeSmtp, type FakeSmtp } from '../testing/fake-smtp'
import {
  aliyunCanonicalQuery,
  aliyunPercentEncode,
  aliyunSignature,
  AliyunSmsProvider,
  beijingDate,
  type AliyunSmsSettings,
} from './aliyun-sms'
import { ConsoleSmsProvider } from './console-sms'
import { classifySmtpError, messageIdFor, SmtpMailProvider } from './mail-provider'
import { ProviderError } from './provider-error'
import type { SmsMessage } from './sms-provider'
import { tc3CanonicalRequest, tc3Sign, TencentSmsProvider, type TencentSmsSettings } from './tencent-sms'
import { webhookSignature, WebhookSmsProvider } from './webhook-sms'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHash, createHmac, randomUUID } from 'node:crypto'

describe('Aliyun signature (signature version 1.0, HMAC-SHA1)', () => {
  // The worked example of Aliyun's "HTTP 协议及签名" page for Dysmsapi SendSms.
  const documented = {
    AccessKeyId: 'testId',
    Action: 'SendSms',
    Format: 'XML',
    OutId: '123',
    PhoneNumbers: '15300000001',
    RegionId: 'cn-hangzhou',
    SignName: '阿里云短信测试专用',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: '45e25e9b-0a6f-4070-8c85-2956eda1b466',
    SignatureVersion: '1.0',
    TemplateCode: 'SMS_71390007',
    TemplateParam: '{"customer":"test"}',
    Timestamp: '2017-07-12T02:42:19Z',
    Version: '2017-05-25',
  }

  test('reproduces the documented canonical query and signature', () => {
    expect(aliyunCanonicalQuery(documented)).toBe(
      'AccessKeyId=testId&Action=SendSms&Format=XML&OutId=123&PhoneNumbers=15300000001&RegionId=cn-hangzhou' +
        '&SignName=%E9%98%BF%E9%87%8C%E4%BA%91%E7%9F%AD%E4%BF%A1%E6%B5%8B%E8%AF%95%E4%B8%93%E7%94%A8' +
        '&SignatureMethod=HMAC-SHA1&SignatureNonce=45e25e9b-0a6f-4070-8c85-2956eda1b466&SignatureVersion=1.0' +
        '&TemplateCode=SMS_71390007&TemplateParam=%7B%22customer%22%3A%22test%22%7D' +
        '&Timestamp=2017-07-12T02%3A42%3A19Z&Version=2017-05-25',
    )
    expect(aliyunSignature('GET', documented, 'testSecret')).toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=')
  })

  test("percent-encodes the way POP expects: space %20, * %2A, ~ kept, ! ' ( ) encoded", () => {
    expect(aliyunPercentEncode("a b*c~d!e'f(g)h+i/j")).toBe('a%20b%2Ac~d%21e%27f%28g%29h%2Bi%2Fj')
  })

  test('the Beijing date of a UTC instant', () => {
    expect(beijingDate(new Date('2022-05-16T15:59:59Z'))).toBe('20220516')
    expect(beijingDate(new Date('2022-05-16T16:00:00Z'))).toBe('20220517')
  })
})

describe('Tencent Cloud signature (TC3-HMAC-SHA256)', () => {
  // The worked example of Tencent Cloud's "Signature v3" page (CVM DescribeInstances).
  const example = {
    secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
    secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
    service: 'cvm',
    host: 'cvm.tencentcloudapi.com',
    contentType: 'application/json; charset=utf-8',
    payload: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
    timestamp: 1551113065,
  }

  test('reproduces the documented hashes and signature', () => {
    const { canonicalRequest, signedHeaders } = tc3CanonicalRequest(example)
    expect(signedHeaders).toBe('content-type;host')
    expect(createHash('sha256').update(example.payload).digest('hex')).toBe(
      '35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064',
    )
    expect(createHash('sha256').update(canonicalRequest).digest('hex')).toBe(
      '5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031',
    )
    const signed = tc3Sign(example)
    expect(signed.stringToSign).toBe(
      'TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031',
    )
    expect(signed.signature).toBe('72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168')
    expect(signed.authorization).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, ' +
        'SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    )
  })
})

function message(over: Partial<SmsMessage> = {}): SmsMessage {
  return {
    deliveryId: randomUUID(),
    mobile: '13800000001',
    kind: 'notice_issued',
    text: '【网安】市教育局：常网安通〔2022〕1号 已下发，请登录平台查收。',
    params: [
      ['organisation', '市教育局'],
      ['number', '常网安通〔2022〕1号'],
    ],
    lastAttemptAt: null,
    ...over,
  }
}

describe('Aliyun provider against the fake Dysmsapi', () => {
  let fake: FakeEndpoint
  let settings: AliyunSmsSettings
  beforeAll(async () => {
    fake = await startFakeAliyunSms({ accessKeyId: 'LTAI-test-id', accessKeySecret: 'aliyun-secret' })
    settings = {
      endpoint: fake.url,
      accessKeyId: 'LTAI-test-id',
      regionId: 'cn-hangzhou',
      signName: '常州网信',
      templateCodes: { notice_issued: 'SMS_100000001' },
      settleSeconds: 60,
      timeoutMs: 5_000,
    }
  })
  afterAll(() => fake?.close())

  test('SendSms is accepted with OutId, template code and JSON parameters; the BizId comes back', async () => {
    const provider = new AliyunSmsProvider(settings, 'aliyun-secret')
    const m = message()
    const sent = await provider.send(m)
    const accepted = fake.accepted.find((a) => a.key === m.deliveryId)
    expect(accepted).toMatchObject({
      phone: '13800000001',
      template: 'SMS_100000001',
      signName: '常州网信',
      params: { organisation: '市教育局', number: '常网安通〔2022〕1号' },
    })
    expect(sent.messageId).toBe(accepted!.messageId)
    provider.close()
  })

  test('a wrong secret is refused as SignatureDoesNotMatch: a permanent failure', async () => {
    const provider = new AliyunSmsProvider(settings, 'not-the-secret')
    const error = await provider.send(message()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ProviderError)
    expect(error).toMatchObject({ failure: 'permanent', code: 'SignatureDoesNotMatch' })
    provider.close()
  })

  test('a clock 20 minutes off is refused as an expired timestamp (retryable)', async () => {
    const provider = new AliyunSmsProvider(settings, 'aliyun-secret', {
      now: () => new Date(Date.now() - 20 * 60_000),
    })
    await expect(provider.send(message())).rejects.toMatchObject({
      code: 'InvalidTimeStamp.Expired',
      failure: 'retryable',
    })
    provider.close()
  })

  test('flow control is retryable; an illegal number and a missing template code are permanent', async () => {
    const provider = new AliyunSmsProvider(settings, 'aliyun-secret')
    fake.inject(() => ({ kind: 'error', code: 'isv.BUSINESS_LIMIT_CONTROL', message: '触发分钟级流控' }))
    await expect(provider.send(message())).rejects.toMatchObject({
      failure: 'retryable',
      code: 'isv.BUSINESS_LIMIT_CONTROL',
    })
    fake.inject(() => null)
    await expect(provider.send(message({ mobile: '12345' }))).rejects.toMatchObject({
      failure: 'permanent',
      code: 'isv.MOBILE_NUMBER_ILLEGAL',
    })
    await expect(provider.send(message({ kind: 'escalation' }))).rejects.toMatchObject({
      failure: 'permanent',
      code: 'template_not_configured',
    })
    provider.close()
  })

  test('an answer lost after acceptance is uncertain, and QuerySendDetails finds the message by OutId', async () => {
    const provider = new AliyunSmsProvider(settings, 'aliyun-secret')
    const m = message({ mobile: '13900000009' })
    fake.inject(() => ({ kind: 'drop_answer' }))
    await expect(provider.send(m)).rejects.toMatchObject({ failure: 'uncertain' })
    fake.inject(() => null)
    expect(fake.counts().get(m.deliveryId)).toBe(1)
    expect(await provider.reconcile({ ...m, lastAttemptAt: new Date() })).toEqual({
      outcome: 'sent',
      messageId: null,
    })
    // Another message to the same number is not mistaken for it; recent → ask again later, old → not sent.
    const other = message({ mobile: '13900000009' })
    expect(await provider.reconcile({ ...other, lastAttemptAt: new Date() })).toMatchObject({
      outcome: 'unknown',
      resend: false,
    })
    expect(await provider.reconcile({ ...other, lastAttemptAt: new Date(Date.now() - 120_000) })).toEqual({
      outcome: 'not_sent',
    })
    provider.close()
  })
})

describe('Tencent provider against the fake SMS API', () => {
  let fake: FakeEndpoint
  let settings: TencentSmsSettings
  beforeAll(async () => {
    fake = await startFakeTencentSms({
      secretId: 'AKID-test',
      secretKey: 'tencent-key',
      smsSdkAppId: '1400006666',
    })
    settings = {
      endpoint: fake.url,
      secretId: 'AKID-test',
      region: 'ap-guangzhou',
      smsSdkAppId: '1400006666',
      signName: '常州网信',
      templateIds: { notice_issued: '449739' },
      receiptWindowSeconds: 600,
      timeoutMs: 5_000,
    }
  })
  afterAll(() => fake?.close())

  test('SendSms with SessionContext, E.164 number and parameters in template order', async () => {
    const provider = new TencentSmsProvider(settings, 'tencent-key')
    const m = message()
    const sent = await provider.send(m)
    expect(fake.accepted.find((a) => a.key === m.deliveryId)).toMatchObject({
      phone: '13800000001',
      template: '449739',
      params: ['市教育局', '常网安通〔2022〕1号'],
      messageId: sent.messageId,
    })
    provider.close()
  })

  test('a wrong key is AuthFailure.SignatureFailure (permanent); rate limits are retryable', async () => {
    const bad = new TencentSmsProvider(settings, 'wrong-key')
    await expect(bad.send(message())).rejects.toMatchObject({
      failure: 'permanent',
      code: 'AuthFailure.SignatureFailure',
    })
    bad.close()
    const provider = new TencentSmsProvider(settings, 'tencent-key')
    fake.inject(() => ({ kind: 'error', code: 'LimitExceeded.PhoneNumberThirtySecondLimit' }))
    await expect(provider.send(message())).rejects.toMatchObject({ failure: 'retryable' })
    fake.inject(() => null)
    provider.close()
  })

  test('a lost answer is reconciled from the delivery receipts by SessionContext', async () => {
    const provider = new TencentSmsProvider(settings, 'tencent-key')
    const m = message({ mobile: '13700000007' })
    fake.inject(() => ({ kind: 'drop_answer' }))
    await expect(provider.send(m)).rejects.toMatchObject({ failure: 'uncertain' })
    fake.inject(() => null)
    const found = await provider.reconcile({ ...m, lastAttemptAt: new Date() })
    expect(found).toMatchObject({ outcome: 'sent' })
    expect(
      await provider.reconcile({ ...message({ mobile: '13700000007' }), lastAttemptAt: new Date() }),
    ).toMatchObject({
      outcome: 'unknown',
    })
    provider.close()
  })
})

describe('webhook provider', () => {
  let fake: Awaited<ReturnType<typeof startFakeWebhook>>
  beforeAll(async () => {
    fake = await startFakeWebhook({ secret: 'hook-secret' })
  })
  afterAll(() => fake?.close())

  test('the signature is HMAC-SHA256 over "timestamp.body"', () => {
    const expected = createHmac('sha256', 'k').update('1700000000.{"a":1}').digest('hex')
    expect(webhookSignature('k', '1700000000', '{"a":1}')).toBe(`sha256=${expected}`)
    expect(webhookSignature('k', '1', 'a')).not.toBe(webhookSignature('k', '2', 'a'))
  })

  test('a repeated Idempotency-Key is kept once by the receiver; a bad signature is refused (permanent)', async () => {
    const provider = new WebhookSmsProvider({ url: fake.url, timeoutMs: 5_000 }, 'hook-secret')
    const m = message()
    const first = await provider.send(m)
    const second = await provider.send(m)
    expect(second.messageId).toBe(first.messageId)
    expect(fake.counts().get(m.deliveryId)).toBe(1)
    expect(fake.attemptsPerKey().get(m.deliveryId)).toBe(2)
    const bad = new WebhookSmsProvider({ url: fake.url, timeoutMs: 5_000 }, 'other')
    await expect(bad.send(message())).rejects.toMatchObject({ failure: 'permanent', code: 'http_401' })
    fake.inject(() => ({ kind: 'error', code: 'busy', httpStatus: 503 }))
    await expect(provider.send(message())).rejects.toMatchObject({ failure: 'retryable', code: 'http_503' })
    fake.inject(() => null)
    provider.close()
    bad.close()
  })
})

describe('console provider', () => {
  test('writes one line per message and finds it again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wangan-sms-'))
    try {
      const provider = new ConsoleSmsProvider({ file: join(dir, 'sms.jsonl'), echo: false })
      const m = message()
      expect(await provider.reconcile(m)).toEqual({ outcome: 'not_sent' })
      await provider.send(m)
      expect(await provider.reconcile(m)).toMatchObject({ outcome: 'sent' })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('SMTP provider against a real smtp-server', () => {
  let smtp: FakeSmtp
  beforeAll(async () => {
    smtp = await startFakeSmtp()
  })
  afterAll(() => smtp?.close())

  test('sends a Chinese subject, text and a DOCX attachment with a Message-ID derived from the delivery', async () => {
    const provider = new SmtpMailProvider(
      {
        host: smtp.host,
        port: smtp.port,
        security: 'none',
        username: null,
        fromAddress: 'wangan@example.gov.cn',
        fromName: '常州市委网信办',
        timeoutMs: 5_000,
      },
      null,
    )
    const deliveryId = randomUUID()
    const docx = Buffer.from('PK\u0003\u0004 not really a docx, but bytes')
    await provider.send({
      deliveryId,
      to: 'zhang@example.gov.cn',
      toName: '张三',
      subject: '关于市教育局网络安全漏洞的通报',
      text: '请查收附件，并于期限内完成整改。',
      attachments: [
        {
          filename: '常网安通〔2022〕1号.docx',
          content: docx,
          contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        },
      ],
    })
    const mail = smtp.received.at(-1)!
    expect(mail.to).toEqual(['zhang@example.gov.cn'])
    const parsed = parseMail(mail.raw)
    expect(parsed.subject).toBe('关于市教育局网络安全漏洞的通报')
    expect(parsed.text).toContain('请查收附件')
    expect(parsed.headers.get('message-id')).toBe(messageIdFor(deliveryId))
    expect(parsed.attachments).toHaveLength(1)
    expect(parsed.attachments[0]!.filename).toBe('常网安通〔2022〕1号.docx')
    expect(parsed.attachments[0]!.content.equals(docx)).toBe(true)
    provider.close()
  })

  test('reply codes classify the failure: 4xx retryable, 5xx permanent', async () => {
    expect(classifySmtpError(Object.assign(new Error('x'), { responseCode: 451 })).failure).toBe('retryable')
    expect(classifySmtpError(Object.assign(new Error('x'), { responseCode: 550 })).failure).toBe('permanent')
    expect(
      classifySmtpError(Object.assign(new Error('x'), { code: 'ETIMEDOUT', command: 'DATA' })).failure,
    ).toBe('uncertain')
    expect(
      classifySmtpError(Object.assign(new Error('x'), { code: 'ECONNECTION', command: 'CONN' })).failure,
    ).toBe('retryable')
  })
})
