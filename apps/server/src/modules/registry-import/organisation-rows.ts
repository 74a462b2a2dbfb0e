// One organisation row of an import, then the whole file's cross-row rules: regions in the importer's jurisdiction,
// parents in the file or already registered, no cycles, no duplicates inside the file or against the database.
import { randomUUID } from 'node:crypto'
import {
  formatReason,
  validateCreditCode,
  validateEmail,
  validateFixedLine,
  validateMobile,
  validateOrganisationName,
  validatePersonName,
} from '@wangan/rules/registry'
import { CATEGORY_LABELS, ORGANISATION_CATEGORIES } from '../organisations/organisations.schemas'
import { choiceParser, parseOrganisationStatus, parseText, parseYesNo } from './cell-rules'
import type { HeaderOf, ProblemList, RowValues } from './sheet-rows'

type Category = (typeof ORGANISATION_CATEGORIES)[number]

export type ContactDraft = {
  kind: 'liaison' | 'leader'
  name: string
  mobile: string | null
  email: string | null
  phone: string | null
}

export type OrganisationDraft = {
  row: number
  id: string
  name: string
  shortName: string | null
  creditCode: string | null
  category: Category
  isIndustryRegulator: boolean
  parentRef: string | null
  regionRef: string | null
  address: string | null
  notes: string | null
  status: 'active' | 'inactive'
  contacts: ContactDraft[]
  /** Resolved later. */
  regionId?: string
  parentId?: string | null
  parentPath?: string | null
}

export type ImportRegion = {
  id: string
  name: string
  code: string | null
  path: string
  manageable: boolean
}
export type ExistingOrganisation = {
  id: string
  name: string
  creditCode: string | null
  path: string
  manageable: boolean
}

const CATEGORY_SPELLINGS = Object.fromEntries(
  ORGANISATION_CATEGORIES.map((c) => [
    c,
    [
      CATEGORY_LABELS[c],
      ...(
        {
          district: ['辖市区', '区县', '市区', '县区'],
          party_government: ['党政机关', '市级党政机关', '机关', '事业单位'],
          mass_organisation: ['群团组织', '群团'],
          news_media: ['新闻单位', '主要新闻单位', '媒体'],
          state_enterprise: ['国有企业', '国企', '市属国企'],
          other: ['其他', '其它'],
        } satisfies Record<Category, string[]>
      )[c],
    ],
  ]),
) as Record<Category, string[]>

const parseCategory = choiceParser<Category>(CATEGORY_SPELLINGS, '单位类别')

/** Excel rows of the same file each get their id up front, so that parents and children can point at each other. */
export class OrganisationRowValidator {
  readonly drafts: OrganisationDraft[] = []

  constructor(private readonly problems: ProblemList) {}

  private fail(row: number, column: string, value: string, message: string, code: string): void {
    this.problems.add({ row, column, value: value || null, message, code })
  }

