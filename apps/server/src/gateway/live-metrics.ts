// What the monitor shows live, kept in memory by the gateway process: requests per second per team over the last
// minute, the busiest targets and refusals by reason over the last five minutes. Constant work per request.

const SERIES_SECONDS = 60
const TOP_MINUTES = 5

type Series = { campaignId: string; buckets: Uint32Array; second: number }

export type LiveSnapshot = {
  at: string
  teams: { teamId: string; campaignId: string; requestsPerSecond: number; lastMinute: number[] }[]
  topTargets: { campaignId: string; teamId: string; target: string; requests: number }[]
  refusals: { reason: string; lastFiveMinutes: number; sinceStart: number }[]
  openConnections: number
}

export class LiveMetrics {
  private readonly series = new Map<string, Series>()
  private readonly targets: Map<string, number>[] = Array.from({ length: TOP_MINUTES }, () => new Map())
  private readonly refusalsRecent: Map<string, number>[] = Array.from(
    { length: TOP_MINUTES },
    () => new Map(),
  )
  private readonly refusalsTotal = new Map<string, number>()
  private minute = 0

  request(campaignId: string, teamId: string, target: string, nowMs: number): void {
    const second = Math.floor(nowMs / 1000)
    let s = this.series.get(teamId)
    if (!s) {
      s = { campaignId, buckets: new Uint32Array(SERIES_SECONDS), second }
      this.series.set(teamId, s)
    }
    advance(s, second)
    s.buckets[second % SERIES_SECONDS]!++
    const map = this.minuteMap(this.targets, nowMs)
    const key = `${campaignId}\t${teamId}\t${target}`
    map.set(key, (map.get(key) ?? 0) + 1)
  }

  refusal(reason: string, nowMs: number): void {
    const map = this.minuteMap(this.refusalsRecent, nowMs)
    map.set(reason, (map.get(reason) ?? 0) + 1)
    this.refusalsTotal.set(reason, (this.refusalsTotal.get(reason) ?? 0) + 1)
  }

  snapshot(nowMs: number, openConnections: number, campaignIds?: ReadonlySet<string>): LiveSnapshot {
    const second = Math.floor(nowMs / 1000)
    this.minuteMap(this.targets, nowMs)
    const teams: LiveSnapshot['teams'] = []
    for (const [teamId, s] of this.series) {
      if (campaignIds && !campaignIds.has(s.campaignId)) continue
      if (second - s.second >= SERIES_SECONDS) {
        this.series.delete(teamId)
        continue
      }
      advance(s, second)
      const lastMinute: number[] = []
      for (let k = SERIES_SECONDS - 1; k >= 0; k--) lastMinute.push(s.buckets[(second - k) % SERIES_SECONDS]!)
      // The current second is still filling: the rate is over the ten whole seconds before it.
      const rate = lastMinute.slice(-11, -1).reduce((a, b) => a + b, 0) / 10
      teams.push({ teamId, campaignId: s.campaignId, requestsPerSecond: rate, lastMinute })
    }
    const merged = new Map<string, number>()
    for (const map of this.targets)
      for (const [key, count] of map) merged.set(key, (merged.get(key) ?? 0) + count)
    const topTargets = [...merged]
      .map(([key, requests]) => {
        const [campaignId = '', teamId = '', target = ''] = key.split('\t')
        return { campaignId, teamId, target, requests }
      })
      .filter((t) => !campaignIds || campaignIds.has(t.campaignId))
      .sort((a, b) => b.requests - a.requests)
      .slice(0, 10)
    const recent = new Map<string, number>()
    for (const map of this.refusalsRecent)
      for (const [reason, count] of map) recent.set(reason, (recent.get(reason) ?? 0) + count)
    const refusals = [...this.refusalsTotal].map(([reason, sinceStart]) => ({
      reason,
      lastFiveMinutes: recent.get(reason) ?? 0,
      sinceStart,
    }))
    return { at: new Date(nowMs).toISOString(), teams, topTargets, refusals, openConnections }
  }

  private minuteMap(ring: Map<string, number>[], nowMs: number): Map<string, number> {
    const minute = Math.floor(nowMs / 60_000)
    if (minute !== this.minute) {
      const gap = Math.min(TOP_MINUTES, minute - this.minute)
      for (let m = 1; m <= gap; m++) {
        this.targets[(this.minute + m) % TOP_MINUTES]!.clear()
        this.refusalsRecent[(this.minute + m) % TOP_MINUTES]!.clear()
      }
      this.minute = minute
    }
    return ring[minute % TOP_MINUTES]!
  }
}

function advance(s: Series, second: number): void {
  const gap = second - s.second
  if (gap <= 0) return
  if (gap >= SERIES_SECONDS) s.buckets.fill(0)
  else for (let k = s.second + 1; k <= second; k++) s.buckets[k % SERIES_SECONDS] = 0
  s.second = second
}
