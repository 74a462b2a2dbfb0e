// One asset row of an import: the owning organisation (by credit code or name, within what the importer may edit),
// the type, the identifier normalised by the registry rules, ports, status. Problems name the row and the column.
import { formatReason, validateCreditCode, type AssetType } from '@wangan/rules/registry'
import { assetIdentity, normalisePorts, type AssetIdentity } from '../assets/asset-identity'
import { choiceParser, parseAssetStatus, parsePorts, parseText } from './cell-rules'
import { ASSET_TYPE_ALIASES } from './registry-columns'
import type { HeaderOf, ProblemList, RowValues } from './sheet-rows'

export type ImportOrganisation = {
  id: string
  name: string
  creditCode: string | null
  status: 'active' | 'inactive'
  editable: boolean
}

export type AssetDraft = {
  row: number
  organisationId: string
  type: AssetType
  identifier: string
  identity: AssetIdentity
  ports: number[] | null
  name: string | null
  status: 'active' | 'retired'
  notes: string | null
}

const parseType = choiceParser<AssetType>(ASSET_TYPE_ALIASES, '资产类型')

/** A few distinct values repeat over 100,000 rows (types, statuses, the same organisations): parse each once. */
function memo<T>(fn: (text: string) => T): (text: string) => T {
  const seen = new Map<string, T>()
  return (text) => {
    let value = seen.get(text)
    if (value === undefined) {
      value = fn(text)
      if (seen.size < 10_000) seen.set(text, value)
    }
    return value
  }
}

export class AssetRowValidator {
  private readonly byCode = new Map<string, ImportOrganisation>()
  private readonly byName = new Map<string, ImportOrganisation[]>()
  /** organisation|type|identity → first row, for duplicates inside the file. */
  private readonly seen = new Map<string, number>()
  /** Valid rows not yet taken by the writer. */
  readonly drafts: AssetDraft[] = []
  valid = 0
  private readonly type = memo(parseType)
  private readonly status = memo(parseAssetStatus)
  private readonly creditCode = memo(validateCreditCode)

  /** The organisations rows may name: the importer's editable ones. */
  readonly organisationIds: string[] = []

  constructor(
    organisations: Iterable<ImportOrganisation>,
    private readonly problems: ProblemList,
  ) {
    for (const org of organisations) {
      if (org.editable) this.organisationIds.push(org.id)
      if (org.creditCode) this.byCode.set(org.creditCode, org)
      const list = this.byName.get(org.name) ?? []
      list.push(org)
      this.byName.set(org.name, list)
    }
  }

  private fail(row: RowValues, column: string, value: string, message: string, code: string): null {
    this.problems.add({ row: row.rowNumber, column, value: value || null, message, code })
    return null
  }

