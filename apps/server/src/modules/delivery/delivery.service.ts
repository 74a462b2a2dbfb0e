// Deliveries: every message of the notice loop, on every channel, sent at least once and — wherever the provider
// lets us check — exactly once. Most belong to a notice; others (`subject_type`, e.g. the 等保 deadline reminders)
// have no notice, concern an organisation and are idempotent by their key alone.
//
// The `deliveries` table is the queue (a table-backed queue in the same database, DESIGN.md): rows are inserted in the
// transaction of the event that causes them (no lost and no phantom messages) together with a pg-boss job that wakes
// the dispatcher. The dispatcher claims due rows in batches (`sending`, committed, with a lease and a pg-boss job that
// fires when the lease ends), calls the providers with bounded concurrency, and writes the outcomes in groups. A row
// found in `sending` after its lease ran out belonged to a worker that died mid-call: the provider is asked whether it
// has the message (Aliyun QuerySendDetails by OutId, Tencent delivery receipts by SessionContext, the console file) and
// the message is sent again only when it has not — or, for the webhook (which deduplicates by Idempotency-Key) and
// SMTP (which cannot be asked), sent again with the same key or Message-ID. See docs/interpretations/notifications.md.
import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { and, asc, eq, isNull, sql, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import type { Clock } from '../../clock'
import type { Config } from '../../config'
import type { RequestContext } from '../../context'
import type { Database, Tx } from '../../db/client'
import { deliveries, deliveryChannelSettings, type DeliveryContent } from '../../db/schema'
import { queryRows } from '../../db/transaction'
import { AppError, conflict, notFound, validationFailed } from '../../http/errors'
import { defineJob, jobIdFor, type JobContext, type JobQueue } from '../../jobs/job-queue'
import type { Secrets } from '../../secrets'
import type { AuditService } from '../audit/audit.service'
import {
  buildMailProvider,
  buildSmsProvider,
  DEFAULT_EMAIL,
  DEFAULT_SMS,
  parseEmailSettings,
  parseSmsSettings,
  SECRET_PROVIDERS,
  sealSecret,
  storedSettings,
  unsealSecret,
  type ChannelName,
} from './delivery-settings'
import type {
  TDelivery,
  TDeliveryChannelConfig,
  TEmailChannelRequest,
  TSmsChannelRequest,
} from './delivery.schemas'
import type { MailAttachment, MailMessage, MailProvider } from './providers/mail-provider'
import { asProviderError, ProviderError } from './providers/provider-error'
import { MOBILE_PATTERN, type SmsMessage, type SmsProvider } from './providers/sms-provider'

/** A claim holds a row this long; the dispatcher renews it while the call is running. */
export const LEASE_MS = 15_000
export const MAX_ATTEMPTS = 8
const RETRY_BASE_MS = 30_000
const RETRY_CAP_MS = 30 * 60_000
/** A provider that cannot tell yet (receipt not in, query lagging) is asked again after this. */
const ASK_AGAIN_MS = 15_000
/** A drain stops taking new rows after this and leaves the rest to the next job (jobs must end well before they
 * expire). */
const DRAIN_BUDGET_MS = 25_000

export type DeliveryChannel = 'platform' | 'sms' | 'email'

export type DeliveryRequest = {
  channel: DeliveryChannel
  recipientKind: string
  recipientName: string
  address: string
  content: DeliveryContent
  /** Recorded as failed at once (no mobile number on file, an invalid address): shown on the notice. */
  failure?: string
}

/**
 * A new row of the queue for one request: platform messages are delivered by the commit itself, a request that
 * cannot be sent (no address on file) is recorded as failed at once, anything else waits for the dispatcher.
 */
function newDeliveryRow(r: DeliveryRequest, event: string, eventKey: string, now: Date) {
  const status: 'sent' | 'failed' | 'queued' =
    r.channel === 'platform' ? 'sent' : r.failure ? 'failed' : 'queued'
  return {
    event,
    dedupeKey: `${eventKey}:${r.channel}:${r.address}`,
    channel: r.channel,
    recipientKind: r.recipientKind,
    recipientName: r.recipientName,
    address: r.address,
    content: r.content,
    status,
    provider: r.channel === 'platform' ? 'platform' : null,
    lastError: r.failure ?? null,
    dueAt: now,
    sentAt: status === 'sent' ? now : null,
    failedAt: status === 'failed' ? now : null,
    createdAt: now,
    updatedAt: now,
  }
}

type ClaimedRow = {
  id: string
  /** null for a message that is not about a notice (a 等保 reminder): no notice document to attach. */
  noticeId: string | null
  channel: 'sms' | 'email'
  address: string
  recipientName: string
  content: DeliveryContent
  attempts: number
  uncertain: boolean
  previousStatus: string
  lastAttemptAt: Date | null
  providerMessageId: string | null
  token: string
}

type Outcome = {
  row: ClaimedRow
  status: 'sent' | 'retrying' | 'failed'
  provider: string
  messageId: string | null
  error: string | null
  uncertain: boolean
  dueAt: Date
  at: Date
}

export type DrainReport = {
  claimed: number
  sent: number
  retrying: number
  failed: number
  reconciled: number
}

type Providers = {
  key: string
  sms: SmsProvider
  mail: MailProvider
  smsConcurrency: number
  mailConcurrency: number
}

const ZDispatchPayload = z.object({ reason: z.string().max(200) })

function backoff(attempts: number): number {
  return Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1))
}

