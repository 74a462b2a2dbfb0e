import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { ROLES, type Role } from '../../access/roles'
import { AppError } from '../../http/errors'
import {
  applyTransition,
  availableActions,
  FINAL_STATUSES,
  FINDING_ACTIONS,
  FINDING_STATUSES,
  type FindingAction,
  type TransitionInput,
  type WorkflowFinding,
} from './findings.workflow'

const T0 = new Date('2022-05-16T02:00:00Z')
const NOW = new Date('2022-05-17T03:00:00Z')

const fresh = (over: Partial<WorkflowFinding> = {}): WorkflowFinding => ({
  status: 'submitted',
  appeal: null,
  organisationId: 'org-1',
  severity: 'high',
  submittedAt: T0,
  rectificationSubmittedAt: null,
  notFixedRetests: 0,
  ...over,
})

const reviewer = { userId: 'u-reviewer', role: 'reviewer' as const }
const liaison = { userId: 'u-liaison', role: 'org_liaison' as const }
const retester = { userId: 'u-retester', role: 'retester' as const }

/** A valid input for every action (the tests change what they need). */
const INPUTS: { [A in FindingAction]: TransitionInput[A] } = {
  verify: {},
  reject: { reason: '无法复现' },
  mark_duplicate: { duplicateOfId: 'f-0', duplicateOfSubmittedAt: new Date(T0.getTime() - 1000) },
  notify: {},
  submit_rectification: {},
  retest_fixed: {},
  retest_not_fixed: { reason: '仍可访问' },
  appeal: { reason: '非我单位资产', ground: 'not_our_asset' },
  uphold_appeal: { reason: '经核实属于该单位' },
  withdraw: { reason: '误报' },
}

function errorOf(fn: () => unknown): AppError {
  try {
    fn()
  } catch (error) {
    if (error instanceof AppError) return error
    throw error
  }
  throw new Error('expected an AppError')
}

/** Applies the patch to the finding, as the service does. */
function step(f: WorkflowFinding, action: FindingAction, role: Role | 'system', now = NOW): WorkflowFinding {
  const { patch } = applyTransition(f, action, { userId: 'u', role }, INPUTS[action], now)
  return { ...f, ...patch } as WorkflowFinding
}

describe('the happy path of SPEC §3', () => {
  test('submitted → verified → notified → rectification_submitted → fixed, recording the times scoring reads', () => {
    let f = fresh()
    const verified = applyTransition(f, 'verify', reviewer, {}, NOW)
    expect(verified.patch).toMatchObject({ status: 'verified', verifiedAt: NOW, verifiedBy: 'u-reviewer' })
    expect(verified.event).toMatchObject({ action: 'verify', fromStatus: 'submitted', toStatus: 'verified' })
    f = { ...f, ...verified.patch } as WorkflowFinding

    const issued = new Date('2022-05-17T04:00:00Z')
    const notified = applyTransition(
      f,
      'notify',
      { userId: null, role: 'system' },
      { notifiedAt: issued },
      NOW,
    )
    expect(notified.patch).toEqual({ status: 'notified', notifiedAt: issued })
    f = { ...f, ...notified.patch } as WorkflowFinding

    const report = new Date('2022-05-17T20:00:00Z')
    const rectified = applyTransition(f, 'submit_rectification', liaison, { submittedAt: report }, NOW)
    expect(rectified.patch).toEqual({ status: 'rectification_submitted', rectificationSubmittedAt: report })
    f = { ...f, ...rectified.patch } as WorkflowFinding

    const later = new Date('2022-05-19T09:00:00Z')
    const fixed = applyTransition(f, 'retest_fixed', retester, {}, later)
    // Fix time is the report's time, not the re-test's.
    expect(fixed.patch).toEqual({ status: 'fixed', fixedAt: report })
    expect(fixed.event.at).toEqual(later)
  })

  test('a failed re-test returns the finding and counts; the organisation rectifies again', () => {
    let f = step(step(fresh(), 'verify', 'reviewer'), 'notify', 'reviewer')
    f = step(f, 'submit_rectification', 'org_liaison')
    const returned = applyTransition(f, 'retest_not_fixed', retester, { reason: '漏洞仍存在' }, NOW)
    expect(returned.patch).toEqual({ status: 'returned', notFixedRetests: 1 })
    expect(returned.event.note).toEqual({ reason: '漏洞仍存在' })
    f = { ...f, ...returned.patch } as WorkflowFinding
    f = step(f, 'submit_rectification', 'org_liaison')
    f = step(f, 'retest_not_fixed', 'retester')
    expect(f.notFixedRetests).toBe(2)
    expect(f.status).toBe('returned')
  })
})

