import type { AuditEvent } from '../../api/types'

/**
 * Who an audit event names as its actor. Requests made before logging in (a login, a failed login) have no actor;
 * their summary usually carries the username that was typed, which is worth showing but is not an identity.
 */
export function actorLabel(
  event: AuditEvent,
  t: (key: 'anonymous' | 'anonymousNamed', username?: string) => string,
): string {
  if (event.actorUsername) return event.actorUsername
  const typed = event.summary['username']
  return typeof typed === 'string' && typed ? t('anonymousNamed', typed) : t('anonymous')
}
