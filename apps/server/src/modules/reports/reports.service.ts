// A campaign's dashboard figures and documents, for the regulator's side of its region: computed from the current
// data each time, like the scores they contain.
import type { Clock } from '../../clock'
import type { Actor, RequestContext } from '../../context'
import type { Database, Tx } from '../../db/client'
import { forbidden } from '../../http/errors'
import { requireActor } from '../auth/auth.service'
import { isCampaignRegionInScope } from '../campaigns/campaign-scope'
import type { CampaignsService } from '../campaigns/campaigns.service'
import type { FormsService } from '../forms/forms.service'
import { deductionsByTarget } from '../scoring/campaign-scoring'
import type { ScoringService } from '../scoring/scoring.service'
import { campaignStatistics, scoreDistribution } from './campaign-statistics'
import {
  rankingWorkbook,
  scoreBulletin,
  summaryReport,
  type CampaignDocumentInput,
} from './campaign-documents'
import type { TCampaignDashboard } from './reports.schemas'

export class ReportsService {
  constructor(
    private readonly deps: {
      database: Database
      clock: Clock
      campaigns: CampaignsService
      scoring: ScoringService
      forms: FormsService
    },
  ) {}

  private read<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.deps.database.db.transaction(fn, {
      isolationLevel: 'repeatable read',
      accessMode: 'read only',
    })
  }

  private async regulatorCampaign(tx: Tx, actor: Actor, id: string) {
    const campaign = await this.deps.campaigns.loadVisible(tx, actor, id)
    if (!isCampaignRegionInScope(actor, campaign.regionPath))
      throw forbidden('只有本区域的监管人员可以查看 (only the regulator’s side of the region)')
    return campaign
  }

  private async gather(tx: Tx, actor: Actor, campaignId: string, withDeductions: boolean) {
    const campaign = await this.regulatorCampaign(tx, actor, campaignId)
    const stats = await campaignStatistics(tx, campaignId)
    const unitScoring = await this.deps.scoring.unitScoring(tx, campaign)
    const teamScoring = await this.deps.scoring.teamScoring(tx, campaign)
    const scores = this.deps.scoring.presentScores(campaign, unitScoring)
    const teams = this.deps.scoring.presentTeams(campaign, teamScoring, null)
    const forms = await this.deps.forms.boardOf(tx, campaignId)
    const dashboard: TCampaignDashboard = {
      campaign: {
        id: campaign.id,
        name: campaign.name,
        year: campaign.year,
        regionName: campaign.regionName,
        status: campaign.status,
        testingStartsAt: campaign.testingStartsAt.toISOString(),
        testingEndsAt: campaign.testingEndsAt.toISOString(),
        targetCount: unitScoring.targets.length,
        teamCount: teamScoring.teams.length,
        unitStandardId: campaign.unitStandardId,
      },
      computedAt: this.deps.clock.now().toISOString(),
      ...stats,
      scoreDistribution: scoreDistribution(scores.organisations.map((row) => row.total)),
      top: scores.organisations.slice(0, 15).map((row) => ({
        organisationId: row.organisationId,
        name: row.name,
        category: row.category,
        rank: row.rank,
        total: row.total,
      })),
      bottom: scores.organisations.slice(-15).map((row) => ({
        organisationId: row.organisationId,
        name: row.name,
        category: row.category,
        rank: row.rank,
        total: row.total,
      })),
      categories: scores.categories,
      teams: teams.teams.map((team) => ({
        teamId: team.teamId,
        name: team.name,
        companyName: team.companyName,
        rank: team.rank,
        total: team.total,
      })),
      forms: forms.map((row) => ({
        kind: row.kind,
        expected: row.expected,
        submitted: row.submitted,
        late: row.late,
      })),
    }
    const deductions = withDeductions ? await deductionsByTarget(tx, campaign, unitScoring) : new Map()
    return { dashboard, scores, teams, deductions }
  }

  async dashboard(ctx: RequestContext, campaignId: string): Promise<TCampaignDashboard> {
    const actor = requireActor(ctx)
    return this.read(async (tx) => (await this.gather(tx, actor, campaignId, false)).dashboard)
  }

  private async documentInput(
    ctx: RequestContext,
    campaignId: string,
    documentNumber: string | undefined,
  ): Promise<CampaignDocumentInput> {
    const actor = requireActor(ctx)
    const gathered = await this.read((tx) => this.gather(tx, actor, campaignId, true))
    return { ...gathered, documentNumber: documentNumber ?? null, date: this.deps.clock.now() }
  }

  async rankingWorkbook(ctx: RequestContext, campaignId: string) {
    const input = await this.documentInput(ctx, campaignId, undefined)
    return { name: `${input.dashboard.campaign.name}评分排名.xlsx`, content: await rankingWorkbook(input) }
  }

  async bulletin(ctx: RequestContext, campaignId: string, documentNumber?: string) {
    const input = await this.documentInput(ctx, campaignId, documentNumber)
    return { name: `${input.dashboard.campaign.name}评分通报.docx`, content: await scoreBulletin(input) }
  }

  async summary(ctx: RequestContext, campaignId: string, documentNumber?: string) {
    const input = await this.documentInput(ctx, campaignId, documentNumber)
    return { name: `${input.dashboard.campaign.name}复盘总结报告.docx`, content: await summaryReport(input) }
  }
}
