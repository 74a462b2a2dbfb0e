// 市“网安2021”行动被检测单位评分标准 — seed 000 附件1 (宜兴市), SPEC §4.2.
import { type UnitRuleSet } from '../rule-set'
import { countedStatuses } from '../vocabulary'

export const yixing2021: UnitRuleSet = {
  id: 'yixing-2021',
  version: '2021.1',
  title: '市“网安2021”行动被检测单位评分标准',
  source: '《关于组织实施“网安2021”网络安全保障专项行动的通知》附件1',
  subject: 'organisation',
  countedStatuses: [...countedStatuses],
  decimals: 2,
  totalFloor: 0,
  params: {
    vulnerabilityMode: {
      type: 'enum',
      values: ['rank', 'linear'],
      default: 'rank',
      description:
        '得分最高为50分，其余单位根据排名按比例折算: rank = 50 × (N − rank + 1) / N; linear = 50 × (1 − ratio / base)',
    },
    highPoints: {
      type: 'number',
      default: 80,
      min: 0,
      description: '漏洞积分 of a high (高危) finding; a critical (超危) finding counts as high',
    },
    mediumPoints: { type: 'number', default: 20, min: 0, description: '漏洞积分 of a medium (中危) finding' },
    lowPoints: { type: 'number', default: 0, min: 0, description: '漏洞积分 of a low (低危) finding' },
  },
  items: [
    {
      key: 'asset',
      title: '资产漏报情况',
      kind: 'perFindingDeduction',
      max: 5,
      filter: { kinds: ['unreported_asset'] },
      deductEach: 0.5,
      rule: '若检测过程中发现存在漏报的情况，每发现漏报一个资产扣0.5分，扣完为止。',
    },
    {
      key: 'selfInspection',
      title: '自查情况',
      kind: 'presence',
      max: 5,
      field: 'selfInspectionFiled',
      deductIfAbsent: 5,
      rule: '未开展实施本地区、本部门专项行动，组织网络安全自查扣5分。',
    },
    {
      key: 'vulnerability',
      title: '漏洞情况',
      kind: 'vulnerabilityRatio',
      max: 50,
      filter: { kinds: ['vulnerability', 'weak_password'] },
      severityPoints: {
        critical: { param: 'highPoints' },
        high: { param: 'highPoints' },
        medium: { param: 'mediumPoints' },
        low: { param: 'lowPoints' },
      },
      minAssets: 1,
      scale: { param: 'vulnerabilityMode', cases: { rank: 'rank', linear: 'ratioToMax' } },
      rule:
        '根据省、市级检查漏洞积分/互联网资产总数计算。得分最高为50分，其余单位根据排名按比例折算。' +
        '其中漏洞积分根据被检测单位的漏洞数量及危害性综合评定。',
    },
    {
      key: 'protection',
      title: '防护情况',
      kind: 'perFindingDeduction',
      max: 25,
      filter: { kinds: ['intrusion_trace', 'weak_password'] },
      deductEach: 5,
      rule: '省、市级检查测试中每发现一个被入侵的痕迹，扣5分；每发现一个系统或应用弱口令漏洞，扣5分。本项扣完为止。',
    },
    {
      key: 'dataSecurity',
      title: '数据安全情况',
      kind: 'perFindingDeduction',
      max: 15,
      filter: { kinds: ['data_leak'] },
      deductEach: 5,
      rule:
        '省、市级检查测试中每发现一个行踪轨迹信息、通信内容、征信信息、财产信息、住宿信息、通信记录、健康生理信息、' +
        '交易信息及其他用户信息泄露的风险，扣5分。本项扣完为止。',
    },
    {
      key: 'rectification',
      title: '整改情况',
      kind: 'perRetestDeduction',
      filter: { kinds: ['vulnerability', 'weak_password', 'intrusion_trace', 'data_leak'] },
      deductEach: 5,
      rule: '省、市级复查发现一个漏洞未修复的，扣5分。扣完为止（从总分扣除）。',
    },
  ],
}
