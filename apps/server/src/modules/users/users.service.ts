import { and, asc, eq, ilike, or, sql, type SQL } from 'drizzle-orm'
import { ORGANISATION_ROLES, REGION_ROLES, type Role } from '../../access/roles'
import type { Clock } from '../../clock'
import type { RequestContext } from '../../context'
import type { Database, Tx } from '../../db/client'
import { organisations, regions, sessions, users } from '../../db/schema'
import { inTransaction } from '../../db/transaction'
import { AppError, conflict, notFound, validationFailed, type ErrorDetail } from '../../http/errors'
import { changedFields, escapeLike, type AuditService } from '../audit/audit.service'
import { assertPasswordPolicy, requireActor } from '../auth/auth.service'
import { hashPassword } from '../auth/password-hash'
import { generatePassword } from '../auth/password-policy'
import type { TCreateUserRequest, TListUsersQuery, TUpdateUserRequest, TUser } from './users.schemas'

type UserRow = typeof users.$inferSelect

export function presentUser(row: UserRow): TUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    regionId: row.regionId,
    organisationId: row.organisationId,
    teamId: row.teamId,
    email: row.email,
    mobile: row.mobile,
    isDisabled: row.isDisabled,
    mustChangePassword: row.mustChangePassword,
    totpEnabled: row.totpEnabledAt !== null,
    lockedUntil: row.lockedUntil?.toISOString() ?? null,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    version: row.version,
  }
}

type Assignment = {
  role: Role
  regionId: string | null
  organisationId: string | null
  teamId: string | null
}

export class UsersService {
  constructor(private readonly deps: { database: Database; clock: Clock; audit: AuditService }) {}

  async list(ctx: RequestContext, query: TListUsersQuery) {
    requireActor(ctx)
    const conditions: SQL[] = []
    if (query.q) {
      const pattern = `%${escapeLike(query.q)}%`
      conditions.push(or(ilike(users.username, pattern), ilike(users.displayName, pattern))!)
    }
    if (query.role) conditions.push(eq(users.role, query.role))
    if (query.regionId) conditions.push(eq(users.regionId, query.regionId))
    if (query.organisationId) conditions.push(eq(users.organisationId, query.organisationId))
    if (query.disabled) conditions.push(eq(users.isDisabled, query.disabled === 'true'))
    const where = conditions.length ? and(...conditions) : undefined
    const { db } = this.deps.database
    const [rows, [count]] = await Promise.all([
      db
        .select()
        .from(users)
        .where(where)
        .orderBy(asc(users.username))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
      db
        .select({ total: sql<number>`count(*)::int` })
        .from(users)
        .where(where),
    ])
    return {
      items: rows.map(presentUser),
      total: Number(count?.total ?? 0),
      page: query.page,
      pageSize: query.pageSize,
    }
  }

  async get(ctx: RequestContext, id: string): Promise<TUser> {
    requireActor(ctx)
    const [row] = await this.deps.database.db.select().from(users).where(eq(users.id, id))
    if (!row) throw notFound('用户 user ')
    return presentUser(row)
  }

