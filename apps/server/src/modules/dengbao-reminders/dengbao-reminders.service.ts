// 等保 deadline reminders through the notification channels (issue 8; seed 003 deadlines, SPEC §6 channels). A daily
// job asks the classified-protection module what is due (`dueForReminders`) and, for every open obligation in a
// reminder bracket (reminder-brackets.ts), queues a platform message to the organisation's inbox and an SMS and an
// e-mail to each of its liaisons — as deliveries without a notice (`subject_type = 'dengbao_reminder'`), idempotent by
// obligation, due date, bracket, channel and address, drained by the same dispatcher as the notices' messages. The
// police and the regulator can run it at once for their region and read what was sent, with the state per channel.
import { and, count, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import { ORGANISATION_ROLES } from '../../access/roles'
import type { Clock } from '../../clock'
import type { Actor, RequestContext } from '../../context'
import type { Database } from '../../db/client'
import { deliveries, organisations, settings } from '../../db/schema'
import { notFound } from '../../http/errors'
import { defineJob, type JobDefinition, type JobQueue } from '../../jobs/job-queue'
import { chineseDate } from '../../reports/official-document'
import type { AuditService } from '../audit/audit.service'
import { requireActor } from '../auth/auth.service'
import type { DeliveryRequest, DeliveryService } from '../delivery/delivery.service'
import { presentDelivery } from '../delivery/delivery.service'
import { contactRequests } from '../delivery/contact-requests'
import type { TDueReminder } from '../dengbao/dengbao-deadlines.service'
import { addDays, shanghaiDate } from '../dengbao/dengbao-due'
import { visibleSystemsCondition } from '../dengbao/dengbao.access'
import type { DengbaoService } from '../dengbao/dengbao.service'
import { renderSms, renderTemplate } from '../notices/notice-templates'
import type { EffectiveSettings, NoticesService } from '../notices/notices.service'
import type {
  TListRemindersQuery,
  TReminder,
  TRunRemindersRequest,
  TRunRemindersResult,
} from './dengbao-reminders.schemas'
import {
  bracketOf,
  chineseDay,
  DEFAULT_REMINDER_SETTINGS,
  dueState,
  horizonDays,
  reminderRef,
  runTimeOf,
  ZReminderSettings,
  type TBracket,
  type TReminderSettings,
} from './reminder-brackets'

export const REMINDER_SUBJECT = 'dengbao_reminder'
const SETTINGS_KEY = 'dengbao_reminders'

/** What a reminder's deliveries carry about it (`content.about`), read back by the list. */
const ZAbout = z.object({
  ref: z.string(),
  kind: z.string(),
  systemId: z.string().nullable(),
  systemName: z.string(),
  itemId: z.string().nullable(),
  title: z.string(),
  dueOn: z.string(),
  bracket: z.string(),
  bracketKind: z.enum(['before', 'overdue']),
  bracketValue: z.number(),
  daysLeft: z.number(),
})
type TAbout = z.infer<typeof ZAbout>

const ZDailyPayload = z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) })

type Deps = {
  database: Database
  clock: Clock
  audit: AuditService
  jobs: JobQueue
  delivery: DeliveryService
  notices: NoticesService
  dengbao: DengbaoService
}

export class DengbaoRemindersService {
  /** The daily run: each run first schedules the next day's, so the chain survives restarts (keys are per day). */
  readonly dailyJob: JobDefinition<typeof ZDailyPayload>

  constructor(private readonly deps: Deps) {
    this.dailyJob = defineJob({
      name: 'dengbao.reminders',
      payload: ZDailyPayload,
      retryLimit: 6,
      retryDelaySeconds: 300,
      expireInSeconds: 1_800,
      handle: async ({ day }) => {
        await this.scheduleDay(addDays(day, 1))
        await this.run({})
      },
    })
  }

  // ---- settings ----

  async getSettings(): Promise<TReminderSettings> {
    const [row] = await this.deps.database.db.select().from(settings).where(eq(settings.key, SETTINGS_KEY))
    const parsed = ZReminderSettings.safeParse(row?.value)
    return parsed.success ? parsed.data : DEFAULT_REMINDER_SETTINGS
  }

