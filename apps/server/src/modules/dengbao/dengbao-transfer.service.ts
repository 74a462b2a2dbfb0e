// XLSX import and export of information systems and their filings (定级备案台账). An import is validated row by row
// first (every problem named by row and column, as the user sees them in Excel) and written in one transaction only
// when no row has a problem. Existing filings (from paper records) may be imported by the police only.
import {
  gradeSystem,
  harmDegreeGuidance,
  harmedObjectGuidance,
  harmDegrees,
  harmedObjects,
  type THarmDegree,
  type THarmedObject,
} from '@wangan/rules/grading'
import { validateEmail, validateMobile } from '@wangan/rules/registry'
import { randomUUID } from 'node:crypto'
import { and, asc, inArray, or, sql } from 'drizzle-orm'
import type { Clock } from '../../clock'
import type { RequestContext } from '../../context'
import type { Database } from '../../db/client'
import { informationSystems, organisations, systemGradings } from '../../db/schema'
import { visibleOrganisationsCondition } from '../../access/scope'
import { AppError, validationFailed, type ErrorDetail } from '../../http/errors'
import type { AuditService } from '../audit/audit.service'
import { requireActor } from '../auth/auth.service'
import { canMaintainSystems } from './dengbao.access'
import type { DengbaoDeadlinesService } from './dengbao-deadlines.service'
import type { DengbaoSystemsService } from './dengbao-systems.service'
import { SYSTEM_TYPE_LABELS, SYSTEM_TYPES, type TListSystemsQuery, type TSystemType } from './dengbao.schemas'
import { STAGE_LABELS, type TSystemStage } from './dengbao.workflow'
import { readWorkbookRows, WorkbookRefused, writeWorkbook } from './dengbao-xlsx'

type Deps = {
  database: Database
  clock: Clock
  audit: AuditService
  systems: DengbaoSystemsService
  deadlines: DengbaoDeadlinesService
}

const H = {
  creditCode: '统一社会信用代码',
  organisationName: '单位名称',
  name: '系统名称',
  type: '系统类型',
  isCritical: '关键信息基础设施',
  description: '系统描述',
  contactName: '联系人',
  contactMobile: '联系人手机',
  contactEmail: '联系人邮箱',
  businessObject: '业务信息受侵害客体',
  businessDegree: '业务信息侵害程度',
  serviceObject: '系统服务受侵害客体',
  serviceDegree: '系统服务侵害程度',
  level: '安全保护等级',
  filingNumber: '备案编号',
  filedOn: '备案日期',
} as const

const IMPORT_HEADERS = Object.values(H)
const FILING_HEADERS = [
  H.businessObject,
  H.businessDegree,
  H.serviceObject,
  H.serviceDegree,
  H.level,
  H.filingNumber,
  H.filedOn,
]

const IMPORT_BATCH = 500

const LEVEL_NAMES: readonly string[] = ['', '第一级', '第二级', '第三级', '第四级', '第五级']

const TEMPLATE_NOTES: Partial<Record<string, string>> = {
  [H.creditCode]: '18位统一社会信用代码；与单位名称二选一，优先按代码匹配',
  [H.type]: SYSTEM_TYPES.map((t) => SYSTEM_TYPE_LABELS[t]).join(' / '),
  [H.isCritical]: '是 / 否',
  [H.businessObject]: harmedObjects.map((o) => harmedObjectGuidance[o].term).join(' / '),
  [H.businessDegree]: harmDegrees.map((d) => harmDegreeGuidance[d].term).join(' / '),
  [H.level]: '可留空，由客体和侵害程度计算；填写时须与计算结果一致',
  [H.filingNumber]: '仅公安机关导入既有备案时填写；填写则定级各列与备案日期均为必填',
  [H.filedOn]: 'YYYY-MM-DD',
}

export type TImportResult = { dryRun: boolean; rows: number; created: number; filed: number }

type ParsedRow = {
  rowNumber: number
  organisationId: string
  name: string
  type: TSystemType
  isCriticalInfrastructure: boolean
  description: string | null
  contact: { name: string; mobile: string | null; email: string | null } | null
  filing: {
    business: { object: THarmedObject; degree: THarmDegree }
    service: { object: THarmedObject; degree: THarmDegree }
    filingNumber: string
    filedOn: string
  } | null
}

