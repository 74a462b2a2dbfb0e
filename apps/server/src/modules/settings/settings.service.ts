import { eq } from 'drizzle-orm'
import { z } from 'zod'
import { ROLES } from '../../access/roles'
import type { Clock } from '../../clock'
import type { RequestContext } from '../../context'
import type { Database, Executor } from '../../db/client'
import { settings } from '../../db/schema'
import type { AuditService } from '../audit/audit.service'

export const ZSecuritySettings = z.strictObject({
  /** Roles whose users must use a second factor (TOTP). */
  totpRequiredRoles: z.array(z.enum(ROLES)).max(ROLES.length),
})
export type TSecuritySettings = z.infer<typeof ZSecuritySettings>

const DEFAULTS = { security: { totpRequiredRoles: [] } satisfies TSecuritySettings }

export class SettingsService {
  constructor(private readonly deps: { database: Database; clock: Clock; audit: AuditService }) {}

  async getSecurity(executor: Executor = this.deps.database.db): Promise<TSecuritySettings> {
    const [row] = await executor.select().from(settings).where(eq(settings.key, 'security'))
    const parsed = ZSecuritySettings.safeParse(row?.value)
    return parsed.success ? parsed.data : DEFAULTS.security
  }

  async updateSecurity(ctx: RequestContext, next: TSecuritySettings): Promise<TSecuritySettings> {
    return this.deps.database.db.transaction(async (tx) => {
      const before = await this.getSecurity(tx)
      const value = { totpRequiredRoles: [...new Set(next.totpRequiredRoles)] }
      await tx
        .insert(settings)
        .values({ key: 'security', value, updatedAt: this.deps.clock.now() })
        .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: this.deps.clock.now() } })
      await this.deps.audit.record(tx, ctx, {
        action: 'settings.security_updated',
        objectType: 'settings',
        objectId: 'security',
        summary: { totpRequiredRoles: [before.totpRequiredRoles, value.totpRequiredRoles] },
      })
      return value
    })
  }
}
