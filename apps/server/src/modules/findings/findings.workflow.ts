// The finding workflow (SPEC §3 diagram) as one pure module: which action leads from which state to which, who may
// take it, what it needs and what it records. Services load the finding, call applyTransition and write the patch
// and the event it returns; nothing here reads a clock, a database or a session.
//
//   submitted ──verify──> verified ──notify──> notified ──submit_rectification──> rectification_submitted
//       │                    │                    ^   │                                  │
//       ├─reject──> rejected │                    │   └─(appeal: pending → upheld | withdraw)
//       └─mark_duplicate──> duplicate             └──── returned <──retest_not_fixed─────┤
//                            └─withdraw─> withdrawn                    retest_fixed ──> fixed
import type { Role } from '../../access/roles'
import { AppError } from '../../http/errors'

export const FINDING_STATUSES = [
  'submitted',
  'verified',
  'rejected',
  'duplicate',
  'notified',
  'rectification_submitted',
  'returned',
  'fixed',
  'withdrawn',
] as const
export type FindingStatus = (typeof FINDING_STATUSES)[number]

export const FINDING_ACTIONS = [
  'verify',
  'reject',
  'mark_duplicate',
  'notify',
  'submit_rectification',
  'retest_fixed',
  'retest_not_fixed',
  'appeal',
  'uphold_appeal',
  'withdraw',
] as const
export type FindingAction = (typeof FINDING_ACTIONS)[number]

export type FindingSeverity = 'critical' | 'high' | 'medium' | 'low'
export type AppealState = 'pending' | 'upheld' | 'granted' | null
export type AppealGround = 'not_our_asset' | 'false_positive' | 'other'

/** What the state machine needs to know about a finding. */
export type WorkflowFinding = Readonly<{
  status: FindingStatus
  appeal: AppealState
  organisationId: string | null
  severity: FindingSeverity
  submittedAt: Date
  rectificationSubmittedAt: Date | null
  notFixedRetests: number
}>

export type WorkflowActor = Readonly<{ userId: string | null; role: Role | 'system' }>

/** What each action takes. Reasons are required where the diagram says "with reason". */
export type TransitionInput = {
  verify: {
    severity?: FindingSeverity
    severityReason?: string
    /** Required when the finding has no organisation yet (its target matched no asset). */
    organisationId?: string
    note?: string
  }
  reject: { reason: string }
  mark_duplicate: {
    duplicateOfId: string
    /** The original's submission time: the first valid submission keeps the credit. */
    duplicateOfSubmittedAt: Date
    reason?: string
  }
  /** `notifiedAt` is the issue time of the notice (defaults to now); `notificationId` names it. */
  notify: { notifiedAt?: Date; notificationId?: string }
  /** `submittedAt` is the time of the rectification report (defaults to now). */
  submit_rectification: { submittedAt?: Date; reportId?: string; note?: string }
  retest_fixed: { note?: string }
  retest_not_fixed: { reason: string }
  appeal: { reason: string; ground: AppealGround }
  uphold_appeal: { reason: string }
  withdraw: { reason: string }
}

/** The columns a transition changes. */
export type FindingPatch = Partial<{
  status: FindingStatus
  appeal: AppealState
  organisationId: string
  severity: FindingSeverity
  severitySource: 'reviewer'
  severityReason: string
  duplicateOfId: string
  verifiedAt: Date
  verifiedBy: string | null
  rejectedAt: Date
  notifiedAt: Date
  rectificationSubmittedAt: Date
  fixedAt: Date
  notFixedRetests: number
  withdrawnAt: Date
}>

export type FindingEvent = {
  action: FindingAction
  at: Date
  actorId: string | null
  actorRole: Role | 'system'
  fromStatus: FindingStatus
  toStatus: FindingStatus
  note: Record<string, unknown>
}

type Rule = {
  from: readonly FindingStatus[]
  /** The state after the action; `same` keeps the status (appeal steps). */
  to: FindingStatus | 'same'
  roles: readonly Role[]
  /** An extra condition on the appeal sub-state. */
  appeal?: 'none' | 'pending'
}

const REVIEW: readonly Role[] = ['reviewer']
const ORGANISATION: readonly Role[] = ['org_liaison']

