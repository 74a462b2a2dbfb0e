// The composition root: every domain service, built once with its dependencies. Modules reach each other only
// through these services.
import type { Clock } from './clock'
import type { Config } from './config'
import type { Database } from './db/client'
import { AssetsService } from './modules/assets/assets.service'
import { CensusService } from './modules/census/census.service'
import { JobQueue } from './jobs/job-queue'
import { RegistryImportService } from './modules/registry-import/registry-import.service'
import { ReportsService } from './modules/reports/reports.service'
import { ScanImportsService } from './modules/scan-imports/scan-imports.service'
import { ScoringService } from './modules/scoring/scoring.service'
import { jobDefinitions } from './jobs/registry'
import { AuditService } from './modules/audit/audit.service'
import { AuthService } from './modules/auth/auth.service'
import { CampaignsService } from './modules/campaigns/campaigns.service'
import { EvaluationService } from './modules/evaluation/evaluation.service'
import { InspectionsService } from './modules/inspections/inspections.service'
import { createNoticeLoopServices, type NoticeLoopServices } from './modules/notices/notice-loop'
import { DengbaoService } from './modules/dengbao/dengbao.service'
import { DengbaoRemindersService } from './modules/dengbao-reminders/dengbao-reminders.service'
import { FilesService } from './modules/files/files.service'
import { FindingsService } from './modules/findings/findings.service'
import { FormsService } from './modules/forms/forms.service'
import { GatewayService } from './modules/gateway/gateway.service'
import { OrganisationsService } from './modules/organisations/organisations.service'
import { RegionsService } from './modules/regions/regions.service'
import { SettingsService } from './modules/settings/settings.service'
import { TeamsService } from './modules/teams/teams.service'
import { UsersService } from './modules/users/users.service'
import type { Secrets } from './secrets'

export type ServiceDeps = { database: Database; clock: Clock; config: Config; secrets: Secrets }

export function createServices(deps: ServiceDeps): Services {
  const jobs = new JobQueue(deps.database)
  const audit = new AuditService(deps)
  const files = new FilesService({ ...deps, audit, dataDir: deps.config.dataDir })
  const settings = new SettingsService({ ...deps, audit })
  const auth = new AuthService({ ...deps, audit, settings })
  const users = new UsersService({ ...deps, audit })
  const regions = new RegionsService({ ...deps, audit })
  const dengbao = new DengbaoService({ ...deps, audit, files })
  const inspections = new InspectionsService({ ...deps, audit, files })
  const evaluation = new EvaluationService({ ...deps, audit, files })
  const organisations = new OrganisationsService({ ...deps, audit })
  const assets = new AssetsService({ ...deps, audit, organisations })
  const census = new CensusService({ ...deps, audit })
  const registryImport = new RegistryImportService({ ...deps, audit })
  const campaigns = new CampaignsService({ ...deps, audit })
  const teams = new TeamsService({ ...deps, audit, users, campaigns })
  const findings = new FindingsService({ ...deps, audit, files, campaigns, assets })
  const scanImports = new ScanImportsService({ ...deps, audit, files, campaigns, findings })
  const gateway = new GatewayService({ ...deps, audit, campaigns, teams, assets })
  const scoring = new ScoringService({ ...deps, audit, campaigns, gateway })
  const forms = new FormsService({ ...deps, audit, files, jobs, campaigns })
  const reports = new ReportsService({ ...deps, campaigns, scoring, forms })
  const noticeLoop = createNoticeLoopServices({ ...deps, jobs, audit, files, findings })
  const dengbaoReminders = new DengbaoRemindersService({ ...deps, jobs, audit, dengbao, ...noticeLoop })
  const services = {
    ...deps,
    jobs,
    audit,
    files,
    settings,
    auth,
    users,
    regions,
    organisations,
    assets,
    census,
    registryImport,
    dengbao,
    dengbaoReminders,
    inspections,
    evaluation,
    campaigns,
    teams,
    findings,
    scanImports,
    gateway,
    scoring,
    forms,
    reports,
    ...noticeLoop,
  }
  jobs.register(...jobDefinitions(services))
  return services
}

// Declared by hand (not ReturnType) because job definitions receive the services: the type must not depend on itself.
export type Services = ServiceDeps & {
  jobs: JobQueue
  audit: AuditService
  files: FilesService
  settings: SettingsService
  auth: AuthService
  users: UsersService
  regions: RegionsService
  organisations: OrganisationsService
  evaluation: EvaluationService
  inspections: InspectionsService
  dengbao: DengbaoService
  dengbaoReminders: DengbaoRemindersService
  assets: AssetsService
  census: CensusService
  registryImport: RegistryImportService
  campaigns: CampaignsService
  teams: TeamsService
  findings: FindingsService
  scanImports: ScanImportsService
  gateway: GatewayService
  scoring: ScoringService
  forms: FormsService
  reports: ReportsService
} & NoticeLoopServices
