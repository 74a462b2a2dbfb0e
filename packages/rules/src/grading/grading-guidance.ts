// Short guidance for the grading wizard, paraphrased from GB/T 22240-2020 (受侵害的客体, 侵害程度, 安全保护等级).
// These are condensed readings written from the standard's definitions, not quotations: the standard's own text wins.
import { type THarmDegree, type THarmedObject, type TSecurityLevel } from './grading-matrix'

export type TGuidanceText = {
  /** the standard's term */
  term: string
  zh: string
  en: string
  /** typical matters that fall under the object or degree, for the wizard's hints */
  examples: { zh: string; en: string }[]
}

export const harmedObjectGuidance: Readonly<Record<THarmedObject, TGuidanceText>> = {
  citizen: {
    term: '公民、法人和其他组织的合法权益',
    zh: '受法律保护的公民、法人和其他组织所享有的社会权利和利益受到损害。',
    en: 'Harm to the lawful rights and interests of citizens, legal persons and other organisations, as protected by law.',
    examples: [
      { zh: '个人信息泄露、财产损失', en: 'leak of personal information, financial loss' },
      {
        zh: '单位的经营、名誉等权益受损',
        en: "harm to an organisation's business, reputation or other rights",
      },
    ],
  },
  society: {
    term: '社会秩序、公共利益',
    zh: '影响国家机关、企事业单位、社会团体的工作、生产、经营、教学科研、医疗卫生秩序及公共场所、公共交通秩序，或影响社会成员使用公共设施、获取公开信息资源、接受公共服务。',
    en: 'Harm to social order (the working, production, business, teaching, research and health-care order of public bodies, enterprises and organisations, order in public places and public transport) or to the public interest (use of public facilities, access to public information, receipt of public services).',
    examples: [
      { zh: '政务服务、公共服务中断', en: 'interruption of government or public services' },
      { zh: '较大范围的社会不良影响', en: 'adverse social impact over a wide area' },
    ],
  },
  nation: {
    term: '国家安全',
    zh: '影响国家政权稳固和领土主权、海洋权益完整，国家统一、民族团结和社会稳定，国家社会主义市场经济秩序和文化实力，以及其他影响国家安全的事项。',
    en: 'Harm to national security: the stability of state power, territorial sovereignty and maritime rights, national unity, ethnic solidarity and social stability, the socialist market-economy order and cultural strength, and other matters of national security.',
    examples: [
      { zh: '涉及国家秘密或重要数据、核心数据', en: 'state secrets, important or core data' },
      { zh: '关键信息基础设施的核心业务', en: 'the core business of critical information infrastructure' },
    ],
  },
}

export const harmDegreeGuidance: Readonly<Record<THarmDegree, TGuidanceText>> = {
  general: {
    term: '一般损害',
    zh: '工作职能受到局部影响，业务能力有所降低但不影响主要功能的执行；出现较轻的法律问题、较低的财产损失、有限的社会不良影响，对其他组织和个人造成较低损害。',
    en: 'Functions are partly affected and capability somewhat reduced, but the main functions still work; minor legal problems, low financial loss, limited adverse social impact, low harm to other organisations and individuals.',
    examples: [{ zh: '局部、短时的服务降级', en: 'local, short degradation of service' }],
  },
  serious: {
    term: '严重损害',
    zh: '工作职能受到严重影响，业务能力显著下降且严重影响主要功能执行；出现较严重的法律问题、较高的财产损失、较大范围的社会不良影响，对其他组织和个人造成较严重损害。',
    en: 'Functions are seriously affected and capability markedly reduced, seriously impairing the main functions; serious legal problems, high financial loss, adverse social impact over a wide area, serious harm to other organisations and individuals.',
    examples: [{ zh: '主要业务长时间中断', en: 'main business interrupted for a long time' }],
  },
  especially_serious: {
    term: '特别严重损害',
    zh: '工作职能受到特别严重影响或丧失行使能力，业务能力严重下降或功能无法执行；出现极其严重的法律问题、极高的财产损失、大范围的社会不良影响，对其他组织和个人造成非常严重损害。',
    en: 'Functions are especially seriously affected or can no longer be exercised, capability is severely reduced or functions cannot be performed; extremely serious legal problems, very high financial loss, adverse social impact over a large area, very serious harm to other organisations and individuals.',
    examples: [{ zh: '业务瘫痪、大规模数据泄露', en: 'business paralysed, large-scale data leak' }],
  },
}

/** What each level means (GB/T 22240-2020 安全保护等级), shown beside the wizard's result. */
export const securityLevelGuidance: Readonly<Record<TSecurityLevel, { zh: string; en: string }>> = {
  1: {
    zh: '第一级：受到破坏后，会对公民、法人和其他组织的合法权益造成一般损害，但不危害国家安全、社会秩序和公共利益。',
    en: 'Level 1: general harm to the lawful rights of citizens, legal persons and organisations; no harm to national security, social order or the public interest.',
  },
  2: {
    zh: '第二级：会对公民、法人和其他组织的合法权益造成严重损害或特别严重损害，或者对社会秩序和公共利益造成危害，但不危害国家安全。',
    en: 'Level 2: serious or especially serious harm to the lawful rights of citizens and organisations, or harm to social order and the public interest; no harm to national security.',
  },
  3: {
    zh: '第三级：会对社会秩序和公共利益造成严重危害，或者对国家安全造成危害。',
    en: 'Level 3: serious harm to social order and the public interest, or harm to national security.',
  },
  4: {
    zh: '第四级：会对社会秩序和公共利益造成特别严重危害，或者对国家安全造成严重危害。',
    en: 'Level 4: especially serious harm to social order and the public interest, or serious harm to national security.',
  },
  5: {
    zh: '第五级：会对国家安全造成特别严重危害。',
    en: 'Level 5: especially serious harm to national security.',
  },
}

/** The two grading aspects (定级要素) a system is graded on. */
export const gradingAspectGuidance = {
  business: {
    term: '业务信息安全保护等级',
    zh: '业务信息（数据）的保密性、完整性被破坏时所侵害的客体和侵害程度。',
    en: 'The object harmed and degree of harm when the confidentiality or integrity of the business information is breached.',
  },
  service: {
    term: '系统服务安全保护等级',
    zh: '系统服务的可用性（连续性）被破坏时所侵害的客体和侵害程度。',
    en: 'The object harmed and degree of harm when the availability (continuity) of the system service is breached.',
  },
} as const
