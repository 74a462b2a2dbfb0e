import { z } from 'zod'
import { RECORD_CHANNELS, REFUSAL_REASONS } from '../../gateway/gateway-types'
import { longText, text, ZId, ZIsoDateTime, ZPageQuery } from '../../http/schemas'

// ---------------------------------------------------------------- tokens

export const ZGatewayToken = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  teamId: z.uuid(),
  campaignId: z.uuid(),
  /** The first characters of the token, to tell tokens apart. */
  hint: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  revokeReason: z.string().nullable(),
  replacedBy: z.uuid().nullable(),
})
export type TGatewayToken = z.infer<typeof ZGatewayToken>

export const ZIssuedGatewayToken = z.object({
  /** Shown this once; the platform keeps only its hash. */
  token: z.string(),
  info: ZGatewayToken,
})

export const ZListTokensQuery = z.strictObject({
  campaignId: ZId.optional(),
  teamId: ZId.optional(),
  includeRevoked: z.enum(['true', 'false']).optional(),
})

export const ZRevokeTokenRequest = z.strictObject({ reason: text(200).optional() })
export type TRevokeTokenRequest = z.infer<typeof ZRevokeTokenRequest>

export const ZGatewayProfile = z.object({
  campaign: z.object({
    id: z.uuid(),
    name: z.string(),
    status: z.string(),
    testingStartsAt: z.string(),
    testingEndsAt: z.string(),
  }),
  teamId: z.uuid(),
  token: ZGatewayToken.nullable(),
  paused: z.boolean(),
  interception: z.boolean(),
  endpoints: z.object({ httpProxyPort: z.number().int(), socksPort: z.number().int() }),
})

// ---------------------------------------------------------------- records

export const ZRecordVerdict = z.enum(['allowed', 'refused', 'error'])

export const ZGatewayRecord = z.object({
  id: z.uuid(),
  at: z.string(),
  channel: z.enum(RECORD_CHANNELS),
  connectionId: z.uuid(),
  clientIp: z.string(),
  userId: z.uuid().nullable(),
  username: z.string().nullable(),
  teamId: z.uuid().nullable(),
  campaignId: z.uuid().nullable(),
  host: z.string().nullable(),
  ip: z.string().nullable(),
  port: z.number().int().nullable(),
  sni: z.string().nullable(),
  method: z.string().nullable(),
  path: z.string().nullable(),
  status: z.number().int().nullable(),
  bytesUp: z.number(),
  bytesDown: z.number(),
  durationMs: z.number().int(),
  verdict: ZRecordVerdict,
  reason: z.string().nullable(),
  assetId: z.uuid().nullable(),
  organisationId: z.uuid().nullable(),
  ruleHits: z.array(z.string()),
  userAgent: z.string().nullable(),
  isManual: z.boolean(),
  countsAsRequest: z.boolean(),
})
export type TGatewayRecord = z.infer<typeof ZGatewayRecord>

export const ZRecordFilter = {
  campaignId: ZId,
  teamId: ZId.optional(),
  userId: ZId.optional(),
  verdict: ZRecordVerdict.optional(),
  channel: z.enum(RECORD_CHANNELS).optional(),
  /** Host, address or SNI containing this text. */
  host: z.string().trim().max(253).optional(),
  /** Refusal reason code (`host_out_of_scope`…). */
  reason: z.enum(REFUSAL_REASONS).optional(),
  ruleHit: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/)
    .optional(),
  manual: z.enum(['true', 'false']).optional(),
  from: ZIsoDateTime.optional(),
  to: ZIsoDateTime.optional(),
}

export const ZListRecordsQuery = z.strictObject({ ...ZPageQuery, ...ZRecordFilter })
export type TListRecordsQuery = z.infer<typeof ZListRecordsQuery>
export const ZExportRecordsQuery = z.strictObject({
  ...ZRecordFilter,
  format: z.enum(['csv', 'ndjson']).default('csv'),
})
export type TExportRecordsQuery = z.infer<typeof ZExportRecordsQuery>
export type TRecordFilter = Omit<TListRecordsQuery, 'page' | 'pageSize'>

