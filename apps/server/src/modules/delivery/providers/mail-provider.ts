// E-mail: SMTP through nodemailer (pooled connections), or, for development, .eml files under the data directory.
// SMTP has no way to ask a server whether it already accepted a message, so a retry after an unanswered DATA sends
// again with the same Message-ID (`<delivery id@wangan.notice>`): at least once, and a repeat is recognisable.
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import nodemailer, { type Transporter } from 'nodemailer'
import type SMTPTransport from 'nodemailer/lib/smtp-transport'
import { ProviderError } from './provider-error'
import type { Reconciliation } from './sms-provider'

export type MailAttachment = { filename: string; content: Buffer; contentType: string }

export type MailMessage = {
  deliveryId: string
  to: string
  toName: string
  subject: string
  text: string
  attachments: MailAttachment[]
}

export interface MailProvider {
  readonly name: 'smtp' | 'mail-file'
  send(message: MailMessage): Promise<{ messageId: string }>
  reconcile(message: MailMessage): Promise<Reconciliation>
  close(): void
}

export const messageIdFor = (deliveryId: string) => `<${deliveryId}@wangan.notice>`

export type SmtpSettings = {
  host: string
  port: number
  /** `tls`: TLS from the start (465); `starttls`: upgrade required (587); `none`: plain (a relay on the LAN). */
  security: 'tls' | 'starttls' | 'none'
  username: string | null
  fromAddress: string
  fromName: string
  timeoutMs: number
}

type SmtpFailure = Error & { responseCode?: number; code?: string; command?: string }

export class SmtpMailProvider implements MailProvider {
  readonly name = 'smtp' as const
  private readonly transport: Transporter<SMTPTransport.SentMessageInfo>

  constructor(
    private readonly settings: SmtpSettings,
    password: string | null,
  ) {
    this.transport = nodemailer.createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.security === 'tls',
      requireTLS: settings.security === 'starttls',
      ignoreTLS: settings.security === 'none',
      ...(settings.username ? { auth: { user: settings.username, pass: password ?? '' } } : {}),
      pool: true,
      maxConnections: 4,
      connectionTimeout: settings.timeoutMs,
      greetingTimeout: settings.timeoutMs,
      socketTimeout: settings.timeoutMs,
    } as SMTPTransport.Options)
  }

  async send(message: MailMessage): Promise<{ messageId: string }> {
    try {
      const info = await this.transport.sendMail({
        from: { name: this.settings.fromName, address: this.settings.fromAddress },
        to: { name: message.toName, address: message.to },
        subject: message.subject,
        text: message.text,
        messageId: messageIdFor(message.deliveryId),
        headers: { 'X-Wangan-Delivery': message.deliveryId },
        attachments: message.attachments.map((a) => ({
          filename: a.filename,
          content: a.content,
          contentType: a.contentType,
        })),
      })
      return { messageId: info.messageId }
    } catch (error) {
      throw classifySmtpError(error as SmtpFailure)
    }
  }

  async reconcile(): Promise<Reconciliation> {
    return {
      outcome: 'unknown',
      resend: true,
      reason: 'SMTP cannot be asked; resending with the same Message-ID',
    }
  }

  close(): void {
    this.transport.close()
  }
}

export function classifySmtpError(error: SmtpFailure): ProviderError {
  const text = error.message.slice(0, 300)
  if (error.responseCode && error.responseCode >= 500)
    return ProviderError.permanent(`smtp_${error.responseCode}`, text)
  if (error.responseCode && error.responseCode >= 400)
    return ProviderError.retryable(`smtp_${error.responseCode}`, text)
  // Without a reply code: a lost connection or time-out after the message body went out may mean it was accepted.
  const afterData = error.command === 'DATA' || error.command === undefined
  if (afterData && (error.code === 'ETIMEDOUT' || error.code === 'ESOCKET' || error.code === 'ECONNRESET'))
    return ProviderError.uncertain(error.code ?? 'smtp', text)
  return ProviderError.retryable(error.code ?? 'smtp', text)
}

/** Development: each message is written once to `<dir>/<delivery id>.eml` (nodemailer's own MIME output). */
export class FileMailProvider implements MailProvider {
  readonly name = 'mail-file' as const
  private readonly composer = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'unix',
  })

  constructor(
    private readonly directory: string,
    private readonly from: { name: string; address: string },
  ) {}

  async send(message: MailMessage): Promise<{ messageId: string }> {
    const info = (await this.composer.sendMail({
      from: this.from,
      to: { name: message.toName, address: message.to },
      subject: message.subject,
      text: message.text,
      messageId: messageIdFor(message.deliveryId),
      attachments: message.attachments,
    })) as { message: Buffer; messageId: string }
    await mkdir(this.directory, { recursive: true })
    try {
      await writeFile(join(this.directory, `${message.deliveryId}.eml`), info.message, {
        flag: 'wx',
        mode: 0o600,
      })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    return { messageId: info.messageId }
  }

  async reconcile(): Promise<Reconciliation> {
    // Writing is exclusive by name: sending again cannot make a second file.
    return { outcome: 'unknown', resend: true, reason: 'the outbox file is written once' }
  }

  close(): void {
    this.composer.close()
  }
}
