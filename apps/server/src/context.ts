import type { Role } from './access/roles'

/** Who is acting: resolved from the session on every request (or a named system actor for the CLI and jobs). */
export type Actor = Readonly<{
  userId: string
  username: string
  displayName: string
  role: Role
  regionId: string | null
  /** Materialised path of the actor's region (`/province/city/`), for subtree checks. */
  regionPath: string | null
  organisationId: string | null
  /** Materialised path of the actor's organisation, for "own organisation and its subordinate units". */
  organisationPath: string | null
  teamId: string | null
}>

export type RequestContext = Readonly<{
  actor: Actor | null
  /** Shown in the audit trail when there is no user: `cli`, `system`, `job:<name>`. */
  systemActor?: string
  ip: string | null
  userAgent: string | null
  requestId: string
}>

export function systemContext(name: string, requestId = `${name}-${Date.now()}`): RequestContext {
  return { actor: null, systemActor: name, ip: null, userAgent: null, requestId }
}
