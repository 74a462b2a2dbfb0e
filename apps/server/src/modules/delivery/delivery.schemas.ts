import { z } from 'zod'
import { text } from '../../http/schemas'
import { MESSAGE_KINDS } from './message-kinds'

const ZHttpUrl = z
  .string()
  .trim()
  .max(500)
  .refine(
    (value) => {
      try {
        const url = new URL(value)
        return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password
      } catch {
        return false
      }
    },
    { error: '须为 http(s) 地址 (must be an http(s) URL without credentials)' },
  )
const ZTimeout = z.number().int().min(1_000).max(60_000).default(10_000)
const ZConcurrency = z.number().int().min(1).max(128).default(32)
/** A new secret; omitted keeps the stored one. Never returned. */
const ZSecret = z.string().min(1).max(500).optional()
const ZVersion = z.number().int().min(1).optional()
const ZTemplateMap = z.partialRecord(z.enum(MESSAGE_KINDS), text(64))

export const ZAliyunSmsSettings = z.strictObject({
  provider: z.literal('aliyun'),
  endpoint: ZHttpUrl.default('https://dysmsapi.aliyuncs.com/'),
  accessKeyId: text(128),
  regionId: text(64).default('cn-hangzhou'),
  signName: text(32),
  templateCodes: ZTemplateMap,
  settleSeconds: z.number().int().min(0).max(3_600).default(60),
  timeoutMs: ZTimeout,
  concurrency: ZConcurrency,
  secret: ZSecret,
  version: ZVersion,
})

export const ZTencentSmsSettings = z.strictObject({
  provider: z.literal('tencent'),
  endpoint: ZHttpUrl.default('https://sms.tencentcloudapi.com/'),
  secretId: text(128),
  region: text(64).default('ap-guangzhou'),
  smsSdkAppId: text(32),
  signName: text(32),
  templateIds: ZTemplateMap,
  receiptWindowSeconds: z.number().int().min(0).max(86_400).default(600),
  timeoutMs: ZTimeout,
  concurrency: ZConcurrency,
  secret: ZSecret,
  version: ZVersion,
})

export const ZWebhookSmsSettings = z.strictObject({
  provider: z.literal('webhook'),
  url: ZHttpUrl,
  timeoutMs: ZTimeout,
  concurrency: ZConcurrency,
  secret: ZSecret,
  version: ZVersion,
})

export const ZConsoleSmsSettings = z.strictObject({
  provider: z.literal('console'),
  /** Also print each message on the server's console. */
  echo: z.boolean().default(false),
  concurrency: ZConcurrency,
  version: ZVersion,
})

export const ZSmsChannelRequest = z.discriminatedUnion('provider', [
  ZAliyunSmsSettings,
  ZTencentSmsSettings,
  ZWebhookSmsSettings,
  ZConsoleSmsSettings,
])
export type TSmsChannelRequest = z.infer<typeof ZSmsChannelRequest>

export const ZSmtpMailSettings = z.strictObject({
  provider: z.literal('smtp'),
  host: text(255),
  port: z.number().int().min(1).max(65_535),
  security: z.enum(['tls', 'starttls', 'none']),
  username: text(255).nullable().default(null),
  fromAddress: z.email({ error: '须为电子邮件地址 (must be an e-mail address)' }).max(255),
  fromName: text(100),
  timeoutMs: ZTimeout,
  concurrency: z.number().int().min(1).max(16).default(4),
  secret: ZSecret,
  version: ZVersion,
})

export const ZFileMailSettings = z.strictObject({
  provider: z.literal('file'),
  fromAddress: z.email({ error: '须为电子邮件地址 (must be an e-mail address)' }).max(255),
  fromName: text(100),
  concurrency: z.number().int().min(1).max(16).default(4),
  version: ZVersion,
})

export const ZEmailChannelRequest = z.discriminatedUnion('provider', [ZSmtpMailSettings, ZFileMailSettings])
export type TEmailChannelRequest = z.infer<typeof ZEmailChannelRequest>

export const ZDeliveryChannelName = z.enum(['sms', 'email'])
export const ZChannelParams = z.strictObject({ channel: ZDeliveryChannelName })

export const ZDeliveryChannelConfig = z.object({
  channel: ZDeliveryChannelName,
  provider: z.string(),
  /** The provider's settings without the secret. */
  settings: z.record(z.string(), z.unknown()),
  hasSecret: z.boolean(),
  /** True when nothing has been configured and the development provider is in use. */
  isDefault: z.boolean(),
  updatedAt: z.string().nullable(),
  version: z.number().int(),
})
export type TDeliveryChannelConfig = z.infer<typeof ZDeliveryChannelConfig>

export const ZTestDeliveryRequest = z.strictObject({
  /** A mobile number for SMS, an e-mail address for e-mail. */
  address: text(255),
})
export const ZTestDeliveryResult = z.object({
  ok: z.boolean(),
  provider: z.string(),
  messageId: z.string().nullable(),
  error: z.string().nullable(),
})

export const ZDeliveryStatus = z.enum(['queued', 'sending', 'sent', 'retrying', 'failed'])
export const ZDeliveryChannel = z.enum(['platform', 'sms', 'email'])

export const ZDelivery = z.object({
  id: z.uuid(),
  event: z.string(),
  channel: ZDeliveryChannel,
  recipientKind: z.string(),
  recipientName: z.string(),
  /** Mobile number, e-mail address, or the organisation (platform inbox). */
  address: z.string(),
  status: ZDeliveryStatus,
  attempts: z.number().int(),
  provider: z.string().nullable(),
  providerMessageId: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  lastAttemptAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  failedAt: z.string().nullable(),
})
export type TDelivery = z.infer<typeof ZDelivery>
