import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { AuditBuffer, type RecordSink } from './audit-buffer'
import type { GatewayRecord, GatewayViolation } from './gateway-types'

function record(n: number): GatewayRecord {
  return {
    id: `r${n}`,
    at: n,
    channel: 'http',
    connectionId: 'c',
    clientIp: '127.0.0.1',
    tokenId: null,
    userId: null,
    teamId: null,
    campaignId: null,
    host: null,
    ip: null,
    port: null,
    sni: null,
    method: 'GET',
    path: `/${n}`,
    status: 200,
    bytesUp: 1,
    bytesDown: 1,
    durationMs: 0,
    verdict: 'allowed',
    reason: null,
    assetId: null,
    organisationId: null,
    ruleHits: [],
    userAgent: null,
    manual: false,
    countsAsRequest: true,
  }
}

/** A sink that fails when told, and sometimes fails after writing (an unclear failure): retries must not duplicate. */
class FlakySink implements RecordSink {
  readonly stored = new Map<string, GatewayRecord>()
  readonly violations = new Map<string, GatewayViolation>()
  down = false
  unclear = 0
  async write(records: readonly GatewayRecord[], violations: readonly GatewayViolation[]) {
    await new Promise((r) => setTimeout(r, 1))
    if (this.down) throw new Error('connection refused')
    for (const r of records) this.stored.set(r.id, r)
    for (const v of violations) this.violations.set(v.id, v)
    if (this.unclear > 0) {
      this.unclear--
      throw new Error('connection reset after commit')
    }
  }
}

const fast = { flushIntervalMs: 5, retryMinMs: 2, retryMaxMs: 10 }

describe('the audit buffer', () => {
  test('records reach the sink in batches; counters agree after a drain', async () => {
    const sink = new FlakySink()
    const buffer = new AuditBuffer(sink, { ...fast, capacity: 1000, batchSize: 10 })
    buffer.start()
    for (let i = 0; i < 95; i++) {
      expect(buffer.reserve()).toBe(true)
      buffer.commit(record(i))
    }
    expect(await buffer.drain(2_000)).toBe(true)
    const c = buffer.counters()
    expect(c).toMatchObject({ accepted: 95, written: 95, pending: 0, reserved: 0, state: 'ok' })
    expect(sink.stored.size).toBe(95)
    await buffer.stop()
  })

  test('fail closed: with the sink down, reservations stop at capacity; after recovery nothing is lost', async () => {
    const sink = new FlakySink()
    const states: string[] = []
    const buffer = new AuditBuffer(sink, { ...fast, capacity: 10, batchSize: 4 }, (state) =>
      states.push(state),
    )
    buffer.start()
    sink.down = true
    let admitted = 0
    for (let i = 0; i < 15; i++) {
      if (!buffer.reserve()) continue
      admitted++
      buffer.commit(record(i))
    }
    expect(admitted).toBe(10)
    expect(buffer.state).toBe('fail_closed')
    // Refusals are kept only while there is room; here they are counted, not queued.
    expect(buffer.offer(record(99))).toBe(false)
    await new Promise((r) => setTimeout(r, 30))
    expect(buffer.reserve()).toBe(false)
    expect(buffer.counters()).toMatchObject({
      accepted: 10,
      written: 0,
      refusedFailClosed: 6,
      refusalsNotRecorded: 1,
    })
    sink.down = false
    expect(await buffer.drain(2_000)).toBe(true)
    expect(buffer.counters()).toMatchObject({ accepted: 10, written: 10, state: 'ok' })
    expect(states).toEqual(['fail_closed', 'ok'])
    expect(buffer.reserve()).toBe(true)
    await buffer.stop()
  })

  test('property: whatever the outages, every accepted record is written exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ records: fc.nat({ max: 30 }), down: fc.boolean(), unclear: fc.nat({ max: 2 }) }),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        async (phases) => {
          const sink = new FlakySink()
          const buffer = new AuditBuffer(sink, { ...fast, capacity: 40, batchSize: 7 })
          buffer.start()
          let n = 0
          let admitted = 0
          for (const phase of phases) {
            sink.down = phase.down
            sink.unclear = phase.unclear
            for (let i = 0; i < phase.records; i++)
              if (buffer.reserve()) {
                buffer.commit(record(n++))
                admitted++
              }
            await new Promise((r) => setTimeout(r, 8))
          }
          sink.down = false
          sink.unclear = 0
          expect(await buffer.drain(5_000)).toBe(true)
          const c = buffer.counters()
          expect(c.accepted).toBe(admitted)
          expect(c.written).toBe(admitted)
          expect(sink.stored.size).toBe(admitted)
          await buffer.stop()
        },
      ),
      { numRuns: 15 },
    )
  })

  test('a violation’s later state replaces an unwritten earlier one', async () => {
    const sink = new FlakySink()
    const buffer = new AuditBuffer(sink, { ...fast, capacity: 10, batchSize: 4 })
    const violation: GatewayViolation = {
      id: 'v1',
      campaignId: 'c',
      teamId: 't',
      userId: 'u',
      ruleId: 'mass-delete',
      ruleName: 'x',
      severity: 'medium',
      target: 'a:80',
      firstAt: 1,
      lastAt: 1,
      hitCount: 1,
      evidence: [],
    }
    buffer.violation(violation)
    buffer.violation({ ...violation, hitCount: 7, lastAt: 9 })
    buffer.start()
    expect(await buffer.drain(2_000)).toBe(true)
    expect(sink.violations.get('v1')).toMatchObject({ hitCount: 7, lastAt: 9 })
    expect(buffer.counters().violationsWritten).toBe(1)
    await buffer.stop()
  })
})
