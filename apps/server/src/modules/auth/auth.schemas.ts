import { z } from 'zod'
import { ZRole } from '../users/users.schemas'

export const ZLoginRequest = z.strictObject({
  username: z.string().trim().min(1, { error: '请输入用户名 (username required)' }).max(64),
  password: z.string().min(1, { error: '请输入密码 (password required)' }).max(256),
})

export const ZSessionInfo = z.object({
  user: z.object({
    id: z.uuid(),
    username: z.string(),
    displayName: z.string(),
    role: ZRole,
    regionId: z.uuid().nullable(),
    organisationId: z.uuid().nullable(),
    teamId: z.uuid().nullable(),
  }),
  stage: z.enum(['full', 'totp_pending', 'totp_enrol']),
  mustChangePassword: z.boolean(),
  /** Whether the user has a second factor (TOTP) enabled. */
  totpEnabled: z.boolean(),
  csrfToken: z.string(),
  idleTimeoutMinutes: z.number().int(),
})
export type TSessionInfo = z.infer<typeof ZSessionInfo>

export const ZTotpCodeRequest = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, { error: '验证码为 6 位数字 (6-digit code)' }),
})

export const ZTotpSetupResponse = z.object({ secret: z.string(), otpauthUri: z.string() })

export const ZChangePasswordRequest = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
})

export const ZDisableTotpRequest = z.strictObject({ password: z.string().min(1).max(256) })
