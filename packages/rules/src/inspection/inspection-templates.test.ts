import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { sharedPath } from '../../../../test-support/shared-dir'
import {
  icsDetectionTemplate,
  icsInternetDetectionTemplate,
  icsOnsiteInspectionTemplate,
  inspectionTemplates,
  internetDetectionTemplate,
  onsiteInspectionTemplate,
  templateItems,
  type TInspectionRuleKind,
  type TInspectionSection,
} from './index'

const seed = readFileSync(sharedPath('seeds', '004_8686a40e11c66534.txt'), 'utf8')
const seedCompact = seed.replace(/\s+/g, '')
const sum = (values: readonly number[]) => values.reduce((acc, value) => acc + value, 0)

function checkSums(sections: readonly TInspectionSection[]): void {
  for (const section of sections) {
    const children = [
      ...(section.items ?? []).map((i) => i.points),
      ...(section.sections ?? []).map((s) => s.points),
    ]
    expect(sum(children), section.code).toBeCloseTo(section.points, 9)
    if (section.sections) checkSums(section.sections)
  }
}

const sectionPoints = (sections: readonly TInspectionSection[]) => sections.map((s) => [s.title, s.points])

describe('transcribed point values add up', () => {
  it.each(Object.values(inspectionTemplates).map((t) => [t.id, t] as const))('%s', (_id, template) => {
    checkSums(template.sections)
    expect(sum(template.sections.map((s) => s.points))).toBe(template.points)
    expect(sum(templateItems(template).map((i) => i.points))).toBeCloseTo(template.points, 9)
  })

  it('表1: 100 = responsibility 30 + CII maintenance 50 (technical detection 40) + monitoring 15 + other 5', () => {
    for (const template of [onsiteInspectionTemplate, icsOnsiteInspectionTemplate]) {
      expect(template.points).toBe(100)
      expect(sectionPoints(template.sections)).toEqual([
        ['网络安全工作责任制落实情况', 30],
        ['关键信息基础设施安全维护情况', 50],
        ['监测预警和应急处置情况', 15],
        ['其他事项', 5],
      ])
      expect(sectionPoints(template.sections[0]?.sections ?? [])).toEqual([
        ['把网络安全工作纳入重要议事日程', 5],
        ['建立和落实网络安全责任制', 3],
        ['明确网络安全工作机构', 3],
        ['明确本地区本部门网络安全的主要目标、基本要求、工作任务、保护措施', 3],
        ['加大财力物力支持和保障力度', 3],
        ['开展经常性的网络安全宣传教育培训', 3],
        ['统筹协调开展网络安全检查', 7],
        ['国产化工作进展符合中央提出的目标要求', 3],
      ])
      expect(sectionPoints(template.sections[1]?.sections ?? [])).toEqual([
        ['基本情况备案', 2],
        ['管理机构', 5],
        ['网络安全工作“三同步”情况', 3],
        ['网络安全防护技术检测', 40],
      ])
      expect(sectionPoints(template.sections[2]?.sections ?? [])).toEqual([
        ['加强和规范本地区本部门网络安全信息汇集、分析和研判工作', 4],
        ['网络安全风险评估工作机制', 4],
        ['网络安全应急处置工作机制', 3],
        ['网络应急预案及演练情况', 4],
      ])
      expect(sectionPoints(template.sections[3]?.sections ?? [])).toEqual([
        ['信息采集上报', 3],
        ['自查工作', 2],
      ])
    }
  })

  it('表2: 23 items numbered 1–23, 40 points in 11 groups', () => {
    const items = templateItems(internetDetectionTemplate)
    expect(items.map((i) => i.number)).toEqual(Array.from({ length: 23 }, (_, i) => String(i + 1)))
    expect(internetDetectionTemplate.points).toBe(40)
    expect(internetDetectionTemplate.sections.map((s) => s.points)).toEqual([6, 4, 2, 4, 4, 3, 1, 4, 2, 4, 6])
    expect(items.map((i) => i.points)).toEqual([
      2, 2, 2, 2, 2, 2, 1, 1, 2, 2, 2, 2, 1, 1, 1, 2, 1, 1, 1, 2, 2, 2, 4,
    ])
  })

  it('附件6 表2 is 表2 halved, as printed (分值 per item and per group)', () => {
    const items = templateItems(icsInternetDetectionTemplate)
    expect(items.map((i) => i.points)).toEqual([
      1, 1, 1, 1, 1, 1, 0.5, 0.5, 1, 1, 1, 1, 0.5, 0.5, 0.5, 1, 0.5, 0.5, 0.5, 1, 1, 1, 2,
    ])
    expect(icsInternetDetectionTemplate.sections.map((s) => s.points)).toEqual([
      3, 2, 1, 2, 2, 1.5, 0.5, 2, 1, 2, 3,
    ])
    // the seed prints these halved values: “7、分值:0.5”, “(1.5分)” for 更新升级, “23、分值:2”
    expect(seedCompact).toContain('7、分值:0.5')
    expect(seedCompact).toContain('更新升级13.及时进行恶意代码库更新升级:(1.5分)')
    expect(seedCompact).toContain('23、分值:2')
  })

  it('表3: 20 points in 8 groups', () => {
    expect(icsDetectionTemplate.sections.map((s) => [s.title, s.points])).toEqual([
      ['安全软件', 3],
      ['配置和补丁管理', 4],
      ['边界安全防护', 3],
      ['设备安全防护', 1],
      ['身份认证', 2],
      ['远程访问安全', 2.5],
      ['安全监测', 2],
      ['数据安全', 2.5],
    ])
    expect(templateItems(icsDetectionTemplate)).toHaveLength(29)
  })

  it('附件6: row 2.4 holds 表2 halved (20) and 表3 (20)', () => {
    const detection = icsOnsiteInspectionTemplate.sections[1]?.sections?.[3]
    expect(detection?.points).toBe(40)
    expect(sum((detection?.sections ?? []).slice(0, 11).map((s) => s.points))).toBe(20)
    expect(sum((detection?.sections ?? []).slice(11).map((s) => s.points))).toBe(20)
  })

  it('表1 items carry the “(N分)” values printed in their text', () => {
    for (const entry of templateItems(onsiteInspectionTemplate).filter((i) => i.code.startsWith('T1-'))) {
      const printed = [...entry.standard.matchAll(/\((\d+(?:\.\d+)?)分[),]/g)].map((m) => Number(m[1]))
      if (printed.length === 0) continue
      if (entry.rule.kind === 'credit-per-element' && entry.code === 'T1-2.2.1') {
        expect(sum(printed), entry.code).toBe(entry.points)
      } else if (printed.length > 1 && entry.code !== 'T1-1.3.1') {
        expect(sum(printed), entry.code).toBe(entry.points)
      } else {
        expect(printed[0], entry.code).toBe(entry.points)
      }
    }
  })
})

