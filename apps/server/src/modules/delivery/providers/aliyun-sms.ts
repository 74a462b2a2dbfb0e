// Aliyun SMS (阿里云短信服务, Dysmsapi 2017-05-25) over its RPC-style HTTP API, signed with signature version 1.0
// (HMAC-SHA1 over the canonicalised query, key = AccessKeySecret + "&"), as the Aliyun documentation describes.
// SendSms carries OutId = the delivery id; QuerySendDetails (by number and Beijing date) finds it again after a crash.
import { createHmac, randomUUID } from 'node:crypto'
import { HttpClient, parseJsonAnswer } from './http-client'
import { ProviderError } from './provider-error'
import type { Reconciliation, SmsMessage, SmsProvider, SmsSent } from './sms-provider'

export type AliyunSmsSettings = {
  /** Default https://dysmsapi.aliyuncs.com/ */
  endpoint: string
  accessKeyId: string
  regionId: string
  /** 短信签名 */
  signName: string
  /** 模板 CODE per message kind (SMS_123456789). */
  templateCodes: Record<string, string>
  /** QuerySendDetails may lag behind SendSms: a message attempted less than this ago and not found yet is asked
   * about again later instead of being sent again. */
  settleSeconds: number
  timeoutMs: number
}

export const ALIYUN_API_VERSION = '2017-05-25'

/** Aliyun's percent-encoding (RFC 3986): only A–Z a–z 0–9 - _ . ~ stay as they are; space is %20. */
export function aliyunPercentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
}

/** The canonicalised query string: parameters sorted by name, each name and value percent-encoded. */
export function aliyunCanonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((key) => key !== 'Signature')
    .sort()
    .map((key) => `${aliyunPercentEncode(key)}=${aliyunPercentEncode(params[key]!)}`)
    .join('&')
}

export function aliyunStringToSign(method: 'GET' | 'POST', params: Record<string, string>): string {
  return stringToSignOf(method, aliyunCanonicalQuery(params))
}

function stringToSignOf(method: 'GET' | 'POST', canonicalQuery: string): string {
  return `${method}&${aliyunPercentEncode('/')}&${aliyunPercentEncode(canonicalQuery)}`
}

function signatureOf(stringToSign: string, accessKeySecret: string): string {
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign, 'utf8').digest('base64')
}

/** Signature = Base64(HMAC-SHA1(AccessKeySecret + "&", StringToSign)). */
export function aliyunSignature(
  method: 'GET' | 'POST',
  params: Record<string, string>,
  accessKeySecret: string,
): string {
  return signatureOf(aliyunStringToSign(method, params), accessKeySecret)
}

/** `2017-07-12T02:42:19Z` (UTC, no milliseconds). */
export function aliyunTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** The Beijing calendar date `yyyyMMdd` that QuerySendDetails asks for. */
export function beijingDate(date: Date): string {
  const shifted = new Date(date.getTime() + 8 * 3600_000)
  return shifted.toISOString().slice(0, 10).replace(/-/g, '')
}

/** Aliyun error codes: `isv.*` are the caller's own problems (number, template, signature name, key) — a retry will
 * not help — except flow control and an exhausted balance; `isp.*`, throttling and unavailability are transient. */
export function classifyAliyunCode(code: string): 'permanent' | 'retryable' {
  if (
    code === 'isv.BUSINESS_LIMIT_CONTROL' ||
    code === 'isv.AMOUNT_NOT_ENOUGH' ||
    code === 'isv.OUT_OF_SERVICE' ||
    code === 'SignatureNonceUsed' ||
    code.startsWith('isp.') ||
    code.startsWith('Throttling') ||
    code === 'ServiceUnavailable' ||
    code === 'InternalError' ||
    code === 'InvalidTimeStamp.Expired'
  )
    return 'retryable'
  if (
    code.startsWith('isv.') ||
    code.startsWith('InvalidAccessKeyId') ||
    code === 'SignatureDoesNotMatch' ||
    code.startsWith('Forbidden') ||
    code === 'MissingParameter' ||
    code.startsWith('InvalidParameter')
  )
    return 'permanent'
  return 'retryable'
}

type QueryDetail = { OutId?: string; PhoneNum?: string; SendStatus?: number; ErrCode?: string }

