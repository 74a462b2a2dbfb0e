// What the dispatcher needs from an SMS provider: send one message, and — after a crash or an answer that never came —
// find out whether the provider already has it, so that a retry does not send it twice.

export type SmsMessage = {
  /** The delivery id: Aliyun OutId, Tencent SessionContext, the webhook's Idempotency-Key. */
  deliveryId: string
  /** Mainland mobile number, 11 digits (`1[3-9]\d{9}`). */
  mobile: string
  /** Message kind (`notice_issued`, `escalation`, …): selects the provider-side template. */
  kind: string
  /** The text as the region's template renders it (console, file and webhook providers send it as is). */
  text: string
  /** Template variables in the order they appear in the text. */
  params: [string, string][]
  /** When the previous attempt started (reconciliation looks around it). */
  lastAttemptAt: Date | null
}

export type SmsSent = { messageId: string }

/**
 * - `sent`: the provider has the message (its id when it said one);
 * - `not_sent`: the provider certainly does not have it: send it;
 * - `unknown`: the provider cannot tell (yet): `resend` says whether sending again is safe (the provider dedupes)
 *   or whether the dispatcher should ask again later.
 */
export type Reconciliation =
  | { outcome: 'sent'; messageId: string | null }
  | { outcome: 'not_sent' }
  | { outcome: 'unknown'; resend: boolean; reason: string }

export interface SmsProvider {
  readonly name: 'aliyun' | 'tencent' | 'webhook' | 'console'
  send(message: SmsMessage): Promise<SmsSent>
  reconcile(message: SmsMessage): Promise<Reconciliation>
  close(): void
}

export const MOBILE_PATTERN = /^1[3-9]\d{9}$/