const toDate = (value: unknown): Date | null =>
  value === null || value === undefined ? null : value instanceof Date ? value : new Date(String(value))

export class DeliveryService {
  /** Wakes the dispatcher (the worker role polls it). Its handler drains everything due, not only its own rows. */
  readonly dispatchJob
  private providers: Providers | null = null
  private readonly attachmentSources = new Map<string, (id: string) => Promise<MailAttachment>>()
  private draining: Promise<unknown> = Promise.resolve()
  private readonly activeTokens = new Set<string>()

  constructor(
    private readonly deps: {
      database: Database
      clock: Clock
      config: Config
      secrets: Secrets
      audit: AuditService
      jobs: JobQueue
    },
  ) {
    this.dispatchJob = defineJob({
      name: 'delivery.dispatch',
      payload: ZDispatchPayload,
      retryLimit: 10,
      retryDelaySeconds: 5,
      expireInSeconds: 300,
      pollingIntervalSeconds: 1,
      handle: (_payload, job) => this.runDispatchJob(job),
    })
  }

  /** E-mail attachments are produced by the module that owns them (the notice's DOCX). */
  registerAttachmentSource(kind: string, source: (id: string) => Promise<MailAttachment>): void {
    this.attachmentSources.set(kind, source)
  }

  // ---- enqueueing (inside the caller's transaction) ----

  /**
   * Adds the deliveries of one event of a notice, in the caller's transaction. Idempotent: a delivery that already
   * exists for (notice, event key, channel, address) is not added again. Platform deliveries are delivered by the
   * commit itself (the notice is in the organisation's inbox).
   */
  async enqueue(
    tx: Tx,
    input: { noticeId: string; event: string; eventKey: string; requests: DeliveryRequest[] },
  ): Promise<number> {
    if (!input.requests.length) return 0
    const now = this.deps.clock.now()
    const rows = input.requests.map((r) => ({
      noticeId: input.noticeId,
      ...newDeliveryRow(r, input.event, input.eventKey, now),
    }))
    let inserted = 0
    let queued = false
    for (let i = 0; i < rows.length; i += 1_000) {
      const result = await tx
        .insert(deliveries)
        .values(rows.slice(i, i + 1_000))
        .onConflictDoNothing({ target: [deliveries.noticeId, deliveries.dedupeKey] })
        .returning({ status: deliveries.status })
      inserted += result.length
      queued ||= result.some((r) => r.status === 'queued')
    }
    if (queued)
      await this.deps.jobs.enqueue(
        tx,
        this.dispatchJob,
        { reason: `${input.event}` },
        { key: `wake:${input.noticeId}:${input.eventKey}` },
      )
    return inserted
  }

  /**
   * Adds deliveries that are not about a notice (`subjectType`, e.g. `dengbao_reminder`) for one organisation, in
   * the caller's transaction. Idempotent by `(subjectType, <eventKey>:<channel>:<address>)` alone — the partial unique
   * index of rows without a notice — so running the same event again, or after a crash, adds nothing twice. Returns
   * the rows inserted now (existing ones are not returned).
   */
  async enqueueForSubject(
    tx: Tx,
    input: {
      subjectType: string
      organisationId: string
      event: string
      eventKey: string
      requests: DeliveryRequest[]
    },
  ): Promise<{ channel: DeliveryChannel; status: 'sent' | 'failed' | 'queued' }[]> {
    if (input.subjectType === 'notice') throw new Error('notice deliveries go through enqueue()')
    if (!input.requests.length) return []
    const now = this.deps.clock.now()
    const rows = input.requests.map((r) => ({
      noticeId: null,
      subjectType: input.subjectType,
      organisationId: input.organisationId,
      ...newDeliveryRow(
        { ...r, content: { ...r.content, attachNoticeDocument: false } },
        input.event,
        input.eventKey,
        now,
      ),
    }))
    const inserted: { channel: DeliveryChannel; status: 'sent' | 'failed' | 'queued' }[] = []
    for (let i = 0; i < rows.length; i += 1_000) {
      const result = await tx
        .insert(deliveries)
        .values(rows.slice(i, i + 1_000))
        // The arbiter is the partial index `(subject_type, dedupe_key) where notice_id is null`: its predicate must be
        // named for PostgreSQL to infer it.
        .onConflictDoNothing({
          target: [deliveries.subjectType, deliveries.dedupeKey],
          where: sql`notice_id is null`,
        })
        .returning({ channel: deliveries.channel, status: deliveries.status })
      for (const r of result)
        inserted.push({ channel: r.channel, status: r.status as 'sent' | 'failed' | 'queued' })
    }
    if (inserted.some((r) => r.status === 'queued'))
      await this.deps.jobs.enqueue(
        tx,
        this.dispatchJob,
        { reason: `${input.subjectType}:${input.event}` },
        { key: `wake:${input.subjectType}:${randomUUID()}` },
      )
    return inserted
  }

