// Route-level access declarations. Every /api route states who may call it; a route without a declaration fails at
// start-up (deny by default). Object-level checks (region subtree, own organisation, own team) happen in services.
import { ROLES, type Role } from '../access/roles'

export type RouteAccess =
  /** Anyone, logged in or not (health, login, OpenAPI). */
  | { kind: 'public' }
  /** Any session, also one that still owes a second factor or a password change (me, logout, TOTP, password). */
  | { kind: 'session' }
  /** A complete session of one of these roles. */
  | { kind: 'roles'; roles: readonly Role[] }

export const publicAccess = (): RouteAccess => ({ kind: 'public' })
export const anySession = (): RouteAccess => ({ kind: 'session' })
export const roles = (...allowed: Role[]): RouteAccess => ({ kind: 'roles', roles: allowed })
export const allRoles = (): RouteAccess => ({ kind: 'roles', roles: ROLES })

export function describeAccess(access: RouteAccess): string {
  if (access.kind === 'public') return '公开 public'
  if (access.kind === 'session') return '任何已登录会话 any session'
  return access.roles.join(', ')
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess
  }
}
