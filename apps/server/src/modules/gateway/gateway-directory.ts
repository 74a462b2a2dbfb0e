// What the gateway asks the database, on the platform thread: who a token hash belongs to (its tester, team and
// campaign, still valid), and a team's scope data (the assets of the campaign's target organisations and their
// subordinate units — or of the targets assigned to the team — the testing window, the DNS policy, the rules, the CA
// when interception is on). The proxy caches both; this side remembers what it served and, on each refresh, which
// teams' sources changed (a fingerprint of campaign, registry, targets, assignments and settings), so their cached
// scopes can be dropped.
import { and, eq, isNull, sql } from 'drizzle-orm'
import type { RegistryAsset } from '@wangan/rules/registry'
import type { Database } from '../../db/client'
import { campaigns, gatewayCampaignSettings, gatewayTokens, teams, users } from '../../db/schema'
import { queryRows } from '../../db/transaction'
import { unseal } from '../../crypto/sealed-box'
import type { ScopeData } from '../../gateway/gateway-scope'
import type { GatewayPrincipal } from '../../gateway/gateway-types'
import { DEFAULT_VIOLATION_RULES, type ViolationRule } from '../../gateway/violation-rules'
import type { Secrets } from '../../secrets'
import { loadMatchableAssets } from '../assets/asset-matcher-cache'
import type { CampaignsService } from '../campaigns/campaigns.service'
import { ZViolationRules } from './gateway.schemas'

export type DirectoryDeps = { database: Database; secrets: Secrets; campaigns: CampaignsService }

export const CA_ASSOCIATED_DATA = 'gateway-ca'

export class GatewayDirectory {
  /** Team → the campaign and fingerprint of the scope data last served for it. */
  private readonly served = new Map<string, { campaignId: string; fingerprint: string }>()

  constructor(private readonly deps: DirectoryDeps) {}

  /** The tester of a token, while the token is live and its owner still in the team and campaign it was issued for. */
  async principal(tokenHash: string): Promise<GatewayPrincipal | null> {
    const [row] = await this.deps.database.db
      .select({
        tokenId: gatewayTokens.id,
        userId: gatewayTokens.userId,
        teamId: gatewayTokens.teamId,
        campaignId: gatewayTokens.campaignId,
        username: users.username,
        isDisabled: users.isDisabled,
        userTeamId: users.teamId,
        teamCampaignId: teams.campaignId,
      })
      .from(gatewayTokens)
      .innerJoin(users, eq(users.id, gatewayTokens.userId))
      .leftJoin(teams, eq(teams.id, gatewayTokens.teamId))
      .where(and(eq(gatewayTokens.tokenHash, tokenHash), isNull(gatewayTokens.revokedAt)))
    if (!row || row.isDisabled || row.userTeamId !== row.teamId || row.teamCampaignId !== row.campaignId)
      return null
    return {
      tokenId: row.tokenId,
      userId: row.userId,
      username: row.username,
      teamId: row.teamId,
      campaignId: row.campaignId,
    }
  }

  /** The scope data of a tester's team. */
  async scope(principal: Pick<GatewayPrincipal, 'campaignId' | 'teamId'>): Promise<ScopeData | null> {
    const { campaignId, teamId } = principal
    const fingerprint = await this.fingerprint(campaignId, teamId)
    const data = await this.build(campaignId, teamId)
    this.served.set(teamId, { campaignId, fingerprint })
    return data
  }

  /** Teams whose scope sources changed since their data was served (they are then forgotten until asked again). */
  async changedTeams(): Promise<string[]> {
    const changed: string[] = []
    for (const [teamId, entry] of [...this.served]) {
      if ((await this.fingerprint(entry.campaignId, teamId)) === entry.fingerprint) continue
      this.served.delete(teamId)
      changed.push(teamId)
    }
    return changed
  }

  /** Teams of a campaign whose scope was served (a settings change concerns them all). */
  teamsOf(campaignId: string): string[] {
    return [...this.served].filter(([, e]) => e.campaignId === campaignId).map(([teamId]) => teamId)
  }

  forget(teamIds: readonly string[] | null): void {
    if (teamIds === null) this.served.clear()
    else for (const teamId of teamIds) this.served.delete(teamId)
  }

  private async fingerprint(campaignId: string, teamId: string): Promise<string> {
    const [row] = await queryRows<Record<string, unknown>>(
      this.deps.database.db,
      sql`select c.version, c.status,
        (select version from asset_registry_state where id = 1) as registry,
        (select count(*) || ':' || coalesce(sum(hashtext(organisation_id::text)), 0) from campaign_targets
          where campaign_id = c.id) as targets,
        (select count(*) || ':' || coalesce(sum(hashtext(campaign_target_id::text)), 0) from team_targets
          where team_id = ${teamId}) as assigned,
        (select version from gateway_campaign_settings where campaign_id = c.id) as settings
      from campaigns c where c.id = ${campaignId}`,
    )
    return row ? Object.values(row).map(String).join('|') : 'none'
  }

  private async build(campaignId: string, teamId: string): Promise<ScopeData | null> {
    const { db } = this.deps.database
    const [campaign] = await db
      .select({
        status: campaigns.status,
        startsAt: campaigns.testingStartsAt,
        endsAt: campaigns.testingEndsAt,
      })
      .from(campaigns)
      .where(eq(campaigns.id, campaignId))
    if (!campaign) return null
    const organisationIds = await this.deps.campaigns.targetOrganisationIds(db, campaignId, teamId)
    const assets: RegistryAsset[] = []
    for await (const asset of loadMatchableAssets(db, { organisationIds, includeSubordinates: true }))
      assets.push(asset)
    const [settings] = await db
      .select()
      .from(gatewayCampaignSettings)
      .where(eq(gatewayCampaignSettings.campaignId, campaignId))
    const active = campaign.status === 'active'
    const ca =
      settings?.interception && settings.caCertPem && settings.caKeySealed && settings.caCreatedAt
        ? {
            caId: `${campaignId}:${settings.caCreatedAt.getTime()}`,
            certPem: settings.caCertPem,
            keyPem: unseal(
              this.deps.secrets.dataKey,
              settings.caKeySealed,
              `${CA_ASSOCIATED_DATA}:${campaignId}`,
            ),
          }
        : null
    return {
      campaignId,
      window: active ? { start: campaign.startsAt.getTime(), end: campaign.endsAt.getTime() } : null,
      windowNote: active ? null : `the campaign is ${campaign.status}`,
      dnsPolicy: settings?.dnsPolicy === 'public' ? 'public' : 'strict',
      assets,
      rules: [...parseRules(settings?.rules ?? null)],
      ca,
    }
  }
}

/** The stored rules, validated again (they run on every request); the defaults when none or invalid. */
export function parseRules(stored: unknown[] | null): readonly ViolationRule[] {
  if (stored === null) return DEFAULT_VIOLATION_RULES
  const parsed = ZViolationRules.safeParse(stored)
  return parsed.success ? (parsed.data as ViolationRule[]) : DEFAULT_VIOLATION_RULES
}
