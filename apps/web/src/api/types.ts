// Shapes of the API's answers, taken from the generated OpenAPI types so that a change on the server shows up here
// as a type error rather than at run time.
import type { paths } from '@wangan/sdk'

type JsonOf<T> = T extends { content: { 'application/json': infer J } } ? J : never

export type SessionInfo = JsonOf<paths['/api/v1/auth/me']['get']['responses'][200]>
export type SessionUser = SessionInfo['user']
export type Role = SessionUser['role']

export type User = JsonOf<paths['/api/v1/users/{id}']['get']['responses'][200]>
export type UserQuery = NonNullable<paths['/api/v1/users']['get']['parameters']['query']>
export type CreateUserRequest = JsonOf<paths['/api/v1/users']['post']['requestBody']>
export type UpdateUserRequest = JsonOf<paths['/api/v1/users/{id}']['patch']['requestBody']>

export type Region = JsonOf<paths['/api/v1/regions']['get']['responses'][200]>[number]
export type RegionLevel = Region['level']

export type Organisation = JsonOf<paths['/api/v1/organisations']['get']['responses'][200]>['items'][number]
export type OrganisationDetail = JsonOf<paths['/api/v1/organisations/{id}']['get']['responses'][200]>
export type OrganisationCategory = Organisation['category']
export type OrganisationQuery = NonNullable<paths['/api/v1/organisations']['get']['parameters']['query']>

export type AuditEvent = JsonOf<paths['/api/v1/audit-events']['get']['responses'][200]>['items'][number]
export type AuditQuery = NonNullable<paths['/api/v1/audit-events']['get']['parameters']['query']>
export type AuditVerifyResult = JsonOf<paths['/api/v1/audit-events/verify']['get']['responses'][200]>

export type SecuritySettings = JsonOf<paths['/api/v1/settings/security']['get']['responses'][200]>
export type TotpSetup = JsonOf<paths['/api/v1/auth/totp/setup']['post']['responses'][200]>
