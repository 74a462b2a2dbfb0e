// Keys generated on first run and stored under the data directory with owner-only permissions: never in the
// repository, never a default. Losing this file makes encrypted evidence and TOTP secrets unreadable, so backups of a
// deployment must include it (docs/OPERATIONS.md).
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'

const ZSecrets = z.object({
  version: z.literal(1),
  /** AES-256-GCM key for evidence files and other data encrypted at rest. */
  dataKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
})

export type Secrets = Readonly<{ dataKey: Buffer }>

export function loadOrCreateSecrets(dataDir: string): Secrets {
  mkdirSync(dataDir, { recursive: true })
  const file = join(dataDir, 'secrets.json')
  if (!existsSync(file)) {
    const fresh = { version: 1, dataKey: randomBytes(32).toString('base64') }
    const tmp = `${file}.${process.pid}.tmp`
    writeFileSync(tmp, `${JSON.stringify(fresh, null, 2)}\n`, { mode: 0o600 })
    // Two processes starting at once: the first rename wins and both read the same file below.
    if (!existsSync(file)) renameSync(tmp, file)
  }
  chmodSync(file, 0o600)
  const parsed = ZSecrets.safeParse(JSON.parse(readFileSync(file, 'utf8')))
  if (!parsed.success) throw new Error(`${file} is damaged: ${parsed.error.issues[0]?.message ?? 'invalid'}`)
  return Object.freeze({ dataKey: Buffer.from(parsed.data.dataKey, 'base64') })
}