describe('review', () => {
  test('reject and retest_not_fixed need a reason', () => {
    const e = errorOf(() => applyTransition(fresh(), 'reject', reviewer, { reason: '  ' }, NOW))
    expect(e.code).toBe('VALIDATION_FAILED')
    const ok = applyTransition(fresh(), 'reject', reviewer, { reason: '无法复现' }, NOW)
    expect(ok.patch).toEqual({ status: 'rejected', rejectedAt: NOW })
    expect(ok.event.note).toEqual({ reason: '无法复现' })
  })

  test('verifying a finding whose target matched no organisation needs one', () => {
    const e = errorOf(() => applyTransition(fresh({ organisationId: null }), 'verify', reviewer, {}, NOW))
    expect(e.code).toBe('VALIDATION_FAILED')
    const ok = applyTransition(
      fresh({ organisationId: null }),
      'verify',
      reviewer,
      { organisationId: 'o-2' },
      NOW,
    )
    expect(ok.patch.organisationId).toBe('o-2')
  })

  test('a severity adjustment at verification needs a reason and is recorded', () => {
    expect(
      errorOf(() => applyTransition(fresh(), 'verify', reviewer, { severity: 'medium' }, NOW)).code,
    ).toBe('VALIDATION_FAILED')
    const ok = applyTransition(
      fresh(),
      'verify',
      reviewer,
      { severity: 'medium', severityReason: '需登录' },
      NOW,
    )
    expect(ok.patch).toMatchObject({
      severity: 'medium',
      severitySource: 'reviewer',
      severityReason: '需登录',
    })
    expect(ok.event.note).toMatchObject({ severity: ['high', 'medium'] })
    // The same severity is no adjustment.
    expect(
      applyTransition(fresh(), 'verify', reviewer, { severity: 'high' }, NOW).patch.severity,
    ).toBeUndefined()
  })

  test('a duplicate must point at an earlier submission (the first valid one keeps the credit)', () => {
    const later = new Date(T0.getTime() + 60_000)
    const e = errorOf(() =>
      applyTransition(
        fresh(),
        'mark_duplicate',
        reviewer,
        { duplicateOfId: 'f-2', duplicateOfSubmittedAt: later },
        NOW,
      ),
    )
    expect(e.code).toBe('VALIDATION_FAILED')
    const ok = applyTransition(fresh(), 'mark_duplicate', reviewer, INPUTS.mark_duplicate, NOW)
    expect(ok.patch).toEqual({ status: 'duplicate', duplicateOfId: 'f-0' })
  })
})

describe('appeals (申诉)', () => {
  const notified = () => step(step(fresh(), 'verify', 'reviewer'), 'notify', 'reviewer')

  test('an organisation appeals a notified finding; a reviewer upholds it; no second appeal', () => {
    const appealed = step(notified(), 'appeal', 'org_liaison')
    expect(appealed).toMatchObject({ status: 'notified', appeal: 'pending' })
    expect(errorOf(() => step(appealed, 'appeal', 'org_liaison')).code).toBe('ILLEGAL_TRANSITION')
    const upheld = step(appealed, 'uphold_appeal', 'reviewer')
    expect(upheld).toMatchObject({ status: 'notified', appeal: 'upheld' })
    expect(errorOf(() => step(upheld, 'appeal', 'org_liaison')).code).toBe('ILLEGAL_TRANSITION')
    expect(errorOf(() => step(upheld, 'withdraw', 'reviewer')).code).toBe('ILLEGAL_TRANSITION')
  })

  test('granting an appeal withdraws the finding', () => {
    const withdrawn = step(step(notified(), 'appeal', 'org_liaison'), 'withdraw', 'reviewer')
    expect(withdrawn).toMatchObject({ status: 'withdrawn', appeal: 'granted', withdrawnAt: NOW })
  })

  test('a returned finding may be appealed too', () => {
    let f = step(notified(), 'submit_rectification', 'org_liaison')
    f = step(f, 'retest_not_fixed', 'retester')
    expect(step(f, 'appeal', 'org_liaison').appeal).toBe('pending')
  })

  test('a notified finding without an appeal cannot be withdrawn or upheld', () => {
    expect(errorOf(() => step(notified(), 'withdraw', 'reviewer')).code).toBe('ILLEGAL_TRANSITION')
    expect(errorOf(() => step(notified(), 'uphold_appeal', 'reviewer')).code).toBe('ILLEGAL_TRANSITION')
  })
})

