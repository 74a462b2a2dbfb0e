// The durable job queue: pg-boss, in the same database as the data (PGlite or PostgreSQL). A job is enqueued inside the
// transaction of the change that causes it, so it exists if and only if the change commits (no lost and no phantom
// messages). Jobs are typed (zod payload), retried with exponential back-off, and idempotent by key: the job id is
// derived from the key, so enqueueing the same key twice creates one job.
import { createHash } from 'node:crypto'
import { sql, type SQL } from 'drizzle-orm'
import PgBoss from 'pg-boss'
import type { z } from 'zod'
import type { Database, Tx } from '../db/client'

export type JobContext = { id: string; retryCount: number; attempt: number }

export type JobDefinition<Schema extends z.ZodType = z.ZodType> = {
  /** Queue name, `<domain>.<what>` (letters, digits, `.`, `_`, `-`). */
  name: string
  payload: Schema
  /** Attempts after the first; the delay doubles each time from `retryDelaySeconds`. */
  retryLimit: number
  retryDelaySeconds: number
  /** An active job not finished in this time is taken again (a crashed worker). */
  expireInSeconds: number
  /** Jobs fetched per poll. */
  batchSize?: number
  pollingIntervalSeconds?: number
  /** Must be idempotent: after a crash a job can run again. */
  handle(payload: z.output<Schema>, job: JobContext): Promise<void>
}

export function defineJob<Schema extends z.ZodType>(
  definition: JobDefinition<Schema>,
): JobDefinition<Schema> {
  return definition
}

type EnqueueOptions = { key?: string; startAfter?: Date }

