import { describe, expect, it } from 'vitest'
import {
  answerSchemaOf,
  onsiteInspectionTemplate,
  scoreRule,
  templateItems,
  type TInspectionItem,
} from './index'

// Real items of 附件5 (表1 + 表2), so the examples exercise the transcribed rules.
const items = new Map(templateItems(onsiteInspectionTemplate).map((entry) => [entry.code, entry]))
function itemOf(code: string): TInspectionItem {
  const entry = items.get(code)
  if (!entry) throw new Error(`no item ${code}`)
  return entry
}

/** Validates like scoreInspection does, then scores. */
function score(code: string, answer: unknown) {
  const entry = itemOf(code)
  return scoreRule(entry.rule, entry.points, answerSchemaOf(entry.rule).parse(answer))
}

function rejects(code: string, answer: unknown): string {
  const result = answerSchemaOf(itemOf(code).rule).safeParse(answer)
  expect(result.success).toBe(false)
  return result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join(' | ') ?? ''
}

describe('yes-no: full or zero', () => {
  it('表2 item 1 分区分域 (2分)', () => {
    expect(score('T2-1', true)).toEqual({ points: 2, explanation: '是，得2分' })
    expect(score('T2-1', false)).toEqual({ points: 0, explanation: '否，不得分' })
  })

  it('表2 item 17 scores the answer “否” (no terminal used across networks)', () => {
    expect(score('T2-17', false)).toEqual({ points: 1, explanation: '不存在跨网使用的终端计算机，得1分' })
    expect(score('T2-17', true).points).toBe(0)
  })

  it('accepts only true or false', () => {
    expect(rejects('T2-1', '是')).toMatch(/expected true \(是\) or false \(否\)/)
  })
})

describe('all-of: every condition', () => {
  it('表1 4.1 信息采集上报 (3分): on time and complete', () => {
    expect(score('T1-4.1.1', { onTime: true, complete: true })).toEqual({
      points: 3,
      explanation: '全部满足（规定时限内上报、上报数据完整），得3分',
    })
    expect(score('T1-4.1.1', { onTime: true, complete: false })).toEqual({
      points: 0,
      explanation: '未满足：上报数据完整，不得分',
    })
  })

  it('表1 3.1.2: information reporting done, but an incident went unreported → 0', () => {
    expect(score('T1-3.1.2', { reporting: true, incidentsReported: false }).points).toBe(0)
    expect(score('T1-3.1.2', { reporting: true, incidentsReported: true }).points).toBe(1)
  })

  it('needs every condition answered, and only those', () => {
    expect(rejects('T1-4.1.1', { onTime: true })).toMatch(/complete: expected true or false: 上报数据完整/)
    expect(rejects('T1-4.1.1', { onTime: true, complete: true, early: true })).toMatch(/Unrecognized key/)
  })
})

describe('any-of: “有一项即可”', () => {
  it('表2 item 3 security devices (2分)', () => {
    expect(score('T2-3', ['firewall', 'ids'])).toEqual({
      points: 2,
      explanation: '已采取：防火墙、IDS（有一项即可），得2分',
    })
    expect(score('T2-3', [])).toEqual({ points: 0, explanation: '无任何措施，不得分' })
  })

  it('表2 item 5: “无措施” scores nothing and stands alone', () => {
    expect(score('T2-5', ['none'])).toEqual({ points: 0, explanation: '无措施，不得分' })
    expect(score('T2-5', ['other']).points).toBe(2)
    expect(rejects('T2-5', ['none', 'audit'])).toMatch(/none cannot be ticked together/)
    expect(rejects('T2-5', ['audit', 'audit'])).toMatch(/listed twice/)
    expect(rejects('T2-5', ['waf'])).toMatch(/expected one of accessControl/)
  })
})

describe('single-choice', () => {
  it('表2 item 4 isolation: only 物理隔离 scores', () => {
    expect(score('T2-4', 'physical')).toEqual({ points: 2, explanation: '物理隔离，得2分' })
    expect(score('T2-4', 'logical')).toEqual({ points: 0, explanation: '逻辑隔离，不得分' })
    expect(score('T2-4', 'none').points).toBe(0)
    expect(rejects('T2-4', 'air-gap')).toMatch(/expected one of physical, logical, none/)
  })
})