describe('rule data', () => {
  it('uses every rule kind', () => {
    const kinds = new Set<TInspectionRuleKind>(
      Object.values(inspectionTemplates).flatMap((t) => templateItems(t).map((i) => i.rule.kind)),
    )
    expect([...kinds].sort()).toEqual([
      'all-of',
      'any-of',
      'credit-per-element',
      'deduct-per-missing',
      'done-or-plan',
      'numeric-bands',
      'password-policy',
      'per-count-deduction',
      'single-choice',
      'yes-no',
    ])
  })

  it('is consistent: element points sum to the item, fractions lie in [0, 1], codes are unique', () => {
    for (const template of Object.values(inspectionTemplates)) {
      const codes = templateItems(template).map((i) => i.code)
      expect(new Set(codes).size, template.id).toBe(codes.length)
      for (const entry of templateItems(template)) {
        const { rule } = entry
        if (rule.kind === 'credit-per-element') {
          expect(sum(rule.elements.map((e) => e.points)), entry.code).toBeCloseTo(
            template.id.includes('ics') && entry.code.startsWith('T2-') ? entry.points * 2 : entry.points,
            9,
          )
          for (const c of rule.outsourcing?.conditions ?? []) {
            expect(rule.elements.map((e) => e.id)).toContain(c.voids)
          }
        }
        if (rule.kind === 'numeric-bands') {
          for (const band of rule.bands) expect(band.fraction).toBeGreaterThanOrEqual(0)
          for (const band of rule.bands) expect(band.fraction).toBeLessThanOrEqual(1)
        }
        if (rule.kind === 'per-count-deduction') {
          for (const id of rule.counted) expect(rule.fields.map((f) => f.id)).toContain(id)
        }
      }
    }
  })

  it('marks the rows with “暂未开展，有工作计划书的，此项工作得分” and gives their activity items the work-plan rule', () => {
    const withNote = onsiteInspectionTemplate.sections
      .flatMap((s) => s.sections ?? [])
      .filter((s) => s.note?.includes('有工作计划书'))
      .map((s) => s.code)
    expect(withNote).toEqual(['T1-1.6', 'T1-3.2', 'T1-3.4'])
    const workPlanItems = templateItems(onsiteInspectionTemplate)
      .filter((i) => i.rule.kind === 'done-or-plan')
      .map((i) => i.code)
    expect(workPlanItems).toEqual(['T1-1.6.1', 'T1-1.6.2', 'T1-1.6.3', 'T1-3.2.3', 'T1-3.4.2'])
  })
})

describe('texts come from the seed', () => {
  // The extraction breaks lines and interleaves the table's columns, sometimes inside a clause (“日志留存” / “全监控” /
  // “时间低于6个月”). A clause must appear in the seed as is, or with its characters in order within a short span.
  const clauses = (text: string) =>
    text
      .replace(/\s+/g, '')
      .split(/[,;:。、()①②③“”]/)
      .filter((clause) => clause.length >= 4)

  // split by a page break and the next page's header rows, far apart in the extraction
  const acrossPages: Record<string, string[]> = {
    确保补丁安装后工业控制系统的正常运行: ['确保补', '丁安装后工业控制系统的正常运行'],
  }

  function appearsInterleaved(clause: string): boolean {
    if (seedCompact.includes(clause)) return true
    const halves = acrossPages[clause]
    if (halves) return halves.every((half) => seedCompact.includes(half))
    const maxSpan = clause.length * 4 + 40
    for (
      let start = seedCompact.indexOf(clause.slice(0, 1));
      start >= 0;
      start = seedCompact.indexOf(clause.slice(0, 1), start + 1)
    ) {
      let position = start
      let matched = 0
      while (matched < clause.length && position < start + maxSpan && position < seedCompact.length) {
        if (seedCompact[position] === clause[matched]) matched++
        position++
      }
      if (matched === clause.length) return true
    }
    return false
  }

  it.each(Object.values(inspectionTemplates).map((t) => [t.id, t] as const))(
    '%s standards and methods',
    (_id, t) => {
      for (const entry of templateItems(t)) {
        for (const clause of [...clauses(entry.standard), ...clauses(entry.method)]) {
          expect(appearsInterleaved(clause), `${entry.code}: ${clause}`).toBe(true)
        }
      }
    },
  )

  it('would notice a clause that is not in the seed', () => {
    expect(appearsInterleaved('留存网络安全监控日志12个月以上')).toBe(false)
  })
})
