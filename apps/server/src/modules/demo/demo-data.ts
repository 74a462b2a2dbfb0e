// The demo region of seed 001 (“网安2022”常州行动): 常州市 and its seven 辖市区, and the 83 organisations of 附件1 in their five
// categories. Everything here is illustrative demo data: the credit codes are generated (valid check characters, not
// real registrations), contacts are invented, and the six industry regulators are our choice — the seed marks them in
// bold, which the text extraction lost (docs/interpretations/registry.md).
export type DemoDistrict = { name: string; code: string | null }

export const DEMO_PROVINCE = { name: '江苏省', code: '320000' }
export const DEMO_CITY = { name: '常州市', code: '320400' }

export const DEMO_DISTRICTS: DemoDistrict[] = [
  { name: '溧阳市', code: '320481' },
  { name: '金坛区', code: '320413' },
  { name: '武进区', code: '320412' },
  { name: '新北区', code: '320411' },
  { name: '天宁区', code: '320402' },
  { name: '钟楼区', code: '320404' },
  // A development zone, not an administrative division: no division code of its own.
  { name: '常州经开区', code: null },
]

export type DemoOrganisation = {
  name: string
  shortName: string
  category: 'district' | 'party_government' | 'mass_organisation' | 'news_media' | 'state_enterprise'
  isIndustryRegulator?: boolean
  /** For 辖市区: the district region it belongs to. */
  district?: string
}

const municipal = (
  shortName: string,
  name = `市${shortName}`,
  isIndustryRegulator = false,
): DemoOrganisation => ({
  name,
  shortName,
  category: 'party_government',
  isIndustryRegulator,
})

/** 附件1, in the seed's order. 市级党政机关及其管理单位 lists 54 names for its stated 55: the extraction merged
 * “市委改革办、市发改委” into “市委改革委”; we list both (docs/interpretations/registry.md). */
export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  ...DEMO_DISTRICTS.map((d): DemoOrganisation => ({
    name: d.name,
    shortName: d.name,
    category: 'district',
    district: d.name,
  })),
  municipal('市委办', '市委办公室'),
  municipal('市人大办', '市人大常委会办公室'),
  municipal('市政府办', '市政府办公室'),
  municipal('市政协办', '市政协办公室'),
  municipal('市纪委(监委)机关', '市纪委监委机关'),
  municipal('市法院', '市中级人民法院'),
  municipal('市检察院', '市人民检察院'),
  municipal('组织部', '市委组织部'),
  municipal('宣传部', '市委宣传部'),
  municipal('统战部', '市委统战部'),
  municipal('政法委', '市委政法委'),
  municipal('编办', '市委编办'),
  municipal('台办', '市委台办'),
  municipal('市级机关工委', '市级机关工委'),
  municipal('老干部局', '市委老干部局'),
  municipal('科教城', '常州科教城管委会'),
  municipal('党校', '市委党校'),
  municipal('党史工委', '市委党史工委'),
  municipal('档案馆', '市档案馆'),
  municipal('市委改革办', '市委改革办'),
  municipal('发改委', '市发展改革委'),
  municipal('教育局', '市教育局', true),
  municipal('科技局'),
  municipal('工信局', '市工信局', true),
  municipal('民政局'),
  municipal('公安局'),
  municipal('司法局'),
  municipal('财政局'),
  municipal('人社局'),
  municipal('资规局', '市自然资源和规划局'),
  municipal('生态环境局'),
  municipal('住建局'),
  municipal('城管局'),
  municipal('交通局', '市交通运输局', true),
  municipal('水利局', '市水利局', true),
  municipal('农业农村局'),
  municipal('商务局'),
  municipal('文广旅局', '市文广旅局'),
  municipal('卫健委', '市卫生健康委', true),
  municipal('退役军人局', '市退役军人事务局'),
  municipal('应急管理局'),
  municipal('审计局'),
  municipal('外事办', '市外事办'),
  municipal('国资委'),
  municipal('政务办', '市政务服务管理办公室'),
  municipal('市场监管局'),
  municipal('体育局'),
  municipal('统计局'),
  municipal('医疗保障局'),
  municipal('信访局'),
  municipal('金融监管局', '市地方金融监管局', true),
  municipal('机关事务局', '市机关事务管理局'),
  municipal('地震局'),
  municipal('供销总社', '市供销合作总社'),
  municipal('住房公积金中心', '市住房公积金管理中心'),
  ...[
    ['总工会', '市总工会'],
    ['团市委', '共青团常州市委'],
    ['妇联', '市妇联'],
    ['科协', '市科协'],
    ['文联', '市文联'],
    ['侨联', '市侨联'],
    ['社科联', '市社科联'],
    ['残联', '市残联'],
    ['台联', '市台联'],
    ['工商联', '市工商联'],
    ['红十字会', '市红十字会'],
  ].map(([shortName, name]): DemoOrganisation => ({
    name: name!,
    shortName: shortName!,
    category: 'mass_organisation',
  })),
  { name: '常州日报社', shortName: '报社', category: 'news_media' },
  { name: '常州广播电视台', shortName: '广播电视台', category: 'news_media' },
  ...[
    ['产业投资集团', '常州产业投资集团有限公司'],
    ['投资集团', '常州投资集团有限公司'],
    ['东海证券', '东海证券股份有限公司'],
    ['江南银行', '江苏江南农村商业银行股份有限公司'],
    ['地铁集团', '常州地铁集团有限公司'],
    ['城建集团', '常州市城市建设（集团）有限公司'],
    ['交通产业集团', '常州市交通产业集团有限公司'],
    ['晋陵投资公司', '常州市晋陵投资集团有限公司'],
  ].map(([shortName, name]): DemoOrganisation => ({
    name: name!,
    shortName: shortName!,
    category: 'state_enterprise',
  })),
]

/** Registration authority + organisation category code (GB 32100 table 1): 11 机关, 12 事业单位, 13 群团, 91 企业. */
export const CREDIT_CODE_PREFIX: Record<DemoOrganisation['category'], string> = {
  district: '11',
  party_government: '11',
  mass_organisation: '13',
  news_media: '12',
  state_enterprise: '91',
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高'
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '磊',
  '洋',
  '勇',
  '艳',
  '杰',
  '军',
  '涛',
  '明',
  '超',
  '秀英',
  '建华',
  '晓燕',
  '志强',
  '海燕',
  '文斌',
]

/** An invented, deterministic name for the n-th demo contact. */
export function demoPersonName(n: number): string {
  return `${SURNAMES[n % SURNAMES.length]}${GIVEN[Math.floor(n / SURNAMES.length) % GIVEN.length]}`
}