  // ---- the dispatcher ----

  private async runDispatchJob(job: JobContext): Promise<void> {
    const { ownSlotPending } = await this.drain({ jobId: job.id })
    // This job was meant for rows that are still not due by our clock (the database's clock runs ahead): fail it so
    // that pg-boss runs it again after its retry delay.
    if (ownSlotPending) throw new Error('deliveries not due yet by the application clock; retrying later')
  }

  /**
   * Sends everything due now, then makes sure a job will wake the dispatcher when the next row is due (a retry's
   * back-off, a lease's end). One drain at a time per process; several processes share the rows (SKIP LOCKED).
   */
  drain(
    options: { jobId?: string; budgetMs?: number } = {},
  ): Promise<DrainReport & { ownSlotPending: boolean }> {
    const run = this.draining.then(() => this.drainOnce(options))
    this.draining = run.catch(() => undefined)
    return run
  }

  private async drainOnce(options: {
    jobId?: string
    budgetMs?: number
  }): Promise<DrainReport & { ownSlotPending: boolean }> {
    const providers = await this.loadProviders()
    const report: DrainReport = { claimed: 0, sent: 0, retrying: 0, failed: 0, reconciled: 0 }
    const deadline = performance.now() + (options.budgetMs ?? DRAIN_BUDGET_MS)
    const heartbeat = setInterval(() => void this.renewLeases().catch(() => undefined), LEASE_MS / 3)
    heartbeat.unref()
    try {
      await Promise.all([
        this.runPool('sms', providers.smsConcurrency, deadline, report, (row) =>
          this.processSms(providers.sms, row, report),
        ),
        this.runPool('email', providers.mailConcurrency, deadline, report, (row) =>
          this.processMail(providers.mail, row, report),
        ),
      ])
    } finally {
      clearInterval(heartbeat)
      this.activeTokens.clear()
    }
    const ownSlotPending = await this.scheduleNext(options.jobId)
    return { ...report, ownSlotPending }
  }

