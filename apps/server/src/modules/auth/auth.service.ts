// Login, sessions, second factor and password changes (SPEC §10, issue "Foundation" §3).
import { createHash, randomBytes } from 'node:crypto'
import { and, eq, lt, sql } from 'drizzle-orm'
import { generateSecret, generateURI, verify as verifyTotp } from 'otplib'
import type { Role } from '../../access/roles'
import { MINUTE, type Clock } from '../../clock'
import type { Config } from '../../config'
import type { Actor, RequestContext } from '../../context'
import { seal, unseal } from '../../crypto/sealed-box'
import type { Database, Tx } from '../../db/client'
import { organisations, regions, sessions, users } from '../../db/schema'
import { AppError } from '../../http/errors'
import type { Secrets } from '../../secrets'
import type { AuditService } from '../audit/audit.service'
import type { SettingsService } from '../settings/settings.service'
import { dummyPasswordHash, hashPassword, verifyPassword } from './password-hash'
import { checkPassword, PASSWORD_RULE_MESSAGES } from './password-policy'

export const MAX_FAILED_LOGINS = 5
export const LOCKOUT_MS = 15 * MINUTE
/** Sessions end after this long whatever the activity (the idle timeout is the configured one, 30 minutes). */
export const ABSOLUTE_SESSION_MS = 12 * 60 * MINUTE
const TOUCH_EVERY_MS = 30_000

export type SessionStage = 'full' | 'totp_pending' | 'totp_enrol'

export type ResolvedSession = {
  id: string
  stage: SessionStage
  csrfToken: string
  mustChangePassword: boolean
  totpEnabled: boolean
  actor: Actor
}

export type LoginResult = { token: string; session: ResolvedSession }

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

type Deps = {
  database: Database
  clock: Clock
  config: Config
  secrets: Secrets
  audit: AuditService
  settings: SettingsService
}

export class AuthService {
  constructor(private readonly deps: Deps) {}

  private get db() {
    return this.deps.database.db
  }

  async login(ctx: RequestContext, username: string, password: string): Promise<LoginResult> {
    const normalised = username.trim().toLowerCase()
    const now = this.deps.clock.now()
    const outcome = await this.db.transaction(async (tx) => {
      const [user] = await tx.select().from(users).where(eq(users.username, normalised)).for('update')
      if (!user) {
        await verifyPassword(await dummyPasswordHash(), password)
        await this.deps.audit.record(tx, ctx, {
          action: 'auth.login_failed',
          objectType: 'user',
          summary: { username: normalised.slice(0, 64), reason: 'unknown_user' },
        })
        return { kind: 'invalid' as const }
      }
      if (user.lockedUntil && user.lockedUntil > now) {
        await this.deps.audit.record(tx, ctx, {
          action: 'auth.login_refused_locked',
          objectType: 'user',
          objectId: user.id,
          summary: { username: user.username, lockedUntil: user.lockedUntil.toISOString() },
        })
        return { kind: 'locked' as const, until: user.lockedUntil }
      }
      if (!(await verifyPassword(user.passwordHash, password))) {
        const failures = user.failedLoginCount + 1
        const locks = failures >= MAX_FAILED_LOGINS
        await tx
          .update(users)
          .set({
            failedLoginCount: locks ? 0 : failures,
            lockedUntil: locks ? new Date(now.getTime() + LOCKOUT_MS) : user.lockedUntil,
          })
          .where(eq(users.id, user.id))
        await this.deps.audit.record(tx, ctx, {
          action: locks ? 'auth.account_locked' : 'auth.login_failed',
          objectType: 'user',
          objectId: user.id,
          summary: { username: user.username, reason: 'wrong_password', failures },
        })
        return locks
          ? { kind: 'locked' as const, until: new Date(now.getTime() + LOCKOUT_MS) }
          : { kind: 'invalid' as const }
      }
      if (user.isDisabled) {
        await this.deps.audit.record(tx, ctx, {
          action: 'auth.login_refused_disabled',
          objectType: 'user',
          objectId: user.id,
          summary: { username: user.username },
        })
        return { kind: 'disabled' as const }
      }
      const security = await this.deps.settings.getSecurity(tx)
      const stage: SessionStage = user.totpEnabledAt
        ? 'totp_pending'
        : security.totpRequiredRoles.includes(user.role)
          ? 'totp_enrol'
          : 'full'
      await tx
        .update(users)
        .set({
          failedLoginCount: 0,
          lockedUntil: null,
          lastLoginAt: stage === 'full' ? now : user.lastLoginAt,
        })
        .where(eq(users.id, user.id))
      const token = await this.createSession(tx, ctx, user.id, stage)
      await this.deps.audit.record(tx, ctx, {
        action: stage === 'full' ? 'auth.login' : 'auth.login_password_ok',
        objectType: 'user',
        objectId: user.id,
        summary: { username: user.username, stage },
      })
      return { kind: 'ok' as const, token }
    })
    if (outcome.kind === 'invalid')
      throw new AppError('INVALID_CREDENTIALS', '用户名或密码错误 (wrong username or password)')
    if (outcome.kind === 'disabled') throw new AppError('FORBIDDEN', '账户已停用 (this account is disabled)')
    if (outcome.kind === 'locked')
      throw new AppError(
        'ACCOUNT_LOCKED',
        `连续登录失败次数过多，账户已锁定至 ${outcome.until.toISOString()} (too many failed logins; locked until then)`,
        { lockedUntil: outcome.until.toISOString() },
      )
    const session = await this.resolve(outcome.token)
    if (!session) throw new AppError('INTERNAL', 'session vanished after login')
    return { token: outcome.token, session }
  }

