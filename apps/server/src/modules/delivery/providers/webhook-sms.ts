// A generic HTTP webhook for SMS gateways we have no adapter for (an operator's own gateway, a government messaging
// bus). POST JSON; `Idempotency-Key: <delivery id>` so the receiver can drop a repeat; `X-Wangan-Timestamp` and
// `X-Wangan-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>` so it can check who sent it and when.
import { createHmac } from 'node:crypto'
import { HttpClient } from './http-client'
import { ProviderError } from './provider-error'
import type { Reconciliation, SmsMessage, SmsProvider, SmsSent } from './sms-provider'

export type WebhookSmsSettings = { url: string; timeoutMs: number }

export const WEBHOOK_SIGNATURE_HEADER = 'x-wangan-signature'
export const WEBHOOK_TIMESTAMP_HEADER = 'x-wangan-timestamp'

export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`
}

export type WebhookPayload = {
  id: string
  kind: string
  to: string
  text: string
  params: Record<string, string>
}

export class WebhookSmsProvider implements SmsProvider {
  readonly name = 'webhook' as const
  private readonly http: HttpClient

  constructor(
    private readonly settings: WebhookSmsSettings,
    private readonly secret: string,
    options: { maxSockets?: number } = {},
  ) {
    this.http = new HttpClient(options.maxSockets)
  }

  async send(message: SmsMessage): Promise<SmsSent> {
    const payload: WebhookPayload = {
      id: message.deliveryId,
      kind: message.kind,
      to: message.mobile,
      text: message.text,
      params: Object.fromEntries(message.params),
    }
    const body = JSON.stringify(payload)
    const timestamp = String(Math.floor(Date.now() / 1000))
    const answer = await this.http.request({
      method: 'POST',
      url: new URL(this.settings.url),
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'idempotency-key': message.deliveryId,
        [WEBHOOK_TIMESTAMP_HEADER]: timestamp,
        [WEBHOOK_SIGNATURE_HEADER]: webhookSignature(this.secret, timestamp, body),
      },
      body,
      timeoutMs: this.settings.timeoutMs,
    })
    // 409: the receiver already has this key — the message was delivered by an earlier attempt.
    if ((answer.status >= 200 && answer.status < 300) || answer.status === 409) {
      let messageId = message.deliveryId
      try {
        const parsed = JSON.parse(answer.body) as { id?: unknown }
        if (typeof parsed.id === 'string' && parsed.id) messageId = parsed.id
      } catch {
        // an empty or non-JSON 2xx body is fine
      }
      return { messageId }
    }
    const text = `HTTP ${answer.status}: ${answer.body.slice(0, 200)}`
    if (answer.status === 429 || answer.status >= 500)
      throw ProviderError.retryable(`http_${answer.status}`, text)
    throw ProviderError.permanent(`http_${answer.status}`, text)
  }

  /** The receiver drops repeated keys, so sending again is the way to find out. */
  async reconcile(): Promise<Reconciliation> {
    return { outcome: 'unknown', resend: true, reason: 'the receiver deduplicates by Idempotency-Key' }
  }

  close(): void {
    this.http.close()
  }
}