  /** Claims rows of one channel in batches and runs them through `handle` with `concurrency` calls in flight. */
  private async runPool(
    channel: 'sms' | 'email',
    concurrency: number,
    deadline: number,
    report: DrainReport,
    handle: (row: ClaimedRow) => Promise<Outcome>,
  ): Promise<void> {
    const writer = new OutcomeWriter(this.deps.database)
    const buffer: ClaimedRow[] = []
    const batchSize = Math.min(500, Math.max(16, concurrency * 8))
    let exhausted = false
    let failure: unknown = null
    let refill: Promise<void> | null = null
    const fill = (): Promise<void> => {
      refill ??= (async () => {
        try {
          const rows = await this.claim(channel, batchSize)
          if (!rows.length) exhausted = true
          report.claimed += rows.length
          buffer.push(...rows)
        } catch (error) {
          failure ??= error
          exhausted = true
        }
      })().finally(() => {
        refill = null
      })
      return refill
    }
    const take = async (): Promise<ClaimedRow | null> => {
      for (;;) {
        const row = buffer.shift()
        if (row) {
          if (buffer.length < concurrency && !exhausted && !refill && performance.now() < deadline)
            void fill()
          return row
        }
        if (exhausted || performance.now() >= deadline) return null
        await fill()
      }
    }
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let row = await take(); row; row = await take()) {
          const outcome = await handle(row)
          report[outcome.status === 'sent' ? 'sent' : outcome.status] += 1
          await writer.push(outcome)
        }
      }),
    )
    await writer.flushAll()
    if (refill) await refill
    // Rows claimed but not started before the deadline go back to the queue at once.
    if (buffer.length) await this.release(buffer.splice(0))
    if (failure) throw failure
  }

  /** Claims up to `limit` due rows: `sending`, leased, committed before any provider is called. */
  private async claim(channel: 'sms' | 'email', limit: number): Promise<ClaimedRow[]> {
    const token = randomUUID()
    const now = this.deps.clock.now()
    // Attempt times are compared with the providers' own records (QuerySendDetails dates, receipt times), so they
    // are wall-clock times; scheduling (due_at, back-off, leases) follows the injected clock.
    const wallNow = new Date()
    const leaseEnd = new Date(now.getTime() + LEASE_MS)
    const rows = await this.deps.database.db.transaction(async (tx) => {
      const claimed = await queryRows<Record<string, unknown>>(
        tx,
        sql`with picked as (
              select id, status from deliveries
              where status in ('queued', 'retrying', 'sending') and channel = ${channel}
                and due_at <= ${now.toISOString()}::timestamptz
              order by due_at, id
              limit ${limit}
              for update skip locked)
            update deliveries d set
              status = 'sending',
              claim_token = ${token}::uuid,
              due_at = ${leaseEnd.toISOString()}::timestamptz,
              attempts = case when picked.status = 'sending' or d.uncertain then d.attempts else d.attempts + 1 end,
              last_attempt_at = case when picked.status = 'sending' or d.uncertain
                then d.last_attempt_at else ${wallNow.toISOString()}::timestamptz end,
              updated_at = ${now.toISOString()}::timestamptz
            from picked where d.id = picked.id
            returning d.id, d.notice_id, d.channel, d.address, d.recipient_name, d.content, d.attempts, d.uncertain,
              d.last_attempt_at, d.provider_message_id, picked.status as previous_status`,
      )
      // If this process dies with the rows in hand, this job wakes a dispatcher when the lease has run out.
      if (claimed.length)
        await this.deps.jobs.enqueue(
          tx,
          this.dispatchJob,
          { reason: 'lease' },
          { key: `lease:${token}`, startAfter: new Date(leaseEnd.getTime() + 1_000) },
        )
      return claimed
    })
    if (rows.length) this.activeTokens.add(token)
    return rows.map((r) => ({
      id: String(r.id),
      // Never String(null): a message without a notice keeps a null notice (no attachment, no notice status).
      noticeId: r.notice_id === null || r.notice_id === undefined ? null : String(r.notice_id),
      channel: r.channel as 'sms' | 'email',
      address: String(r.address),
      recipientName: String(r.recipient_name),
      content: (typeof r.content === 'string' ? JSON.parse(r.content) : r.content) as DeliveryContent,
      attempts: Number(r.attempts),
      uncertain: r.uncertain === true || r.uncertain === 't',
      previousStatus: String(r.previous_status),
      lastAttemptAt: toDate(r.last_attempt_at),
      providerMessageId: r.provider_message_id === null ? null : String(r.provider_message_id),
      token,
    }))
  }

  /** Gives claimed rows that were not started back to the queue (same state as before the claim). */
  private async release(rows: ClaimedRow[]): Promise<void> {
    const now = this.deps.clock.now()
    for (const row of rows)
      await this.deps.database.db
        .update(deliveries)
        .set({
          status: row.previousStatus === 'sending' || row.uncertain ? 'retrying' : 'queued',
          uncertain: row.uncertain || row.previousStatus === 'sending',
          // The claim counted an attempt that did not happen.
          attempts: row.previousStatus === 'sending' || row.uncertain ? row.attempts : row.attempts - 1,
          claimToken: null,
          dueAt: now,
          updatedAt: now,
        })
        .where(and(eq(deliveries.id, row.id), eq(deliveries.claimToken, row.token)))
  }

  private async renewLeases(): Promise<void> {
    if (!this.activeTokens.size) return
    const leaseEnd = new Date(this.deps.clock.now().getTime() + LEASE_MS)
    const tokens = sql.join(
      [...this.activeTokens].map((t) => sql`${t}::uuid`),
      sql`, `,
    )
    await this.deps.database.db.execute(
      sql`update deliveries set due_at = ${leaseEnd.toISOString()}::timestamptz
          where status = 'sending' and claim_token in (${tokens})`,
    )
  }

  /** Before sending again a message whose earlier attempt may have reached the provider, records the new attempt
   * (so a crash during this one is reconciled against the right time). */
  private async markAttempt(row: ClaimedRow): Promise<void> {
    const now = this.deps.clock.now()
    const wallNow = new Date()
    await this.deps.database.db
      .update(deliveries)
      .set({ lastAttemptAt: wallNow, attempts: sql`${deliveries.attempts} + 1`, updatedAt: now })
      .where(and(eq(deliveries.id, row.id), eq(deliveries.claimToken, row.token)))
    row.lastAttemptAt = wallNow
    row.attempts += 1
  }

  private smsMessage(row: ClaimedRow): SmsMessage {
    return {
      deliveryId: row.id,
      mobile: row.address,
      kind: row.content.kind,
      text: row.content.text ?? '',
      params: row.content.params ?? [],
      lastAttemptAt: row.lastAttemptAt,
    }
  }

  private async processSms(provider: SmsProvider, row: ClaimedRow, report: DrainReport): Promise<Outcome> {
    const message = this.smsMessage(row)
    return this.attempt(row, provider.name, report, {
      reconcile: () => provider.reconcile(message),
      send: () => {
        message.lastAttemptAt = row.lastAttemptAt
        return provider.send(message)
      },
    })
  }

  private async processMail(provider: MailProvider, row: ClaimedRow, report: DrainReport): Promise<Outcome> {
    let message: MailMessage | null = null
    const build = async (): Promise<MailMessage> => {
      if (message) return message
      const attachments: MailAttachment[] = []
      if (row.content.attachNoticeDocument && row.noticeId !== null) {
        const source = this.attachmentSources.get('notice_document')
        if (!source)
          throw ProviderError.retryable('attachment_unavailable', 'no source for the notice document')
        attachments.push(await source(row.noticeId))
      }
      message = {
        deliveryId: row.id,
        to: row.address,
        toName: row.recipientName,
        subject: row.content.subject ?? '',
        text: row.content.body ?? '',
        attachments,
      }
      return message
    }
    return this.attempt(row, provider.name, report, {
      reconcile: async () => provider.reconcile(await build()),
      send: async () => provider.send(await build()),
    })
  }

  /** One attempt at one row: reconcile first when an earlier attempt may have reached the provider, then send. */
  private async attempt(
    row: ClaimedRow,
    providerName: string,
    report: DrainReport,
    calls: {
      reconcile: () => Promise<
        | { outcome: 'sent'; messageId: string | null }
        | { outcome: 'not_sent' }
        | { outcome: 'unknown'; resend: boolean; reason: string }
      >
      send: () => Promise<{ messageId: string }>
    },
  ): Promise<Outcome> {
    const outcome = (o: Omit<Outcome, 'row' | 'provider' | 'at'>): Outcome => ({
      ...o,
      row,
      provider: providerName,
      at: this.deps.clock.now(),
    })
    const reconciling = row.previousStatus === 'sending' || row.uncertain
    let sending = false
    try {
      if (reconciling) {
        const found = await calls.reconcile()
        if (found.outcome === 'sent') {
          report.reconciled += 1
          return outcome({
            status: 'sent',
            messageId: found.messageId ?? row.providerMessageId,
            error: null,
            uncertain: false,
            dueAt: this.deps.clock.now(),
          })
        }
        if (found.outcome === 'unknown' && !found.resend)
          return outcome({
            status: 'retrying',
            messageId: null,
            error: `reconciling: ${found.reason}`,
            uncertain: true,
            dueAt: new Date(this.deps.clock.now().getTime() + ASK_AGAIN_MS),
          })
        await this.markAttempt(row)
      }
      sending = true
      const sent = await calls.send()
      return outcome({
        status: 'sent',
        messageId: sent.messageId || null,
        error: null,
        uncertain: false,
        dueAt: this.deps.clock.now(),
      })
    } catch (raw) {
      const error = asProviderError(raw)
      // A failed question about an earlier attempt leaves that attempt as uncertain as it was.
      const uncertain = error.failure === 'uncertain' || (reconciling && !sending)
      if (error.failure === 'permanent' || row.attempts >= MAX_ATTEMPTS)
        return outcome({
          status: 'failed',
          messageId: null,
          error: error.describe(),
          uncertain,
          dueAt: this.deps.clock.now(),
        })
      return outcome({
        status: 'retrying',
        messageId: null,
        error: error.describe(),
        uncertain,
        dueAt: new Date(this.deps.clock.now().getTime() + backoff(row.attempts)),
      })
    }
  }

  /** After a drain: a job for the earliest row still pending. Returns true when that job is the one running now. */
  private async scheduleNext(currentJobId: string | undefined): Promise<boolean> {
    const [next] = await queryRows<{ due: unknown }>(
      this.deps.database.db,
      sql`select min(due_at) as due from deliveries where status in ('queued', 'retrying', 'sending')`,
    )
    const due = toDate(next?.due)
    if (!due) return false
    const now = this.deps.clock.now().getTime()
    // Rows due now but left (the budget ran out, or another process holds them): wake again at once.
    const key =
      due.getTime() <= now
        ? `more:${randomUUID()}`
        : `due:${Math.ceil(due.getTime() / 5_000) * 5_000 + 2_000}`
    if (currentJobId && jobIdFor(this.dispatchJob.name, key) === currentJobId) return true
    const startAfter = key.startsWith('due:') ? new Date(Number(key.slice(4))) : undefined
    await this.deps.database.db.transaction((tx) =>
      this.deps.jobs.enqueue(
        tx,
        this.dispatchJob,
        { reason: 'next' },
        { key, ...(startAfter ? { startAfter } : {}) },
      ),
    )
    return false
  }

  // ---- providers ----

  private async loadProviders(): Promise<Providers> {
    const rows = await this.deps.database.db.select().from(deliveryChannelSettings)
    const sms = rows.find((r) => r.channel === 'sms')
    const email = rows.find((r) => r.channel === 'email')
    const key = `${sms?.version ?? 0}:${sms?.updatedAt.toISOString() ?? ''}|${email?.version ?? 0}:${email?.updatedAt.toISOString() ?? ''}`
    if (this.providers?.key === key) return this.providers
    const key32 = this.deps.secrets.dataKey
    const smsSettings = sms ? parseSmsSettings(sms.provider, sms.settings) : DEFAULT_SMS
    const emailSettings = email ? parseEmailSettings(email.provider, email.settings) : DEFAULT_EMAIL
    const next: Providers = {
      key,
      sms: buildSmsProvider(
        smsSettings,
        sms?.sealedSecret ? unsealSecret(key32, 'sms', sms.sealedSecret) : null,
        this.deps.config.dataDir,
      ),
      mail: buildMailProvider(
        emailSettings,
        email?.sealedSecret ? unsealSecret(key32, 'email', email.sealedSecret) : null,
        this.deps.config.dataDir,
      ),
      smsConcurrency: smsSettings.concurrency,
      mailConcurrency: emailSettings.concurrency,
    }
    const previous = this.providers
    this.providers = next
    // Calls in flight on the old providers finish on their sockets; idle keep-alive sockets close now.
    previous?.sms.close()
    previous?.mail.close()
    return next
  }

  /** Closes keep-alive sockets and SMTP pools (the process is stopping). */
  close(): void {
    this.providers?.sms.close()
    this.providers?.mail.close()
    this.providers = null
  }

  // ---- admin: provider configuration ----

  async channels(): Promise<TDeliveryChannelConfig[]> {
    const rows = await this.deps.database.db.select().from(deliveryChannelSettings)
    return (['sms', 'email'] as const).map((channel) => {
      const row = rows.find((r) => r.channel === channel)
      if (!row) {
        const defaults = storedSettings(channel === 'sms' ? DEFAULT_SMS : DEFAULT_EMAIL)
        return {
          channel,
          provider: (channel === 'sms' ? DEFAULT_SMS : DEFAULT_EMAIL).provider,
          settings: defaults,
          hasSecret: false,
          isDefault: true,
          updatedAt: null,
          version: 0,
        }
      }
      return {
        channel,
        provider: row.provider,
        settings: row.settings,
        hasSecret: !!row.sealedSecret,
        isDefault: false,
        updatedAt: row.updatedAt.toISOString(),
        version: row.version,
      }
    })
  }

  async configure(
    ctx: RequestContext,
    channel: ChannelName,
    input: TSmsChannelRequest | TEmailChannelRequest,
  ): Promise<TDeliveryChannelConfig> {
    const now = this.deps.clock.now()
    await this.deps.database.db.transaction(async (tx) => {
      const [before] = await tx
        .select()
        .from(deliveryChannelSettings)
        .where(eq(deliveryChannelSettings.channel, channel))
        .for('update')
      if (input.version !== undefined && (before?.version ?? 0) !== input.version) throw conflict()
      const secret = 'secret' in input ? input.secret : undefined
      const keepSecret = before && before.provider === input.provider && !secret ? before.sealedSecret : null
      const sealed = secret ? sealSecret(this.deps.secrets.dataKey, channel, secret) : keepSecret
      const needsSecret =
        SECRET_PROVIDERS.has(input.provider) &&
        (input.provider !== 'smtp' || ('username' in input && !!input.username))
      if (needsSecret && !sealed)
        throw validationFailed([
          { path: 'body.secret', message: '须填写密钥或密码 (the key or password is required)' },
        ])
      const settings = storedSettings(input)
      if (before)
        await tx
          .update(deliveryChannelSettings)
          .set({
            provider: input.provider,
            settings,
            sealedSecret: sealed,
            updatedBy: ctx.actor?.userId ?? null,
            updatedAt: now,
            version: sql`${deliveryChannelSettings.version} + 1`,
          })
          .where(eq(deliveryChannelSettings.channel, channel))
      else
        await tx.insert(deliveryChannelSettings).values({
          channel,
          provider: input.provider,
          settings,
          sealedSecret: sealed,
          updatedBy: ctx.actor?.userId ?? null,
          createdAt: now,
          updatedAt: now,
        })
      await this.deps.audit.record(tx, ctx, {
        action: 'delivery.channel_configured',
        objectType: 'delivery_channel',
        objectId: channel,
        summary: {
          provider: [before?.provider ?? null, input.provider],
          settingsChanged: Object.keys(settings).filter(
            (k) => JSON.stringify(settings[k]) !== JSON.stringify(before?.settings?.[k]),
          ),
          secretReplaced: !!secret,
        },
      })
    })
    const configs = await this.channels()
    return configs.find((c) => c.channel === channel)!
  }

  /** Sends one test message now (not through the queue), with the configured provider. */
  async sendTest(ctx: RequestContext, channel: ChannelName, address: string) {
    const providers = await this.loadProviders()
    const id = randomUUID()
    let result: { ok: boolean; messageId: string | null; error: string | null }
    if (channel === 'sms' && !MOBILE_PATTERN.test(address))
      throw validationFailed([{ path: 'body.address', message: '须为手机号码 (must be a mobile number)' }])
    try {
      const sent =
        channel === 'sms'
          ? await providers.sms.send({
              deliveryId: id,
              mobile: address,
              kind: 'notice_issued',
              text: '【网安】这是一条测试短信。(test message)',
              params: [],
              lastAttemptAt: null,
            })
          : await providers.mail.send({
              deliveryId: id,
              to: address,
              toName: address,
              subject: '网安平台测试邮件 (test message)',
              text: '这是一封测试邮件。(This is a test message.)',
              attachments: [],
            })
      result = { ok: true, messageId: sent.messageId, error: null }
    } catch (error) {
      result = { ok: false, messageId: null, error: asProviderError(error).describe() }
    }
    await this.deps.database.db.transaction((tx) =>
      this.deps.audit.record(tx, ctx, {
        action: 'delivery.channel_tested',
        objectType: 'delivery_channel',
        objectId: channel,
        summary: { ok: result.ok, error: result.error },
      }),
    )
    return { ...result, provider: channel === 'sms' ? providers.sms.name : providers.mail.name }
  }

  // ---- reading, and a regulator's retry of a failed delivery ----

  async listForNotice(noticeId: string, executor = this.deps.database.db): Promise<TDelivery[]> {
    const rows = await executor
      .select()
      .from(deliveries)
      .where(eq(deliveries.noticeId, noticeId))
      .orderBy(asc(deliveries.createdAt), asc(deliveries.channel), asc(deliveries.address))
    return rows.map((row) => presentDelivery(row))
  }

  /** Puts a failed delivery back in the queue for a fresh series of attempts (after an admin fixed the provider). */
  async retry(ctx: RequestContext, noticeId: string, deliveryId: string): Promise<TDelivery> {
    return this.retryWhere(ctx, deliveryId, eq(deliveries.noticeId, noticeId), { noticeId })
  }

  /** The same for a delivery without a notice (the caller has checked that the actor may see it). */
  async retryForSubject(ctx: RequestContext, subjectType: string, deliveryId: string): Promise<TDelivery> {
    return this.retryWhere(
      ctx,
      deliveryId,
      and(isNull(deliveries.noticeId), eq(deliveries.subjectType, subjectType))!,
      { subjectType },
    )
  }

  private async retryWhere(
    ctx: RequestContext,
    deliveryId: string,
    belongs: SQL,
    about: { noticeId: string } | { subjectType: string },
  ): Promise<TDelivery> {
    await this.deps.database.db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(deliveries)
        .where(and(eq(deliveries.id, deliveryId), belongs))
        .for('update')
      if (!row) throw notFound('发送记录 delivery ')
      if (row.status !== 'failed')
        throw new AppError(
          'CONFLICT',
          `只有发送失败的记录可以重发 (only a failed delivery can be retried; this one is ${row.status})`,
        )
      if (row.channel === 'sms' && !MOBILE_PATTERN.test(row.address))
        throw new AppError(
          'CONFLICT',
          '收件人没有有效的手机号码，请先更新联系人 (no valid mobile number on file)',
        )
      const now = this.deps.clock.now()
      await tx
        .update(deliveries)
        .set({ status: 'queued', attempts: 0, dueAt: now, failedAt: null, claimToken: null, updatedAt: now })
        .where(eq(deliveries.id, deliveryId))
      await this.deps.jobs.enqueue(
        tx,
        this.dispatchJob,
        { reason: 'retry' },
        { key: `retry:${deliveryId}:${now.getTime()}` },
      )
      await this.deps.audit.record(tx, ctx, {
        action: 'delivery.retried',
        objectType: 'delivery',
        objectId: deliveryId,
        summary: { ...about, channel: row.channel, lastError: row.lastError },
      })
    })
    const [row] = await this.deps.database.db.select().from(deliveries).where(eq(deliveries.id, deliveryId))
    return presentDelivery(row!)
  }
}