describe('refusals', () => {
  test('an illegal transition names the state and the action', () => {
    const e = errorOf(() => applyTransition(fresh(), 'retest_fixed', retester, {}, NOW))
    expect(e.code).toBe('ILLEGAL_TRANSITION')
    expect(e.status).toBe(409)
    expect(e.message).toContain('submitted')
    expect(e.message).toContain('retest_fixed')
    expect(e.details).toMatchObject({ state: 'submitted', action: 'retest_fixed' })
  })

  test('a legal transition by the wrong role is forbidden, not illegal', () => {
    expect(errorOf(() => applyTransition(fresh(), 'verify', liaison, {}, NOW)).code).toBe('FORBIDDEN')
    expect(
      errorOf(() => applyTransition(fresh(), 'verify', { userId: 't', role: 'tester' }, {}, NOW)).code,
    ).toBe('FORBIDDEN')
  })

  test('finished states allow nothing', () => {
    for (const status of FINAL_STATUSES)
      for (const action of FINDING_ACTIONS)
        expect(errorOf(() => step(fresh({ status }), action, 'system')).code).toBe('ILLEGAL_TRANSITION')
  })

  test('every (state, action) pair is either allowed for someone or refused as illegal', () => {
    for (const status of FINDING_STATUSES)
      for (const appeal of [null, 'pending', 'upheld'] as const)
        for (const action of FINDING_ACTIONS) {
          const f = fresh({ status, appeal, rectificationSubmittedAt: T0 })
          const someone = ROLES.some((role) => availableActions(f, role).includes(action))
          let outcome: string
          try {
            step(f, action, 'system')
            outcome = 'ok'
          } catch (error) {
            outcome = (error as AppError).code
          }
          expect(outcome, `${status}/${appeal}/${action}`).toBe(someone ? 'ok' : 'ILLEGAL_TRANSITION')
        }
  })
})

describe('properties', () => {
  const actionArb = fc.constantFrom(...FINDING_ACTIONS)
  const roleArb = fc.constantFrom<Role | 'system'>(...ROLES, 'system')

  test('any sequence of attempts keeps the finding consistent', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(actionArb, roleArb), { maxLength: 40 }), (attempts) => {
        let f = fresh()
        let time = T0.getTime()
        for (const [action, role] of attempts) {
          time += 3_600_000
          try {
            f = step(f, action, role, new Date(time))
          } catch (error) {
            expect(error).toBeInstanceOf(AppError)
            expect(['ILLEGAL_TRANSITION', 'FORBIDDEN']).toContain((error as AppError).code)
            continue
          }
          // Invariants of the states the scoring reads.
          const g = f as WorkflowFinding & { fixedAt?: Date; notifiedAt?: Date; verifiedAt?: Date }
          if (f.status === 'fixed') expect(g.fixedAt).toEqual(f.rectificationSubmittedAt)
          if (['notified', 'rectification_submitted', 'returned', 'fixed'].includes(f.status)) {
            expect(g.verifiedAt).toBeInstanceOf(Date)
            expect(g.notifiedAt).toBeInstanceOf(Date)
          }
          if (f.appeal !== null)
            expect(['notified', 'returned', 'rectification_submitted', 'fixed', 'withdrawn']).toContain(
              f.status,
            )
          if (f.status === 'returned') expect(f.notFixedRetests).toBeGreaterThan(0)
        }
      }),
      { numRuns: 500 },
    )
  })

  test('people only take the steps availableActions offers them', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FINDING_STATUSES),
        fc.constantFrom(null, 'pending', 'upheld'),
        fc.constantFrom(...ROLES),
        actionArb,
        (status, appeal, role, action) => {
          const f = fresh({ status, appeal, rectificationSubmittedAt: T0 })
          const offered = availableActions(f, role).includes(action)
          let ok = true
          try {
            step(f, action, role)
          } catch {
            ok = false
          }
          expect(ok).toBe(offered)
        },
      ),
    )
  })
})