  async create(
    ctx: RequestContext,
    input: TCreateUserRequest,
    options: { mustChangePassword?: boolean; tx?: Tx } = {},
  ): Promise<{ user: TUser; initialPassword: string | null }> {
    const generated = input.password === undefined ? generatePassword() : null
    const password = input.password ?? generated!
    assertPasswordPolicy(password, input.username, 'body.password')
    const passwordHash = await hashPassword(password)
    return inTransaction(this.deps.database, options.tx, async (tx) => {
      const assignment = await this.checkAssignment(tx, {
        role: input.role,
        regionId: input.regionId ?? null,
        organisationId: input.organisationId ?? null,
        teamId: input.teamId ?? null,
      })
      const [existing] = await tx
        .select({ id: users.id })
        .from(users)
        .where(eq(users.username, input.username))
      if (existing)
        throw new AppError('CONFLICT', `用户名 ${input.username} 已存在 (username taken)`, [
          { path: 'body.username', message: '用户名已存在 (username taken)', code: 'taken' },
        ])
      const [row] = await tx
        .insert(users)
        .values({
          username: input.username,
          displayName: input.displayName,
          passwordHash,
          ...assignment,
          email: input.email ?? null,
          mobile: input.mobile ?? null,
          mustChangePassword: options.mustChangePassword ?? generated !== null,
          passwordChangedAt: this.deps.clock.now(),
        })
        .returning()
      await this.deps.audit.record(tx, ctx, {
        action: 'user.created',
        objectType: 'user',
        objectId: row!.id,
        summary: {
          username: row!.username,
          role: row!.role,
          regionId: row!.regionId,
          organisationId: row!.organisationId,
          teamId: row!.teamId,
        },
      })
      return { user: presentUser(row!), initialPassword: generated }
    })
  }

  async update(ctx: RequestContext, id: string, input: TUpdateUserRequest): Promise<TUser> {
    return this.deps.database.db.transaction(async (tx) => {
      const [before] = await tx.select().from(users).where(eq(users.id, id)).for('update')
      if (!before) throw notFound('用户 user ')
      if (before.version !== input.version) throw conflict()
      const assignment = await this.checkAssignment(tx, {
        role: input.role ?? before.role,
        regionId: input.regionId !== undefined ? input.regionId : before.regionId,
        organisationId: input.organisationId !== undefined ? input.organisationId : before.organisationId,
        teamId: input.teamId !== undefined ? input.teamId : before.teamId,
      })
      const patch = {
        ...assignment,
        ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
        ...(input.email !== undefined ? { email: input.email } : {}),
        ...(input.mobile !== undefined ? { mobile: input.mobile } : {}),
      }
      const [row] = await tx
        .update(users)
        .set({ ...patch, updatedAt: this.deps.clock.now(), version: sql`${users.version} + 1` })
        .where(eq(users.id, id))
        .returning()
      // A change of role or scope takes effect at once: existing sessions carried the old one.
      if (
        patch.role !== before.role ||
        patch.regionId !== before.regionId ||
        patch.organisationId !== before.organisationId ||
        patch.teamId !== before.teamId
      )
        await tx.delete(sessions).where(eq(sessions.userId, id))
      await this.deps.audit.record(tx, ctx, {
        action: 'user.updated',
        objectType: 'user',
        objectId: id,
        summary: changedFields(before, patch, [
          'displayName',
          'role',
          'regionId',
          'organisationId',
          'teamId',
          'email',
          'mobile',
        ]),
      })
      return presentUser(row!)
    })
  }

  async setDisabled(ctx: RequestContext, id: string, disabled: boolean, tx?: Tx): Promise<TUser> {
    const actor = ctx.actor
    if (actor && actor.userId === id && disabled)
      throw new AppError('CONFLICT', '不能停用自己的账户 (you cannot disable yourself)')
    return inTransaction(this.deps.database, tx, async (tx) => {
      const [row] = await tx
        .update(users)
        .set({ isDisabled: disabled, updatedAt: this.deps.clock.now(), version: sql`${users.version} + 1` })
        .where(eq(users.id, id))
        .returning()
      if (!row) throw notFound('用户 user ')
      if (disabled) await tx.delete(sessions).where(eq(sessions.userId, id))
      await this.deps.audit.record(tx, ctx, {
        action: disabled ? 'user.disabled' : 'user.enabled',
        objectType: 'user',
        objectId: id,
        summary: { username: row.username },
      })
      return presentUser(row)
    })
  }

