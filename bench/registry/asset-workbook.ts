// The benchmark's asset file: an XLSX of N asset rows over M organisations, in the mix a city's census produces
// (sites, wildcard domains, egress addresses, IPv4 and IPv6 networks), written with exceljs' streaming writer.
import { makeCreditCode, makeOrganisationCode } from '@wangan/rules/registry'
import ExcelJS from 'exceljs'

export const HEADER = [
  '单位名称',
  '统一社会信用代码',
  '资产类型',
  '资产标识',
  '资产名称',
  '端口',
  '状态',
  '备注',
]

export function organisationCode(i: number): string {
  return makeCreditCode(`11329900${makeOrganisationCode(String(10_000_000 + i).slice(0, 8))}`)
}

export function assetRow(i: number, organisations: number): (string | number)[] {
  const org = i % organisations
  const kind = i % 5
  const identifier =
    kind === 0
      ? `https://www.s${i}.example.gov.cn/`
      : kind === 1
        ? `*.w${i}.example.gov.cn`
        : kind === 2
          ? `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`
          : kind === 3
            ? `172.${16 + ((i >> 12) & 15)}.${(i >> 4) & 255}.${(i & 15) << 4}/28`
            : `2001:db8:${(i >> 16).toString(16)}:${(i & 0xffff).toString(16)}::/64`
  const type = ['网站/业务系统', '域名', 'IP/网段', 'IP/网段', 'IP/网段'][kind]!
  return [
    `单位${org}`,
    organisationCode(org),
    type,
    identifier,
    `资产${i}`,
    kind === 0 ? '443' : '',
    '在用',
    '',
  ]
}

export async function writeAssetWorkbook(path: string, rows: number, organisations: number): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useStyles: false,
    useSharedStrings: true,
  })
  const sheet = workbook.addWorksheet('资产')
  sheet.addRow(HEADER).commit()
  for (let i = 0; i < rows; i++) sheet.addRow(assetRow(i, organisations)).commit()
  sheet.commit()
  await workbook.commit()
}
