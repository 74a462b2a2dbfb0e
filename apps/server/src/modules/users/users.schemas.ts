import { z } from 'zod'
import { ROLES } from '../../access/roles'
import { text, ZId, ZPageQuery } from '../../http/schemas'

export const ZRole = z.enum(ROLES)

export const ZUsername = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{2,31}$/, {
    error: '用户名为 3–32 位小写字母、数字或 . _ - (3–32 lower-case letters, digits, . _ -)',
  })

export const ZMobile = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, { error: '手机号码应为 11 位，以 13–19 开头 (11-digit mainland mobile number)' })

export const ZEmail = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ error: '电子邮箱格式不正确 (invalid e-mail address)' }))

export const ZUser = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: ZRole,
  regionId: z.uuid().nullable(),
  organisationId: z.uuid().nullable(),
  teamId: z.uuid().nullable(),
  email: z.string().nullable(),
  mobile: z.string().nullable(),
  isDisabled: z.boolean(),
  mustChangePassword: z.boolean(),
  totpEnabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int(),
})
export type TUser = z.infer<typeof ZUser>

export const ZListUsersQuery = z.strictObject({
  ...ZPageQuery,
  q: z.string().trim().max(64).optional(),
  role: ZRole.optional(),
  regionId: ZId.optional(),
  organisationId: ZId.optional(),
  disabled: z.enum(['true', 'false']).optional(),
})
export type TListUsersQuery = z.infer<typeof ZListUsersQuery>

export const ZCreateUserRequest = z.strictObject({
  username: ZUsername,
  displayName: text(64),
  role: ZRole,
  regionId: ZId.nullable().optional(),
  organisationId: ZId.nullable().optional(),
  teamId: ZId.nullable().optional(),
  email: ZEmail.nullable().optional(),
  mobile: ZMobile.nullable().optional(),
  /** Omit to have a strong password generated and returned once. */
  password: z.string().max(128).optional(),
})
export type TCreateUserRequest = z.infer<typeof ZCreateUserRequest>

export const ZUpdateUserRequest = z.strictObject({
  displayName: text(64).optional(),
  role: ZRole.optional(),
  regionId: ZId.nullable().optional(),
  organisationId: ZId.nullable().optional(),
  teamId: ZId.nullable().optional(),
  email: ZEmail.nullable().optional(),
  mobile: ZMobile.nullable().optional(),
  version: z.number().int().min(1),
})
export type TUpdateUserRequest = z.infer<typeof ZUpdateUserRequest>

export const ZCreateUserResponse = z.object({ user: ZUser, initialPassword: z.string().nullable() })
export const ZResetPasswordResponse = z.object({ user: ZUser, temporaryPassword: z.string() })
