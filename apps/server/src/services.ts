// The composition root: every domain service, built once with its dependencies. Modules reach each other only
// through these services.
import type { Clock } from './clock'
import type { Config } from './config'
import type { Database } from './db/client'
import { AuditService } from './modules/audit/audit.service'
import { AuthService } from './modules/auth/auth.service'
import { OrganisationsService } from './modules/organisations/organisations.service'
import { RegionsService } from './modules/regions/regions.service'
import { SettingsService } from './modules/settings/settings.service'
import { UsersService } from './modules/users/users.service'
import type { Secrets } from './secrets'

export type ServiceDeps = { database: Database; clock: Clock; config: Config; secrets: Secrets }

export function createServices(deps: ServiceDeps) {
  const audit = new AuditService(deps)
  const settings = new SettingsService({ ...deps, audit })
  const auth = new AuthService({ ...deps, audit, settings })
  const users = new UsersService({ ...deps, audit })
  const regions = new RegionsService({ ...deps, audit })
  const organisations = new OrganisationsService(deps)
  return { ...deps, audit, settings, auth, users, regions, organisations }
}

export type Services = ReturnType<typeof createServices>