export class DengbaoTransferService {
  constructor(private readonly deps: Deps) {}

  templateHeaders() {
    return IMPORT_HEADERS.map((header) => ({ header, note: TEMPLATE_NOTES[header] }))
  }

  async template(): Promise<Buffer> {
    return writeWorkbook('定级对象', this.templateHeaders(), [
      [
        '',
        '示例单位（请删除本行）',
        '门户网站',
        SYSTEM_TYPE_LABELS.traditional,
        '否',
        '单位门户网站',
        '张三',
        '13800000000',
        'it@example.gov.cn',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
      ],
    ])
  }

  /** The filtered list of systems as a workbook (台账), with the filing and assessment status. */
  async export(ctx: RequestContext, query: Omit<TListSystemsQuery, 'page' | 'pageSize'>): Promise<Buffer> {
    requireActor(ctx)
    const rows: (string | number | null)[][] = []
    const pageSize = 500
    for (let page = 1; ; page++) {
      const result = await this.deps.systems.list(ctx, { ...query, page, pageSize })
      const ids = result.items.map((s) => s.id)
      const gradings = ids.length
        ? await this.deps.database.db
            .select()
            .from(systemGradings)
            .where(
              and(
                inArray(systemGradings.systemId, ids),
                sql`"dengbao_gradings"."round" = (select max(g2.round) from dengbao_gradings g2 where g2.system_id = "dengbao_gradings"."system_id")`,
              ),
            )
        : []
      const credit = await this.creditCodes(result.items.map((s) => s.organisationId))
      for (const s of result.items) {
        const g = gradings.find((x) => x.systemId === s.id)
        const contact = s.contacts[0]
        rows.push([
          credit.get(s.organisationId) ?? '',
          s.organisationName,
          s.name,
          SYSTEM_TYPE_LABELS[s.type],
          s.isCriticalInfrastructure ? '是' : '否',
          s.description ?? '',
          contact?.name ?? '',
          contact?.mobile ?? '',
          contact?.email ?? '',
          g ? harmedObjectGuidance[g.businessObject as THarmedObject].term : '',
          g ? harmDegreeGuidance[g.businessDegree as THarmDegree].term : '',
          g ? harmedObjectGuidance[g.serviceObject as THarmedObject].term : '',
          g ? harmDegreeGuidance[g.serviceDegree as THarmDegree].term : '',
          s.filedLevel ? (LEVEL_NAMES[s.filedLevel] ?? '') : '',
          s.filingNumber ?? '',
          s.filedOn ?? '',
          STAGE_LABELS[s.stage as TSystemStage],
          s.proposedLevel ? (LEVEL_NAMES[s.proposedLevel] ?? '') : '',
          s.lastAssessedOn ?? '',
          s.openRectificationCount,
        ])
      }
      if (page * pageSize >= result.total) break
    }
    return writeWorkbook(
      '定级备案台账',
      [
        ...this.templateHeaders(),
        { header: '定级状态' },
        { header: '最近一轮定级等级' },
        { header: '最近测评日期' },
        { header: '未关闭整改项' },
      ],
      rows,
    )
  }

