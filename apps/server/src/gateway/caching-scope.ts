// The gateway's memory of who a token is and what a team may reach, in front of slow loaders (the database, or the
// platform thread when the proxy runs in its own thread). Hits are synchronous: a keep-alive connection's requests
// never wait for a lookup. Entries are dropped when the platform says something changed.
import { createHash } from 'node:crypto'
import { buildCampaignScope, type CampaignScope, type GatewayScope, type ScopeData } from './gateway-scope'
import type { GatewayPrincipal } from './gateway-types'
import type { CertificateInterceptor } from './interception/campaign-ca'

export type ScopeLoaders = {
  /** The tester of a token hash (SHA-256 hex), or null when unknown, revoked or no longer valid. */
  principal(tokenHash: string): Promise<GatewayPrincipal | null>
  /** The scope data of the tester's team in its campaign, or null when there is no such campaign. */
  scope(principal: GatewayPrincipal): Promise<ScopeData | null>
}

type TokenEntry = { principal: GatewayPrincipal | null; expires: number }
type ScopeEntry = { campaignId: string; scope: CampaignScope | null }

const TOKEN_TTL_MS = 30_000
const UNKNOWN_TOKEN_TTL_MS = 5_000
const MAX_TOKENS = 50_000

export class CachingScope implements GatewayScope {
  private readonly tokens = new Map<string, TokenEntry>()
  private readonly scopes = new Map<string, ScopeEntry>()
  private readonly pending = new Map<string, Promise<CampaignScope | null>>()
  private readonly interceptors = new Map<string, CertificateInterceptor>()
  private generation = 0

  constructor(private readonly loaders: ScopeLoaders) {}

  authenticate(token: string): GatewayPrincipal | null | Promise<GatewayPrincipal | null> {
    const hash = createHash('sha256').update(token).digest('hex')
    const now = Date.now()
    const cached = this.tokens.get(hash)
    if (cached && cached.expires > now) return cached.principal
    const generation = this.generation
    return this.loaders.principal(hash).then((principal) => {
      // A revocation while the lookup was under way: do not cache what may be stale.
      if (generation !== this.generation) return principal
      if (this.tokens.size >= MAX_TOKENS) this.tokens.clear()
      this.tokens.set(hash, { principal, expires: now + (principal ? TOKEN_TTL_MS : UNKNOWN_TOKEN_TTL_MS) })
      return principal
    })
  }

  scopeOf(principal: GatewayPrincipal): CampaignScope | null | Promise<CampaignScope | null> {
    const entry = this.scopes.get(principal.teamId)
    if (entry && entry.campaignId === principal.campaignId) return entry.scope
    const waiting = this.pending.get(principal.teamId)
    if (waiting) return waiting
    const generation = this.generation
    const promise = this.loaders
      .scope(principal)
      .then((data) => {
        const scope = data ? buildCampaignScope(data, this.interceptors) : null
        if (generation === this.generation)
          this.scopes.set(principal.teamId, { campaignId: principal.campaignId, scope })
        return scope
      })
      .finally(() => this.pending.delete(principal.teamId))
    this.pending.set(principal.teamId, promise)
    return promise
  }

  /** Forgets the scopes of these teams (all when null): rebuilt on their next request. */
  invalidate(teamIds: readonly string[] | null): void {
    this.generation++
    if (teamIds === null) this.scopes.clear()
    else for (const teamId of teamIds) this.scopes.delete(teamId)
  }

  /** Forgets cached tokens (one, or all): the next connection asks again. */
  forgetTokens(tokenId: string | null): void {
    this.generation++
    if (tokenId === null) {
      this.tokens.clear()
      return
    }
    for (const [hash, entry] of this.tokens)
      if (entry.principal?.tokenId === tokenId) this.tokens.delete(hash)
  }
}
