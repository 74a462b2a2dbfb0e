// Open client connections, by tester, team, token and campaign, so that a pause or a revocation closes them at
// once (SPEC §5: a regulator can pause a team at once).
import type { GatewayPrincipal } from './gateway-types'

export type ConnectionHandle = {
  readonly id: string
  principal: GatewayPrincipal | null
  /** Target key (`host:port`) while connected to one, for the concurrency rule. */
  target: string | null
  close(reason: string): void
}

export type ConnectionFilter = {
  userId?: string
  teamId?: string
  tokenId?: string
  campaignId?: string
}

export class ConnectionRegistry {
  private readonly open = new Set<ConnectionHandle>()

  add(handle: ConnectionHandle): void {
    this.open.add(handle)
  }

  delete(handle: ConnectionHandle): void {
    this.open.delete(handle)
  }

  get size(): number {
    return this.open.size
  }

  /** Closes every connection matching all the given fields; returns how many. */
  close(filter: ConnectionFilter, reason: string): number {
    let closed = 0
    for (const handle of [...this.open]) {
      const p = handle.principal
      if (!p) continue
      if (filter.userId !== undefined && p.userId !== filter.userId) continue
      if (filter.teamId !== undefined && p.teamId !== filter.teamId) continue
      if (filter.tokenId !== undefined && p.tokenId !== filter.tokenId) continue
      if (filter.campaignId !== undefined && p.campaignId !== filter.campaignId) continue
      this.open.delete(handle)
      handle.close(reason)
      closed++
    }
    return closed
  }

  closeAll(reason: string): void {
    for (const handle of [...this.open]) handle.close(reason)
    this.open.clear()
  }
}