// ---------------------------------------------------------------- violations

export const ZViolationStatus = z.enum(['pending', 'confirmed', 'dismissed'])

export const ZGatewayViolation = z.object({
  id: z.uuid(),
  campaignId: z.uuid(),
  teamId: z.uuid(),
  teamName: z.string().nullable(),
  userId: z.uuid(),
  username: z.string().nullable(),
  ruleId: z.string(),
  ruleName: z.string(),
  severity: z.string(),
  target: z.string(),
  firstAt: z.string(),
  lastAt: z.string(),
  hitCount: z.number().int(),
  evidence: z.array(
    z.object({ at: z.number(), recordId: z.string().nullable(), request: z.string(), matched: z.string() }),
  ),
  status: ZViolationStatus,
  decidedBy: z.uuid().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  version: z.number().int(),
})
export type TGatewayViolation = z.infer<typeof ZGatewayViolation>

export const ZListViolationsQuery = z.strictObject({
  ...ZPageQuery,
  campaignId: ZId,
  status: ZViolationStatus.optional(),
  teamId: ZId.optional(),
})
export type TListViolationsQuery = z.infer<typeof ZListViolationsQuery>

export const ZDecideViolationRequest = z.strictObject({
  decision: z.enum(['confirmed', 'dismissed']),
  note: longText(2000).optional(),
  version: z.number().int().min(1),
})
export type TDecideViolationRequest = z.infer<typeof ZDecideViolationRequest>

// ---------------------------------------------------------------- pauses

export const ZGatewayPause = z.object({
  id: z.uuid(),
  campaignId: z.uuid(),
  subject: z.enum(['tester', 'team']),
  teamId: z.uuid(),
  userId: z.uuid().nullable(),
  reason: z.string(),
  pausedBy: z.uuid().nullable(),
  pausedAt: z.string(),
  resumedBy: z.uuid().nullable(),
  resumedAt: z.string().nullable(),
  /** Open connections closed when the pause took effect in this process. */
  connectionsClosed: z.number().int().nullable(),
})
export type TGatewayPause = z.infer<typeof ZGatewayPause>

export const ZCreatePauseRequest = z.strictObject({
  campaignId: ZId,
  teamId: ZId,
  /** A tester of the team; leave out to pause the whole team. */
  userId: ZId.optional(),
  reason: text(500),
})
export type TCreatePauseRequest = z.infer<typeof ZCreatePauseRequest>

export const ZListPausesQuery = z.strictObject({
  campaignId: ZId,
  active: z.enum(['true', 'false']).optional(),
})

// ---------------------------------------------------------------- settings and rules

const RULE_ID = z.string().regex(/^[a-z0-9-]{1,64}$/, { error: '规则编号为小写字母、数字和 - (a-z, 0-9, -)' })
const METHOD = z.string().regex(/^[A-Z]{1,20}$/, { error: 'HTTP 方法为大写字母 (upper-case HTTP method)' })

/** A pattern the gateway runs on every request: it must compile and must not nest quantifiers (catastrophic
 * backtracking would stall the gateway). */
const ZPattern = z
  .string()
  .min(1)
  .max(500)
  .refine(
    (p) => {
      try {
        new RegExp(p, 'im')
        return true
      } catch {
        return false
      }
    },
    { error: '不是有效的正则表达式 (not a valid regular expression)' },
  )
  .refine((p) => !/\((?:[^()\\]|\\.)*[+*](?:[^()\\]|\\.)*\)\s*(?:[+*]|\{\d*,\})/.test(p), {
    error: '不允许嵌套量词 (nested quantifiers are not allowed: they can stall the gateway)',
  })

const ruleBase = {
  id: RULE_ID,
  name: text(128),
  enabled: z.boolean(),
  severity: z.enum(['low', 'medium', 'high']),
  cooldownSeconds: z.number().int().min(0).max(86_400),
}