  private organisationOf(row: RowValues, headerOf: HeaderOf): ImportOrganisation | null {
    const codeText = row.text('creditCode')
    const nameText = row.text('organisationName').replace(/\s+/g, ' ')
    if (!codeText && !nameText)
      return this.fail(
        row,
        headerOf('organisationName'),
        '',
        '请填写单位名称或统一社会信用代码 (organisation required)',
        'required',
      )
    let byCode: ImportOrganisation | undefined
    if (codeText) {
      if (row.cell('creditCode').problem === 'number_precision')
        return this.fail(
          row,
          headerOf('creditCode'),
          codeText,
          'Excel 把统一社会信用代码存成了数字，后几位已丢失；请将该列设为文本格式后重新填写 (stored as a number: digits lost)',
          'number_precision',
        )
      const code = this.creditCode(codeText)
      if (!code.ok)
        return this.fail(row, headerOf('creditCode'), codeText, formatReason(code.reason), code.reason.code)
      byCode = this.byCode.get(code.normalised)
      if (!byCode)
        return this.fail(
          row,
          headerOf('creditCode'),
          codeText,
          '没有此统一社会信用代码的单位，或不在您的管理范围内 (no such organisation in your scope)',
          'unknown_organisation',
        )
      if (nameText && byCode.name !== nameText)
        return this.fail(
          row,
          headerOf('organisationName'),
          nameText,
          `单位名称与统一社会信用代码不符：该代码属于“${byCode.name}” (name and credit code disagree)`,
          'organisation_mismatch',
        )
    }
    let org = byCode
    if (!org) {
      const candidates = this.byName.get(nameText) ?? []
      if (candidates.length === 0)
        return this.fail(
          row,
          headerOf('organisationName'),
          nameText,
          '没有此名称的单位，或不在您的管理范围内 (no such organisation in your scope)',
          'unknown_organisation',
        )
      if (candidates.length > 1)
        return this.fail(
          row,
          headerOf('organisationName'),
          nameText,
          '有多个同名单位，请填写统一社会信用代码 (several organisations have this name; give the credit code)',
          'ambiguous_organisation',
        )
      org = candidates[0]!
    }
    const column = headerOf(codeText ? 'creditCode' : 'organisationName')
    if (!org.editable)
      return this.fail(
        row,
        column,
        codeText || nameText,
        '您无权登记该单位的资产 (you may not register assets of this organisation)',
        'forbidden',
      )
    if (org.status !== 'active')
      return this.fail(
        row,
        column,
        codeText || nameText,
        '单位已停用，不能登记资产 (the organisation is inactive)',
        'inactive_organisation',
      )
    return org
  }

  validate(row: RowValues, headerOf: HeaderOf): void {
    const before = this.problems.count
    const org = this.organisationOf(row, headerOf)
    const typeText = row.text('type')
    let type: AssetType | null = null
    if (!typeText) this.fail(row, headerOf('type'), '', '请填写资产类型 (asset type required)', 'required')
    else {
      const parsed = this.type(typeText)
      if (parsed.ok) type = parsed.value
      else this.fail(row, headerOf('type'), typeText, parsed.message, 'unknown_asset_type')
    }
    const identifier = row.text('identifier')
    let identity: AssetIdentity | null = null
    if (!identifier)
      this.fail(row, headerOf('identifier'), '', '请填写资产标识 (identifier required)', 'required')
    else if (type) {
      const result = assetIdentity(type, identifier)
      if (result.ok) identity = result.identity
      else this.fail(row, headerOf('identifier'), identifier, formatReason(result.reason), result.reason.code)
    }
    const portsText = row.text('ports')
    const ports = parsePorts(portsText)
    if (!ports.ok) this.fail(row, headerOf('ports'), portsText, ports.message, 'port')
    const statusText = row.text('status')
    const status = statusText ? this.status(statusText) : ({ ok: true, value: 'active' } as const)
    if (!status.ok) this.fail(row, headerOf('status'), statusText, status.message, 'status')
    const name = parseText(row.text('name'), 200)
    if (!name.ok) this.fail(row, headerOf('name'), row.text('name'), name.message, 'text')
    const notes = parseText(row.text('notes'), 2000, true)
    if (!notes.ok) this.fail(row, headerOf('notes'), row.text('notes'), notes.message, 'text')
    if (
      this.problems.count !== before ||
      !org ||
      !type ||
      !identity ||
      !ports.ok ||
      !status.ok ||
      !name.ok ||
      !notes.ok
    )
      return
    const key = `${org.id}|${type}|${identity.identityKey}`
    const first = this.seen.get(key)
    if (first !== undefined) {
      this.fail(
        row,
        headerOf('identifier'),
        identifier,
        `与第 ${first} 行重复：同一单位的同一资产 ${identity.canonical} (duplicate of row ${first})`,
        'duplicate_row',
      )
      return
    }
    this.seen.set(key, row.rowNumber)
    this.valid++
    this.drafts.push({
      row: row.rowNumber,
      organisationId: org.id,
      type,
      identifier,
      identity,
      ports: normalisePorts(ports.value, identity.writtenPort),
      name: name.value,
      status: status.value,
      notes: notes.value,
    })
  }
}
