// What a tester may reach (SPEC §5 scope and time): the assets of the campaign's target organisations, inside the
// campaign's testing window. The proxy core asks this narrow interface; the database-backed implementation builds it
// from the campaign and the asset registry, an in-memory one serves the core's tests.
import { BlockList, isIP } from 'node:net'
import { buildAssetMatcher, type AssetMatcher, type RegistryAsset } from '@wangan/rules/registry'
import type { GatewayPrincipal, ScopeMatch, Verdict } from './gateway-types'
import { CertificateInterceptor, type CampaignCaMaterial } from './interception/campaign-ca'
import type { Interceptor } from './interception/interceptor'
import { CompiledRules, DEFAULT_VIOLATION_RULES, type ViolationRule } from './violation-rules'

/**
 * How the address a host name resolves to is judged. `strict` (default): the address must itself be one of the
 * campaign's IP or network assets. `public`: an in-scope host may also resolve to any public unicast address, never
 * to a private, loopback, link-local or otherwise special one — for targets behind CDNs whose addresses are not
 * registered. Either way the gateway connects only to the address it checked (no DNS rebinding).
 */
export type DnsPolicy = 'strict' | 'public'

/** A campaign's scope, cached by the gateway and replaced when the campaign or the registry changes. */
export type CampaignScope = Readonly<{
  campaignId: string
  /** Epoch ms; null when testing is not open at all (nothing is allowed). */
  window: Readonly<{ start: number; end: number }> | null
  /** Why there is no window (`the campaign is closed`), for the refusal. */
  windowNote?: string
  matcher: AssetMatcher
  dnsPolicy: DnsPolicy
  /** The campaign's violation rules, compiled. */
  rules: CompiledRules
  /** TLS interception with the campaign's CA; null when the campaign has it off (the default). */
  interceptor: Interceptor | null
}>

export interface GatewayScope {
  /** A token's tester, team and campaign; null when unknown or revoked. Cached by implementations. */
  authenticate(token: string): GatewayPrincipal | null | Promise<GatewayPrincipal | null>
  /** The current scope of the tester's team in its campaign (a team with assigned targets has a narrower scope);
   * null when there is no such campaign. */
  scopeOf(principal: GatewayPrincipal): CampaignScope | null | Promise<CampaignScope | null>
}

/** What a campaign scope is built from, as plain data: it crosses from the database side to the proxy thread. */
export type ScopeData = {
  campaignId: string
  window: { start: number; end: number } | null
  windowNote: string | null
  dnsPolicy: DnsPolicy
  assets: RegistryAsset[]
  rules: ViolationRule[]
  /** The campaign CA when interception is on; `caId` names it so its certificate cache can be kept. */
  ca: (CampaignCaMaterial & { caId: string }) | null
}

/** Builds a scope from its data. Interceptors are kept per CA across rebuilds (their certificate caches too). */
export function buildCampaignScope(
  data: ScopeData,
  interceptors: Map<string, CertificateInterceptor> = new Map(),
): CampaignScope {
  let interceptor: CertificateInterceptor | null = null
  if (data.ca) {
    interceptor = interceptors.get(data.ca.caId) ?? null
    if (!interceptor) {
      interceptor = new CertificateInterceptor(data.ca)
      interceptors.set(data.ca.caId, interceptor)
    }
  }
  return {
    campaignId: data.campaignId,
    window: data.window,
    ...(data.windowNote ? { windowNote: data.windowNote } : {}),
    matcher: buildAssetMatcher(data.assets),
    dnsPolicy: data.dnsPolicy,
    rules: new CompiledRules(data.rules),
    interceptor,
  }
}

/** Only these matches put a host in scope: a parent domain of a registered host is not a licence to test the host. */
const HOST_MATCH_KINDS = new Set(['exact', 'wildcard'])
const IP_MATCH_KINDS = new Set(['ip', 'cidr'])

export type HostCheck =
  | Readonly<{ allowed: true; asset: ScopeMatch | null }>
  | Readonly<{
      allowed: false
      reason: 'outside_window' | 'host_out_of_scope' | 'port_out_of_scope'
      detail: string
    }>

function windowRefusal(scope: CampaignScope, now: number): HostCheck | null {
  const w = scope.window
  if (w === null)
    return {
      allowed: false,
      reason: 'outside_window',
      detail: scope.windowNote ?? 'the campaign has no testing window',
    }
  if (now < w.start || now >= w.end)
    return {
      allowed: false,
      reason: 'outside_window',
      detail: `window ${new Date(w.start).toISOString()} – ${new Date(w.end).toISOString()}`,
    }
  return null
}

