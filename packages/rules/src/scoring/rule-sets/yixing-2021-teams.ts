// 市“网安2021”行动网络安全技术支撑机构评分标准 — seed 000 附件2, SPEC §4.3.
import { type TeamRuleSet } from '../rule-set'
import { countedStatuses } from '../vocabulary'

export const yixing2021Teams: TeamRuleSet = {
  id: 'yixing-2021-teams',
  version: '2021.1',
  title: '市“网安2021”行动网络安全技术支撑机构评分标准',
  source: '《关于组织实施“网安2021”网络安全保障专项行动的通知》附件2',
  subject: 'team',
  countedStatuses: [...countedStatuses],
  decimals: 2,
  totalFloor: 0,
  params: {},
  items: [
    {
      key: 'vulnerabilities',
      title: '有效漏洞得分',
      kind: 'proportionalToBest',
      max: 50,
      measure: { source: 'findings', value: 'cvssBase', versions: ['3.0', '3.1'] },
      rule: '评价漏洞质量与数量能力，参照通用漏洞评估方法3.0（CVSSv3），得分最高者为满分，其他选手按比例折算。',
    },
    {
      key: 'workingTime',
      title: '有效工作时间',
      kind: 'proportionalToBest',
      max: 10,
      measure: { source: 'team', field: 'activeSlots' },
      rule: '有效总工作时间最高者得满分，其他选手按比例折算。',
    },
    {
      key: 'testRange',
      title: '有效测试范围',
      kind: 'proportionalToBest',
      max: 10,
      measure: { source: 'team', field: 'assetsTested' },
      rule: '有效测试范围最高者得满分，其他选手按比例折算。',
    },
    {
      key: 'manualEffort',
      title: '人工测试的投入',
      kind: 'proportionalToBest',
      max: 10,
      measure: { source: 'team', field: 'manualRequests' },
      rule: '人工测试有效投入工作量最大者得满分，其他选手按比例折算。',
    },
    {
      key: 'evaluation',
      title: '服务对象的评价',
      kind: 'meanEvaluation',
      max: 10,
      fullScale: 100,
      ifNone: 0,
      rule: '网络安全技术支撑机构（单位）服务评价表。',
    },
    {
      key: 'actionEvaluation',
      title: '网安行动评价',
      kind: 'shareComplement',
      max: 10,
      ifNoneServed: 10,
      rule: '省、市网安行动中，服务对象发现新漏洞的情况。',
    },
    {
      key: 'compliance',
      title: '测试行为合规',
      kind: 'perCountDeduction',
      field: 'violations',
      deductEach: 5,
      rule: '发生违规行为（测试规则提及的违规行为及因测试人员鲁莽操作影响被测系统正常运行的）一次扣5分。',
    },
  ],
}
