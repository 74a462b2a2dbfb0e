// Rows of the gateway tables as API objects (dates as ISO strings; the token hash never leaves the server).
import type { gatewayPauses, gatewayTokens, gatewayViolations } from '../../db/schema'
import type { TGatewayPause, TGatewayRecord, TGatewayToken, TGatewayViolation } from './gateway.schemas'
import type { PackedRecord } from './record-packs'

type TokenRow = typeof gatewayTokens.$inferSelect
type ViolationRow = typeof gatewayViolations.$inferSelect
type PauseRow = typeof gatewayPauses.$inferSelect

export function presentToken(row: TokenRow, user: { username: string; displayName: string }): TGatewayToken {
  return {
    id: row.id,
    userId: row.userId,
    username: user.username,
    displayName: user.displayName,
    teamId: row.teamId,
    campaignId: row.campaignId,
    hint: `wgt_${row.hint}…`,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revokeReason: row.revokeReason,
    replacedBy: row.replacedBy,
  }
}

/** A record of a pack, with the pack's tester, team and campaign. */
export type PackOwner = {
  userId: string | null
  username: string | null
  teamId: string | null
  campaignId: string | null
}

export function presentRecord(r: PackedRecord, owner: PackOwner): TGatewayRecord {
  return {
    id: r.id,
    at: new Date(r.at).toISOString(),
    channel: r.channel,
    connectionId: r.connectionId,
    clientIp: r.clientIp,
    userId: owner.userId,
    username: owner.username,
    teamId: owner.teamId,
    campaignId: owner.campaignId,
    host: r.host,
    ip: r.ip,
    port: r.port,
    sni: r.sni,
    method: r.method,
    path: r.path,
    status: r.status,
    bytesUp: r.bytesUp,
    bytesDown: r.bytesDown,
    durationMs: r.durationMs,
    verdict: r.verdict,
    reason: r.reason,
    assetId: r.assetId,
    organisationId: r.organisationId,
    ruleHits: r.ruleHits,
    userAgent: r.userAgent,
    isManual: r.manual,
    countsAsRequest: r.countsAsRequest,
  }
}

export const RECORD_EXPORT_COLUMNS = [
  '时间 time (UTC)',
  '通道 channel',
  '检测人员 tester',
  '检测队 team',
  '客户端 client',
  '目标主机 host',
  '目标地址 ip',
  '端口 port',
  'SNI',
  '方法 method',
  '路径 path',
  '状态 status',
  '上行字节 bytes up',
  '下行字节 bytes down',
  '耗时 ms',
  '结论 verdict',
  '原因 reason',
  '资产 asset',
  '命中规则 rule hits',
  'User-Agent',
  '人工 manual',
  '记录编号 record id',
]

/** A spreadsheet cell that starts with = + - @ would be a formula in Excel: hostile text is prefixed to stay text. */
function cell(value: string | null): string {
  if (value === null) return ''
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

export function recordExportRow(r: TGatewayRecord): (string | number)[] {
  return [
    r.at,
    r.channel,
    cell(r.username),
    r.teamId ?? '',
    r.clientIp,
    cell(r.host),
    r.ip ?? '',
    r.port ?? '',
    cell(r.sni),
    cell(r.method),
    cell(r.path),
    r.status ?? '',
    r.bytesUp,
    r.bytesDown,
    r.durationMs,
    r.verdict,
    cell(r.reason),
    r.assetId ?? '',
    r.ruleHits.join(' '),
    cell(r.userAgent),
    r.isManual ? 'yes' : 'no',
    r.id,
  ]
}

export function presentViolation(
  row: ViolationRow,
  username: string | null,
  teamName: string | null,
): TGatewayViolation {
  return {
    id: row.id,
    campaignId: row.campaignId,
    teamId: row.teamId,
    teamName,
    userId: row.userId,
    username,
    ruleId: row.ruleId,
    ruleName: row.ruleName,
    severity: row.severity,
    target: row.target,
    firstAt: row.firstAt.toISOString(),
    lastAt: row.lastAt.toISOString(),
    hitCount: row.hitCount,
    evidence: (row.evidence as TGatewayViolation['evidence']) ?? [],
    status: row.status,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decisionNote: row.decisionNote,
    version: row.version,
  }
}

export function presentPause(row: PauseRow, connectionsClosed: number | null): TGatewayPause {
  return {
    id: row.id,
    campaignId: row.campaignId,
    subject: row.subject,
    teamId: row.teamId,
    userId: row.userId,
    reason: row.reason,
    pausedBy: row.pausedBy,
    pausedAt: row.pausedAt.toISOString(),
    resumedBy: row.resumedBy,
    resumedAt: row.resumedAt?.toISOString() ?? null,
    connectionsClosed,
  }
}