  async putSettings(ctx: RequestContext, next: TReminderSettings): Promise<TReminderSettings> {
    const before = await this.getSettings()
    const value = { ...next, daysBefore: [...next.daysBefore].sort((a, b) => b - a) }
    const now = this.deps.clock.now()
    await this.deps.database.db.transaction(async (tx) => {
      await tx
        .insert(settings)
        .values({ key: SETTINGS_KEY, value, updatedAt: now })
        .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } })
      await this.deps.audit.record(tx, ctx, {
        action: 'dengbao.reminder_settings_updated',
        objectType: 'settings',
        objectId: SETTINGS_KEY,
        summary: { before, after: value },
      })
    })
    return value
  }

  // ---- scheduling ----

  /** Makes sure today's run exists (at the configured hour, or at once when that is past). Called when a worker
   * starts; a no-op when today's job is already there. */
  async ensureScheduled(): Promise<void> {
    await this.scheduleDay(shanghaiDate(this.deps.clock.now()))
  }

  private async scheduleDay(day: string): Promise<void> {
    const { hourOfDay } = await this.getSettings()
    await this.deps.database.db.transaction((tx) =>
      this.deps.jobs.enqueue(
        tx,
        this.dailyJob,
        { day },
        { key: `day:${day}`, startAfter: runTimeOf(day, hourOfDay) },
      ),
    )
  }

  // ---- running ----

  /** A regulator or the police run the reminders of their region now (the daily job's work, narrowed). */
  async runNow(ctx: RequestContext, input: TRunRemindersRequest): Promise<TRunRemindersResult> {
    const actor = requireActor(ctx)
    const conditions: SQL[] = [visibleSystemsCondition(actor)]
    if (input.organisationId) {
      await this.requireVisibleOrganisation(actor, input.organisationId)
      conditions.push(eq(organisations.id, input.organisationId))
    }
    return this.run({ where: and(...conditions)!, ctx })
  }

  /**
   * Computes what is due and queues the reminders owed today, in one transaction (a crash leaves all or nothing;
   * a second run adds only what the first did not). Audited when a person asked for it.
   */
  async run(options: { where?: SQL; ctx?: RequestContext; asOf?: Date }): Promise<TRunRemindersResult> {
    const config = await this.getSettings()
    const asOf = options.asOf ?? this.deps.clock.now()
    const today = shanghaiDate(asOf)
    const due = await this.deps.dengbao.deadlines.dueForReminders({
      asOf,
      withinDays: horizonDays(config),
      ...(options.where ? { where: options.where } : {}),
    })
    const result: TRunRemindersResult = {
      today,
      obligations: due.length,
      reminders: 0,
      queued: { platform: 0, sms: 0, email: 0 },
      noRecipient: 0,
    }
    const { db } = this.deps.database
    const orgIds = [...new Set(due.map((d) => d.organisationId))]
    const regionOf = new Map(
      (orgIds.length
        ? await db
            .select({ id: organisations.id, regionId: organisations.regionId })
            .from(organisations)
            .where(inArray(organisations.id, orgIds))
        : []
      ).map((o) => [o.id, o.regionId]),
    )
    // Everything read before the transaction opens (on PGlite a query outside it would wait for it forever).
    const regionSettings = new Map<string, EffectiveSettings>()
    for (const regionId of new Set(regionOf.values()))
      regionSettings.set(regionId, await this.deps.notices.effectiveSettings(db, regionId))
    const owed = due.flatMap((item) => {
      const bracket = bracketOf(item.daysLeft, config)
      const region = regionSettings.get(regionOf.get(item.organisationId) ?? '')
      return bracket && region ? [{ item, bracket, region }] : []
    })
    await db.transaction(async (tx) => {
      for (const { item, bracket, region } of owed) {
        const inserted = await this.deps.delivery.enqueueForSubject(tx, {
          subjectType: REMINDER_SUBJECT,
          organisationId: item.organisationId,
          event: `reminder:${bracket.id}`,
          eventKey: reminderRef(item, bracket),
          requests: this.requestsFor(item, bracket, region, config, asOf),
        })
        if (inserted.some((r) => r.channel === 'platform')) result.reminders++
        for (const r of inserted) {
          result.queued[r.channel]++
          if (r.status === 'failed') result.noRecipient++
        }
      }
      if (options.ctx)
        await this.deps.audit.record(tx, options.ctx, {
          action: 'dengbao.reminders_run',
          objectType: 'region',
          objectId: options.ctx.actor?.regionId ?? null,
          summary: { ...result },
        })
    })
    return result
  }

  /** The platform message, and an SMS and an e-mail per liaison (a failed one saying so when nobody has one). */
  private requestsFor(
    item: TDueReminder,
    bracket: TBracket,
    region: EffectiveSettings,
    config: TReminderSettings,
    asOf: Date,
  ): DeliveryRequest[] {
    const template = region.templates.dengbao_reminder
    const values: Record<string, string> = {
      organisation: item.organisationName,
      system: item.systemName,
      obligation: item.title,
      dueDate: chineseDay(item.dueOn),
      state: dueState(item.daysLeft),
      platform: region.platformName,
      url: region.platformUrl ?? '',
      date: chineseDate(asOf),
    }
    const about: TAbout = {
      ref: reminderRef(item, bracket),
      kind: item.kind,
      systemId: item.systemId,
      systemName: item.systemName,
      itemId: item.itemId,
      title: item.title,
      dueOn: item.dueOn,
      bracket: bracket.id,
      bracketKind: bracket.kind,
      bracketValue: bracket.value,
      daysLeft: item.daysLeft,
    }
    return contactRequests({
      organisationId: item.organisationId,
      platform: { recipientKind: 'organisation', recipientName: item.organisationName },
      recipientKind: 'liaison',
      who: '联络员',
      contacts: item.liaisons,
      kind: 'dengbao_reminder',
      sms: renderSms(template.sms, values),
      sendSms: config.sms,
      email: config.email
        ? {
            subject: renderTemplate(template.emailSubject, values),
            body: renderTemplate(template.emailBody, values),
          }
        : null,
      about,
    })
  }

  // ---- reading ----

  /** The reminders sent to organisations the caller may see, newest first, each with its deliveries. */
  async list(ctx: RequestContext, query: TListRemindersQuery) {
    const actor = requireActor(ctx)
    const { db } = this.deps.database
    if (query.organisationId) await this.requireVisibleOrganisation(actor, query.organisationId)
    const where = and(
      eq(deliveries.subjectType, REMINDER_SUBJECT),
      isNull(deliveries.noticeId),
      eq(deliveries.channel, 'platform'),
      visibleSystemsCondition(actor),
      ...(query.organisationId ? [eq(deliveries.organisationId, query.organisationId)] : []),
    )
    const [total] = await db
      .select({ n: count() })
      .from(deliveries)
      .innerJoin(organisations, eq(organisations.id, deliveries.organisationId))
      .where(where)
    const heads = await db
      .select({ delivery: deliveries, organisationName: organisations.name })
      .from(deliveries)
      .innerJoin(organisations, eq(organisations.id, deliveries.organisationId))
      .where(where)
      .orderBy(desc(deliveries.createdAt), desc(deliveries.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
    const reminders = heads.flatMap(({ delivery, organisationName }) => {
      const about = ZAbout.safeParse(delivery.content.about)
      return about.success ? [{ head: delivery, organisationName, about: about.data }] : []
    })
    const refs = [...new Set(reminders.map((r) => r.about.ref))]
    const orgIds = [...new Set(reminders.map((r) => r.head.organisationId!))]
    const rows = refs.length
      ? await db
          .select()
          .from(deliveries)
          .where(
            and(
              eq(deliveries.subjectType, REMINDER_SUBJECT),
              isNull(deliveries.noticeId),
              inArray(deliveries.organisationId, orgIds),
              inArray(sql<string>`(${deliveries.content} -> 'about' ->> 'ref')`, refs),
            ),
          )
      : []
    const channelOrder = { platform: 0, sms: 1, email: 2 } as const
    const forOrganisation = ORGANISATION_ROLES.includes(actor.role)
    const items: TReminder[] = reminders.map(({ head, organisationName, about }) => ({
      ref: about.ref,
      organisationId: head.organisationId!,
      organisationName,
      systemId: about.systemId,
      systemName: about.systemName,
      kind: about.kind,
      title: about.title,
      dueOn: about.dueOn,
      bracket: about.bracket,
      bracketKind: about.bracketKind,
      bracketValue: about.bracketValue,
      daysLeft: about.daysLeft,
      text: head.content.text ?? '',
      createdAt: head.createdAt.toISOString(),
      deliveries: rows
        .filter((r) => r.organisationId === head.organisationId && r.content.about?.ref === about.ref)
        .sort(
          (a, b) => channelOrder[a.channel] - channelOrder[b.channel] || a.address.localeCompare(b.address),
        )
        .map((row) => presentDelivery(row, { forOrganisation })),
    }))
    return { items, total: Number(total?.n ?? 0), page: query.page, pageSize: query.pageSize }
  }

  /** A regulator retries a failed reminder delivery (after the provider was fixed or a contact added). */
  async retry(ctx: RequestContext, deliveryId: string) {
    const actor = requireActor(ctx)
    const [row] = await this.deps.database.db
      .select({ id: deliveries.id })
      .from(deliveries)
      .innerJoin(organisations, eq(organisations.id, deliveries.organisationId))
      .where(
        and(
          eq(deliveries.id, deliveryId),
          eq(deliveries.subjectType, REMINDER_SUBJECT),
          isNull(deliveries.noticeId),
          visibleSystemsCondition(actor),
        ),
      )
    if (!row) throw notFound('提醒发送记录 reminder delivery ')
    return this.deps.delivery.retryForSubject(ctx, REMINDER_SUBJECT, deliveryId)
  }

  private async requireVisibleOrganisation(actor: Actor, organisationId: string): Promise<void> {
    const [found] = await this.deps.database.db
      .select({ id: organisations.id })
      .from(organisations)
      .where(and(eq(organisations.id, organisationId), visibleSystemsCondition(actor)))
    if (!found) throw notFound('单位 organisation ')
  }
}
