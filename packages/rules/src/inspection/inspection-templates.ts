// The checklist templates of seed 004: the two forms an inspector fills (附件5 general, 附件6 工控相关) and the detection
// tables on their own (a technical team may score 表2/表3 separately and hand the result to row 2.4 of 表1).
import { type TInspectionTemplate } from './inspection-template'
import { overviewSections } from './table1-overview'
import { halveTable, internetDetectionSections } from './table2-internet-detection'
import { icsDetectionSections } from './table3-ics-detection'

const source = 'seed 004 网络安全工作评分参考'

/** 附件5: 表1 with row 2.4 scored by 表2 (40 points). */
export const onsiteInspectionTemplate: TInspectionTemplate = {
  id: 'onsite-inspection',
  title: '网络安全工作评分参考 表1 现场检测评分参考总表',
  source: `${source} 附件5 表1、表2`,
  points: 100,
  sections: overviewSections({
    method: '现场检测: 详见互联网现场安全检测工作评分参考表(表2)',
    sections: internetDetectionSections,
  }),
}

/** 附件6: 表1 with row 2.4 scored by 表2 halved (20) and 表3 (20). */
export const icsOnsiteInspectionTemplate: TInspectionTemplate = {
  id: 'onsite-inspection-ics',
  title: '网络安全工作评分参考(工控相关) 表1 现场检测评分参考总表',
  source: `${source} 附件6 表1、表2、表3`,
  points: 100,
  sections: overviewSections({
    method: '现场检测: 详见互联网现场安全检测工作评分参考表(表2)和工控检测作评分参考表(表3)',
    sections: [...halveTable(internetDetectionSections), ...icsDetectionSections],
  }),
}

/** 表2 on its own (附件5 values). */
export const internetDetectionTemplate: TInspectionTemplate = {
  id: 'internet-detection',
  title: '表2 互联网现场安全检测工作评分参考表',
  source: `${source} 附件5 表2`,
  points: 40,
  sections: internetDetectionSections,
}

/** 表2 as printed in 附件6 (every value halved). */
export const icsInternetDetectionTemplate: TInspectionTemplate = {
  id: 'internet-detection-ics',
  title: '表2 互联网现场安全检测工作评分参考表(工控相关)',
  source: `${source} 附件6 表2`,
  points: 20,
  sections: halveTable(internetDetectionSections),
}

/** 表3 on its own. */
export const icsDetectionTemplate: TInspectionTemplate = {
  id: 'ics-detection',
  title: '表3 工控检测作评分参考表',
  source: `${source} 附件6 表3`,
  points: 20,
  sections: icsDetectionSections,
}

export const inspectionTemplates: Readonly<Record<string, TInspectionTemplate>> = Object.fromEntries(
  [
    onsiteInspectionTemplate,
    icsOnsiteInspectionTemplate,
    internetDetectionTemplate,
    icsInternetDetectionTemplate,
    icsDetectionTemplate,
  ].map((template) => [template.id, template]),
)
