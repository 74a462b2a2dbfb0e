// Configuration is read from the environment once, validated, and frozen. There are no default secrets: the keys the
// platform needs are generated on first run and kept under the data directory (see secrets.ts).
import { resolve } from 'node:path'
import { z } from 'zod'

const ZBoolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes')
const ZPort = z.coerce.number().int().min(0).max(65535)

const ZEnvironment = z.object({
  PORT: ZPort.default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  GATEWAY_PORT: ZPort.default(8899),
  SOCKS_PORT: ZPort.default(1080),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  WANGAN_DATA_DIR: z.string().min(1).default('./data'),
  WANGAN_ROLES: z
    .string()
    .default('api,worker,gateway')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(['api', 'worker', 'gateway'])).min(1)),
  WANGAN_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  WANGAN_COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  WANGAN_TRUST_PROXY: ZBoolean.default(false),
  WANGAN_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  WANGAN_LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  WANGAN_GATEWAY_HOST: z.string().min(1).optional(),
  WANGAN_GATEWAY_THREAD: ZBoolean.default(true),
  WANGAN_GATEWAY_AUDIT_CAPACITY: z.coerce.number().int().min(1).default(100_000),
  WANGAN_GATEWAY_AUDIT_BATCH: z.coerce.number().int().min(1).default(1_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
})

export type Config = Readonly<{
  port: number
  host: string
  gatewayPort: number
  socksPort: number
  databaseUrl: string | undefined
  dataDir: string
  roles: readonly ('api' | 'worker' | 'gateway')[]
  sessionIdleMinutes: number
  cookieSecure: 'auto' | 'always' | 'never'
  trustProxy: boolean
  bodyLimitBytes: number
  loginRatePerMinute: number
  logLevel: string
  gateway: Readonly<{
    /** Listen address of the proxy listeners (default: HOST). */
    host: string
    /** Run the proxy in its own worker thread (default), so database writes never stall traffic. */
    thread: boolean
    /** Audit records held in memory before the gateway fails closed. */
    auditCapacity: number
    auditBatch: number
  }>
}>

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ZEnvironment.safeParse(env)
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ')
    throw new Error(`invalid configuration: ${problems}`)
  }
  const e = parsed.data
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    gatewayPort: e.GATEWAY_PORT,
    socksPort: e.SOCKS_PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.WANGAN_DATA_DIR),
    roles: Object.freeze([...new Set(e.WANGAN_ROLES)]),
    sessionIdleMinutes: e.WANGAN_SESSION_IDLE_MINUTES,
    cookieSecure:
      e.WANGAN_COOKIE_SECURE === 'auto' ? 'auto' : e.WANGAN_COOKIE_SECURE === 'true' ? 'always' : 'never',
    trustProxy: e.WANGAN_TRUST_PROXY,
    bodyLimitBytes: e.WANGAN_BODY_LIMIT_BYTES,
    loginRatePerMinute: e.WANGAN_LOGIN_RATE_PER_MINUTE,
    logLevel: e.LOG_LEVEL,
    gateway: Object.freeze({
      host: e.WANGAN_GATEWAY_HOST ?? e.HOST,
      thread: e.WANGAN_GATEWAY_THREAD,
      auditCapacity: e.WANGAN_GATEWAY_AUDIT_CAPACITY,
      auditBatch: e.WANGAN_GATEWAY_AUDIT_BATCH,
    }),
  })
}