  private contact(
    row: RowValues,
    headerOf: HeaderOf,
    kind: 'liaison' | 'leader',
  ): ContactDraft | null | undefined {
    const keys = {
      name: `${kind}Name`,
      mobile: `${kind}Mobile`,
      email: `${kind}Email`,
      phone: `${kind}Phone`,
    }
    const raw = {
      name: row.text(keys.name),
      mobile: row.text(keys.mobile),
      email: row.text(keys.email),
      phone: row.text(keys.phone),
    }
    if (!raw.name && !raw.mobile && !raw.email && !raw.phone) return null
    const before = this.problems.count
    const label = kind === 'liaison' ? '联络员' : '负责人'
    let name = ''
    if (!raw.name)
      this.fail(
        row.rowNumber,
        headerOf(keys.name),
        '',
        `填写了${label}信息，但缺少${label}姓名 (name required)`,
        'required',
      )
    else {
      const v = validatePersonName(raw.name)
      if (v.ok) name = v.normalised
      else this.fail(row.rowNumber, headerOf(keys.name), raw.name, formatReason(v.reason), v.reason.code)
    }
    let mobile: string | null = null
    if (raw.mobile) {
      if (row.cell(keys.mobile).problem === 'number_precision')
        this.fail(
          row.rowNumber,
          headerOf(keys.mobile),
          raw.mobile,
          '手机号码被存为数字且位数过长 (stored as a long number)',
          'number_precision',
        )
      else {
        const v = validateMobile(raw.mobile)
        if (v.ok) mobile = v.normalised
        else
          this.fail(row.rowNumber, headerOf(keys.mobile), raw.mobile, formatReason(v.reason), v.reason.code)
      }
    } else if (kind === 'liaison')
      this.fail(
        row.rowNumber,
        headerOf(keys.mobile),
        '',
        '联络员须填写手机号码，用于短信通知 (a liaison needs a mobile number for SMS notices)',
        'required',
      )
    let email: string | null = null
    if (raw.email) {
      const v = validateEmail(raw.email)
      if (v.ok) email = v.normalised
      else this.fail(row.rowNumber, headerOf(keys.email), raw.email, formatReason(v.reason), v.reason.code)
    }
    let phone: string | null = null
    if (raw.phone) {
      const v = validateFixedLine(raw.phone)
      if (v.ok) phone = v.normalised
      else this.fail(row.rowNumber, headerOf(keys.phone), raw.phone, formatReason(v.reason), v.reason.code)
    }
    if (this.problems.count !== before) return undefined
    return { kind, name, mobile, email, phone }
  }

  validate(row: RowValues, headerOf: HeaderOf): void {
    const before = this.problems.count
    const r = row.rowNumber
    const nameText = row.text('name')
    let name = ''
    if (!nameText) this.fail(r, headerOf('name'), '', '请填写单位名称 (name required)', 'required')
    else {
      const v = validateOrganisationName(nameText)
      if (v.ok) name = v.normalised
      else this.fail(r, headerOf('name'), nameText, formatReason(v.reason), v.reason.code)
    }
    const shortName = parseText(row.text('shortName'), 50)
    if (!shortName.ok) this.fail(r, headerOf('shortName'), row.text('shortName'), shortName.message, 'text')
    let creditCode: string | null = null
    const codeText = row.text('creditCode')
    if (codeText) {
      if (row.cell('creditCode').problem === 'number_precision')
        this.fail(
          r,
          headerOf('creditCode'),
          codeText,
          'Excel 把统一社会信用代码存成了数字，后几位已丢失；请将该列设为文本格式后重新填写 (stored as a number: digits lost)',
          'number_precision',
        )
      else {
        const v = validateCreditCode(codeText)
        if (v.ok) creditCode = v.normalised
        else this.fail(r, headerOf('creditCode'), codeText, formatReason(v.reason), v.reason.code)
      }
    }
    const categoryText = row.text('category')
    let category: Category | null = null
    if (!categoryText)
      this.fail(r, headerOf('category'), '', '请填写单位类别 (category required)', 'required')
    else {
      const v = parseCategory(categoryText)
      if (v.ok) category = v.value
      else this.fail(r, headerOf('category'), categoryText, v.message, 'category')
    }
    const regulatorText = row.text('isIndustryRegulator')
    const regulator = parseYesNo(regulatorText)
    if (!regulator.ok)
      this.fail(r, headerOf('isIndustryRegulator'), regulatorText, regulator.message, 'yes_no')
    const address = parseText(row.text('address'), 200)
    if (!address.ok) this.fail(r, headerOf('address'), row.text('address'), address.message, 'text')
    const notes = parseText(row.text('notes'), 2000, true)
    if (!notes.ok) this.fail(r, headerOf('notes'), row.text('notes'), notes.message, 'text')
    const statusText = row.text('status')
    const status = statusText ? parseOrganisationStatus(statusText) : ({ ok: true, value: 'active' } as const)
    if (!status.ok) this.fail(r, headerOf('status'), statusText, status.message, 'status')
    const liaison = this.contact(row, headerOf, 'liaison')
    const leader = this.contact(row, headerOf, 'leader')
    if (
      this.problems.count !== before ||
      !category ||
      !regulator.ok ||
      !shortName.ok ||
      !address.ok ||
      !notes.ok ||
      !status.ok
    )
      return
    this.drafts.push({
      row: r,
      id: randomUUID(),
      name,
      shortName: shortName.value,
      creditCode,
      category,
      isIndustryRegulator: regulator.value,
      parentRef: row.text('parent').replace(/\s+/g, ' ') || null,
      regionRef: row.text('region') || null,
      address: address.value,
      notes: notes.value,
      status: status.value,
      contacts: [liaison, leader].filter((c): c is ContactDraft => !!c),
    })
  }