/** The transition table. `system` (jobs, the CLI) may take every step; people only the roles listed. */
export const TRANSITIONS: Readonly<Record<FindingAction, readonly Rule[]>> = {
  verify: [{ from: ['submitted'], to: 'verified', roles: REVIEW }],
  reject: [{ from: ['submitted'], to: 'rejected', roles: REVIEW }],
  mark_duplicate: [{ from: ['submitted'], to: 'duplicate', roles: REVIEW }],
  // 通报: the notification module issues notices; a reviewer or the regulator signs them.
  notify: [{ from: ['verified'], to: 'notified', roles: ['reviewer', 'regulator'] }],
  submit_rectification: [
    { from: ['notified', 'returned'], to: 'rectification_submitted', roles: ORGANISATION },
  ],
  retest_fixed: [{ from: ['rectification_submitted'], to: 'fixed', roles: ['retester'] }],
  retest_not_fixed: [{ from: ['rectification_submitted'], to: 'returned', roles: ['retester'] }],
  appeal: [{ from: ['notified', 'returned'], to: 'same', roles: ORGANISATION, appeal: 'none' }],
  uphold_appeal: [{ from: ['notified', 'returned'], to: 'same', roles: REVIEW, appeal: 'pending' }],
  withdraw: [
    // A reviewer takes back a verified finding before it is notified…
    { from: ['verified'], to: 'withdrawn', roles: REVIEW },
    // …and afterwards only by granting the organisation's appeal.
    { from: ['notified', 'returned'], to: 'withdrawn', roles: REVIEW, appeal: 'pending' },
  ],
}

export const STATUS_LABELS: Readonly<Record<FindingStatus, string>> = {
  submitted: '待审核',
  verified: '已确认',
  rejected: '已驳回',
  duplicate: '重复',
  notified: '已通报',
  rectification_submitted: '已提交整改',
  returned: '退回整改',
  fixed: '已修复',
  withdrawn: '已撤销',
}

export const ACTION_LABELS: Readonly<Record<FindingAction, string>> = {
  verify: '确认',
  reject: '驳回',
  mark_duplicate: '标记重复',
  notify: '通报',
  submit_rectification: '提交整改报告',
  retest_fixed: '复测通过',
  retest_not_fixed: '复测未通过',
  appeal: '申诉',
  uphold_appeal: '维持原判',
  withdraw: '撤销',
}

/** Finished states: nothing more happens to the finding. */
export const FINAL_STATUSES: readonly FindingStatus[] = ['rejected', 'duplicate', 'fixed', 'withdrawn']

function illegal(finding: WorkflowFinding, action: FindingAction, why?: string): AppError {
  const appeal = finding.appeal === 'pending' ? '（申诉处理中 appeal pending）' : ''
  return new AppError(
    'ILLEGAL_TRANSITION',
    `漏洞当前状态为“${STATUS_LABELS[finding.status]}”${appeal}，不能执行“${ACTION_LABELS[action]}” ` +
      `(cannot ${action} a finding in state ${finding.status}${finding.appeal ? `, appeal ${finding.appeal}` : ''}` +
      `${why ? `: ${why}` : ''})`,
    { state: finding.status, appeal: finding.appeal, action },
  )
}

function requireReason(reason: string | undefined, path = 'body.reason'): string {
  const trimmed = reason?.trim() ?? ''
  if (!trimmed)
    throw new AppError('VALIDATION_FAILED', `${path}: 须填写理由 (a reason is required)`, [
      { path, message: '须填写理由 (a reason is required)' },
    ])
  return trimmed
}

/** The actions a role could take on the finding now (for the UI's buttons). */
export function availableActions(finding: WorkflowFinding, role: Role): FindingAction[] {
  return FINDING_ACTIONS.filter((action) => ruleFor(finding, action, role) !== null)
}

function ruleFor(finding: WorkflowFinding, action: FindingAction, role: Role | 'system'): Rule | null {
  for (const rule of TRANSITIONS[action]) {
    if (!rule.from.includes(finding.status)) continue
    if (rule.appeal === 'none' && finding.appeal !== null) continue
    if (rule.appeal === 'pending' && finding.appeal !== 'pending') continue
    if (role !== 'system' && !rule.roles.includes(role)) continue
    return rule
  }
  return null
}

/**
 * Applies `action` to `finding`: the columns to change and the event to record, or an error —
 * ILLEGAL_TRANSITION (409) naming the state and the action, FORBIDDEN when the state allows the action but not for
 * this role, VALIDATION_FAILED for a missing reason or organisation.
 */
