// Tencent Cloud SMS (腾讯云短信, API 3.0, version 2021-01-11): JSON POST signed with TC3-HMAC-SHA256 (canonical request
// → string to sign → key derived from the SecretKey by date, service and "tc3_request"), as the Tencent Cloud
// documentation describes. SendSms carries SessionContext = the delivery id; PullSmsSendStatusByPhoneNumber returns it
// with the delivery receipt, which is how a retry after a crash finds a message that was already sent.
import { createHash, createHmac } from 'node:crypto'
import { HttpClient, parseJsonAnswer } from './http-client'
import { ProviderError } from './provider-error'
import type { Reconciliation, SmsMessage, SmsProvider, SmsSent } from './sms-provider'

export type TencentSmsSettings = {
  /** Default https://sms.tencentcloudapi.com/ */
  endpoint: string
  secretId: string
  /** ap-guangzhou, ap-beijing, ap-nanjing */
  region: string
  smsSdkAppId: string
  signName: string
  /** 模板 ID per message kind. Tencent templates number their variables {1}, {2}…: the values go in text order. */
  templateIds: Record<string, string>
  /** Delivery receipts arrive after the operator reports: a message attempted less than this ago and without a
   * receipt is asked about again later; older than this, it is taken as never sent. */
  receiptWindowSeconds: number
  timeoutMs: number
}

export const TENCENT_SMS_VERSION = '2021-01-11'
const SERVICE = 'sms'

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')
const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text, 'utf8').digest()

export type Tc3Input = {
  secretId: string
  secretKey: string
  service: string
  host: string
  contentType: string
  payload: string
  /** Unix seconds. */
  timestamp: number
  /** Extra headers to sign besides content-type and host (lower-case names). */
  signedExtra?: Record<string, string>
}

/** The UTC date of the timestamp (Tencent: never the local date). */
export function tc3Date(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10)
}

export function tc3CanonicalRequest(input: Tc3Input): { canonicalRequest: string; signedHeaders: string } {
  const headers: Record<string, string> = {
    'content-type': input.contentType,
    host: input.host,
    ...input.signedExtra,
  }
  const names = Object.keys(headers)
    .map((n) => n.toLowerCase())
    .sort()
  const canonicalHeaders = names.map((n) => `${n}:${headers[n]!.trim().toLowerCase()}\n`).join('')
  const signedHeaders = names.join(';')
  const canonicalRequest = ['POST', '/', '', canonicalHeaders, signedHeaders, sha256Hex(input.payload)].join(
    '\n',
  )
  return { canonicalRequest, signedHeaders }
}

