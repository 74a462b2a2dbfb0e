// 表2 互联网现场安全检测工作评分参考表 (seed 004 附件5): 23 items, 40 points, in 11 groups (项目). 附件6 prints the
// same table with every value halved (20 points); `halveTable` derives it. Texts are the seed's; the extraction
// interleaves the four columns (内容 / 标准 / 评分办法 / 备注), and each was put back together item by item.
import { type TInspectionSection } from './inspection-template'
import { item, option, yesNo } from './rule-builders'

export const internetDetectionSections: readonly TInspectionSection[] = [
  {
    code: 'T2-S1',
    title: '网络体系架构',
    points: 6,
    items: [
      item({
        code: 'T2-1',
        number: '1',
        prompt: '根据承载业务的重要性对网络进行分区分域管理: □是 □否',
        standard: '根据承载业务的重要性对网络进行分区分域管理,得分;没有进行分区分域管理,不得分。',
        points: 2,
        rule: yesNo(),
        method:
          '查阅网络设计/验收等文档,现场核查交换机VLAN划分和网段IP配置情况等,调研是否根据承载业务的重要性对网络进行分区分域管理;',
      }),
      item({
        code: 'T2-2',
        number: '2',
        prompt: '采取必要的技术措施对不同网络区域间实施访问控制: □是 □否',
        standard:
          '采用技术措施对不同的网络区域实施访问控制,得分;没有采用技术措施对不同的网络区域实施访问控制,不得分。',
        points: 2,
        rule: yesNo(),
        method: '查阅网络拓扑图,现场核查是否采取必要的技术措施对不同安全域之间实施访问控制;',
      }),
      item({
        code: 'T2-3',
        number: '3',
        prompt: '网络安全设备部署情况: □防火墙,□IDS,□IPS,□安全审计,□恶意代码防护,□恶意流量监测,□其他',
        standard: '部署了网络安全防护设备(根据实际情况,有一项即可),得分;没有部署网络安全设备,不得分。',
        points: 2,
        rule: {
          kind: 'any-of',
          options: [
            { id: 'firewall', label: '防火墙', isCredited: true },
            { id: 'ids', label: 'IDS', isCredited: true },
            { id: 'ips', label: 'IPS', isCredited: true },
            { id: 'audit', label: '安全审计', isCredited: true },
            { id: 'antimalware', label: '恶意代码防护', isCredited: true },
            { id: 'maliciousTraffic', label: '恶意流量监测', isCredited: true },
            { id: 'other', label: '其他', isCredited: true },
          ],
        },
        method: '查阅网络拓扑图,现场核查网络安全设备部署位置、设备类型、功能等情况。',
      }),
    ],
  },
  {
    code: 'T2-S2',
    title: '边界安全防护',
    points: 4,
    items: [
      item({
        code: 'T2-4',
        number: '4',
        prompt: '涉密信息系统与互联网及其他公共信息网络隔离情况: □物理隔离 □逻辑隔离 □无隔离',
        standard: '做了物理隔离,得分;做逻辑隔离或无隔离,不得分。',
        points: 2,
        rule: {
          kind: 'single-choice',
          options: [
            { id: 'physical', label: '物理隔离', fraction: 1 },
            { id: 'logical', label: '逻辑隔离', fraction: 0 },
            { id: 'none', label: '无隔离', fraction: 0 },
          ],
        },
        method:
          '查阅网络拓扑图,调研重要设备连接情况,现场核查内部办公系统等涉密系统的交换机、路由器等网络设备,确认以上设备的光纤、网线等物理线路没有与互联网及其他公共信息网络直接连接,有相应的安全隔离措施;',
      }),
      item({
        code: 'T2-5',
        number: '5',
        prompt: '网络边界防护措施: □访问控制 □安全审计 □边界完整性调研 □入侵防护 □恶意代码防护 □其他 □无措施',
        standard: '网络边界做了防护措施(根据实际情况,有一项即可),得分;无措施的不得分。',
        points: 2,
        rule: {
          kind: 'any-of',
          options: [
            { id: 'accessControl', label: '访问控制', isCredited: true },
            { id: 'audit', label: '安全审计', isCredited: true },
            { id: 'boundaryIntegrity', label: '边界完整性调研', isCredited: true },
            { id: 'intrusionPrevention', label: '入侵防护', isCredited: true },
            { id: 'antimalware', label: '恶意代码防护', isCredited: true },
            { id: 'other', label: '其他', isCredited: true },
            { id: 'none', label: '无措施', isCredited: false, isExclusive: true },
          ],
        },
        method:
          '查阅网络拓扑图,调研是否在网络边界部署了访问控制、入侵检测、安全审计、非法外联检测、恶意代码防护等必要的安全设备和防护措施。',
      }),
    ],
  },
  {
    code: 'T2-S3',
    title: '网络安全监控',
    points: 2,
    items: [
      item({
        code: 'T2-6',
        number: '6',
        prompt: '网络安全监控日志: □留存,留存期: ____ □未留存',
        standard:
          '留存网络安全监控日志6个月以上,得分;日志留存时间低于6个月,高于1个月,得该得分项50%分;低于1个月或不留存的不得分;',
        points: 2,
        rule: {
          kind: 'numeric-bands',
          quantity: '日志留存',
          unit: '个月',
          isInteger: false,
          range: { min: 0 },
          bands: [
            { min: 6, fraction: 1, label: '6个月以上' },
            { min: 1, fraction: 0.5, label: '低于6个月,不低于1个月' },
          ],
          absent: { fraction: 0, label: '未留存日志' },
        },
        method: '查阅网络安全监控日志(重点是互联网访问日志),核查日志保存方式和保存时限等;',
        note: '“6个月以上” includes 6 months (以上 counts the number itself); exactly 1 month is read as 50 %, as SPEC §8 does (1–6 months).',
      }),
    ],
  },
  {
    code: 'T2-S4',
    title: '身份鉴别和访问控制',
    points: 4,
    items: [
      item({
        code: 'T2-7',
        number: '7',
        prompt: '实施了权限分离和最小权限策略: □是 □否',
        standard: '实施了权限分离,得分;未实施了权限分离,不得分。',
        points: 1,
        rule: yesNo(),
        method:
          '访谈安全主管,抽查网络设备、安全防护设备、服务器、终端等,调研是否实施了权限分离和最小权限策略;',
      }),
      item({
        code: 'T2-8',
        number: '8',
        prompt:
          '采取了登录失败处理措施: □是,包括:□结束会话 □限制失败登录次数 □登录连接超时自动退出 □其他: □否',
        standard:
          '采取了登录失败处理措施(根据实际情况,采取一项措施即可),得分;未采取了登录失败处理措施,不得分。',
        points: 1,
        rule: {
          kind: 'any-of',
          options: [
            { id: 'endSession', label: '结束会话', isCredited: true },
            { id: 'limitAttempts', label: '限制失败登录次数', isCredited: true },
            { id: 'timeoutLogout', label: '登录连接超时自动退出', isCredited: true },
            { id: 'other', label: '其他', isCredited: true },
          ],
        },
        method:
          '尝试网络设备、安全防护设备、服务器等设备或系统的管理员账号登录,查看是否采取登录失败处理措施,如:结束会话、限制失败登录次数、当登录连接超时自动退出等;',
        note: 'No measure ticked is the form’s □否.',
      }),
      item({
        code: 'T2-9',
        number: '9',
        prompt: '对远程管理采取了必要的安全措施: □是,措施是: □否,使用的方式是:',
        standard: '对远程管理采取了安全措施(采取即可),得分;未对网络设备的远程管理采取了安全措施,不得分。',
        points: 2,
        rule: yesNo(),
        method: '查阅配置文件,核查是否采用安全的方式进行远程管理;',
      }),
    ],
  },
  {
    code: 'T2-S5',
    title: '安全策略配置',
    points: 4,
    items: [
      item({
        code: 'T2-10',
        number: '10',
        prompt:
          '设备口令策略配置: 口令长度最低要求:____位 口令更新频率:______ 口令组成(可多选): □字母 □数字 □特殊字符',
        standard:
          '口令配置要求:口令长度不少于8位,口令由字母、数字、特殊字符组成。满足口令配置要求,得分;不满足口令配置要求不得分。',
        points: 2,
        rule: {
          kind: 'password-policy',
          minLength: 8,
          classes: [option('letters', '字母'), option('digits', '数字'), option('symbols', '特殊字符')],
        },
        method: '',
        note: 'The seed gives no 评分办法 for item 10; the update frequency is recorded but not scored.',
      }),
      item({
        code: 'T2-11',
        number: '11',
        prompt: '实现了开放端口最小化: □是 □否,开放了不必要的端口:',
        standard: '开放了不必要的端口,不得分;未开放不必要端口,得分。',
        points: 2,
        rule: yesNo(),
        method: '核查设备配置文件,查看设备开启的端口。',
      }),
    ],
  },
  {
    code: 'T2-S6',
    title: '更新升级',
    points: 3,
    items: [
      item({
        code: 'T2-12',
        number: '12',
        prompt: '及时进行系统、补丁更新升级: □是,□否',
        standard: '及时对设备进行系统和补丁升级,得分;未及时对设备进行系统和补丁升级,不得分。',
        points: 2,
        rule: yesNo(),
        method: '抽查核验设备系统补丁更新升级至最新版本。',
      }),
      item({
        code: 'T2-13',
        number: '13',
        prompt: '及时进行恶意代码库更新升级: □是,□否',
        standard: '及时对安全设备进行恶意代码库更新升级,得分;未及时对安全设备进行恶意代码库更新升级,不得分。',
        points: 1,
        rule: yesNo(),
        method: '核查恶意代码库(不超过180天)是否及时更新升级。',
      }),
    ],
  },
  {
    code: 'T2-S7',
    title: '恶意代码防护',
    points: 1,
    items: [
      item({
        code: 'T2-14',
        number: '14',
        prompt: '防护工具或应用(如防病毒软件): □已安装 □未安装',
        standard: '安装防护工具或应用(安装即可),得分;未安全防护工具或应用,不得分。',
        points: 1,
        rule: yesNo({ yes: '已安装', no: '未安装' }),
        method: '抽查核验是否安装了杀毒软件等防护工具;',
      }),
    ],
  },
  {
    code: 'T2-S8',
    title: '终端计算机安全',
    points: 4,
    items: [
      item({
        code: 'T2-15',
        number: '15',
        prompt: '终端计算机安全管理方式: □使用统一平台对终端计算机进行集中管理 □用户分散管理',
        standard: '使用统一平台对终端计算机进行集中管理,得分;用户分散管理,不得分。',
        points: 1,
        rule: {
          kind: 'single-choice',
          options: [
            { id: 'centralised', label: '使用统一平台对终端计算机进行集中管理', fraction: 1 },
            { id: 'dispersed', label: '用户分散管理', fraction: 0 },
          ],
        },
        method:
          '查看集中管理服务器,抽查终端计算机,调研是否部署了终端管理系统或采用了其他集中统一管理方式对终端计算机进行集中统一管理。',
      }),
      item({
        code: 'T2-16',
        number: '16',
        prompt:
          '接入互联网安全控制措施: □有,控制措施(如实名接入、绑定计算机IP和MAC地址等)控制措施为: □无控制措施',
        standard: '采取接入互联网安全控制措施,得分;未采取接入互联网安全控制措施,不得分。',
        points: 2,
        rule: yesNo({ yes: '有控制措施', no: '无控制措施' }),
        method:
          '访谈网络管理员和工作人员,调研是否采取了实名接入认证、IP地址与MAC地址绑定等措施对接入本单位网络的终端计算机进行控制;将未经授权的终端计算机接入网络,测试是否能够访问互联网,验证控制措施的有效性。',
      }),
      item({
        code: 'T2-17',
        number: '17',
        prompt: '存在跨网使用的终端计算机: □是,终端计算机: □否',
        standard: '存在跨网使用的终端计算机,不得分;不存在跨网使用的终端计算机,得分。',
        points: 1,
        rule: yesNo({ yes: '存在跨网使用的终端计算机', no: '不存在跨网使用的终端计算机', scoresWhen: 'no' }),
        method: '抽查终端计算机,调研是否有单台设备跨网使用的情况。',
      }),
    ],
  },
  {
    code: 'T2-S9',
    title: '应用系统(网站)安全防护',
    points: 2,
    items: [
      item({
        code: 'T2-18',
        number: '18',
        prompt: '对应用系统(网站)的访问进行授权和认证: □是,□否',
        standard: '对应用系统(网站)的访问进行授权和认证,得分;未对应用系统(网站)的访问进行授权和认证,不得分。',
        points: 1,
        rule: yesNo(),
        method: '查阅相关文档,核查相关应用系统,调研应用系统是否有效实现了身份鉴别安全功能。',
      }),
      item({
        code: 'T2-19',
        number: '19',
        prompt: '对应用系统(网站)功能模块的访问进行授权和认证: □是,□否',
        standard:
          '对应用系统(网站)功能模块的访问进行授权和认证,得分;未对应用系统(网站)功能模块的访问进行授权和认证,不得分。',
        points: 1,
        rule: yesNo(),
        method: '查阅相关文档,核查相关应用系统,调研应用系统是否有效实现了功能模块的访问控制等安全功能。',
      }),
    ],
  },
  {
    code: 'T2-S10',
    title: '重要数据安全防护',
    points: 4,
    items: [
      item({
        code: 'T2-20',
        number: '20',
        prompt: '采取存储安全防护: □是 □加密存储 □分区分域存储 □无防护措施',
        standard: '采取存储安全防护措施(采取任一种存储安全防护措施即可),得分;未采取安全防护措施,不得分。',
        points: 2,
        rule: {
          kind: 'any-of',
          options: [
            { id: 'encrypted', label: '加密存储', isCredited: true },
            { id: 'segregated', label: '分区分域存储', isCredited: true },
            { id: 'none', label: '无防护措施', isCredited: false, isExclusive: true },
          ],
        },
        method:
          '登录数据存储设备、数据库管理系统,调研是否对重要数据进行了分区分域存储或加密存储。只要采取了存储安全防护即可。',
      }),
      item({
        code: 'T2-21',
        number: '21',
        prompt: '对重要数据进行异地备份: □是 □否',
        standard: '做了异地备份,得分;未做异地备份,不得分。',
        points: 2,
        rule: yesNo(),
        method: '调研是否对重要数据进行异地备份;',
      }),
    ],
  },
  {
    code: 'T2-S11',
    title: '现场扫描检测',
    points: 6,
    items: [
      item({
        code: 'T2-22',
        number: '22',
        prompt: '计算机恶意代码扫描情况, 共存在恶意代码: 个, 其中: 病毒: 个, 木马: 个, 后门: 个',
        standard: '每扫描存在1个恶意代码,扣该项的10%的分数,扫描出的病毒、木马数量超过10个,该项为0分。',
        points: 2,
        rule: {
          kind: 'per-count-deduction',
          fields: [
            option('total', '恶意代码'),
            option('virus', '病毒'),
            option('trojan', '木马'),
            option('backdoor', '后门'),
          ],
          counted: ['total'],
          countedLabel: '恶意代码',
          fractionPerCount: 0.1,
          zeroAbove: 10,
          partsOf: { total: 'total', parts: ['virus', 'trojan', 'backdoor'] },
        },
        method: '以实际扫描结果为主。',
        note: 'Every malicious code found counts (共存在恶意代码); more than 10 gives 0, which 10 × 10 % already reaches.',
      }),
      item({
        code: 'T2-23',
        number: '23',
        prompt: '终端计算机脆弱性扫描情况: 共存在漏洞: 个, 其中:高风险漏洞: 个 中风险漏洞: 个',
        standard: '每扫描存在1个中高危漏洞,扣该项的5%的分数,扫描出的漏洞数量超过20个,该项为0分。',
        points: 4,
        rule: {
          kind: 'per-count-deduction',
          fields: [option('total', '漏洞'), option('high', '高风险漏洞'), option('medium', '中风险漏洞')],
          counted: ['high', 'medium'],
          countedLabel: '中高危漏洞',
          fractionPerCount: 0.05,
          zeroAbove: 20,
          partsOf: { total: 'total', parts: ['high', 'medium'] },
        },
        method: '以实际扫描结果为主。',
        note: '“漏洞数量超过20个” is read as the medium and high vulnerabilities that the deduction counts (20 × 5 % = 100 %); low-risk findings do not score.',
      }),
    ],
  },
]

/** 附件6 prints 表2 with every value halved: the ICS variant gives half of the 40 points to 表3. */
export function halveTable(sections: readonly TInspectionSection[]): TInspectionSection[] {
  return sections.map((section) => ({
    ...section,
    points: section.points / 2,
    ...(section.sections ? { sections: halveTable(section.sections) } : {}),
    ...(section.items
      ? { items: section.items.map((entry) => ({ ...entry, points: entry.points / 2 })) }
      : {}),
  }))
}