/**
 * A delivery as the API shows it. An organisation (`forOrganisation`) sees that and when it was told, not the
 * providers' internals (provider, message id, error).
 */
export function presentDelivery(
  row: typeof deliveries.$inferSelect,
  options: { forOrganisation?: boolean } = {},
): TDelivery {
  const internals = options.forOrganisation
    ? { provider: null, providerMessageId: null, lastError: null }
    : { provider: row.provider, providerMessageId: row.providerMessageId, lastError: row.lastError }
  return {
    id: row.id,
    event: row.event,
    channel: row.channel,
    recipientKind: row.recipientKind,
    recipientName: row.recipientName,
    address: row.channel === 'platform' ? '站内 platform' : row.address,
    status: row.status,
    attempts: row.attempts,
    ...internals,
    createdAt: row.createdAt.toISOString(),
    lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
    nextAttemptAt: row.status === 'queued' || row.status === 'retrying' ? row.dueAt.toISOString() : null,
    sentAt: row.sentAt?.toISOString() ?? null,
    failedAt: row.failedAt?.toISOString() ?? null,
  }
}

/**
 * Writes outcomes behind the calls, in groups: one statement per few hundred messages instead of one per message,
 * so the provider calls never wait on the database (on embedded PGlite every statement runs on the main thread).
 * A crash before a group is written leaves its rows `sending`: the next claim after the lease asks the provider and
 * marks them sent without sending again (Aliyun, Tencent, the console file) or sends again with the same
 * Idempotency-Key or Message-ID (webhook, SMTP) — the window is this writer's delay plus one statement.
 */
