// “网安 2022”常州行动被检测单位评分标准 — 常网办通〔2022〕11号 附件2 (seed 001), SPEC §4.1.
import { type UnitRuleSet } from '../rule-set'
import { countedStatuses } from '../vocabulary'

export const changzhou2022: UnitRuleSet = {
  id: 'changzhou-2022',
  version: '2022.1',
  title: '“网安 2022”常州行动被检测单位评分标准',
  source: '常网办通〔2022〕11号《关于组织开展“网安2022”常州行动的通知》附件2',
  subject: 'organisation',
  countedStatuses: [...countedStatuses],
  decimals: 2,
  totalFloor: 0,
  params: {
    highPoints: {
      type: 'number',
      default: 80,
      min: 0,
      description: '漏洞积分 of a high (高危) finding; a critical (超危) finding counts as high',
    },
    mediumPoints: { type: 'number', default: 20, min: 0, description: '漏洞积分 of a medium (中危) finding' },
    lowPoints: {
      type: 'number',
      default: 0,
      min: 0,
      description: '漏洞积分 of a low (低危) finding; the standard names only 高危 and 中危',
    },
    sensitiveLeakMinRecords: {
      type: 'number',
      default: 500,
      min: 0,
      description:
        '数据安全: a leak deducts from this many sensitive personal-information records (500 条以上)',
    },
  },
  items: [
    {
      key: 'asset',
      title: '资产核查',
      kind: 'perFindingDeduction',
      max: 5,
      filter: { kinds: ['unreported_asset'] },
      deductEach: 1,
      rule: '资产漏/错报情况：若检测过程中发现存在漏/错报的情况，每发现漏/错报一个资产扣 1 分，扣完为止。',
    },
    {
      key: 'vulnerability',
      title: '漏洞情况',
      kind: 'vulnerabilityRatio',
      max: 55,
      filter: { kinds: ['vulnerability', 'weak_password'] },
      severityPoints: {
        critical: { param: 'highPoints' },
        high: { param: 'highPoints' },
        medium: { param: 'mediumPoints' },
        low: { param: 'lowPoints' },
      },
      minAssets: 1,
      scale: 'ratioToMax',
      rule:
        '根据单位漏洞积分/单位互联网资产总数计算各单位分数。以计算出的最大值为基数，各单位得分公式为：55 * (1 - 单位分数 / 基数)。' +
        '漏洞积分是各单位所有被检测出的漏洞数量及危害性综合评定后的总和（高危 80 分，中危 20 分）。',
    },
    {
      key: 'protection',
      title: '防护情况',
      kind: 'perFindingDeduction',
      max: 25,
      filter: { kinds: ['intrusion_trace', 'weak_password'] },
      deductEach: 5,
      rule: '测试中每发现一个被入侵的痕迹，扣 5 分；每发现一个系统或应用弱口令漏洞，扣 5 分。本项扣完为止。',
    },
    {
      key: 'dataSecurity',
      title: '数据安全情况',
      kind: 'perFindingDeduction',
      max: 15,
      filter: { kinds: ['data_leak'], sensitiveOnly: true, minRecords: { param: 'sensitiveLeakMinRecords' } },
      deductEach: 5,
      rule: '测试中每发现一个 500 条以上敏感个人信息泄露的风险，扣 5 分。本项扣完为止。',
    },
    {
      key: 'rectification',
      title: '整改情况',
      kind: 'timeliness',
      filter: { kinds: ['vulnerability', 'weak_password', 'intrusion_trace', 'data_leak'] },
      brackets: [
        { withinHours: 24, deduct: 0 },
        { withinHours: 48, deduct: 1 },
        { withinHours: 72, deduct: 2 },
      ],
      deductIfLate: 5,
      deductIfNotFixed: 5,
      rule:
        '通报下发后 24 小时内修复的，不扣分；通报下发后 48 小时内修复的，每发现一个扣 1 分；通报下发后 72 小时内修复的，' +
        '每发现一个扣 2 分；通报下发后 72 小时外修复的，每发现一个扣 5 分。扣完为止（从总分扣除）。',
    },
  ],
}
