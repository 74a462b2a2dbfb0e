import { describe, expect, test } from 'vitest'
import {
  assessmentDue,
  daysBetween,
  defaultEffectiveDeadlines,
  dueItemsOfSystem,
  shanghaiDate,
  type TDueSystem,
} from './dengbao-due'

const deadlines = defaultEffectiveDeadlines(2026)
const system = (overrides: Partial<TDueSystem>): TDueSystem => ({
  systemId: '00000000-0000-4000-8000-000000000001',
  systemName: '门户网站',
  organisationId: '00000000-0000-4000-8000-000000000002',
  filedLevel: null,
  proposedLevel: null,
  assessedOn: [],
  openRectification: [],
  ...overrides,
})

describe('what is due (seed 003 一、工作目标)', () => {
  test('an unfiled system owes its grading and filing by 31 August; the day itself is on time', () => {
    const [onTheDay] = dueItemsOfSystem(system({}), deadlines, '2026-08-31')
    expect(onTheDay).toMatchObject({
      kind: 'grading_filing',
      dueOn: '2026-08-31',
      isOverdue: false,
      daysLeft: 0,
    })
    const [dayAfter] = dueItemsOfSystem(system({}), deadlines, '2026-09-01')
    expect(dayAfter).toMatchObject({ isOverdue: true, daysLeft: -1 })
    expect(dueItemsOfSystem(system({ filedLevel: 2 }), deadlines, '2026-09-01')).toEqual([])
  })

  test('level 3 and above: assessed once a year by 31 October, counting from the level proposed before filing', () => {
    expect(assessmentDue(system({ filedLevel: 3 }), deadlines)).toBe('2026-10-31')
    expect(assessmentDue(system({ proposedLevel: 4 }), deadlines)).toBe('2026-10-31')
    expect(assessmentDue(system({ filedLevel: 3, assessedOn: ['2025-12-20'] }), deadlines)).toBe('2026-10-31')
    expect(assessmentDue(system({ filedLevel: 3, assessedOn: ['2026-03-01'] }), deadlines)).toBeNull()
    const items = dueItemsOfSystem(system({ filedLevel: 3 }), deadlines, '2026-11-01')
    expect(items).toEqual([expect.objectContaining({ kind: 'assessment', isOverdue: true, daysLeft: -1 })])
  })

  test('level 2 only on the region’s cycle; level 1 never', () => {
    expect(assessmentDue(system({ filedLevel: 2 }), deadlines)).toBeNull()
    const every24 = { ...deadlines, level2IntervalMonths: 24 }
    expect(assessmentDue(system({ filedLevel: 2 }), every24)).toBe('2026-10-31')
    expect(assessmentDue(system({ filedLevel: 2, assessedOn: ['2024-05-31'] }), every24)).toBe('2026-05-31')
    expect(assessmentDue(system({ filedLevel: 2, assessedOn: ['2025-05-31'] }), every24)).toBeNull()
    expect(assessmentDue(system({ filedLevel: 1 }), every24)).toBeNull()
  })

  test('each open rectification item by its own deadline', () => {
    const items = dueItemsOfSystem(
      system({
        filedLevel: 3,
        assessedOn: ['2026-02-01'],
        openRectification: [
          { id: '00000000-0000-4000-8000-000000000003', title: '日志留存不足', deadline: '2026-03-31' },
          { id: '00000000-0000-4000-8000-000000000004', title: '弱口令', deadline: '2026-12-31' },
        ],
      }),
      deadlines,
      '2026-04-01',
    )
    expect(items.map((i) => [i.kind, i.title, i.isOverdue])).toEqual([
      ['rectification', '日志留存不足', true],
      ['rectification', '弱口令', false],
    ])
  })

  test('days are counted in Asia/Shanghai', () => {
    expect(shanghaiDate(new Date('2026-08-31T15:59:59Z'))).toBe('2026-08-31')
    expect(shanghaiDate(new Date('2026-08-31T16:00:00Z'))).toBe('2026-09-01')
    expect(daysBetween('2026-02-27', '2026-03-01')).toBe(2)
  })
})