/**
 * First stage, before any DNS lookup: the window, and a host name against the host assets (so that out-of-scope
 * names are never even resolved). A target given as an address passes here with `asset: null`.
 */
export function checkHost(scope: CampaignScope, host: string | null, port: number, now: number): HostCheck {
  const refused = windowRefusal(scope, now)
  if (refused) return refused
  if (host === null) return { allowed: true, asset: null }
  const match = scope.matcher.matchEndpoint({ host, port })
  if (match && HOST_MATCH_KINDS.has(match.kind))
    return { allowed: true, asset: { assetId: match.assetId, organisationId: match.organisationId } }
  const anyPort = scope.matcher.matchEndpoint({ host, port: null })
  if (anyPort && HOST_MATCH_KINDS.has(anyPort.kind))
    return { allowed: false, reason: 'port_out_of_scope', detail: `${host}:${port}` }
  return { allowed: false, reason: 'host_out_of_scope', detail: host }
}

/** Second stage: the address the gateway will connect to. `hostAsset` is the first stage's match for a name. */
export function checkAddress(
  scope: CampaignScope,
  ip: string,
  port: number,
  host: string | null,
  hostAsset: ScopeMatch | null,
): Verdict {
  const match = scope.matcher.matchEndpoint({ host: ip, port })
  if (match && IP_MATCH_KINDS.has(match.kind)) {
    const ipAsset = { assetId: match.assetId, organisationId: match.organisationId }
    return { allowed: true, asset: hostAsset ?? ipAsset, ipAsset }
  }
  if (host !== null && hostAsset !== null) {
    if (scope.dnsPolicy === 'public' && isPublicUnicast(ip))
      return { allowed: true, asset: hostAsset, ipAsset: null }
    return { allowed: false, reason: 'ip_out_of_scope', detail: `${host} → ${ip}` }
  }
  const anyPort = scope.matcher.matchEndpoint({ host: ip, port: null })
  if (anyPort && IP_MATCH_KINDS.has(anyPort.kind))
    return { allowed: false, reason: 'port_out_of_scope', detail: `${ip}:${port}` }
  return { allowed: false, reason: 'host_out_of_scope', detail: ip }
}

// Two lists: Node checks IPv4 addresses against IPv4-mapped IPv6 rules too, so ::ffff:0:0/96 in one list would
// swallow every IPv4 address.
const SPECIAL_V4 = new BlockList()
const SPECIAL_V6 = new BlockList()
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  SPECIAL_V4.addSubnet(network, prefix, 'ipv4')
for (const [network, prefix] of [
  ['::', 127],
  ['::ffff:0:0', 96],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  SPECIAL_V6.addSubnet(network, prefix, 'ipv6')

/** A globally routable unicast address (not private, loopback, link-local, shared, documentation, multicast…). */
export function isPublicUnicast(ip: string): boolean {
  const family = isIP(ip)
  if (family === 0) return false
  return family === 4 ? !SPECIAL_V4.check(ip, 'ipv4') : !SPECIAL_V6.check(ip, 'ipv6')
}

/** An in-memory scope: tokens and campaigns given directly. For the core's tests and the benchmark. */
export class MemoryGatewayScope implements GatewayScope {
  private readonly tokens = new Map<string, GatewayPrincipal>()
  private readonly campaigns = new Map<string, CampaignScope>()

  addToken(token: string, principal: GatewayPrincipal): void {
    this.tokens.set(token, principal)
  }

  removeToken(token: string): void {
    this.tokens.delete(token)
  }

  setCampaign(input: {
    campaignId: string
    window: { start: Date | number; end: Date | number } | null
    assets: RegistryAsset[]
    dnsPolicy?: DnsPolicy
    rules?: readonly ViolationRule[]
    interceptor?: Interceptor | null
  }): CampaignScope {
    const scope: CampaignScope = {
      campaignId: input.campaignId,
      window: input.window ? { start: +input.window.start, end: +input.window.end } : null,
      matcher: buildAssetMatcher(input.assets),
      dnsPolicy: input.dnsPolicy ?? 'strict',
      rules: new CompiledRules(input.rules ?? DEFAULT_VIOLATION_RULES),
      interceptor: input.interceptor ?? null,
    }
    this.campaigns.set(input.campaignId, scope)
    return scope
  }

  authenticate(token: string): GatewayPrincipal | null {
    return this.tokens.get(token) ?? null
  }

  scopeOf(principal: GatewayPrincipal): CampaignScope | null {
    return this.campaigns.get(principal.campaignId) ?? null
  }
}
