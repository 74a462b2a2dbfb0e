import { z } from 'zod'
import { registerAssetRoutes } from '../modules/assets/assets.routes'
import { registerAuditRoutes } from '../modules/audit/audit.routes'
import { registerAuthRoutes } from '../modules/auth/auth.routes'
import { registerCampaignRoutes } from '../modules/campaigns/campaigns.routes'
import { registerCensusRoutes } from '../modules/census/census.routes'
import { registerDengbaoRoutes } from '../modules/dengbao/dengbao.routes'
import { registerDengbaoReminderRoutes } from '../modules/dengbao-reminders/dengbao-reminders.routes'
import { registerInspectionsRoutes } from '../modules/inspections/inspections.routes'
import { registerEvaluationRoutes } from '../modules/evaluation/evaluation.routes'
import { registerDemoRoutes } from '../modules/demo/demo.routes'
import { registerNoticeLoopRoutes } from '../modules/notices/notice-loop'
import { registerFindingRoutes } from '../modules/findings/findings.routes'
import { registerFormRoutes } from '../modules/forms/forms.routes'
import { registerGatewayRoutes } from '../modules/gateway/gateway.routes'
import { registerOrganisationRoutes } from '../modules/organisations/organisations.routes'
import { registerRegionRoutes } from '../modules/regions/regions.routes'
import { registerScanImportRoutes } from '../modules/scan-imports/scan-imports.routes'
import { registerScoringRoutes } from '../modules/scoring/scoring.routes'
import { registerRegistryImportRoutes } from '../modules/registry-import/registry-import.routes'
import { registerReportRoutes } from '../modules/reports/reports.routes'
import { registerSettingsRoutes } from '../modules/settings/settings.routes'
import { registerTeamRoutes } from '../modules/teams/teams.routes'
import { registerUserRoutes } from '../modules/users/users.routes'
import type { Services } from '../services'
import { publicAccess } from './access'
import type { WanganApp } from './app'

/** Every module's routes. A new module adds one line here. */
export function registerRoutes(app: WanganApp, services: Services): void {
  app.route({
    method: 'GET',
    url: '/healthz',
    config: { access: publicAccess() },
    schema: { hide: true, response: { 200: z.object({ status: z.literal('ok') }) } },
    handler: () => ({ status: 'ok' as const }),
  })
  app.route({
    method: 'GET',
    url: '/api/openapi.json',
    config: { access: publicAccess() },
    schema: { hide: true },
    handler: () => app.swagger(),
  })
  registerAuthRoutes(app, services)
  registerUserRoutes(app, services)
  registerRegionRoutes(app, services)
  registerOrganisationRoutes(app, services)
  registerAssetRoutes(app, services)
  registerCensusRoutes(app, services)
  registerRegistryImportRoutes(app, services)
  registerAuditRoutes(app, services)
  registerSettingsRoutes(app, services)
  registerDemoRoutes(app, services)
  registerEvaluationRoutes(app, services)
  registerInspectionsRoutes(app, services)
  registerDengbaoRoutes(app, services)
  registerDengbaoReminderRoutes(app, services)
  registerCampaignRoutes(app, services)
  registerTeamRoutes(app, services)
  registerFindingRoutes(app, services)
  registerScanImportRoutes(app, services)
  registerGatewayRoutes(app, services)
  registerNoticeLoopRoutes(app, services)
  registerScoringRoutes(app, services)
  registerFormRoutes(app, services)
  registerReportRoutes(app, services)
}