describe('deduct-per-missing: “缺一项扣X分，扣完为止”', () => {
  it('表1 2.1 基本情况备案 (2分, −0.5 per missing piece of information)', () => {
    const all = ['count', 'functions', 'distribution', 'serviceScope', 'competentUnit']
    expect(score('T1-2.1.1', all)).toEqual({
      points: 2,
      explanation: '数量、主要功能、分布、服务范围、主管单位齐全，得2分',
    })
    expect(score('T1-2.1.1', ['count', 'functions', 'competentUnit'])).toEqual({
      points: 1,
      explanation: '缺2项（分布、服务范围），每项扣0.5分，共扣1分，得1分',
    })
    expect(score('T1-2.1.1', ['count']).points).toBe(0) // 4 missing: −2, exactly all
    expect(score('T1-2.1.1', [])).toEqual({
      points: 0,
      explanation:
        '缺5项（数量、主要功能、分布、服务范围、主管单位），每项扣0.5分，共扣2分，扣完为止，不得分',
    })
  })

  it('表1 3.1.1 (2分, −1 per missing)', () => {
    expect(score('T1-3.1.1', ['rules']).points).toBe(1)
  })
})

describe('credit-per-element', () => {
  it('表1 1.8.3: 0.5 for the replacement plan, 0.5 for the classified-field replacement', () => {
    expect(score('T1-1.8.3', ['plan'])).toEqual({
      points: 0.5,
      explanation:
        '具备：制定了国产替代计划,明确时间表、路线图(0.5分)；缺：组织开展了涉密领域国产化替代工作，得0.5分',
    })
    expect(score('T1-1.8.3', ['plan', 'classified']).points).toBe(1)
  })

  it('表1 2.2 管理机构: 1 point per element; a failed outsourcing condition voids its element', () => {
    const all = ['institutions', 'backgroundChecks', 'duties', 'confidentiality', 'departments']
    expect(score('T1-2.2.1', { present: all }).points).toBe(5)
    expect(score('T1-2.2.1', { present: ['institutions', 'duties'] }).points).toBe(2)
    const outsourced = score('T1-2.2.1', {
      present: all,
      outsourcing: { failed: ['confidentialityAgreement'] },
    })
    expect(outsourced).toEqual({
      points: 4,
      explanation:
        '具备：管理机构和运维机构(1分)、负责人和关键岗位人员安全背景审查(1分)、职能(1分)、组成部门(1分)；运维外包企业不符合：签署网络安全保密协议，对应项（保密条款）不得分，得4分',
    })
    // two conditions voiding the same element cost it once
    expect(
      score('T1-2.2.1', { present: all, outsourcing: { failed: ['qualification', 'noPenalty'] } }).points,
    ).toBe(4)
    expect(rejects('T1-2.2.1', ['institutions'])).toMatch(/expected \{ present: \[...\], outsourcing\?/)
  })
})

describe('done-or-plan: “暂未开展，有工作计划书的，此项工作得分”', () => {
  it('表1 3.2.3 yearly risk assessment (2分)', () => {
    expect(score('T1-3.2.3', 'done')).toEqual({ points: 2, explanation: '已开展，得2分' })
    expect(score('T1-3.2.3', 'work_plan')).toEqual({
      points: 2,
      explanation: '暂未开展，有工作计划书，视为开展，得2分',
    })
    expect(score('T1-3.2.3', 'not_done')).toEqual({ points: 0, explanation: '未开展且无工作计划书，不得分' })
    expect(rejects('T1-3.2.3', true)).toMatch(/expected one of done, work_plan, not_done/)
  })
})

describe('numeric-bands: thresholds with partial credit', () => {
  it('表2 item 6 log retention: ≥ 6 months full, 1–6 months 50 %, < 1 month or none 0', () => {
    expect(score('T2-6', 12)).toEqual({ points: 2, explanation: '日志留存12个月（6个月以上），得2分' })
    expect(score('T2-6', 6).points).toBe(2)
    expect(score('T2-6', 5.9)).toEqual({
      points: 1,
      explanation: '日志留存5.9个月（低于6个月,不低于1个月），该项50%，得1分',
    })
    expect(score('T2-6', 1).points).toBe(1)
    expect(score('T2-6', 0.5)).toEqual({ points: 0, explanation: '日志留存0.5个月，未达到要求，不得分' })
    expect(score('T2-6', null)).toEqual({ points: 0, explanation: '未留存日志，不得分' })
    expect(rejects('T2-6', -1)).toMatch(/日志留存 must be ≥ 0/)
  })

  it('表1 3.1.3 feedback rate ≥ 90 %; no event notified scores', () => {
    expect(score('T1-3.1.3', 90).points).toBe(1)
    expect(score('T1-3.1.3', 89.5).points).toBe(0)
    expect(score('T1-3.1.3', null).points).toBe(1)
    expect(rejects('T1-3.1.3', 120)).toMatch(/≤ 100/)
  })

  it('表1 1.5.2 security budget ≥ 5 % of a new project', () => {
    expect(score('T1-1.5.2', 5).points).toBe(1)
    expect(score('T1-1.5.2', 4.99).points).toBe(0)
  })
})

describe('per-count-deduction: a share per finding with a cut-off', () => {
  it('表2 item 22 malware: −10 % of 2 points per malicious code, > 10 → 0', () => {
    expect(score('T2-22', { total: 0 })).toEqual({ points: 2, explanation: '恶意代码0个，得2分' })
    expect(score('T2-22', { total: 3, virus: 2, trojan: 1 })).toEqual({
      points: 1.4,
      explanation: '恶意代码3个，每个扣该项10%，共扣30%，得1.4分',
    })
    expect(score('T2-22', { total: 10 }).points).toBe(0)
    expect(score('T2-22', { total: 11 })).toEqual({
      points: 0,
      explanation: '恶意代码11个，超过10个，该项为0分',
    })
    expect(rejects('T2-22', { total: 2, virus: 2, trojan: 1 })).toMatch(
      /virus \+ trojan \+ backdoor = 3 is more than total = 2/,
    )
    expect(rejects('T2-22', { total: 1.5 })).toMatch(/whole number/)
  })

  it('表2 item 23 vulnerabilities: −5 % of 4 points per medium/high vulnerability, > 20 → 0', () => {
    expect(score('T2-23', { total: 9, high: 1, medium: 2 })).toEqual({
      points: 3.4,
      explanation: '中高危漏洞3个，每个扣该项5%，共扣15%，得3.4分',
    })
    expect(score('T2-23', { high: 0, medium: 19 }).points).toBe(0.2)
    expect(score('T2-23', { high: 5, medium: 15 }).points).toBe(0)
    expect(score('T2-23', { high: 21, medium: 0 })).toEqual({
      points: 0,
      explanation: '中高危漏洞21个，超过20个，该项为0分',
    })
    expect(rejects('T2-23', { total: 30 })).toMatch(/high: expected a count/)
  })
})

describe('password-policy', () => {
  it('表2 item 10: ≥ 8 characters of letters, digits and symbols', () => {
    expect(score('T2-10', { minLength: 8, classes: ['letters', 'digits', 'symbols'] })).toEqual({
      points: 2,
      explanation: '口令长度不少于8位，由字母、数字、特殊字符组成，满足口令配置要求，得2分',
    })
    expect(score('T2-10', { minLength: 6, classes: ['letters', 'digits'] })).toEqual({
      points: 0,
      explanation: '口令最短6位，少于8位；口令组成缺少特殊字符，不满足口令配置要求，不得分',
    })
    expect(score('T2-10', { minLength: null, classes: ['letters', 'digits', 'symbols'] }).points).toBe(0)
    expect(rejects('T2-10', { minLength: 8 })).toMatch(/classes/)
  })
})
