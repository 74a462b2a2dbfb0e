import { describe, expect, test } from 'vitest'
import type { GatewayRecord } from '../../gateway/gateway-types'
import { toColumns } from '../../gateway/record-columns'
import { packBatch, SLOT_SECONDS, unpack } from './record-packs'

const T0 = Date.parse('2022-05-16T02:00:00Z')

function record(over: Partial<GatewayRecord>): GatewayRecord {
  return {
    id: `00000000-0000-7000-8000-${String(Math.floor(Math.random() * 1e12)).padStart(12, '0')}`,
    at: T0,
    channel: 'http',
    connectionId: 'c0000000-0000-4000-8000-000000000000',
    clientIp: '127.0.0.1',
    tokenId: 'tok',
    userId: 'alice',
    teamId: 'team-a',
    campaignId: 'c1',
    host: 'www.example.gov.cn',
    ip: '10.0.0.1',
    port: 80,
    sni: null,
    method: 'GET',
    path: '/',
    status: 200,
    bytesUp: 100,
    bytesDown: 200,
    durationMs: 3,
    verdict: 'allowed',
    reason: null,
    assetId: 'asset-1',
    organisationId: 'org-1',
    ruleHits: [],
    userAgent: 'curl/8',
    manual: true,
    countsAsRequest: true,
    ...over,
  }
}

describe('record packs', () => {
  test('one pack per tester, records intact (NUL made harmless), refusals counted', () => {
    const records = [
      record({ path: '/a', ruleHits: ['destructive-sql', 'dos-patterns'] }),
      record({ userId: 'bob', path: '/b' }),
      record({
        path: '/c\u0000x',
        verdict: 'refused',
        reason: 'host_out_of_scope: x',
        assetId: null,
        at: T0 + 5,
      }),
      record({
        userId: null,
        teamId: null,
        campaignId: null,
        tokenId: null,
        verdict: 'refused',
        reason: 'unauthenticated',
      }),
    ]
    const { packs } = packBatch({ records: toColumns(records), violations: [] })
    expect(packs.map((p) => [p.userId, p.count, p.refused])).toEqual([
      ['alice', 2, 1],
      ['bob', 1, 0],
      [null, 1, 1],
    ])
    expect(packs[0]!.id).toBe(records[0]!.id)
    expect(packs[0]!.lastAt - packs[0]!.firstAt).toBe(5)
    const back = unpack(packs[0]!.records)
    expect(back[0]).toMatchObject({
      path: '/a',
      ruleHits: ['destructive-sql', 'dos-patterns'],
      manual: true,
      status: 200,
    })
    expect(back[1]!.path).toBe('/c\uFFFDx')
    expect(back[1]!.ruleHits).toEqual([])
  })

  test('activity: allowed in-scope requests per team, slot and asset; tunnels that carried requests do not count twice', () => {
    const records = [
      record({}),
      record({ at: T0 + 1000, manual: false }),
      record({ at: T0 + SLOT_SECONDS * 1000 }),
      record({ assetId: 'asset-2' }),
      record({ channel: 'connect', countsAsRequest: false }),
      record({ verdict: 'refused', assetId: null }),
      record({ verdict: 'error', reason: 'upstream: ECONNREFUSED' }),
    ]
    const { activity } = packBatch({ records: toColumns(records), violations: [] })
    const slot = Math.floor(T0 / 1000 / SLOT_SECONDS) * SLOT_SECONDS
    expect(activity.map((a) => [a.slot - slot, a.assetId, a.requests, a.manual])).toEqual([
      [0, 'asset-1', 2, 1],
      [SLOT_SECONDS, 'asset-1', 1, 1],
      [0, 'asset-2', 1, 1],
    ])
  })
})
