import { sql } from 'drizzle-orm'
import { boolean, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, ts, updatedAt, version } from './common'
import { notices } from './notices'
import { users } from './users'

/** 站内 · 短信 · 邮件 */
export const deliveryChannel = pgEnum('delivery_channel', ['platform', 'sms', 'email'])
/** queued 待发送 · sending 发送中 · sent 已发送 · retrying 重试中 · failed 发送失败 */
export const deliveryStatus = pgEnum('delivery_status', ['queued', 'sending', 'sent', 'retrying', 'failed'])

/**
 * One message on one channel to one recipient, for one event of a notice (issued, escalated, a finding returned, an
 * appeal decided). The table is the delivery queue: a row is claimed (`sending`, committed) before the provider is
 * called and marked `sent` after; `due_at` is when the dispatcher should look at the row next — the send time of a
 * queued or retrying row, the end of the claim's lease for a sending one.
 */
export const deliveries = pgTable(
  'deliveries',
  {
    id: id(),
    /** The notice the message belongs to; null for a message about something else (see `subject`). */
    noticeId: uuid('notice_id').references(() => notices.id, { onDelete: 'cascade' }),
    /** What the message is about when it is not a notice: `dengbao_reminder` (等保 deadlines, seed 003) … */
    subjectType: text('subject_type').notNull().default('notice'),
    /** The organisation a non-notice message concerns (the notice carries its own). */
    organisationId: uuid('organisation_id'),
    /** `issued`, `escalation`, `returned`, `appeal_decided` … */
    event: text('event').notNull(),
    /** Idempotency: one delivery per notice and `<event key>:<channel>:<address>`. */
    dedupeKey: text('dedupe_key').notNull(),
    channel: deliveryChannel('channel').notNull(),
    /** `liaison`, `leader` (organisation contacts) or `organisation` (the in-platform inbox). */
    recipientKind: text('recipient_kind').notNull(),
    recipientName: text('recipient_name').notNull(),
    /** Mobile number, e-mail address, or the organisation id for the platform channel. */
    address: text('address').notNull(),
    /** What is sent, rendered when the event happened (a later template edit does not change it). */
    content: jsonb('content').$type<DeliveryContent>().notNull(),
    status: deliveryStatus('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    /** The provider of the last attempt (`aliyun`, `tencent`, `webhook`, `console`, `smtp`, `mail-file`, `platform`). */
    provider: text('provider'),
    providerMessageId: text('provider_message_id'),
    lastError: text('last_error'),
    /** The last attempt ended without knowing whether the provider took the message (time-out, lost answer):
     * the next attempt asks the provider first. */
    uncertain: boolean('uncertain').notNull().default(false),
    dueAt: ts('due_at').notNull(),
    /** Who holds the claim of a `sending` row; results are written only by the holder. */
    claimToken: uuid('claim_token'),
    /** Wall-clock start of the last attempt that may have reached the provider (compared with its records). */
    lastAttemptAt: ts('last_attempt_at'),
    sentAt: ts('sent_at'),
    failedAt: ts('failed_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Also the index of a notice's deliveries: every update of a row maintains each index, so there is no other.
    uniqueIndex('deliveries_dedupe_idx').on(t.noticeId, t.dedupeKey),
    // Messages without a notice are idempotent by their key alone (it names the subject, the event and the address).
    uniqueIndex('deliveries_subject_dedupe_idx')
      .on(t.subjectType, t.dedupeKey)
      .where(sql`${t.noticeId} is null`),
    // The dispatcher's claim walks this index in order and stops after a batch (no sort of everything due).
    index('deliveries_due_idx')
      .on(t.channel, t.dueAt, t.id)
      .where(sql`${t.status} in ('queued', 'retrying', 'sending')`),
  ],
)

export type DeliveryContent = {
  /** Message kind, selects the provider template (Aliyun TemplateCode, Tencent TemplateId). */
  kind: string
  /** SMS: the rendered text and the variables, in the order they appear in the region's template. */
  text?: string
  params?: [string, string][]
  /** E-mail. */
  subject?: string
  body?: string
  /** Attach the notice's DOCX (notice deliveries only). */
  attachNoticeDocument?: boolean
  /** What a message without a notice is about, for the lists that show it (the 等保 obligation and bracket of a
   * reminder); the module that sends it reads it back. */
  about?: Readonly<Record<string, string | number | null>>
}

/** Provider configuration per channel, entered by an admin. Keys and passwords are sealed (AES-256-GCM with the
 * deployment key), never returned by the API, never in the repository. */
export const deliveryChannelSettings = pgTable('delivery_channel_settings', {
  channel: text('channel').primaryKey(),
  provider: text('provider').notNull(),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull(),
  sealedSecret: text('sealed_secret'),
  updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  version: version(),
})