class OutcomeWriter {
  private pending: Outcome[] = []
  private flushing: Promise<void> | null = null
  private timer: NodeJS.Timeout | null = null
  private failure: unknown = null

  constructor(
    private readonly database: Database,
    private readonly options = { maxBatch: 1_000, delayMs: 100, maxPending: 4_000 },
  ) {}

  async push(outcome: Outcome): Promise<void> {
    if (this.failure) throw this.failure
    this.pending.push(outcome)
    if (this.pending.length >= this.options.maxBatch) this.kick()
    else this.timer ??= setTimeout(() => this.kick(), this.options.delayMs)
    // Back-pressure: the calls stop when the database falls behind.
    while (this.pending.length >= this.options.maxPending && this.flushing) await this.flushing
  }

  async flushAll(): Promise<void> {
    while (this.pending.length || this.flushing) {
      this.kick()
      await this.flushing
    }
    if (this.failure) throw this.failure
  }

  private kick(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    if (!this.flushing && this.pending.length) this.flushing = this.loop()
  }

  private async loop(): Promise<void> {
    try {
      while (this.pending.length) await this.write(this.pending.splice(0, this.options.maxBatch))
    } catch (error) {
      // The rows stay `sending`; their lease runs out and the next claim reconciles them.
      this.failure ??= error
      this.pending = []
    } finally {
      this.flushing = null
    }
  }

