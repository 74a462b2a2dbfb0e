import { z } from 'zod'
import { ZId, ZPageQuery } from '../../http/schemas'
import { ZDelivery } from '../delivery/delivery.schemas'
import { ZReminderSettings } from './reminder-brackets'

export { ZReminderSettings }

export const ZRunRemindersRequest = z.strictObject({
  /** Only this organisation (it must be in the caller's region). */
  organisationId: ZId.optional(),
})
export type TRunRemindersRequest = z.infer<typeof ZRunRemindersRequest>

const ZChannelCounts = z.object({
  platform: z.number().int(),
  sms: z.number().int(),
  email: z.number().int(),
})

export const ZRunRemindersResult = z.object({
  /** The day (Asia/Shanghai) the reminders were computed for. */
  today: z.string(),
  /** Open obligations within the widest bracket (or overdue). */
  obligations: z.number().int(),
  /** Reminders (obligation × bracket) sent for the first time by this run. */
  reminders: z.number().int(),
  /** Deliveries added by this run, per channel (platform messages are in the inbox at once; SMS and e-mail queued). */
  queued: ZChannelCounts,
  /** Of those, recorded as failed at once (no liaison mobile number or e-mail address on file). */
  noRecipient: z.number().int(),
})
export type TRunRemindersResult = z.infer<typeof ZRunRemindersResult>

export const ZListRemindersQuery = z.strictObject({
  organisationId: ZId.optional(),
  ...ZPageQuery,
})
export type TListRemindersQuery = z.infer<typeof ZListRemindersQuery>

export const ZReminder = z.object({
  /** obligation, due date and bracket (the deliveries' idempotency key without channel and address) */
  ref: z.string(),
  organisationId: z.uuid(),
  organisationName: z.string(),
  systemId: z.uuid().nullable(),
  systemName: z.string(),
  /** grading_filing · assessment · rectification */
  kind: z.string(),
  title: z.string(),
  dueOn: z.string(),
  /** `before-30`, `before-7`, `before-0`, `overdue-<n>` */
  bracket: z.string(),
  bracketKind: z.enum(['before', 'overdue']),
  bracketValue: z.number().int(),
  /** days to the due date when the reminder was made (negative: overdue) */
  daysLeft: z.number().int(),
  text: z.string(),
  createdAt: z.string(),
  /** every delivery of the reminder: the platform inbox, an SMS and an e-mail per liaison */
  deliveries: z.array(ZDelivery),
})
export type TReminder = z.infer<typeof ZReminder>