/** A UUID derived from the job name and its idempotency key (RFC 4122 layout, version 5 bits set). */
export function jobIdFor(name: string, key: string): string {
  const hex = createHash('sha256').update(`${name}\u0000${key}`).digest('hex')
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** pg-boss speaks `text + $n values`; inside a drizzle transaction we rebuild that as drizzle SQL with parameters. */
function toDrizzleSql(text: string, values: unknown[]): SQL {
  const chunks: SQL[] = []
  let last = 0
  for (const match of text.matchAll(/\$(\d+)/g)) {
    chunks.push(sql.raw(text.slice(last, match.index)))
    // drizzle drops undefined parameters; pg-boss passes undefined for unset options, which mean NULL.
    chunks.push(sql`${values[Number(match[1]) - 1] ?? null}`)
    last = match.index + match[0].length
  }
  chunks.push(sql.raw(text.slice(last)))
  return sql.join(chunks)
}

function transactionAdapter(tx: Tx): PgBoss.Db {
  return {
    async executeSql(text, values) {
      const result = (await tx.execute(toDrizzleSql(text, values ?? []))) as unknown as { rows: unknown[] }
      return { rows: result.rows }
    },
  }
}

function databaseAdapter(database: Database): PgBoss.Db {
  if (database.driver.kind === 'pglite') {
    const client = database.driver.client
    return {
      async executeSql(text, values) {
        if (values?.length) return client.query(text, values)
        // pg-boss sends multi-statement scripts (its own migrations) without values.
        const results = await client.exec(text)
        return { rows: results.at(-1)?.rows ?? [] }
      },
    }
  }
  const pool = database.driver.pool
  return { executeSql: (text, values) => pool.query(text, values) }
}

export type QueueLogger = { error(message: string, error?: unknown): void; info?(message: string): void }

export class JobQueue {
  private boss: PgBoss | null = null
  private readonly definitions = new Map<string, JobDefinition>()
  private working = false

  constructor(
    private readonly database: Database,
    private readonly logger: QueueLogger = { error: (message, error) => console.error(message, error) },
  ) {}

  register(...definitions: JobDefinition[]): void {
    for (const definition of definitions) {
      if (this.definitions.has(definition.name)) throw new Error(`job ${definition.name} is defined twice`)
      this.definitions.set(definition.name, definition)
    }
  }

  get registered(): string[] {
    return [...this.definitions.keys()]
  }

  /** Creates the queue tables (pg-boss's own schema) and the queues. Must run before any transaction enqueues. */
  async start(options: { supervise?: boolean } = {}): Promise<void> {
    if (this.boss) return
    const boss = new PgBoss({
      db: databaseAdapter(this.database),
      schedule: false,
      supervise: options.supervise ?? false,
      maintenanceIntervalSeconds: 30,
      archiveCompletedAfterSeconds: 7 * 24 * 3600,
    })
    boss.on('error', (error) => this.logger.error('job queue error', error))
    await boss.start()
    for (const definition of this.definitions.values()) {
      const queue = {
        name: definition.name,
        retryLimit: definition.retryLimit,
        retryDelay: definition.retryDelaySeconds,
        retryBackoff: true,
        expireInSeconds: definition.expireInSeconds,
      }
      if (await boss.getQueue(definition.name)) await boss.updateQueue(definition.name, queue)
      else await boss.createQueue(definition.name, queue)
    }
    this.boss = boss
  }

  private requireBoss(): PgBoss {
    if (!this.boss) throw new Error('the job queue is not started')
    return this.boss
  }

  /** Enqueues in the caller's transaction. Returns the job id, or null when a job with this key already exists. */
  async enqueue<Schema extends z.ZodType>(
    tx: Tx,
    definition: JobDefinition<Schema>,
    payload: z.input<Schema>,
    options: EnqueueOptions = {},
  ): Promise<string | null> {
    if (!this.definitions.has(definition.name)) throw new Error(`job ${definition.name} is not registered`)
    const data = definition.payload.parse(payload) as object
    return this.requireBoss().send(definition.name, data, {
      db: transactionAdapter(tx),
      ...(options.key ? { id: jobIdFor(definition.name, options.key) } : {}),
      ...(options.startAfter ? { startAfter: options.startAfter } : {}),
    })
  }

  /** Starts polling every registered queue (the `worker` role of `wangan serve`). */
  async work(): Promise<void> {
    const boss = this.requireBoss()
    if (this.working) return
    this.working = true
    for (const definition of this.definitions.values()) {
      await boss.work(
        definition.name,
        {
          batchSize: definition.batchSize ?? 1,
          pollingIntervalSeconds: definition.pollingIntervalSeconds ?? 2,
          includeMetadata: true,
        },
        async (jobs) => {
          for (const job of jobs) await this.runJob(definition, job)
        },
      )
    }
  }

  private async runJob(definition: JobDefinition, job: PgBoss.JobWithMetadata<unknown>): Promise<void> {
    const payload = definition.payload.parse(job.data)
    await definition.handle(payload, { id: job.id, retryCount: job.retryCount, attempt: job.retryCount + 1 })
  }

  /** Processes what is due now, in this call (tests, and the CLI): returns how many jobs ran (succeeded or failed).
   * `ignoreRetryDelay` also takes jobs waiting out their back-off (tests that must not sleep). */
  async runDue(options: { name?: string; limit?: number; ignoreRetryDelay?: boolean } = {}): Promise<number> {
    const { name, limit = 1_000, ignoreRetryDelay = false } = options
    const boss = this.requireBoss()
    let ran = 0
    for (const definition of this.definitions.values()) {
      if (name && definition.name !== name) continue
      while (ran < limit) {
        const jobs = await boss.fetch<unknown>(definition.name, {
          batchSize: Math.min(50, limit - ran),
          includeMetadata: true,
          ignoreStartAfter: ignoreRetryDelay,
        })
        if (!jobs?.length) break
        for (const job of jobs) {
          ran++
          try {
            await this.runJob(definition, job)
            await boss.complete(definition.name, job.id)
          } catch (error) {
            await boss.fail(definition.name, job.id, {
              message: error instanceof Error ? error.message : String(error),
            })
          }
        }
      }
    }
    return ran
  }

  async jobState(name: string, id: string) {
    return this.requireBoss().getJobById(name, id, { includeArchive: true })
  }

  async stop(): Promise<void> {
    const boss = this.boss
    this.boss = null
    this.working = false
    if (boss) await boss.stop({ graceful: true, wait: true, timeout: 5_000 })
  }
}