  /** Imports systems (and, for the police, existing filings). Nothing is written when any row has a problem. */
  async import(ctx: RequestContext, bytes: Buffer, options: { dryRun: boolean }): Promise<TImportResult> {
    const actor = requireActor(ctx)
    if (!canMaintainSystems(actor)) throw new AppError('FORBIDDEN', '您的角色不能导入信息系统 (forbidden)')
    let rows
    try {
      rows = await readWorkbookRows(bytes, { known: IMPORT_HEADERS, required: [H.name, H.type] })
    } catch (error) {
      if (error instanceof WorkbookRefused)
        throw validationFailed([{ path: 'body.content', message: error.message }], error.message)
      throw error
    }
    if (rows.length === 0)
      throw validationFailed([{ path: 'body.content', message: '表中没有数据行 (no data rows)' }])

    const { db } = this.deps.database
    const visible = await db
      .select({ id: organisations.id, name: organisations.name, creditCode: organisations.creditCode })
      .from(organisations)
      .where(visibleOrganisationsCondition(actor))
    const byCode = new Map(visible.filter((o) => o.creditCode).map((o) => [o.creditCode!.toUpperCase(), o]))
    const byName = new Map<string, (typeof visible)[number][]>()
    for (const o of visible) byName.set(o.name, [...(byName.get(o.name) ?? []), o])

    const problems: ErrorDetail[] = []
    const problem = (row: number, column: string, message: string) =>
      problems.push({ path: `row ${row}, column ${column}`, message })
    const today = this.deps.deadlines.today()
    const parsed: ParsedRow[] = []
    const seenNames = new Map<string, number>()
    const seenFilings = new Map<string, number>()

    for (const { rowNumber, cells } of rows) {
      const get = (header: string) => cells.get(header) ?? ''
      const before = problems.length
      // organisation
      let organisationId: string | null = null
      const code = get(H.creditCode).toUpperCase()
      const orgName = get(H.organisationName)
      if (code) {
        const match = byCode.get(code)
        if (match) organisationId = match.id
        else
          problem(
            rowNumber,
            H.creditCode,
            `找不到统一社会信用代码为 ${code} 的单位，或不在您的管辖范围 (no such organisation in your scope)`,
          )
      } else if (orgName) {
        const matches = byName.get(orgName) ?? []
        if (matches.length === 1) organisationId = matches[0]!.id
        else if (matches.length === 0)
          problem(
            rowNumber,
            H.organisationName,
            `找不到单位“${orgName}”，或不在您的管辖范围 (no such organisation in your scope)`,
          )
        else
          problem(
            rowNumber,
            H.organisationName,
            `有多个单位名为“${orgName}”，请填写统一社会信用代码 (ambiguous name: give the credit code)`,
          )
      } else if (visible.length === 1 && actor.role === 'org_liaison') {
        organisationId = visible[0]!.id
      } else
        problem(
          rowNumber,
          H.creditCode,
          '须填写统一社会信用代码或单位名称 (credit code or organisation name required)',
        )

      const name = get(H.name)
      if (!name) problem(rowNumber, H.name, '不能为空 (required)')
      else if (name.length > 128) problem(rowNumber, H.name, '最多 128 个字符 (at most 128 characters)')
      const typeText = get(H.type)
      const type = SYSTEM_TYPES.find((t) => t === typeText || SYSTEM_TYPE_LABELS[t] === typeText)
      if (!type)
        problem(
          rowNumber,
          H.type,
          `无法识别“${typeText}”，可填：${SYSTEM_TYPES.map((t) => SYSTEM_TYPE_LABELS[t]).join('、')} (unknown type)`,
        )
      const criticalText = get(H.isCritical)
      const isCritical =
        criticalText === '' || criticalText === '否' ? false : criticalText === '是' ? true : null
      if (isCritical === null) problem(rowNumber, H.isCritical, '应填“是”或“否” (yes or no)')
      const description = get(H.description) || null
      if (description && description.length > 4000)
        problem(rowNumber, H.description, '最多 4000 个字符 (at most 4000 characters)')

      let contact: ParsedRow['contact'] = null
      const contactName = get(H.contactName)
      const mobileText = get(H.contactMobile)
      const emailText = get(H.contactEmail)
      if (contactName || mobileText || emailText) {
        if (!contactName)
          problem(rowNumber, H.contactName, '填写了联系方式时须填写联系人 (a contact needs a name)')
        let mobile: string | null = null
        let email: string | null = null
        if (mobileText) {
          const m = validateMobile(mobileText)
          if (m.ok) mobile = m.normalised
          else problem(rowNumber, H.contactMobile, `${m.reason.zh} (${m.reason.en})`)
        }
        if (emailText) {
          const e = validateEmail(emailText)
          if (e.ok) email = e.normalised
          else problem(rowNumber, H.contactEmail, `${e.reason.zh} (${e.reason.en})`)
        }
        contact = { name: contactName, mobile, email }
      }

      let filing: ParsedRow['filing'] = null
      if (FILING_HEADERS.some((h) => get(h))) {
        if (actor.role !== 'police')
          problem(rowNumber, H.filingNumber, '既有备案只能由公安机关导入 (only the police import filings)')
        const object = (header: string) => {
          const text = get(header)
          const value = harmedObjects.find((o) => o === text || harmedObjectGuidance[o].term === text)
          if (!value)
            problem(
              rowNumber,
              header,
              text ? `无法识别“${text}” (unknown object)` : '填写备案时必填 (required with a filing)',
            )
          return value
        }
        const degree = (header: string) => {
          const text = get(header)
          const value = harmDegrees.find((d) => d === text || harmDegreeGuidance[d].term === text)
          if (!value)
            problem(
              rowNumber,
              header,
              text ? `无法识别“${text}” (unknown degree)` : '填写备案时必填 (required with a filing)',
            )
          return value
        }
        const bo = object(H.businessObject)
        const bd = degree(H.businessDegree)
        const so = object(H.serviceObject)
        const sd = degree(H.serviceDegree)
        const filingNumber = get(H.filingNumber)
        if (!filingNumber) problem(rowNumber, H.filingNumber, '填写备案时必填 (required with a filing)')
        else if (!/^[0-9A-Za-z-]{4,64}$/.test(filingNumber))
          problem(rowNumber, H.filingNumber, '只含数字、字母和连字符 (digits, letters and hyphens)')
        else if (seenFilings.has(filingNumber))
          problem(
            rowNumber,
            H.filingNumber,
            `与第 ${seenFilings.get(filingNumber)} 行重复 (duplicate of row ${seenFilings.get(filingNumber)})`,
          )
        else seenFilings.set(filingNumber, rowNumber)
        const filedOn = get(H.filedOn)
        if (!/^\d{4}-\d{2}-\d{2}$/.test(filedOn) || Number.isNaN(Date.parse(filedOn)))
          problem(rowNumber, H.filedOn, '日期格式应为 YYYY-MM-DD (a date YYYY-MM-DD)')
        else if (filedOn > today) problem(rowNumber, H.filedOn, '不能晚于今天 (cannot be in the future)')
        if (bo && bd && so && sd) {
          const level = gradeSystem({
            business: { object: bo, degree: bd },
            service: { object: so, degree: sd },
          }).level
          const levelText = get(H.level)
          if (levelText && levelText !== String(level) && levelText !== LEVEL_NAMES[level])
            problem(
              rowNumber,
              H.level,
              `与客体和侵害程度计算的${LEVEL_NAMES[level]}不一致 (does not match the computed level ${level})`,
            )
          filing = {
            business: { object: bo, degree: bd },
            service: { object: so, degree: sd },
            filingNumber,
            filedOn,
          }
        }
      }

      if (organisationId && name) {
        const key = `${organisationId}\u0000${name}`
        if (seenNames.has(key))
          problem(
            rowNumber,
            H.name,
            `与第 ${seenNames.get(key)} 行重复 (duplicate of row ${seenNames.get(key)})`,
          )
        else seenNames.set(key, rowNumber)
      }
      if (problems.length === before && organisationId && type && isCritical !== null)
        parsed.push({
          rowNumber,
          organisationId,
          name,
          type,
          isCriticalInfrastructure: isCritical,
          description,
          contact,
          filing,
        })
    }

    // against the database
    if (parsed.length) {
      const existing = await db
        .select({
          organisationId: informationSystems.organisationId,
          name: informationSystems.name,
          filingNumber: informationSystems.filingNumber,
        })
        .from(informationSystems)
        .where(
          or(
            inArray(informationSystems.organisationId, [...new Set(parsed.map((p) => p.organisationId))]),
            parsed.some((p) => p.filing)
              ? inArray(
                  informationSystems.filingNumber,
                  parsed.flatMap((p) => (p.filing ? [p.filing.filingNumber] : [])),
                )
              : sql`false`,
          ),
        )
      const names = new Set(existing.map((e) => `${e.organisationId}\u0000${e.name}`))
      const numbers = new Set(existing.map((e) => e.filingNumber).filter(Boolean))
      for (const p of parsed) {
        if (names.has(`${p.organisationId}\u0000${p.name}`))
          problem(
            p.rowNumber,
            H.name,
            '该单位已登记同名信息系统 (the organisation already has a system of this name)',
          )
        if (p.filing && numbers.has(p.filing.filingNumber))
          problem(p.rowNumber, H.filingNumber, '备案编号已被其他系统使用 (filing number already in use)')
      }
    }

    if (problems.length) {
      problems.sort((a, b) => rowOf(a.path) - rowOf(b.path))
      throw validationFailed(
        problems.slice(0, 1000),
        `导入文件有 ${problems.length} 处问题，未导入任何数据 (${problems.length} problems; nothing was imported)`,
      )
    }
    const filed = parsed.filter((p) => p.filing).length
    if (options.dryRun) return { dryRun: true, rows: parsed.length, created: 0, filed: 0 }

    // Rows are written in batches with ids chosen here (a filed row needs its grading's id); the import's one audit
    // event lists every system it created and stands for their creation, as the registry's imports do.
    await db.transaction(async (tx) => {
      const now = this.deps.clock.now()
      const rows = parsed.map((p) => {
        const systemId = randomUUID()
        const result = p.filing
          ? gradeSystem({ business: p.filing.business, service: p.filing.service })
          : null
        return { p, systemId, gradingId: p.filing ? randomUUID() : null, result }
      })
      for (let i = 0; i < rows.length; i += IMPORT_BATCH) {
        const batch = rows.slice(i, i + IMPORT_BATCH)
        await tx.insert(informationSystems).values(
          batch.map(({ p, systemId, gradingId, result }) => ({
            id: systemId,
            organisationId: p.organisationId,
            name: p.name,
            type: p.type,
            description: p.description,
            isCriticalInfrastructure: p.isCriticalInfrastructure,
            contacts: p.contact ? [{ ...p.contact, duty: null }] : [],
            createdBy: actor.userId,
            createdAt: now,
            updatedAt: now,
            ...(p.filing && result
              ? {
                  stage: 'filed' as const,
                  proposedLevel: result.level,
                  filedLevel: result.level,
                  filingNumber: p.filing.filingNumber,
                  filedOn: p.filing.filedOn,
                  latestGradingId: gradingId,
                }
              : {}),
          })),
        )
        const filings = batch.filter((row) => row.p.filing && row.result && row.gradingId)
        if (filings.length)
          await tx.insert(systemGradings).values(
            filings.map(({ p, systemId, gradingId, result }) => ({
              id: gradingId!,
              systemId,
              round: 1,
              status: 'filed' as const,
              source: 'import',
              businessObject: p.filing!.business.object,
              businessDegree: p.filing!.business.degree,
              businessLevel: result!.business,
              businessReasoning: '（导入的既有备案 imported filing）',
              serviceObject: p.filing!.service.object,
              serviceDegree: p.filing!.service.degree,
              serviceLevel: result!.service,
              serviceReasoning: '（导入的既有备案 imported filing）',
              level: result!.level,
              submittedBy: actor.userId,
              submittedAt: now,
              filingNumber: p.filing!.filingNumber,
              filedOn: p.filing!.filedOn,
              filedBy: actor.userId,
              filedAt: now,
              createdAt: now,
              updatedAt: now,
            })),
          )
      }
      await this.deps.audit.record(tx, ctx, {
        action: 'dengbao.systems_imported',
        objectType: 'information_system',
        objectId: null,
        summary: {
          rows: parsed.length,
          created: parsed.length,
          filed,
          systems: rows.map(({ p, systemId }) => ({
            id: systemId,
            organisationId: p.organisationId,
            name: p.name,
            ...(p.filing ? { filingNumber: p.filing.filingNumber } : {}),
          })),
        },
      })
    })
    return { dryRun: false, rows: parsed.length, created: parsed.length, filed }
  }

  private async creditCodes(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map()
    const rows = await this.deps.database.db
      .select({ id: organisations.id, creditCode: organisations.creditCode })
      .from(organisations)
      .where(inArray(organisations.id, [...new Set(ids)]))
      .orderBy(asc(organisations.id))
    return new Map(rows.filter((r) => r.creditCode).map((r) => [r.id, r.creditCode!]))
  }
}

function rowOf(path: string): number {
  return Number(/^row (\d+)/.exec(path)?.[1] ?? 0)
}