export function applyTransition<A extends FindingAction>(
  finding: WorkflowFinding,
  action: A,
  actor: WorkflowActor,
  input: TransitionInput[A],
  now: Date,
): { patch: FindingPatch; event: FindingEvent } {
  const possible = TRANSITIONS[action].some(
    (rule) =>
      rule.from.includes(finding.status) &&
      (rule.appeal === undefined ||
        (rule.appeal === 'none' ? finding.appeal === null : finding.appeal === 'pending')),
  )
  if (!possible) throw illegal(finding, action)
  const rule = ruleFor(finding, action, actor.role)
  if (!rule)
    throw new AppError(
      'FORBIDDEN',
      `您的角色不能对此漏洞执行“${ACTION_LABELS[action]}” (your role may not ${action} this finding)`,
    )
  const toStatus = rule.to === 'same' ? finding.status : rule.to
  const patch: FindingPatch = rule.to === 'same' ? {} : { status: toStatus }
  const note: Record<string, unknown> = {}
  const typed = input as TransitionInput[FindingAction]

  switch (action) {
    case 'verify': {
      const i = typed as TransitionInput['verify']
      if (!finding.organisationId && !i.organisationId)
        throw new AppError(
          'VALIDATION_FAILED',
          'body.organisationId: 目标未匹配到单位，确认时须指定所属单位 (the target matched no organisation: name it to verify)',
          [{ path: 'body.organisationId', message: '须指定所属单位 (name the organisation)' }],
        )
      if (i.organisationId && i.organisationId !== finding.organisationId) {
        patch.organisationId = i.organisationId
        note.organisationId = i.organisationId
      }
      if (i.severity && i.severity !== finding.severity) {
        patch.severity = i.severity
        patch.severitySource = 'reviewer'
        patch.severityReason = requireReason(i.severityReason, 'body.severityReason')
        note.severity = [finding.severity, i.severity]
        note.severityReason = patch.severityReason
      }
      if (i.note?.trim()) note.note = i.note.trim()
      patch.verifiedAt = now
      patch.verifiedBy = actor.userId
      break
    }
    case 'reject':
      note.reason = requireReason((typed as TransitionInput['reject']).reason)
      patch.rejectedAt = now
      break
    case 'mark_duplicate': {
      const i = typed as TransitionInput['mark_duplicate']
      if (i.duplicateOfSubmittedAt.getTime() > finding.submittedAt.getTime())
        throw new AppError(
          'VALIDATION_FAILED',
          'body.duplicateOfId: 只能标记为更早提交的漏洞的重复 (the first valid submission keeps the credit: name an earlier finding)',
          [{ path: 'body.duplicateOfId', message: '须为更早提交的漏洞 (must be an earlier submission)' }],
        )
      patch.duplicateOfId = i.duplicateOfId
      note.duplicateOfId = i.duplicateOfId
      if (i.reason?.trim()) note.reason = i.reason.trim()
      break
    }
    case 'notify': {
      const i = typed as TransitionInput['notify']
      patch.notifiedAt = i.notifiedAt ?? now
      note.notifiedAt = patch.notifiedAt.toISOString()
      if (i.notificationId) note.notificationId = i.notificationId
      break
    }
    case 'submit_rectification': {
      const i = typed as TransitionInput['submit_rectification']
      patch.rectificationSubmittedAt = i.submittedAt ?? now
      note.submittedAt = patch.rectificationSubmittedAt.toISOString()
      if (i.reportId) note.reportId = i.reportId
      if (i.note?.trim()) note.note = i.note.trim()
      break
    }
    case 'retest_fixed': {
      const i = typed as TransitionInput['retest_fixed']
      if (!finding.rectificationSubmittedAt) throw illegal(finding, action, 'no rectification report')
      // Fix time = the time of the rectification report that this re-test confirms (SPEC §3).
      patch.fixedAt = finding.rectificationSubmittedAt
      note.fixedAt = patch.fixedAt.toISOString()
      if (i.note?.trim()) note.note = i.note.trim()
      break
    }
    case 'retest_not_fixed':
      note.reason = requireReason((typed as TransitionInput['retest_not_fixed']).reason)
      patch.notFixedRetests = finding.notFixedRetests + 1
      break
    case 'appeal': {
      const i = typed as TransitionInput['appeal']
      note.reason = requireReason(i.reason)
      note.ground = i.ground
      patch.appeal = 'pending'
      break
    }
    case 'uphold_appeal':
      note.reason = requireReason((typed as TransitionInput['uphold_appeal']).reason)
      patch.appeal = 'upheld'
      break
    case 'withdraw':
      note.reason = requireReason((typed as TransitionInput['withdraw']).reason)
      patch.withdrawnAt = now
      if (finding.appeal === 'pending') {
        // Granting the appeal closes it: the finding leaves every score.
        patch.appeal = 'granted'
      }
      break
  }
  return {
    patch,
    event: {
      action,
      at: now,
      actorId: actor.userId,
      actorRole: actor.role,
      fromStatus: finding.status,
      toStatus,
      note,
    },
  }
}