  private async createSession(
    tx: Tx,
    ctx: RequestContext,
    userId: string,
    stage: SessionStage,
  ): Promise<string> {
    const token = randomBytes(32).toString('base64url')
    const now = this.deps.clock.now()
    await tx.insert(sessions).values({
      id: hashToken(token),
      userId,
      csrfToken: randomBytes(24).toString('base64url'),
      stage,
      createdAt: now,
      lastSeenAt: now,
      ip: ctx.ip,
      userAgent: ctx.userAgent?.slice(0, 512) ?? null,
    })
    return token
  }

  /** The session behind a cookie token, or null when unknown, idle too long, too old, or its user is disabled. */
  async resolve(token: string): Promise<ResolvedSession | null> {
    const id = hashToken(token)
    const now = this.deps.clock.now()
    const [row] = await this.db
      .select({
        session: sessions,
        user: users,
        regionPath: regions.path,
        organisationPath: organisations.path,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .leftJoin(regions, eq(regions.id, users.regionId))
      .leftJoin(organisations, eq(organisations.id, users.organisationId))
      .where(eq(sessions.id, id))
    if (!row) return null
    const idleMs = this.deps.config.sessionIdleMinutes * MINUTE
    const expired =
      now.getTime() - row.session.lastSeenAt.getTime() > idleMs ||
      now.getTime() - row.session.createdAt.getTime() > ABSOLUTE_SESSION_MS
    if (expired || row.user.isDisabled) {
      await this.db.delete(sessions).where(eq(sessions.id, id))
      return null
    }
    if (now.getTime() - row.session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      await this.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id))
    }
    return {
      id,
      stage: row.session.stage,
      csrfToken: row.session.csrfToken,
      mustChangePassword: row.user.mustChangePassword,
      totpEnabled: row.user.totpEnabledAt !== null,
      actor: {
        userId: row.user.id,
        username: row.user.username,
        displayName: row.user.displayName,
        role: row.user.role,
        regionId: row.user.regionId,
        regionPath: row.regionPath,
        organisationId: row.user.organisationId,
        organisationPath: row.organisationPath,
        teamId: row.user.teamId,
      },
    }
  }

