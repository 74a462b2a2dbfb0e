// Provider configuration: the admin's settings per channel, validated with the same schemas as the API, and the
// provider objects built from them. Secrets are sealed with the deployment key (associated data names the channel,
// so a sealed SMS key cannot be replayed as the SMTP password) and unsealed only to build a provider.
import { join } from 'node:path'
import { seal, unseal } from '../../crypto/sealed-box'
import { AliyunSmsProvider } from './providers/aliyun-sms'
import { ConsoleSmsProvider } from './providers/console-sms'
import { FileMailProvider, SmtpMailProvider, type MailProvider } from './providers/mail-provider'
import type { SmsProvider } from './providers/sms-provider'
import { TencentSmsProvider } from './providers/tencent-sms'
import { WebhookSmsProvider } from './providers/webhook-sms'
import {
  ZEmailChannelRequest,
  ZSmsChannelRequest,
  type TEmailChannelRequest,
  type TSmsChannelRequest,
} from './delivery.schemas'

export type ChannelName = 'sms' | 'email'

export const SECRET_PROVIDERS = new Set(['aliyun', 'tencent', 'webhook', 'smtp'])

export const DEFAULT_SMS: TSmsChannelRequest = { provider: 'console', echo: false, concurrency: 32 }
export const DEFAULT_EMAIL: TEmailChannelRequest = {
  provider: 'file',
  fromAddress: 'noreply@wangan.invalid',
  fromName: '网络安全监管平台',
  concurrency: 4,
}

export const sealSecret = (key: Buffer, channel: ChannelName, secret: string) =>
  seal(key, secret, `delivery:${channel}`)
export const unsealSecret = (key: Buffer, channel: ChannelName, sealed: string) =>
  unseal(key, sealed, `delivery:${channel}`)

/** The stored settings without the secret and the version (what the row's `settings` column holds). */
export function storedSettings(input: TSmsChannelRequest | TEmailChannelRequest): Record<string, unknown> {
  const {
    secret: _secret,
    version: _version,
    provider: _provider,
    ...rest
  } = input as Record<string, unknown>
  return rest
}

export function parseSmsSettings(provider: string, settings: Record<string, unknown>): TSmsChannelRequest {
  return ZSmsChannelRequest.parse({ ...settings, provider })
}

export function parseEmailSettings(
  provider: string,
  settings: Record<string, unknown>,
): TEmailChannelRequest {
  return ZEmailChannelRequest.parse({ ...settings, provider })
}

export function buildSmsProvider(
  settings: TSmsChannelRequest,
  secret: string | null,
  dataDir: string,
): SmsProvider {
  const sockets = settings.concurrency * 2
  switch (settings.provider) {
    case 'aliyun':
      return new AliyunSmsProvider(
        {
          endpoint: settings.endpoint,
          accessKeyId: settings.accessKeyId,
          regionId: settings.regionId,
          signName: settings.signName,
          templateCodes: settings.templateCodes,
          settleSeconds: settings.settleSeconds,
          timeoutMs: settings.timeoutMs,
        },
        secret ?? '',
        { maxSockets: sockets },
      )
    case 'tencent':
      return new TencentSmsProvider(
        {
          endpoint: settings.endpoint,
          secretId: settings.secretId,
          region: settings.region,
          smsSdkAppId: settings.smsSdkAppId,
          signName: settings.signName,
          templateIds: settings.templateIds,
          receiptWindowSeconds: settings.receiptWindowSeconds,
          timeoutMs: settings.timeoutMs,
        },
        secret ?? '',
        { maxSockets: sockets },
      )
    case 'webhook':
      return new WebhookSmsProvider({ url: settings.url, timeoutMs: settings.timeoutMs }, secret ?? '', {
        maxSockets: sockets,
      })
    case 'console':
      return new ConsoleSmsProvider({ file: join(dataDir, 'outbox', 'sms.jsonl'), echo: settings.echo })
  }
}

export function buildMailProvider(
  settings: TEmailChannelRequest,
  secret: string | null,
  dataDir: string,
): MailProvider {
  if (settings.provider === 'smtp')
    return new SmtpMailProvider(
      {
        host: settings.host,
        port: settings.port,
        security: settings.security,
        username: settings.username,
        fromAddress: settings.fromAddress,
        fromName: settings.fromName,
        timeoutMs: settings.timeoutMs,
      },
      secret,
    )
  return new FileMailProvider(join(dataDir, 'outbox', 'mail'), {
    name: settings.fromName,
    address: settings.fromAddress,
  })
}