export function tc3Sign(input: Tc3Input): { authorization: string; signature: string; stringToSign: string } {
  const date = tc3Date(input.timestamp)
  const { canonicalRequest, signedHeaders } = tc3CanonicalRequest(input)
  const scope = `${date}/${input.service}/tc3_request`
  const stringToSign = ['TC3-HMAC-SHA256', String(input.timestamp), scope, sha256Hex(canonicalRequest)].join(
    '\n',
  )
  const secretDate = hmac(`TC3${input.secretKey}`, date)
  const secretService = hmac(secretDate, input.service)
  const secretSigning = hmac(secretService, 'tc3_request')
  const signature = createHmac('sha256', secretSigning).update(stringToSign, 'utf8').digest('hex')
  return {
    signature,
    stringToSign,
    authorization: `TC3-HMAC-SHA256 Credential=${input.secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  }
}

/** Tencent error codes: authentication, parameters and unauthorised operations are the caller's to fix; limits,
 * internal errors and an exhausted package are transient. */
export function classifyTencentCode(code: string): 'permanent' | 'retryable' {
  if (
    code.startsWith('LimitExceeded') ||
    code.startsWith('RequestLimitExceeded') ||
    code.startsWith('InternalError') ||
    code === 'FailedOperation.InsufficientBalanceInSmsPackage' ||
    code === 'ResourceUnavailable' ||
    code.startsWith('AuthFailure.SignatureExpire')
  )
    return 'retryable'
  if (
    code.startsWith('AuthFailure') ||
    code.startsWith('InvalidParameter') ||
    code.startsWith('UnauthorizedOperation') ||
    code.startsWith('UnsupportedOperation') ||
    code.startsWith('MissingParameter') ||
    code.startsWith('FailedOperation')
  )
    return 'permanent'
  return 'retryable'
}

export class TencentSmsProvider implements SmsProvider {
  readonly name = 'tencent' as const
  private readonly http: HttpClient
  private readonly now: () => Date

  constructor(
    private readonly settings: TencentSmsSettings,
    private readonly secretKey: string,
    options: { maxSockets?: number; now?: () => Date } = {},
  ) {
    this.http = new HttpClient(options.maxSockets)
    this.now = options.now ?? (() => new Date())
  }

  private async call(action: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const url = new URL(this.settings.endpoint)
    const payload = JSON.stringify(body)
    const timestamp = Math.floor(this.now().getTime() / 1000)
    const contentType = 'application/json; charset=utf-8'
    const { authorization } = tc3Sign({
      secretId: this.settings.secretId,
      secretKey: this.secretKey,
      service: SERVICE,
      host: url.host,
      contentType,
      payload,
      timestamp,
    })
    const answer = await this.http.request({
      method: 'POST',
      url,
      headers: {
        authorization,
        'content-type': contentType,
        host: url.host,
        'x-tc-action': action,
        'x-tc-timestamp': String(timestamp),
        'x-tc-version': TENCENT_SMS_VERSION,
        'x-tc-region': this.settings.region,
      },
      body: payload,
      timeoutMs: this.settings.timeoutMs,
    })
    const parsed = parseJsonAnswer(answer, 'tencent')
    const response = parsed.Response as Record<string, unknown> | undefined
    if (!response) throw ProviderError.uncertain('unexpected_answer', `tencent: ${answer.body.slice(0, 300)}`)
    const error = response.Error as { Code?: string; Message?: string } | undefined
    if (error?.Code) {
      const text = `${error.Message ?? 'error'} (RequestId ${String(response.RequestId ?? '-')})`
      throw classifyTencentCode(error.Code) === 'permanent'
        ? ProviderError.permanent(error.Code, text)
        : ProviderError.retryable(error.Code, text)
    }
    return response
  }

  async send(message: SmsMessage): Promise<SmsSent> {
    const templateId = this.settings.templateIds[message.kind]
    if (!templateId)
      throw ProviderError.permanent(
        'template_not_configured',
        `腾讯云短信未配置“${message.kind}”的模板 ID (no Tencent template id for ${message.kind})`,
      )
    const response = await this.call('SendSms', {
      PhoneNumberSet: [`+86${message.mobile}`],
      SmsSdkAppId: this.settings.smsSdkAppId,
      SignName: this.settings.signName,
      TemplateId: templateId,
      TemplateParamSet: message.params.map(([, value]) => value),
      SessionContext: message.deliveryId,
    })
    const statuses = response.SendStatusSet as
      { Code?: string; Message?: string; SerialNo?: string }[] | undefined
    const status = statuses?.[0]
    if (!status) throw ProviderError.uncertain('unexpected_answer', 'tencent: SendStatusSet is empty')
    if (status.Code === 'Ok') return { messageId: status.SerialNo ?? '' }
    const code = status.Code ?? 'unknown'
    const text = status.Message ?? 'error'
    throw classifyTencentCode(code) === 'permanent'
      ? ProviderError.permanent(code, text)
      : ProviderError.retryable(code, text)
  }

  async reconcile(message: SmsMessage): Promise<Reconciliation> {
    const attempted = message.lastAttemptAt ?? this.now()
    const response = await this.call('PullSmsSendStatusByPhoneNumber', {
      BeginTime: Math.floor(attempted.getTime() / 1000) - 60,
      EndTime: Math.floor(this.now().getTime() / 1000) + 60,
      Offset: 0,
      Limit: 100,
      PhoneNumber: `+86${message.mobile}`,
      SmsSdkAppId: this.settings.smsSdkAppId,
    })
    const receipts = (response.PullSmsSendStatusSet ?? []) as { SessionContext?: string; SerialNo?: string }[]
    const mine = receipts.find((r) => r.SessionContext === message.deliveryId)
    if (mine) return { outcome: 'sent', messageId: mine.SerialNo ?? null }
    const age = this.now().getTime() - attempted.getTime()
    if (age < this.settings.receiptWindowSeconds * 1000)
      return { outcome: 'unknown', resend: false, reason: 'no delivery receipt yet; asking again later' }
    return { outcome: 'not_sent' }
  }

  close(): void {
    this.http.close()
  }
}