  private async write(outcomes: Outcome[]): Promise<void> {
    const column = <T>(pick: (o: Outcome) => T) => sql.param(outcomes.map(pick))
    await this.database.db.execute(sql`
      update deliveries d set
        status = u.status::delivery_status,
        provider = u.provider,
        provider_message_id = coalesce(u.message_id, d.provider_message_id),
        last_error = case when u.status = 'sent' then d.last_error else u.error end,
        uncertain = u.uncertain,
        due_at = u.due_at,
        sent_at = case when u.status = 'sent' then u.at end,
        failed_at = case when u.status = 'failed' then u.at end,
        claim_token = null,
        updated_at = u.at
      from unnest(
        ${column((o) => o.row.id)}::uuid[],
        ${column((o) => o.row.token)}::uuid[],
        ${column((o) => o.status)}::text[],
        ${column((o) => o.provider)}::text[],
        ${column((o) => o.messageId)}::text[],
        ${column((o) => o.error)}::text[],
        ${column((o) => o.uncertain)}::boolean[],
        ${column((o) => o.dueAt.toISOString())}::timestamptz[],
        ${column((o) => o.at.toISOString())}::timestamptz[]
      ) as u(id, token, status, provider, message_id, error, uncertain, due_at, at)
      where d.id = u.id and d.claim_token = u.token and d.status = 'sending'`)
  }
}
