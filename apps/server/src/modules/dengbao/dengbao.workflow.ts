// The grading workflow of classified protection (seed 003, SPEC §7) as one pure table: which step leads where, and
// which role takes it. Object-level conditions (own organisation, region subtree, industry regulator) are checked by
// the service; this table decides only whether a step is possible from a status and for a role.
import type { Role } from '../../access/roles'

export const GRADING_STATUSES = [
  'submitted',
  'under_review',
  'reviewed',
  'approved',
  'filed',
  'returned',
] as const
export type TGradingStatus = (typeof GRADING_STATUSES)[number]

export const SYSTEM_STAGES = ['ungraded', ...GRADING_STATUSES] as const
export type TSystemStage = (typeof SYSTEM_STAGES)[number]

export type TGradingAction =
  /** 公安 draws experts at random from the pool (专家评审) */
  | 'draw_experts'
  /** 公安 draws replacements for experts who declined (回避), while the review is open */
  | 'draw_replacement'
  /** the last drawn expert's opinion completes the review (taken by the system, not a person) */
  | 'complete_review'
  /** 主管部门审核 */
  | 'approve'
  /** 公安备案 */
  | 'file'
  /** sent back to the organisation with a reason */
  | 'return'

type Step = {
  action: TGradingAction
  from: readonly TGradingStatus[]
  to: TGradingStatus
  roles: readonly Role[]
}

/**
 * - the police (等保办) return a submission before or during the review, or refuse to file an approved one;
 * - the supervising department returns a reviewed grading instead of approving it. It is the region's regulator
 *   (网信办), or the leader of an organisation flagged as industry regulator (行业主管部门) above the system's
 *   organisation — the service checks the latter.
 */
export const GRADING_STEPS: readonly Step[] = [
  { action: 'draw_experts', from: ['submitted'], to: 'under_review', roles: ['police'] },
  { action: 'draw_replacement', from: ['under_review'], to: 'under_review', roles: ['police'] },
  { action: 'complete_review', from: ['under_review'], to: 'reviewed', roles: [] },
  { action: 'approve', from: ['reviewed'], to: 'approved', roles: ['regulator', 'org_leader'] },
  { action: 'file', from: ['approved'], to: 'filed', roles: ['police'] },
  { action: 'return', from: ['submitted', 'under_review', 'approved'], to: 'returned', roles: ['police'] },
  { action: 'return', from: ['reviewed'], to: 'returned', roles: ['regulator', 'org_leader'] },
]

export const STAGE_LABELS: Record<TSystemStage, string> = {
  ungraded: '未定级',
  submitted: '已自主定级，待专家评审',
  under_review: '专家评审中',
  reviewed: '待主管部门审核',
  approved: '待公安备案',
  filed: '已备案',
  returned: '已退回',
}

const ACTION_LABELS: Record<TGradingAction, string> = {
  draw_experts: '抽取评审专家 (draw experts)',
  draw_replacement: '补抽评审专家 (draw a replacement expert)',
  complete_review: '完成专家评审 (complete the review)',
  approve: '主管部门审核 (approve)',
  file: '公安备案 (file)',
  return: '退回 (return)',
}

/** The status after `action`, or why it is refused: a wrong status, or a role that may not take the step there. */
export function gradingTransition(
  status: TGradingStatus,
  action: TGradingAction,
  role: Role | 'system',
): { ok: true; to: TGradingStatus } | { ok: false; reason: 'status' | 'role'; message: string } {
  const fromHere = GRADING_STEPS.filter((step) => step.action === action && step.from.includes(status))
  if (fromHere.length === 0)
    return {
      ok: false,
      reason: 'status',
      message: `当前状态“${STAGE_LABELS[status]}”不能${ACTION_LABELS[action]} (not possible while ${status})`,
    }
  const step = fromHere.find((s) => (role === 'system' ? s.roles.length === 0 : s.roles.includes(role)))
  if (!step)
    return {
      ok: false,
      reason: 'role',
      message: `您的角色不能在“${STAGE_LABELS[status]}”阶段${ACTION_LABELS[action]} (your role may not take this step now)`,
    }
  return { ok: true, to: step.to }
}

/** Whether the organisation may start a new grading round: none yet, the last one was returned, or it was filed and
 * the system changed (回头看). A round in progress must finish first. Once a system has a filing, every new round
 * needs the reason for the change. */
export function canStartGrading(
  stage: TSystemStage,
  hasFiling: boolean,
): { ok: true; needsChangeReason: boolean } | { ok: false } {
  if (stage === 'ungraded' || stage === 'returned' || stage === 'filed')
    return { ok: true, needsChangeReason: hasFiling }
  return { ok: false }
}
