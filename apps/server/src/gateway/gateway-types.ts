// The vocabulary of the testing gateway (SPEC §5): who is connecting, where to, what the gateway decided, and the
// audit record it keeps of every connection and request.

/** A tester authenticated by a gateway token, bound to one team in one campaign. */
export type GatewayPrincipal = Readonly<{
  tokenId: string
  userId: string
  username: string
  teamId: string
  campaignId: string
}>

/** Where a client wants to go. `host` is the name it asked for (null when it gave an address), `ip` the address the
 * gateway resolved and will connect to (null before resolution). */
export type GatewayTarget = Readonly<{ host: string | null; ip: string | null; port: number }>

export const REFUSAL_REASONS = [
  'unauthenticated',
  'paused',
  'no_campaign',
  'outside_window',
  'host_out_of_scope',
  'ip_out_of_scope',
  'port_out_of_scope',
  'dns_failed',
  'audit_unavailable',
  'bad_request',
] as const
/** Why the gateway refused: stable codes for records, the monitor and the refusal shown to the tester. */
export type RefusalReason = (typeof REFUSAL_REASONS)[number]

export const REFUSAL_TEXT: Record<RefusalReason, string> = {
  unauthenticated: '未认证：请使用网关令牌 (not authenticated: use your gateway token)',
  paused: '已被监管人员暂停 (paused by a regulator)',
  no_campaign: '令牌所属专项行动不存在或未开放 (the token’s campaign does not exist or is closed)',
  outside_window: '不在集中检测时间窗口内 (outside the campaign’s testing window)',
  host_out_of_scope: '目标不在检测范围内 (target not in the campaign’s scope)',
  ip_out_of_scope: '目标解析到的地址不在检测范围内 (the target resolves to an address outside the scope)',
  port_out_of_scope: '目标端口不在检测范围内 (port not in the asset’s scope)',
  dns_failed: '目标域名无法解析 (the target name does not resolve)',
  audit_unavailable:
    '审计记录暂不可写，网关拒绝新连接 (audit records cannot be written: the gateway refuses new connections)',
  bad_request: '请求格式错误 (malformed request)',
}

export type ScopeMatch = Readonly<{ assetId: string; organisationId: string }>

export type Verdict =
  | Readonly<{ allowed: true; asset: ScopeMatch; ipAsset: ScopeMatch | null }>
  | Readonly<{ allowed: false; reason: RefusalReason; detail: string }>

/** http: a request through the forward proxy; connect / socks: a tunnel; https: a request seen by TLS interception;
 * tunnel-http: a plain HTTP request seen inside a tunnel. */
export const RECORD_CHANNELS = ['http', 'connect', 'socks', 'https', 'tunnel-http'] as const
export type RecordChannel = (typeof RECORD_CHANNELS)[number]

export type RecordVerdict = 'allowed' | 'refused' | 'error'

/** One audited connection or request. Built on the hot path, written in batches. */
export type GatewayRecord = {
  id: string
  /** When it started (epoch ms). */
  at: number
  channel: RecordChannel
  connectionId: string
  clientIp: string
  tokenId: string | null
  userId: string | null
  teamId: string | null
  campaignId: string | null
  host: string | null
  ip: string | null
  port: number | null
  sni: string | null
  method: string | null
  path: string | null
  status: number | null
  bytesUp: number
  bytesDown: number
  durationMs: number
  verdict: RecordVerdict
  reason: string | null
  assetId: string | null
  organisationId: string | null
  ruleHits: string[]
  userAgent: string | null
  /** Classified as manual testing (no scanner signature, human pacing): feeds 人工测试投入. */
  manual: boolean
  /** Counts as one request in the metrics: every HTTP-level record, and tunnels in which none was seen. */
  countsAsRequest: boolean
}

export type ViolationSeverity = 'low' | 'medium' | 'high'

/** A violation (违规行为) seen by the gateway; repeated hits of one rule by one tester on one target within the
 * rule's cool-down are folded into one violation with a hit count. */
export type GatewayViolation = {
  id: string
  campaignId: string
  teamId: string
  userId: string
  ruleId: string
  ruleName: string
  severity: ViolationSeverity
  target: string
  firstAt: number
  lastAt: number
  hitCount: number
  evidence: ViolationEvidence[]
}

export type ViolationEvidence = {
  at: number
  recordId: string | null
  /** The request line or connection the rule saw. */
  request: string
  /** What matched: the pattern's text, or the count over the window. */
  matched: string
}