  /** Sets a new password (given, or generated and returned once); the user must change it at next login unless an
   * operator chose it on the command line. Unlocks the account and ends its sessions. */
  async resetPassword(
    ctx: RequestContext,
    id: string,
    options: { password?: string; mustChangePassword?: boolean; tx?: Tx } = {},
  ): Promise<{ user: TUser; temporaryPassword: string }> {
    const password = options.password ?? generatePassword()
    return inTransaction(this.deps.database, options.tx, async (tx) => {
      const [user] = await tx.select().from(users).where(eq(users.id, id)).for('update')
      if (!user) throw notFound('用户 user ')
      assertPasswordPolicy(password, user.username, 'body.password')
      const [row] = await tx
        .update(users)
        .set({
          passwordHash: await hashPassword(password),
          mustChangePassword: options.mustChangePassword ?? true,
          failedLoginCount: 0,
          lockedUntil: null,
          passwordChangedAt: this.deps.clock.now(),
          updatedAt: this.deps.clock.now(),
          version: sql`${users.version} + 1`,
        })
        .where(eq(users.id, id))
        .returning()
      await tx.delete(sessions).where(eq(sessions.userId, id))
      await this.deps.audit.record(tx, ctx, {
        action: 'user.password_reset',
        objectType: 'user',
        objectId: id,
        summary: { username: user.username },
      })
      return { user: presentUser(row!), temporaryPassword: password }
    })
  }

  /** Removes a user's second factor (lost phone); they enrol again at next login if their role requires it. */
  async resetTotp(ctx: RequestContext, id: string): Promise<TUser> {
    return this.deps.database.db.transaction(async (tx) => {
      const [row] = await tx
        .update(users)
        .set({
          totpSecret: null,
          totpEnabledAt: null,
          totpLastStep: null,
          updatedAt: this.deps.clock.now(),
          version: sql`${users.version} + 1`,
        })
        .where(eq(users.id, id))
        .returning()
      if (!row) throw notFound('用户 user ')
      await tx.delete(sessions).where(eq(sessions.userId, id))
      await this.deps.audit.record(tx, ctx, {
        action: 'user.totp_reset',
        objectType: 'user',
        objectId: id,
        summary: { username: row.username },
      })
      return presentUser(row)
    })
  }

  async findByUsername(username: string): Promise<UserRow | undefined> {
    const [row] = await this.deps.database.db
      .select()
      .from(users)
      .where(eq(users.username, username.trim().toLowerCase()))
    return row
  }

  async countAdmins(): Promise<number> {
    const [row] = await this.deps.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(users)
      .where(and(eq(users.role, 'admin'), eq(users.isDisabled, false)))
    return Number(row?.n ?? 0)
  }

  /** A role's user carries what the role needs: the regulator side a region, organisation roles an organisation. */
  private async checkAssignment(tx: Tx, a: Assignment): Promise<Assignment> {
    const problems: ErrorDetail[] = []
    let regionId = a.regionId
    if (a.organisationId) {
      const [org] = await tx
        .select({ regionId: organisations.regionId })
        .from(organisations)
        .where(eq(organisations.id, a.organisationId))
      if (!org) problems.push({ path: 'body.organisationId', message: '单位不存在 (no such organisation)' })
      else regionId ??= org.regionId
    }
    if (ORGANISATION_ROLES.includes(a.role) && !a.organisationId)
      problems.push({
        path: 'body.organisationId',
        message: '单位角色须关联单位 (this role needs an organisation)',
      })
    if (!ORGANISATION_ROLES.includes(a.role) && a.organisationId)
      problems.push({
        path: 'body.organisationId',
        message: '只有单位角色可关联单位 (only organisation roles have one)',
      })
    if (REGION_ROLES.includes(a.role) && !regionId)
      problems.push({ path: 'body.regionId', message: '监管角色须关联行政区划 (this role needs a region)' })
    if (regionId) {
      const [region] = await tx.select({ id: regions.id }).from(regions).where(eq(regions.id, regionId))
      if (!region) problems.push({ path: 'body.regionId', message: '行政区划不存在 (no such region)' })
    }
    if (problems.length) throw validationFailed(problems)
    return { role: a.role, regionId, organisationId: a.organisationId, teamId: a.teamId }
  }
}
