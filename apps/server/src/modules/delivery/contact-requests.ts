// The deliveries of one message to an organisation: its platform inbox always; an SMS to each contact with a mainland
// mobile number and an e-mail to each with an address — and, when nobody has one, a failed delivery that says so
// (shown where the message is listed, so that someone phones instead). Used by the notices and the 等保 reminders.
import type { DeliveryContent } from '../../db/schema'
import type { DeliveryRequest } from './delivery.service'
import { MOBILE_PATTERN } from './providers/sms-provider'

export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export type Contact = { name: string; mobile: string | null; email: string | null }

export function contactRequests(input: {
  organisationId: string
  /** Who the platform message is shown as addressed to. */
  platform: { recipientKind: string; recipientName: string }
  /** The contacts' kind (`liaison`, `leader`) and how a missing one is named (联络员, 单位负责人). */
  recipientKind: string
  who: string
  contacts: readonly Contact[]
  kind: string
  /** The rendered SMS: its text is also what the platform inbox shows. */
  sms: { text: string; params: [string, string][] }
  sendSms: boolean
  email: { subject: string; body: string; attachNoticeDocument?: boolean } | null
  /** Carried in the content of every delivery (what a message without a notice is about). */
  about?: DeliveryContent['about']
}): DeliveryRequest[] {
  const { kind, recipientKind, who, about } = input
  const extra = about ? { about } : {}
  const { text } = input.sms
  const requests: DeliveryRequest[] = [
    {
      channel: 'platform',
      ...input.platform,
      address: input.organisationId,
      content: { kind, text, ...extra },
    },
  ]
  const missing = (channel: 'sms' | 'email', what: string, whatEn: string, content: DeliveryContent) =>
    requests.push({
      channel,
      recipientKind,
      recipientName: who,
      address: 'none',
      content,
      failure: `no_recipient: 未登记${who}${what} (no ${recipientKind} ${whatEn} on file)`,
    })
  if (input.sendSms) {
    const content: DeliveryContent = { kind, text, params: input.sms.params, ...extra }
    const withMobile = uniqueBy(
      input.contacts.filter((c) => c.mobile && MOBILE_PATTERN.test(c.mobile)),
      (c) => c.mobile!,
    )
    for (const c of withMobile)
      requests.push({ channel: 'sms', recipientKind, recipientName: c.name, address: c.mobile!, content })
    if (!withMobile.length) missing('sms', '手机号码', 'mobile number', content)
  }
  if (input.email) {
    const { subject, body, attachNoticeDocument } = input.email
    const withEmail = uniqueBy(
      input.contacts.filter((c) => c.email && EMAIL_PATTERN.test(c.email)),
      (c) => c.email!.toLowerCase(),
    )
    for (const c of withEmail)
      requests.push({
        channel: 'email',
        recipientKind,
        recipientName: c.name,
        address: c.email!,
        content: {
          kind,
          subject,
          body,
          ...(attachNoticeDocument !== undefined ? { attachNoticeDocument } : {}),
          ...extra,
        },
      })
    if (!withEmail.length) missing('email', '电子邮箱', 'e-mail address', { kind, subject, body, ...extra })
  }
  return requests
}

function uniqueBy<T>(list: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>()
  return list.filter((t) => {
    const k = key(t)
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}
