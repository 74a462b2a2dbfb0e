import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { cityFramework, cityFrameworkIndex } from './index'
import { sharedPath } from '../../../../test-support/shared-dir'

const seedText = readFileSync(sharedPath('seeds', '002_ad46e069970bebfa.txt'), 'utf8')
// The seed is a text extraction with table cells on separate lines; compare without whitespace.
const seedCompact = seedText.replace(/\s+/g, '')
const sum = (values: readonly number[]) => values.reduce((acc, value) => acc + value, 0)

describe('表B.1 transcription', () => {
  it('has the five first-level indicators with their points, 100 in all', () => {
    expect(cityFramework.first.map((f) => [f.code, f.name, f.points])).toEqual([
      ['1', '政策规范', 20],
      ['2', '风险控制', 30],
      ['3', '网络安全文化', 15],
      ['4', '研究创新', 15],
      ['5', '发展协同', 20],
    ])
    expect(sum(cityFramework.first.map((f) => f.points))).toBe(100)
    expect(cityFramework.points).toBe(100)
  })

  it('adds up: every indicator has the sum of its children’s points', () => {
    for (const first of cityFramework.first) {
      expect(sum(first.second.map((s) => s.points)), first.code).toBe(first.points)
      for (const second of first.second) {
        expect(sum(second.third.map((t) => t.points)), second.code).toBe(second.points)
      }
    }
  })

  it('has the second-level points of the table', () => {
    const seconds = cityFramework.first.flatMap((f) => f.second.map((s) => `${s.code} ${s.name} ${s.points}`))
    expect(seconds).toEqual([
      '1.1 基本制度规范 3',
      '1.2 等级保护 4',
      '1.3 关键信息基础实施保护 6',
      '1.4 安全审查制度 4',
      '1.5 应急管理 3',
      '2.1 网络犯罪控制 4',
      '2.2 威胁和漏洞通报 4',
      '2.3 事件监测、评估与响应 6',
      '2.4 信息共享 4',
      '2.5 城市整体防护 6',
      '2.6 数据安全 6',
      '3.1 网络安全宣传与活动 5',
      '3.2 网络安全报送机制 4',
      '3.3 网络安全人才培养 6',
      '4.1 网络安全创新投资 4',
      '4.2 网络安全创新环境 7',
      '4.3 网络安全创新水平 4',
      '5.1 网络安全产业发展 5',
      '5.2 政企合作 5',
      '5.3 跨城市合作 5',
      '5.4 网络安全市场 5',
    ])
  })

  it('numbers every indicator and item by position; third is 0 only for 基本制度规范', () => {
    cityFramework.first.forEach((first, i) => {
      expect(first.code).toBe(`${i + 1}`)
      first.second.forEach((second, j) => {
        expect(second.code).toBe(`${first.code}.${j + 1}`)
        const implicit = second.third.length === 1 && second.third[0]?.isImplicit === true
        second.third.forEach((third, k) => {
          expect(third.code).toBe(`${second.code}.${implicit ? 0 : k + 1}`)
          third.items.forEach((item, n) => expect(item.code).toBe(`${third.code}.${n + 1}`))
          expect(third.items.length).toBeGreaterThan(0)
        })
      })
    })
    const implicit = [...cityFrameworkIndex.third.values()]
      .filter((t) => t.third.isImplicit)
      .map((t) => t.third.code)
    expect(implicit).toEqual(['1.1.0'])
    expect(cityFrameworkIndex.third.size).toBe(53)
    expect(cityFrameworkIndex.item.size).toBe(144)
  })

  it('matches the contract examples: 1.1.0.3 is 基本制度规范 item 3, 1.2.1.2 is 定级备案 item 2', () => {
    expect(cityFrameworkIndex.item.get('1.1.0.3')?.item.text).toMatch(
      /^通过制度及财力、物力、人力保障各种审查工作实施/,
    )
    expect(cityFrameworkIndex.item.get('1.2.1.2')?.third.name).toBe('定级备案')
    expect(cityFrameworkIndex.item.get('1.2.1.2')?.item.text).toBe(
      '定级过程中有相关专家参与，专家参与形式通过随机抽取。',
    )
    expect(cityFrameworkIndex.item.get('2.6.3.3')?.third.name).toBe('数据安全流通')
  })

  it('carries every item text verbatim from the seed', () => {
    for (const { item } of cityFrameworkIndex.item.values()) {
      const numbered = `${item.code.split('.')[3]}、${item.text}`.replace(/\s+/g, '')
      expect(seedCompact, item.code).toContain(numbered)
    }
  })

  it('carries every indicator name of the table and every description from clauses 6–10', () => {
    for (const { third } of cityFrameworkIndex.third.values()) {
      expect(seedCompact, third.code).toContain(`${third.name}（${third.points}分）`)
      if (third.description) expect(seedCompact, third.code).toContain(third.description.replace(/\s+/g, ''))
    }
    for (const { second } of cityFrameworkIndex.second.values()) {
      expect(seedCompact, second.code).toContain(`${second.name.trim()}（${second.points}分）`)
    }
  })

  it('marks 5.3.1.3 as the only direct-score item', () => {
    const direct = [...cityFrameworkIndex.item.values()].filter((entry) => entry.item.isDirectScore)
    expect(direct.map((entry) => entry.item.code)).toEqual(['5.3.1.3'])
    expect(direct[0]?.item.text).toContain('（直接得分项）')
  })
})
