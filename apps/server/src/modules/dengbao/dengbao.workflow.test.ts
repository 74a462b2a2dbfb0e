import { describe, expect, test } from 'vitest'
import { ROLES } from '../../access/roles'
import { canStartGrading, gradingTransition, GRADING_STATUSES, type TGradingAction } from './dengbao.workflow'

describe('the grading workflow table', () => {
  test('the happy path, each step by its role', () => {
    expect(gradingTransition('submitted', 'draw_experts', 'police')).toEqual({ ok: true, to: 'under_review' })
    expect(gradingTransition('under_review', 'complete_review', 'system')).toEqual({
      ok: true,
      to: 'reviewed',
    })
    expect(gradingTransition('reviewed', 'approve', 'regulator')).toEqual({ ok: true, to: 'approved' })
    expect(gradingTransition('reviewed', 'approve', 'org_leader')).toEqual({ ok: true, to: 'approved' })
    expect(gradingTransition('approved', 'file', 'police')).toEqual({ ok: true, to: 'filed' })
  })

  test('returns: the police before or during review and instead of filing, the approver instead of approving', () => {
    for (const status of ['submitted', 'under_review', 'approved'] as const) {
      expect(gradingTransition(status, 'return', 'police')).toEqual({ ok: true, to: 'returned' })
      expect(gradingTransition(status, 'return', 'regulator')).toMatchObject({ ok: false, reason: 'role' })
    }
    expect(gradingTransition('reviewed', 'return', 'regulator')).toEqual({ ok: true, to: 'returned' })
    expect(gradingTransition('reviewed', 'return', 'police')).toMatchObject({ ok: false, reason: 'role' })
    expect(gradingTransition('filed', 'return', 'police')).toMatchObject({ ok: false, reason: 'status' })
    expect(gradingTransition('returned', 'return', 'police')).toMatchObject({ ok: false, reason: 'status' })
  })

  test('every other combination is refused, and nobody acts for the system', () => {
    const allowed = new Set([
      'submitted draw_experts police',
      'under_review complete_review system',
      'reviewed approve regulator',
      'reviewed approve org_leader',
      'approved file police',
      'submitted return police',
      'under_review return police',
      'approved return police',
      'reviewed return regulator',
      'reviewed return org_leader',
    ])
    const actions: TGradingAction[] = ['draw_experts', 'complete_review', 'approve', 'file', 'return']
    let refused = 0
    for (const status of GRADING_STATUSES)
      for (const action of actions)
        for (const role of [...ROLES, 'system' as const]) {
          const result = gradingTransition(status, action, role)
          expect(result.ok, `${status} ${action} ${role}`).toBe(allowed.has(`${status} ${action} ${role}`))
          if (!result.ok) {
            refused++
            expect(result.message).toMatch(/\(.+\)/)
          }
        }
    expect(refused).toBe(GRADING_STATUSES.length * actions.length * (ROLES.length + 1) - allowed.size)
  })

  test('a new round starts when there is none in progress; after a filing it needs a reason (回头看)', () => {
    expect(canStartGrading('ungraded', false)).toEqual({ ok: true, needsChangeReason: false })
    expect(canStartGrading('returned', false)).toEqual({ ok: true, needsChangeReason: false })
    expect(canStartGrading('returned', true)).toEqual({ ok: true, needsChangeReason: true })
    expect(canStartGrading('filed', true)).toEqual({ ok: true, needsChangeReason: true })
    for (const stage of ['submitted', 'under_review', 'reviewed', 'approved'] as const)
      expect(canStartGrading(stage, true)).toEqual({ ok: false })
  })
})