  /**
   * Cross-row rules once every row is read. `existing` holds the registered organisations the file's names and codes
   * might meet (same codes anywhere, same names), `regions` the regions the importer may see.
   */
  resolve(input: {
    headerOf: HeaderOf
    regions: readonly ImportRegion[]
    defaultRegionId: string | null
    existing: readonly (ExistingOrganisation & { regionId: string })[]
  }): void {
    const { headerOf } = input
    const regionById = new Map(input.regions.map((r) => [r.id, r]))
    const regionByCode = new Map(input.regions.filter((r) => r.code).map((r) => [r.code!, r]))
    const regionsByName = new Map<string, ImportRegion[]>()
    for (const r of input.regions) regionsByName.set(r.name, [...(regionsByName.get(r.name) ?? []), r])

    // Regions.
    for (const d of this.drafts) {
      if (!d.regionRef) {
        const fallback = input.defaultRegionId ? regionById.get(input.defaultRegionId) : undefined
        if (!fallback || !fallback.manageable)
          this.fail(d.row, headerOf('region'), '', '请填写所属行政区划 (region required)', 'required')
        else d.regionId = fallback.id
        continue
      }
      const candidates = regionByCode.has(d.regionRef)
        ? [regionByCode.get(d.regionRef)!]
        : (regionsByName.get(d.regionRef) ?? [])
      const manageable = candidates.filter((c) => c.manageable)
      if (manageable.length === 1) d.regionId = manageable[0]!.id
      else if (manageable.length > 1)
        this.fail(
          d.row,
          headerOf('region'),
          d.regionRef,
          '有多个同名行政区划，请填写 6 位区划代码 (ambiguous region; give its code)',
          'ambiguous_region',
        )
      else
        this.fail(
          d.row,
          headerOf('region'),
          d.regionRef,
          '行政区划不存在或不在您的管辖范围内 (no such region in your jurisdiction)',
          'unknown_region',
        )
    }

    // Duplicates inside the file and against the registry.
    const codeRow = new Map<string, number>()
    const nameRow = new Map<string, number>()
    const existingCodes = new Map(input.existing.filter((e) => e.creditCode).map((e) => [e.creditCode!, e]))
    const existingNames = new Set(input.existing.map((e) => `${e.regionId}|${e.name}`))
    for (const d of this.drafts) {
      if (d.creditCode) {
        const first = codeRow.get(d.creditCode)
        if (first !== undefined)
          this.fail(
            d.row,
            headerOf('creditCode'),
            d.creditCode,
            `与第 ${first} 行的统一社会信用代码重复 (duplicate of row ${first})`,
            'duplicate_row',
          )
        else codeRow.set(d.creditCode, d.row)
        const registered = existingCodes.get(d.creditCode)
        if (registered)
          this.fail(
            d.row,
            headerOf('creditCode'),
            d.creditCode,
            `该统一社会信用代码已登记为“${registered.name}” (credit code already registered)`,
            'already_registered',
          )
      }
      if (d.regionId) {
        const key = `${d.regionId}|${d.name}`
        const first = nameRow.get(key)
        if (first !== undefined)
          this.fail(
            d.row,
            headerOf('name'),
            d.name,
            `与第 ${first} 行重复：同一行政区划内的同名单位 (duplicate of row ${first})`,
            'duplicate_row',
          )
        else nameRow.set(key, d.row)
        if (existingNames.has(key))
          this.fail(
            d.row,
            headerOf('name'),
            d.name,
            '同一行政区划内已登记同名单位 (an organisation of this name is already registered in the region)',
            'already_registered',
          )
      }
    }

    // Parents: another row of the file first, then a registered organisation the importer manages.
    const fileByCode = new Map(this.drafts.filter((d) => d.creditCode).map((d) => [d.creditCode!, d]))
    const fileByName = new Map<string, OrganisationDraft[]>()
    for (const d of this.drafts) fileByName.set(d.name, [...(fileByName.get(d.name) ?? []), d])
    const registeredByName = new Map<string, ExistingOrganisation[]>()
    for (const e of input.existing) registeredByName.set(e.name, [...(registeredByName.get(e.name) ?? []), e])
    const parentDraft = new Map<string, OrganisationDraft>()
    for (const d of this.drafts) {
      if (!d.parentRef) {
        d.parentId = null
        d.parentPath = '/'
        continue
      }
      const code = validateCreditCode(d.parentRef)
      const inFile = code.ok ? fileByCode.get(code.normalised) : undefined
      const inFileByName = fileByName.get(d.parentRef) ?? []
      const registered = code.ok ? existingCodes.get(code.normalised) : undefined
      const registeredNamed = registeredByName.get(d.parentRef) ?? []
      const fileMatch = inFile ?? (inFileByName.length === 1 ? inFileByName[0] : undefined)
      if (fileMatch === d) {
        this.fail(
          d.row,
          headerOf('parent'),
          d.parentRef,
          '上级单位不能是自己 (an organisation cannot be its own parent)',
          'cycle',
        )
        continue
      }
      if (fileMatch) {
        parentDraft.set(d.id, fileMatch)
        d.parentId = fileMatch.id
        continue
      }
      if (inFileByName.length > 1) {
        this.fail(
          d.row,
          headerOf('parent'),
          d.parentRef,
          '本表中有多个同名单位，请用统一社会信用代码指明上级单位 (ambiguous parent)',
          'ambiguous_parent',
        )
        continue
      }
      const candidates = registered ? [registered] : registeredNamed
      if (candidates.length === 1 && candidates[0]!.manageable) {
        d.parentId = candidates[0]!.id
        d.parentPath = candidates[0]!.path
      } else if (candidates.length > 1)
        this.fail(
          d.row,
          headerOf('parent'),
          d.parentRef,
          '有多个同名单位，请用统一社会信用代码指明上级单位 (ambiguous parent)',
          'ambiguous_parent',
        )
      else
        this.fail(
          d.row,
          headerOf('parent'),
          d.parentRef,
          '上级单位不存在或不在您的管理范围内 (no such parent organisation)',
          'unknown_parent',
        )
    }
    // Paths through parents in the file (a parent row may come after its child); a loop among rows is refused.
    const state = new Map<string, 'visiting' | 'done' | 'failed' | 'cycle'>()
    const place = (d: OrganisationDraft): 'done' | 'failed' | 'cycle' => {
      const parent = parentDraft.get(d.id)
      if (!parent) return d.parentPath !== undefined ? 'done' : 'failed'
      const seen = state.get(d.id)
      if (seen === 'visiting') return 'cycle'
      if (seen) return seen
      state.set(d.id, 'visiting')
      const outcome = place(parent)
      if (outcome === 'done') d.parentPath = `${parent.parentPath}${parent.id}/`
      state.set(d.id, outcome)
      return outcome
    }
    for (const d of this.drafts)
      if (parentDraft.has(d.id) && place(d) === 'cycle')
        this.fail(
          d.row,
          headerOf('parent'),
          d.parentRef ?? '',
          '上级单位关系形成循环 (the parent relations form a cycle)',
          'cycle',
        )
  }

  /** Materialised path of a resolved draft. */
  static pathOf(d: OrganisationDraft): string {
    return `${d.parentPath ?? '/'}${d.id}/`
  }
}
