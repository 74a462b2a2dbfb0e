// 表1 现场检测评分参考总表 (seed 004 附件5, and 附件6 for the ICS variant): 100 points in four projects (项目).
// Texts are the seed's, joined across the extraction's line breaks; “(N分)” markers stay in the text as printed.
// Row 2.4 网络安全防护技术检测 (40分) is scored by the detection tables, passed in by the template.
import { type TInspectionSection } from './inspection-template'
import { allOf, doneOrPlan, item, option, yesNo } from './rule-builders'

const workPlanNote = '暂未开展,有工作计划书的,此项工作得分。'

export function overviewSections(technicalDetection: {
  method: string
  sections: readonly TInspectionSection[]
}): TInspectionSection[] {
  return [
    {
      code: 'T1-1',
      title: '网络安全工作责任制落实情况',
      points: 30,
      sections: [
        {
          code: 'T1-1.1',
          title: '把网络安全工作纳入重要议事日程',
          points: 5,
          method: '查阅会议记录',
          items: [
            item({
              code: 'T1-1.1.1',
              number: '1',
              standard: '党委(党组)每半年一次传达部署中央、省委网络安全工作的指示精神和决策部署。(1.5分)',
              points: 1.5,
              rule: yesNo(),
              method: '查阅会议记录',
            }),
            item({
              code: 'T1-1.1.2',
              number: '2',
              standard:
                '党委(党组)领导班子主要负责人每年至少召集一次专题会议,组织听取网络安全工作整体情况汇报,研究议定重大事项,加强网络安全工作的措施和人力物力财力保障等。(1.5分)',
              points: 1.5,
              rule: yesNo(),
              method: '查阅会议记录',
            }),
            item({
              code: 'T1-1.1.3',
              number: '3',
              standard:
                '网络安全直接责任人至少每季度召集一次会议听取网络安全相关工作汇报,研究网络安全工作。(2分)',
              points: 2,
              rule: yesNo(),
              method: '查阅会议记录',
            }),
          ],
        },
        {
          code: 'T1-1.2',
          title: '建立和落实网络安全责任制',
          points: 3,
          method: '查阅正式文件或会议纪要',
          items: [
            item({
              code: 'T1-1.2.1',
              number: '1',
              standard:
                '明确党委(党组)领导班子主要负责人是第一责任人,主管网络安全的领导班子成员是直接责任人。(1分)',
              points: 1,
              rule: yesNo(),
              method: '查阅正式文件或会议纪要',
            }),
            item({
              code: 'T1-1.2.2',
              number: '2',
              standard:
                '印发本地区本部门网络安全工作责任制实施办法或细则,或以相关文件明确责任制实施要求。(1分)',
              points: 1,
              rule: yesNo(),
              method: '查阅正式文件或会议纪要',
            }),
            item({
              code: 'T1-1.2.3',
              number: '3',
              standard: '将本地本部门本单位网络安全工作纳入年度工作目标绩效考核。(1分)',
              points: 1,
              rule: yesNo(),
              method: '查阅正式文件或会议纪要',
            }),
          ],
        },
        {
          code: 'T1-1.3',
          title: '明确网络安全工作机构',
          points: 3,
          method: '查阅正式文件或会议纪要',
          items: [
            item({
              code: 'T1-1.3.1',
              number: '1',
              standard:
                '成立网络安全机构,具有明确的负责人、职能、组成部门(2分):①市委成立了市委网信部门,其“三定”职责中包括网络安全统筹协调职责,明确处室负责此项工作;②省直各部门、各单位明确了本单位网络安全工作的相关处室和工作职责;③行业主管监管部门明确了负责本行业网络安全工作的相关处室和工作职责。',
              points: 2,
              rule: allOf([
                option('leader', '明确的负责人'),
                option('duties', '职能'),
                option('departments', '组成部门'),
              ]),
              method: '查阅正式文件或会议纪要',
              note: '①②③ are the forms the institution takes for a city party committee, a provincial department and an industry regulator; the organisation meets the one that applies to it.',
            }),
            item({
              code: 'T1-1.3.2',
              number: '2',
              standard: '网络安全工作机构按照岗位实际配备了网络安全工作人员。(1分)',
              points: 1,
              rule: yesNo(),
              method: '查阅正式文件或会议纪要',
            }),
          ],
        },
        {
          code: 'T1-1.4',
          title: '明确本地区本部门网络安全的主要目标、基本要求、工作任务、保护措施',
          points: 3,
          method: '查阅正式文件',
          items: [
            item({
              code: 'T1-1.4.1',
              number: '',
              standard:
                '建立网络安全工作体系,制定了本地区本部门本行业网络安全规划、实施计划或工作方案等文件,提出了本地区本部门本行业的网络安全主要目标,基本要求,工作任务和保护措施。(3分)',
              points: 3,
              rule: allOf([
                option('documents', '制定了网络安全规划、实施计划或工作方案等文件'),
                option('goals', '主要目标'),
                option('requirements', '基本要求'),
                option('tasks', '工作任务'),
                option('measures', '保护措施'),
              ]),
              method: '查阅正式文件',
            }),
          ],
        },
        {
          code: 'T1-1.5',
          title: '加大财力物力支持和保障力度',
          points: 3,
          method: '查阅相关佐证材料',
          items: [
            item({
              code: 'T1-1.5.1',
              number: '1',
              standard:
                '通过财政预算渠道,切实保障网络系统的安全防护加固、安全运维、安全检测评估、系统安全升级改造、网络安全教育培训、网络安全事件应急处置等支出。(1分)',
              points: 1,
              rule: yesNo(),
              method: '查阅相关佐证材料',
            }),
            item({
              code: 'T1-1.5.2',
              number: '2',
              standard: '新建信息化项目的网络安全预算不低于项目总预算的5%。(1分)',
              prompt: '新建信息化项目中网络安全预算占项目总预算比例最低者: ____% (无新建信息化项目的不填)',
              points: 1,
              rule: {
                kind: 'numeric-bands',
                quantity: '网络安全预算占比',
                unit: '%',
                isInteger: false,
                range: { min: 0, max: 100 },
                bands: [{ min: 5, fraction: 1, label: '不低于5%' }],
                absent: { fraction: 1, label: '本年度无新建信息化项目' },
              },
              method: '查阅相关佐证材料',
            }),
            item({
              code: 'T1-1.5.3',
              number: '3',
              standard: '审计部门将网络安全建设和绩效纳入审计范围。(1分)',
              points: 1,
              rule: yesNo(),
              method: '查阅相关佐证材料',
            }),
          ],
        },
        {
          code: 'T1-1.6',
          title: '开展经常性的网络安全宣传教育培训',
          points: 3,
          method: '查阅相关资料',
          note: workPlanNote,
          items: [
            item({
              code: 'T1-1.6.1',
              number: '1',
              standard: '本地区每年按照国家统一安排开展网络安全宣传周活动。(1分)',
              points: 1,
              rule: doneOrPlan,
              method: '查阅相关资料',
            }),
            item({
              code: 'T1-1.6.2',
              number: '2',
              standard:
                '本部门在职人员人均接受网络安全培训时间不少于4个学时。未开展的,有工作计划或布置的,视为开展;(1分)',
              points: 1,
              rule: doneOrPlan,
              method: '查阅相关资料',
            }),
            item({
              code: 'T1-1.6.3',
              number: '3',
              standard:
                '对网络安全专业技术岗位人员开展专业技能培训,年度人均接受相关培训时间不少于8个学时,且获得网络安全专业资质人员占比达到60%以上或虽未达到60%但逐年提高。(1分)',
              points: 1,
              rule: doneOrPlan,
              method: '查阅相关资料',
            }),
          ],
        },
        {
          code: 'T1-1.7',
          title: '统筹协调开展网络安全检查',
          points: 7,
          method: '查阅相关资料',
          items: [
            item({
              code: 'T1-1.7.1',
              number: '1',
              standard:
                '网络安全和信息化领导机构统筹协调组织本地区有关部门开展网络安全检查,涉及重要行业的,会同相关主管部门进行,年底汇总检查结果,连同年度网络安全工作报告一起报上级网信委。(2分)',
              points: 2,
              rule: yesNo(),
              method: '查阅相关资料',
            }),
            item({
              code: 'T1-1.7.2',
              number: '2',
              standard:
                '各部门依法依归依职责对机关本级、直属机构、所主管监管行业行开展网络安全检查,年底将检查结果报上级网信委,检查结果通报网络和信息系统所在地区网络全和信息化领导机构。(2分)',
              points: 2,
              rule: yesNo(),
              method: '查阅相关资料',
              note: 'Read “依归” as 依规, “行业行” as 行业, “网络全和信息化领导机构” as 网络安全和信息化领导机构.',
            }),
            item({
              code: 'T1-1.7.3',
              number: '3',
              standard: '及时整改网络安全检查发现的风险。(3分)',
              points: 3,
              rule: yesNo(),
              method: '查阅相关资料',
            }),
          ],
        },
        {
          code: 'T1-1.8',
          title: '国产化工作进展符合中央提出的目标要求',
          points: 3,
          method: '查阅相关资料',
          items: [
            item({
              code: 'T1-1.8.1',
              number: '1',
              standard: '明确本地区本部门本行业国产化工作的机构和负责人。(1分)',
              points: 1,
              rule: yesNo(),
              method: '查阅相关资料',
            }),
            item({
              code: 'T1-1.8.2',
              number: '2',
              standard: '建立了国产化替代台账。(0.5分)',
              points: 0.5,
              rule: yesNo(),
              method: '查阅相关资料',
            }),
            item({
              code: 'T1-1.8.3',
              number: '3',
              standard:
                '制定了国产替代计划,明确时间表、路线图。(0.5分)组织开展了本地区本部门本行业涉密领域国产化替代工作。(0.5分)',
              points: 1,
              rule: {
                kind: 'credit-per-element',
                elements: [
                  { id: 'plan', label: '制定了国产替代计划,明确时间表、路线图', points: 0.5 },
                  { id: 'classified', label: '组织开展了涉密领域国产化替代工作', points: 0.5 },
                ],
              },
              method: '查阅相关资料',
            }),
            item({
              code: 'T1-1.8.4',
              number: '4',
              standard: '用于采购国产硬软件产品的支出比例符合中央提出的要求。(0.5分)',
              points: 0.5,
              rule: yesNo(),
              method: '查阅相关资料',
            }),
          ],
        },
      ],
    },
    {
      code: 'T1-2',
      title: '关键信息基础设施安全维护情况',
      points: 50,
      sections: [
        {
          code: 'T1-2.1',
          title: '基本情况备案',
          points: 2,
          method: '查阅相关资料',
          items: [
            item({
              code: 'T1-2.1.1',
              number: '',
              standard:
                '记载详细的关键信息基础设施数量、主要功能、分布、服务范围、主管单位等情况。(2分,缺一项信息的扣0.5分,扣完为止)',
              prompt: '关键信息基础设施备案记载的信息(勾选已记载的):',
              points: 2,
              rule: {
                kind: 'deduct-per-missing',
                elements: [
                  option('count', '数量'),
                  option('functions', '主要功能'),
                  option('distribution', '分布'),
                  option('serviceScope', '服务范围'),
                  option('competentUnit', '主管单位'),
                ],
                deductionPerMissing: 0.5,
              },
              method: '查阅相关资料',
            }),
          ],
        },
        {
          code: 'T1-2.2',
          title: '管理机构',
          points: 5,
          method: '实地查看和查阅相关资料',
          items: [
            item({
              code: 'T1-2.2.1',
              number: '',
              standard:
                '以文件或其他方式明确关键信息基础设施管理机构和运维机构(1分),负责人和关键岗位人员安全背景审查(1分)、职能(1分)、保密条款(1分)、组成部门(1分)。其他:若设施运维为外包模式的,运维企业必须具有相关网络安全资质,专业网络技术人员,签署网络安全保密协议及关键岗位人员安全背景审查,近3年内未受到相关主管部门的行政处理。若运维企业不符合上述任何条件的,对应项不得分。',
              prompt: '以文件或其他方式明确的内容(勾选已明确的);运维外包的,勾选运维企业不符合的条件:',
              points: 5,
              rule: {
                kind: 'credit-per-element',
                elements: [
                  { id: 'institutions', label: '管理机构和运维机构', points: 1 },
                  { id: 'backgroundChecks', label: '负责人和关键岗位人员安全背景审查', points: 1 },
                  { id: 'duties', label: '职能', points: 1 },
                  { id: 'confidentiality', label: '保密条款', points: 1 },
                  { id: 'departments', label: '组成部门', points: 1 },
                ],
                outsourcing: {
                  conditions: [
                    { id: 'qualification', label: '具有相关网络安全资质', voids: 'institutions' },
                    { id: 'technicalStaff', label: '专业网络技术人员', voids: 'departments' },
                    {
                      id: 'confidentialityAgreement',
                      label: '签署网络安全保密协议',
                      voids: 'confidentiality',
                    },
                    { id: 'backgroundChecks', label: '关键岗位人员安全背景审查', voids: 'backgroundChecks' },
                    { id: 'noPenalty', label: '近3年内未受到相关主管部门的行政处理', voids: 'institutions' },
                  ],
                },
              },
              method: '实地查看和查阅相关资料',
              note: '“对应项” is read as the element the failed condition concerns: 资质 and 行政处理 → 管理机构和运维机构, 专业网络技术人员 → 组成部门, 保密协议 → 保密条款, 背景审查 → 背景审查.',
            }),
          ],
        },
        {
          code: 'T1-2.3',
          title: '网络安全工作“三同步”情况',
          points: 3,
          method: '查阅相关资料',
          items: [
            item({
              code: 'T1-2.3.1',
              number: '',
              standard:
                '网站、系统平台和工业控制系统的信息化项目,在项目建设的同时保证安全技术措施同步规划、同步建设、同步使用。',
              points: 3,
              rule: allOf([
                option('planning', '同步规划'),
                option('building', '同步建设'),
                option('using', '同步使用'),
              ]),
              method: '查阅相关资料',
            }),
          ],
        },
        {
          code: 'T1-2.4',
          title: '网络安全防护技术检测',
          points: 40,
          method: technicalDetection.method,
          sections: technicalDetection.sections,
        },
      ],
    },
    {
      code: 'T1-3',
      title: '监测预警和应急处置情况',
      points: 15,
      sections: [
        {
          code: 'T1-3.1',
          title: '加强和规范本地区本部门网络安全信息汇集、分析和研判工作',
          points: 4,
          method: '查阅相关佐证材料',
          items: [
            item({
              code: 'T1-3.1.1',
              number: '1',
              standard:
                '制定了本地区本部门本行业加强和规范网络安全信息汇集、分析、研判和通报工作的制度文件,明确了负责网络安全信息通报工作的机构及其职责。(2分,缺一项扣1分)',
              points: 2,
              rule: {
                kind: 'deduct-per-missing',
                elements: [
                  option('rules', '信息汇集、分析、研判和通报工作的制度文件'),
                  option('institution', '负责网络安全信息通报工作的机构及其职责'),
                ],
                deductionPerMissing: 1,
              },
              method: '查阅相关佐证材料',
            }),
            item({
              code: 'T1-3.1.2',
              number: '2',
              standard:
                '开展了网络安全信息通报工作。根据实际情况,若实际本地区本部门本行业有网络安全事件发生,未进行通报的,该项不得分。(1分)',
              points: 1,
              rule: allOf([
                option('reporting', '开展了网络安全信息通报工作'),
                option('incidentsReported', '发生的网络安全事件均已通报(未发生事件的视为满足)'),
              ]),
              method: '查阅相关佐证材料',
            }),
            item({
              code: 'T1-3.1.3',
              number: '3',
              standard: '本地区本部门每年接受网信部门通报的网络安全风险事件,处置反馈性不低于90%。(1分)',
              prompt: '网信部门通报的网络安全风险事件处置反馈率: ____% (本年度未接到通报的不填)',
              points: 1,
              rule: {
                kind: 'numeric-bands',
                quantity: '处置反馈率',
                unit: '%',
                isInteger: false,
                range: { min: 0, max: 100 },
                bands: [{ min: 90, fraction: 1, label: '不低于90%' }],
                absent: { fraction: 1, label: '本年度未接到网信部门通报的风险事件' },
              },
              method: '查阅相关佐证材料',
              note: 'Read “处置反馈性” as 处置反馈率 (the share of notified risk events handled and answered).',
            }),
          ],
        },
        {
          code: 'T1-3.2',
          title: '网络安全风险评估工作机制',
          points: 4,
          method: '查阅相关资料',
          note: workPlanNote,
          items: [
            item({
              code: 'T1-3.2.1',
              number: '1',
              standard: '建立了网络安全风险评估机制。(1分)',
              points: 1,
              rule: yesNo(),
              method: '查阅相关资料',
            }),
            item({
              code: 'T1-3.2.2',
              number: '2',
              standard: '具有明确的开展工作计划和责任部门。(1分)',
              points: 1,
              rule: allOf([option('plan', '明确的开展工作计划'), option('department', '责任部门')]),
              method: '查阅相关资料',
            }),
            item({
              code: 'T1-3.2.3',
              number: '3',
              standard: '每年至少开展一次网络安全风险评估。(2分)',
              points: 2,
              rule: doneOrPlan,
              method: '查阅相关资料',
            }),
          ],
        },
        {
          code: 'T1-3.3',
          title: '网络安全应急处置工作机制',
          points: 3,
          method: '查阅相关资料',
          items: [
            item({
              code: 'T1-3.3.1',
              number: '1',
              standard: '以文件方式建立应急处置工作机制。(1分)',
              points: 1,
              rule: yesNo(),
              method: '查阅相关资料',
            }),
            item({
              code: 'T1-3.3.2',
              number: '2',
              standard: '机制明确了应急事件处置部门、负责人、处置流程。(2分)',
              points: 2,
              rule: allOf([
                option('department', '处置部门'),
                option('leader', '负责人'),
                option('procedure', '处置流程'),
              ]),
              method: '查阅相关资料',
            }),
          ],
        },
        {
          code: 'T1-3.4',
          title: '网络应急预案及演练情况',
          points: 4,
          method: '查阅相关资料',
          note: workPlanNote,
          items: [
            item({
              code: 'T1-3.4.1',
              number: '1',
              standard: '本部门、本地区制定出台了网络应急预案。(2分)',
              points: 2,
              rule: yesNo(),
              method: '查阅相关资料',
            }),
            item({
              code: 'T1-3.4.2',
              number: '2',
              standard: '每年至少开展一次演练。(2分)',
              points: 2,
              rule: doneOrPlan,
              method: '查阅相关资料',
            }),
          ],
        },
      ],
    },
    {
      code: 'T1-4',
      title: '其他事项',
      points: 5,
      sections: [
        {
          code: 'T1-4.1',
          title: '信息采集上报',
          points: 3,
          method: '现场比对验证',
          items: [
            item({
              code: 'T1-4.1.1',
              number: '',
              standard: '规定时限内上报关键信息基础设施数据,且上报数据完整。',
              points: 3,
              rule: allOf([option('onTime', '规定时限内上报'), option('complete', '上报数据完整')]),
              method: '现场比对验证',
            }),
          ],
        },
        {
          code: 'T1-4.2',
          title: '自查工作',
          points: 2,
          method: '实际情况',
          items: [
            item({
              code: 'T1-4.2.1',
              number: '',
              standard: '规定时限内上报,且上报信息完整的。',
              points: 2,
              rule: allOf([option('onTime', '规定时限内上报'), option('complete', '上报信息完整')]),
              method: '实际情况',
            }),
          ],
        },
      ],
    },
  ]
}
