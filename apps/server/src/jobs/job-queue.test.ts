import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { z } from 'zod'
import { createTestDatabase, type TestDatabase } from '../testing/test-database'
import { defineJob, jobIdFor, JobQueue } from './job-queue'

const handled: string[] = []
let failuresLeft = 0
const greet = defineJob({
  name: 'test.greet',
  payload: z.object({ to: z.string() }),
  retryLimit: 3,
  retryDelaySeconds: 0,
  expireInSeconds: 60,
  async handle(payload) {
    if (failuresLeft > 0) {
      failuresLeft--
      throw new Error('provider down')
    }
    handled.push(payload.to)
  },
})

let db: TestDatabase
let queue: JobQueue
beforeAll(async () => {
  db = await createTestDatabase()
  queue = new JobQueue(db.database, { error: () => undefined })
  queue.register(greet)
  await queue.start()
})
afterAll(async () => {
  await queue?.stop()
  await db?.drop()
})

describe('job queue', () => {
  test('a job enqueued in a committed transaction runs once', async () => {
    handled.length = 0
    await db.database.db.transaction(async (tx) => {
      await queue.enqueue(tx, greet, { to: 'committed' })
    })
    expect(await queue.runDue()).toBe(1)
    expect(await queue.runDue()).toBe(0)
    expect(handled).toEqual(['committed'])
  })

  test('a job enqueued in a rolled-back transaction never exists', async () => {
    handled.length = 0
    await expect(
      db.database.db.transaction(async (tx) => {
        await queue.enqueue(tx, greet, { to: 'phantom' })
        throw new Error('the change failed')
      }),
    ).rejects.toThrow('the change failed')
    expect(await queue.runDue()).toBe(0)
    expect(handled).toEqual([])
  })

  test('the same key enqueues one job', async () => {
    handled.length = 0
    const ids = await db.database.db.transaction(async (tx) => [
      await queue.enqueue(tx, greet, { to: 'keyed' }, { key: 'notice-1/sms' }),
      await queue.enqueue(tx, greet, { to: 'keyed' }, { key: 'notice-1/sms' }),
    ])
    expect(ids[0]).toBe(jobIdFor('test.greet', 'notice-1/sms'))
    expect(ids[1]).toBeNull()
    await db.database.db.transaction(async (tx) => {
      expect(await queue.enqueue(tx, greet, { to: 'keyed' }, { key: 'notice-1/sms' })).toBeNull()
    })
    await queue.runDue()
    expect(handled).toEqual(['keyed'])
  })

  test('a failing job is retried until it succeeds', async () => {
    handled.length = 0
    failuresLeft = 2
    const id = await db.database.db.transaction((tx) => queue.enqueue(tx, greet, { to: 'flaky' }))
    for (let i = 0; i < 5 && handled.length === 0; i++) await queue.runDue({ ignoreRetryDelay: true })
    // Without ignoring the back-off nothing would have been due: the delay doubles from one second.
    expect(handled).toEqual(['flaky'])
    const job = await queue.jobState('test.greet', id!)
    expect(job?.state).toBe('completed')
    expect(job?.retryCount).toBe(2)
  })

  test('a payload that does not match the schema is refused at enqueue', async () => {
    await expect(
      db.database.db.transaction((tx) => queue.enqueue(tx, greet, { to: 42 } as unknown as { to: string })),
    ).rejects.toThrow()
  })
})
