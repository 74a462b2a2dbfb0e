// Development provider: each message becomes one JSON line in `<data dir>/outbox/sms.jsonl` (and, when asked, a line
// on the console). Nothing leaves the machine. The file is also its own record: a retry after a crash finds the line.
import { appendFile, mkdir, readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { Reconciliation, SmsMessage, SmsProvider, SmsSent } from './sms-provider'

export type ConsoleSmsSettings = { file: string; echo: boolean }

export class ConsoleSmsProvider implements SmsProvider {
  readonly name = 'console' as const

  constructor(private readonly settings: ConsoleSmsSettings) {}

  async send(message: SmsMessage): Promise<SmsSent> {
    const line = JSON.stringify({
      id: message.deliveryId,
      at: new Date().toISOString(),
      to: message.mobile,
      kind: message.kind,
      text: message.text,
    })
    await mkdir(dirname(this.settings.file), { recursive: true })
    // One short line per append: O_APPEND writes of this size do not interleave.
    await appendFile(this.settings.file, `${line}\n`, { mode: 0o600 })
    if (this.settings.echo) console.log(`[短信 SMS → ${message.mobile}] ${message.text}`)
    return { messageId: `console-${message.deliveryId}` }
  }

  async reconcile(message: SmsMessage): Promise<Reconciliation> {
    let content = ''
    try {
      content = await readFile(this.settings.file, 'utf8')
    } catch {
      return { outcome: 'not_sent' }
    }
    return content.includes(`"id":"${message.deliveryId}"`)
      ? { outcome: 'sent', messageId: `console-${message.deliveryId}` }
      : { outcome: 'not_sent' }
  }

  close(): void {}
}