export const ZViolationRule = z.discriminatedUnion('kind', [
  z.strictObject({
    ...ruleBase,
    kind: z.literal('pattern'),
    patterns: z.array(ZPattern).min(1).max(50),
    in: z.array(z.enum(['target', 'headers', 'body'])).min(1),
    methods: z.array(METHOD).max(20).optional(),
  }),
  z.strictObject({
    ...ruleBase,
    kind: z.literal('rate'),
    threshold: z.number().int().min(1).max(10_000_000),
    windowSeconds: z.number().int().min(1).max(3_600),
    methods: z.array(METHOD).max(20).optional(),
  }),
  z.strictObject({
    ...ruleBase,
    kind: z.literal('connections'),
    threshold: z.number().int().min(1).max(10_000_000),
    windowSeconds: z.number().int().min(1).max(3_600),
  }),
  z.strictObject({
    ...ruleBase,
    kind: z.literal('concurrent'),
    threshold: z.number().int().min(1).max(1_000_000),
  }),
])

export const ZViolationRules = z
  .array(ZViolationRule)
  .max(100)
  .refine((rules) => new Set(rules.map((r) => r.id)).size === rules.length, {
    error: '规则编号重复 (rule ids must be unique)',
  })

export const ZDnsPolicy = z.enum(['strict', 'public'])

export const ZGatewaySettings = z.object({
  campaignId: z.uuid(),
  interception: z.boolean(),
  dnsPolicy: ZDnsPolicy,
  /** The rules in force (the platform's defaults when the campaign has none of its own). */
  rules: ZViolationRules,
  rulesAreDefault: z.boolean(),
  caFingerprint: z.string().nullable(),
  caCreatedAt: z.string().nullable(),
  version: z.number().int(),
})
export type TGatewaySettings = z.infer<typeof ZGatewaySettings>

export const ZUpdateSettingsRequest = z.strictObject({
  interception: z.boolean().optional(),
  dnsPolicy: ZDnsPolicy.optional(),
  /** The campaign's rules; null returns to the platform's defaults. */
  rules: ZViolationRules.nullable().optional(),
  /** The version read (0 when the campaign has no settings yet). */
  version: z.number().int().min(0),
})
export type TUpdateSettingsRequest = z.infer<typeof ZUpdateSettingsRequest>

// ---------------------------------------------------------------- monitor and metrics

export const ZAuditStatus = z.object({
  state: z.enum(['ok', 'retrying', 'fail_closed', 'unknown']),
  accepted: z.number(),
  written: z.number(),
  pending: z.number(),
  reserved: z.number(),
  capacity: z.number(),
  failedWrites: z.number(),
  refusedFailClosed: z.number(),
  refusalsNotRecorded: z.number(),
  lastError: z.string().nullable(),
  failClosedSince: z.string().nullable(),
})

export const ZGatewayMonitor = z.object({
  at: z.string(),
  /** Where the figures come from: this process's gateway, or the last heartbeat of a gateway process. */
  source: z.enum(['live', 'heartbeat', 'none']),
  heartbeatAt: z.string().nullable(),
  listening: z.object({ http: z.string().nullable(), socks: z.string().nullable() }),
  audit: ZAuditStatus,
  openConnections: z.number().int(),
  teams: z.array(
    z.object({
      teamId: z.uuid(),
      name: z.string(),
      requestsPerSecond: z.number(),
      lastMinute: z.array(z.number()),
      paused: z.boolean(),
      pendingViolations: z.number().int(),
    }),
  ),
  topTargets: z.array(
    z.object({
      teamId: z.string(),
      teamName: z.string().nullable(),
      target: z.string(),
      requests: z.number(),
    }),
  ),
  refusals: z.array(z.object({ reason: z.string(), lastFiveMinutes: z.number(), sinceStart: z.number() })),
  pendingViolations: z.number().int(),
  activePauses: z.array(ZGatewayPause),
})
export type TGatewayMonitor = z.infer<typeof ZGatewayMonitor>

export const ZTeamMetrics = z.object({
  teamId: z.uuid(),
  activeSlots: z.number().int(),
  assetsTested: z.number().int(),
  manualRequests: z.number().int(),
  confirmedViolations: z.number().int(),
})
export type TTeamMetrics = z.infer<typeof ZTeamMetrics>

export const ZCampaignParams = z.strictObject({ id: ZId })
