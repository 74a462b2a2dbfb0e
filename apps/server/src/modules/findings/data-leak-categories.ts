// Categories of leaked personal information: seed 000 附件1 (数据安全情况) and seed 001 附件2 (敏感个人信息). The two lists
// overlap (行踪轨迹 in both; 健康生理信息 ≈ 医疗健康); the union is kept, each with the seed it comes from. Seed 001's
// list defines 敏感个人信息: choosing one of its categories suggests `isSensitive`.

export const DATA_LEAK_CATEGORIES = [
  { id: 'location_track', zh: '行踪轨迹', en: 'Location tracks', seeds: ['000', '001'], sensitive: true },
  {
    id: 'communication_content',
    zh: '通信内容',
    en: 'Communication content',
    seeds: ['000'],
    sensitive: false,
  },
  { id: 'credit', zh: '征信信息', en: 'Credit information', seeds: ['000'], sensitive: false },
  { id: 'property', zh: '财产信息', en: 'Property information', seeds: ['000'], sensitive: false },
  { id: 'accommodation', zh: '住宿信息', en: 'Accommodation records', seeds: ['000'], sensitive: false },
  {
    id: 'communication_records',
    zh: '通信记录',
    en: 'Call and message records',
    seeds: ['000'],
    sensitive: false,
  },
  {
    id: 'health',
    zh: '健康生理信息 / 医疗健康',
    en: 'Health and medical',
    seeds: ['000', '001'],
    sensitive: true,
  },
  { id: 'transaction', zh: '交易信息', en: 'Transactions', seeds: ['000'], sensitive: false },
  { id: 'specific_identity', zh: '特定身份', en: 'Specific identities', seeds: ['001'], sensitive: true },
  { id: 'biometric', zh: '生物识别信息', en: 'Biometric data', seeds: ['001'], sensitive: true },
  { id: 'financial_account', zh: '金融帐户', en: 'Financial accounts', seeds: ['001'], sensitive: true },
  {
    id: 'minor',
    zh: '未成年人个人信息',
    en: 'Personal information of minors',
    seeds: ['001'],
    sensitive: true,
  },
  { id: 'authentication', zh: '身份鉴别信息', en: 'Authentication data', seeds: ['001'], sensitive: true },
  {
    id: 'other',
    zh: '其他用户信息',
    en: 'Other personal information',
    seeds: ['000', '001'],
    sensitive: false,
  },
] as const

export type DataLeakCategory = (typeof DATA_LEAK_CATEGORIES)[number]['id']
export const DATA_LEAK_CATEGORY_IDS = DATA_LEAK_CATEGORIES.map((c) => c.id) as [
  DataLeakCategory,
  ...DataLeakCategory[],
]

/** Sensitive unless the tester says otherwise: any category of seed 001's 敏感个人信息 list. */
export function suggestsSensitive(categories: readonly DataLeakCategory[]): boolean {
  return categories.some((id) => DATA_LEAK_CATEGORIES.find((c) => c.id === id)?.sensitive)
}