export class AliyunSmsProvider implements SmsProvider {
  readonly name = 'aliyun' as const
  private readonly http: HttpClient

  constructor(
    private readonly settings: AliyunSmsSettings,
    private readonly accessKeySecret: string,
    options: { maxSockets?: number; now?: () => Date } = {},
  ) {
    this.http = new HttpClient(options.maxSockets)
    this.now = options.now ?? (() => new Date())
  }

  /** Signatures carry the real time: the provider checks them against its own clock. */
  private readonly now: () => Date

  private async call(action: string, actionParams: Record<string, string>): Promise<Record<string, unknown>> {
    const params: Record<string, string> = {
      AccessKeyId: this.settings.accessKeyId,
      Action: action,
      Format: 'JSON',
      RegionId: this.settings.regionId,
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: randomUUID(),
      SignatureVersion: '1.0',
      Timestamp: aliyunTimestamp(this.now()),
      Version: ALIYUN_API_VERSION,
      ...actionParams,
    }
    // The canonical query is both what is signed and the body: encoded once (long template parameters in Chinese
    // make it the costliest part of a call).
    const canonical = aliyunCanonicalQuery(params)
    const signature = signatureOf(stringToSignOf('POST', canonical), this.accessKeySecret)
    const body = `${canonical}&Signature=${aliyunPercentEncode(signature)}`
    const answer = await this.http.request({
      method: 'POST',
      url: new URL(this.settings.endpoint),
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        accept: 'application/json',
      },
      body,
      timeoutMs: this.settings.timeoutMs,
    })
    return parseJsonAnswer(answer, 'aliyun')
  }

  private templateCode(kind: string): string {
    const code = this.settings.templateCodes[kind]
    if (!code)
      throw ProviderError.permanent(
        'template_not_configured',
        `阿里云短信未配置“${kind}”的模板 CODE (no Aliyun template code for ${kind})`,
      )
    return code
  }

  async send(message: SmsMessage): Promise<SmsSent> {
    const result = await this.call('SendSms', {
      PhoneNumbers: message.mobile,
      SignName: this.settings.signName,
      TemplateCode: this.templateCode(message.kind),
      TemplateParam: JSON.stringify(Object.fromEntries(message.params)),
      OutId: message.deliveryId,
    })
    const code = String(result.Code ?? '')
    if (code === 'OK') return { messageId: String(result.BizId ?? '') }
    const text = `${String(result.Message ?? 'error')} (RequestId ${String(result.RequestId ?? '-')})`
    if (!code)
      throw ProviderError.uncertain('unexpected_answer', `aliyun: ${JSON.stringify(result).slice(0, 300)}`)
    throw classifyAliyunCode(code) === 'permanent'
      ? ProviderError.permanent(code, text)
      : ProviderError.retryable(code, text)
  }

  async reconcile(message: SmsMessage): Promise<Reconciliation> {
    const attempted = message.lastAttemptAt ?? this.now()
    const dates = [...new Set([beijingDate(attempted), beijingDate(this.now())])]
    for (const date of dates) {
      for (let page = 1; page <= 20; page++) {
        const result = await this.call('QuerySendDetails', {
          PhoneNumber: message.mobile,
          SendDate: date,
          PageSize: '50',
          CurrentPage: String(page),
        })
        const code = String(result.Code ?? '')
        if (code !== 'OK')
          return {
            outcome: 'unknown',
            resend: false,
            reason: `QuerySendDetails: ${code} ${String(result.Message ?? '')}`,
          }
        const wrapper = result.SmsSendDetailDTOs as { SmsSendDetailDTO?: QueryDetail[] } | undefined
        const details = wrapper?.SmsSendDetailDTO ?? []
        const mine = details.find((d) => d.OutId === message.deliveryId)
        if (mine) return { outcome: 'sent', messageId: null }
        const total = Number(result.TotalCount ?? 0)
        if (page * 50 >= total || details.length === 0) break
      }
    }
    const age = this.now().getTime() - attempted.getTime()
    if (age < this.settings.settleSeconds * 1000)
      return { outcome: 'unknown', resend: false, reason: 'not in QuerySendDetails yet; asking again later' }
    return { outcome: 'not_sent' }
  }

  close(): void {
    this.http.close()
  }
}