  async logout(ctx: RequestContext, sessionId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const deleted = await tx
        .delete(sessions)
        .where(eq(sessions.id, sessionId))
        .returning({ userId: sessions.userId })
      if (deleted.length)
        await this.deps.audit.record(tx, ctx, {
          action: 'auth.logout',
          objectType: 'user',
          objectId: deleted[0]!.userId,
        })
    })
  }

  async changePassword(ctx: RequestContext, sessionId: string, current: string, next: string): Promise<void> {
    const actor = requireActor(ctx)
    const [user] = await this.db.select().from(users).where(eq(users.id, actor.userId))
    if (!user || !(await verifyPassword(user.passwordHash, current)))
      throw new AppError('VALIDATION_FAILED', '当前密码错误 (the current password is wrong)', [
        { path: 'body.currentPassword', message: '当前密码错误 (wrong password)' },
      ])
    assertPasswordPolicy(next, user.username, 'body.newPassword')
    if (current === next)
      throw new AppError('VALIDATION_FAILED', '新密码不能与当前密码相同 (the new password must differ)', [
        {
          path: 'body.newPassword',
          message: '新密码不能与当前密码相同 (must differ from the current one)',
          code: 'reused',
        },
      ])
    const passwordHash = await hashPassword(next)
    await this.db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({
          passwordHash,
          mustChangePassword: false,
          passwordChangedAt: this.deps.clock.now(),
          updatedAt: this.deps.clock.now(),
          version: sql`${users.version} + 1`,
        })
        .where(eq(users.id, user.id))
      // Every other session of this user ends: a changed password should lock out whoever knew the old one.
      await tx.delete(sessions).where(and(eq(sessions.userId, user.id), sql`${sessions.id} <> ${sessionId}`))
      await this.deps.audit.record(tx, ctx, {
        action: 'auth.password_changed',
        objectType: 'user',
        objectId: user.id,
      })
    })
  }

  // ---- second factor (TOTP, RFC 6238) ----

  /** Starts enrolment: a new secret, stored sealed and not yet active, returned once for the authenticator app. */
  async beginTotpEnrolment(ctx: RequestContext): Promise<{ secret: string; otpauthUri: string }> {
    const actor = requireActor(ctx)
    const [user] = await this.db.select().from(users).where(eq(users.id, actor.userId))
    if (!user) throw new AppError('UNAUTHENTICATED', '请重新登录 (log in again)')
    if (user.totpEnabledAt)
      throw new AppError('CONFLICT', '已启用双因素认证 (a second factor is already enabled)')
    const secret = generateSecret()
    await this.db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({ totpSecret: seal(this.deps.secrets.dataKey, secret, `totp:${user.id}`), totpLastStep: null })
        .where(eq(users.id, user.id))
      await this.deps.audit.record(tx, ctx, {
        action: 'auth.totp_enrolment_started',
        objectType: 'user',
        objectId: user.id,
      })
    })
    return { secret, otpauthUri: generateURI({ issuer: 'Wangan 网安', label: user.username, secret }) }
  }

  /** Confirms enrolment with a first code; the session becomes a full one. */
  async confirmTotpEnrolment(ctx: RequestContext, sessionId: string, code: string): Promise<void> {
    const actor = requireActor(ctx)
    const accepted = await this.db.transaction(async (tx) => {
      const [user] = await tx.select().from(users).where(eq(users.id, actor.userId)).for('update')
      if (!user?.totpSecret || user.totpEnabledAt)
        throw new AppError('CONFLICT', '请先开始双因素认证设置 (start the enrolment first)')
      const step = await this.checkCode(user.id, user.totpSecret, code, user.totpLastStep)
      if (step === null) {
        // Recorded and committed; the refusal is thrown after the transaction.
        await this.deps.audit.record(tx, ctx, {
          action: 'auth.totp_failed',
          objectType: 'user',
          objectId: user.id,
        })
        return false
      }
      const now = this.deps.clock.now()
      await tx
        .update(users)
        .set({ totpEnabledAt: now, totpLastStep: step, lastLoginAt: now })
        .where(eq(users.id, user.id))
      await tx.update(sessions).set({ stage: 'full' }).where(eq(sessions.id, sessionId))
      await this.deps.audit.record(tx, ctx, {
        action: 'auth.totp_enabled',
        objectType: 'user',
        objectId: user.id,
      })
      return true
    })
    if (!accepted) throw invalidCode()
  }

  /** The login step after the password when the user has a second factor. Wrong codes count towards the lockout. */
  async verifyTotpLogin(ctx: RequestContext, sessionId: string, code: string): Promise<void> {
    const actor = requireActor(ctx)
    const now = this.deps.clock.now()
    const failure = await this.db.transaction(async (tx) => {
      const [user] = await tx.select().from(users).where(eq(users.id, actor.userId)).for('update')
      if (!user?.totpSecret || !user.totpEnabledAt)
        throw new AppError('CONFLICT', '未启用双因素认证 (no second factor)')
      if (user.lockedUntil && user.lockedUntil > now) return 'locked' as const
      const step = await this.checkCode(user.id, user.totpSecret, code, user.totpLastStep)
      if (step === null) {
        const failures = user.failedLoginCount + 1
        const locks = failures >= MAX_FAILED_LOGINS
        await tx
          .update(users)
          .set({
            failedLoginCount: locks ? 0 : failures,
            lockedUntil: locks ? new Date(now.getTime() + LOCKOUT_MS) : null,
          })
          .where(eq(users.id, user.id))
        if (locks) await tx.delete(sessions).where(eq(sessions.id, sessionId))
        await this.deps.audit.record(tx, ctx, {
          action: locks ? 'auth.account_locked' : 'auth.totp_failed',
          objectType: 'user',
          objectId: user.id,
          summary: { failures },
        })
        return locks ? ('locked' as const) : ('invalid' as const)
      }
      await tx
        .update(users)
        .set({ totpLastStep: step, failedLoginCount: 0, lastLoginAt: now })
        .where(eq(users.id, user.id))
      await tx.update(sessions).set({ stage: 'full' }).where(eq(sessions.id, sessionId))
      await this.deps.audit.record(tx, ctx, {
        action: 'auth.login',
        objectType: 'user',
        objectId: user.id,
        summary: { totp: true },
      })
      return null
    })
    if (failure === 'locked')
      throw new AppError('ACCOUNT_LOCKED', '连续验证失败次数过多，账户已锁定 (too many failures; locked)')
    if (failure === 'invalid') throw invalidCode()
  }

  async disableTotp(ctx: RequestContext, password: string): Promise<void> {
    const actor = requireActor(ctx)
    const security = await this.deps.settings.getSecurity()
    if (security.totpRequiredRoles.includes(actor.role))
      throw new AppError('FORBIDDEN', '您的角色必须使用双因素认证 (your role must use a second factor)')
    const [user] = await this.db.select().from(users).where(eq(users.id, actor.userId))
    if (!user || !(await verifyPassword(user.passwordHash, password)))
      throw new AppError('VALIDATION_FAILED', '密码错误 (wrong password)', [
        { path: 'body.password', message: '密码错误 (wrong password)' },
      ])
    await this.db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null })
        .where(eq(users.id, user.id))
      await this.deps.audit.record(tx, ctx, {
        action: 'auth.totp_disabled',
        objectType: 'user',
        objectId: user.id,
      })
    })
  }

  /** Returns the accepted time step, or null. One step of drift either way; a step is never accepted twice. */
  private async checkCode(
    userId: string,
    sealedSecret: string,
    code: string,
    lastStep: number | null,
  ): Promise<number | null> {
    if (!/^\d{6}$/.test(code)) return null
    const secret = unseal(this.deps.secrets.dataKey, sealedSecret, `totp:${userId}`)
    const result = await verifyTotp({
      secret,
      token: code,
      epoch: Math.floor(this.deps.clock.now().getTime() / 1000),
      epochTolerance: 30,
      ...(lastStep !== null ? { afterTimeStep: lastStep } : {}),
    })
    return result.valid && 'timeStep' in result ? result.timeStep : null
  }

  /** Housekeeping: drop sessions that can no longer be used. */
  async purgeExpiredSessions(): Promise<number> {
    const cutoff = new Date(this.deps.clock.now().getTime() - this.deps.config.sessionIdleMinutes * MINUTE)
    const deleted = await this.db
      .delete(sessions)
      .where(lt(sessions.lastSeenAt, cutoff))
      .returning({ id: sessions.id })
    return deleted.length
  }
}

export function requireActor(ctx: RequestContext): Actor {
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED', '请先登录 (log in first)')
  return ctx.actor
}

function invalidCode() {
  return new AppError('VALIDATION_FAILED', '验证码错误 (wrong code)', [
    { path: 'body.code', message: '验证码错误或已使用 (wrong or already used)' },
  ])
}

export function assertPasswordPolicy(password: string, username: string, path: string): void {
  const broken = checkPassword(password, username)
  if (broken.length)
    throw new AppError(
      'VALIDATION_FAILED',
      `密码不符合要求：${broken.map((rule) => PASSWORD_RULE_MESSAGES[rule]).join('；')}`,
      broken.map((rule) => ({ path, message: PASSWORD_RULE_MESSAGES[rule], code: rule })),
    )
}

export type { Role }
