// Organisations (单位): list, tree, detail, create, edit, move, deactivate, contacts, history and export. Reads follow
// the caller's visibility (access/scope.ts); writes follow organisation-access.ts.
import { randomUUID } from 'node:crypto'
import { and, asc, eq, ilike, inArray, ne, or, sql, type SQL } from 'drizzle-orm'
import { visibleOrganisationsCondition } from '../../access/scope'
import type { Clock } from '../../clock'
import type { Actor, RequestContext } from '../../context'
import type { Database, Executor, Tx } from '../../db/client'
import { inTransaction } from '../../db/transaction'
import { assets, organisationContacts, organisations, regions } from '../../db/schema'
import { AppError, conflict, forbidden, notFound, validationFailed } from '../../http/errors'
import { changedFields, escapeLike, type AuditService } from '../audit/audit.service'
import { bumpRegistryVersion } from '../assets/registry-version'
import { requireActor } from '../auth/auth.service'
import { objectHistory } from './object-history'
import { canEditRegistryOf, canManageOrganisation, escapeLikePattern } from './organisation-access'
import type {
  TContact,
  TCreateContactRequest,
  TCreateOrganisationRequest,
  TListOrganisationsQuery,
  TOrganisation,
  TOrganisationDetail,
  TOrganisationTreeNode,
  TUpdateContactRequest,
  TUpdateOrganisationRequest,
} from './organisations.schemas'

type OrganisationRow = typeof organisations.$inferSelect
type ContactRow = typeof organisationContacts.$inferSelect

export function presentOrganisation(row: OrganisationRow): TOrganisation {
  return {
    id: row.id,
    name: row.name,
    shortName: row.shortName,
    creditCode: row.creditCode,
    category: row.category,
    isIndustryRegulator: row.isIndustryRegulator,
    parentId: row.parentId,
    regionId: row.regionId,
    status: row.status,
    address: row.address,
    notes: row.notes,
    version: row.version,
  }
}

export function presentContact(c: ContactRow): TContact {
  return {
    id: c.id,
    kind: c.kind,
    name: c.name,
    mobile: c.mobile,
    email: c.email,
    phone: c.phone,
    version: c.version,
  }
}

export type OrganisationFilter = Omit<TListOrganisationsQuery, 'page' | 'pageSize'>

const NOT_FOUND = '单位 organisation '

export class OrganisationsService {
  constructor(private readonly deps: { database: Database; clock: Clock; audit: AuditService }) {}

  /** Conditions of a filtered list, shared by the list, the export and the tree. */
  filterConditions(actor: Actor, query: Partial<OrganisationFilter>): SQL[] {
    const conditions: SQL[] = [visibleOrganisationsCondition(actor)]
    if (query.q) {
      const pattern = `%${escapeLike(query.q)}%`
      conditions.push(
        or(
          ilike(organisations.name, pattern),
          ilike(organisations.shortName, pattern),
          ilike(organisations.creditCode, pattern),
        )!,
      )
    }
    if (query.regionId)
      conditions.push(
        sql`${organisations.regionId} in (select ${regions.id} from ${regions} where ${regions.path} like (select ${regions.path} || '%' from ${regions} where ${regions.id} = ${query.regionId}))`,
      )
    if (query.category) conditions.push(eq(organisations.category, query.category))
    if (query.isIndustryRegulator)
      conditions.push(eq(organisations.isIndustryRegulator, query.isIndustryRegulator === 'true'))
    if (query.parentId) conditions.push(eq(organisations.parentId, query.parentId))
    if (query.status) conditions.push(eq(organisations.status, query.status))
    return conditions
  }

  async list(ctx: RequestContext, query: TListOrganisationsQuery) {
    const actor = requireActor(ctx)
    const where = and(...this.filterConditions(actor, query))
    const { db } = this.deps.database
    const [rows, [count]] = await Promise.all([
      db
        .select()
        .from(organisations)
        .where(where)
        .orderBy(asc(organisations.category), asc(organisations.name), asc(organisations.id))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
      db
        .select({ total: sql<number>`count(*)::int` })
        .from(organisations)
        .where(where),
    ])
    return {
      items: rows.map(presentOrganisation),
      total: Number(count?.total ?? 0),
      page: query.page,
      pageSize: query.pageSize,
    }
  }

  /** Rows of a filtered list page by page, for exports (bounded memory whatever the size). */
  async *iterate(ctx: RequestContext, query: Partial<OrganisationFilter>, pageSize = 2_000) {
    const actor = requireActor(ctx)
    const where = and(...this.filterConditions(actor, query))
    const { db } = this.deps.database
    for (let offset = 0; ; offset += pageSize) {
      const rows = await db
        .select({
          organisation: organisations,
          regionName: regions.name,
          parentName: sql<
            string | null
          >`(select p.name from organisations p where p.id = ${organisations.parentId})`,
        })
        .from(organisations)
        .innerJoin(regions, eq(regions.id, organisations.regionId))
        .where(where)
        .orderBy(asc(organisations.category), asc(organisations.name), asc(organisations.id))
        .limit(pageSize)
        .offset(offset)
      if (rows.length === 0) return
      const contacts = await db
        .select()
        .from(organisationContacts)
        .where(
          inArray(
            organisationContacts.organisationId,
            rows.map((r) => r.organisation.id),
          ),
        )
        .orderBy(asc(organisationContacts.createdAt), asc(organisationContacts.id))
      const byOrganisation = new Map<string, ContactRow[]>()
      for (const c of contacts) {
        const list = byOrganisation.get(c.organisationId) ?? []
        list.push(c)
        byOrganisation.set(c.organisationId, list)
      }
      for (const r of rows)
        yield {
          ...presentOrganisation(r.organisation),
          regionName: r.regionName,
          parentName: r.parentName,
          contacts: (byOrganisation.get(r.organisation.id) ?? []).map(presentContact),
        }
      if (rows.length < pageSize) return
    }
  }

  /** The visible organisations as a forest, flattened parents first: a unit whose parent the caller cannot see is a
   * root. */
  async tree(
    ctx: RequestContext,
    query: { regionId?: string | undefined; status?: 'active' | 'inactive' | undefined },
  ): Promise<TOrganisationTreeNode[]> {
    const actor = requireActor(ctx)
    const rows = await this.deps.database.db
      .select({
        id: organisations.id,
        parentId: organisations.parentId,
        name: organisations.name,
        shortName: organisations.shortName,
        category: organisations.category,
        status: organisations.status,
        isIndustryRegulator: organisations.isIndustryRegulator,
      })
      .from(organisations)
      .where(and(...this.filterConditions(actor, query)))
      .orderBy(asc(organisations.category), asc(organisations.name), asc(organisations.id))
    const visible = new Set(rows.map((r) => r.id))
    const children = new Map<string | null, typeof rows>()
    for (const row of rows) {
      const parent = row.parentId && visible.has(row.parentId) ? row.parentId : null
      const list = children.get(parent) ?? []
      list.push(row)
      children.set(parent, list)
    }
    const out: TOrganisationTreeNode[] = []
    const walk = (parent: string | null, depth: number) => {
      for (const row of children.get(parent) ?? []) {
        out.push({ ...row, parentId: parent, depth })
        walk(row.id, depth + 1)
      }
    }
    walk(null, 0)
    return out
  }

  /** One organisation the caller may see; one outside their scope is "not found", like a missing one. */
  async get(ctx: RequestContext, id: string): Promise<TOrganisationDetail> {
    const actor = requireActor(ctx)
    const { db } = this.deps.database
    const [found] = await db
      .select({
        organisation: organisations,
        regionName: regions.name,
        regionPath: regions.path,
        parentName: sql<
          string | null
        >`(select p.name from organisations p where p.id = ${organisations.parentId})`,
        subordinateCount: sql<number>`(select count(*)::int from organisations s where s.parent_id = ${organisations.id})`,
        assetCount: sql<number>`(select count(*)::int from ${assets} where ${assets.organisationId} = ${organisations.id} and ${assets.status} = 'active')`,
      })
      .from(organisations)
      .innerJoin(regions, eq(regions.id, organisations.regionId))
      .where(and(eq(organisations.id, id), visibleOrganisationsCondition(actor)))
    if (!found) throw notFound(NOT_FOUND)
    const contacts = await db
      .select()
      .from(organisationContacts)
      .where(eq(organisationContacts.organisationId, id))
      .orderBy(asc(organisationContacts.kind), asc(organisationContacts.name), asc(organisationContacts.id))
    const place = { path: found.organisation.path, regionPath: found.regionPath }
    return {
      ...presentOrganisation(found.organisation),
      contacts: contacts.map(presentContact),
      parentName: found.parentName,
      regionName: found.regionName,
      subordinateCount: Number(found.subordinateCount),
      assetCount: Number(found.assetCount),
      canEdit: canManageOrganisation(actor, place),
      canEditContacts: canEditRegistryOf(actor, place),
    }
  }

  /** Loads an organisation for a write, locked, with its region path; invisible → 404, visible but not allowed → 403.
   * A system context (CLI, jobs, demo) has no actor and may write anywhere. */
  async loadForWrite(
    tx: Tx,
    actor: Actor | null,
    id: string,
    allowed: 'manage' | 'registry',
  ): Promise<OrganisationRow & { regionPath: string }> {
    const [found] = await tx
      .select({ organisation: organisations, regionPath: regions.path })
      .from(organisations)
      .innerJoin(regions, eq(regions.id, organisations.regionId))
      .where(and(eq(organisations.id, id), actor ? visibleOrganisationsCondition(actor) : undefined))
      .for('update', { of: organisations })
    if (!found) throw notFound(NOT_FOUND)
    if (actor) {
      const place = { path: found.organisation.path, regionPath: found.regionPath }
      const ok = allowed === 'manage' ? canManageOrganisation(actor, place) : canEditRegistryOf(actor, place)
      if (!ok) throw forbidden('您无权修改此单位 (you may not change this organisation)')
    }
    return { ...found.organisation, regionPath: found.regionPath }
  }

  /** Creates an organisation; a system context (CLI, jobs) has no actor and may place it in any region. */
  async create(
    ctx: RequestContext,
    input: TCreateOrganisationRequest,
    outer?: Tx,
  ): Promise<TOrganisationDetail> {
    const actor = ctx.actor
    const id = await inTransaction(this.deps.database, outer, async (tx) => {
      const region = await this.regionForWrite(tx, actor, input.regionId, 'body.regionId')
      let parentPath = '/'
      if (input.parentId) {
        const parent = await this.loadForWrite(tx, actor, input.parentId, 'manage').catch(
          (error: unknown) => {
            if (error instanceof AppError)
              throw validationFailed([
                { path: 'body.parentId', message: '上级单位不存在或无权管理 (no such parent organisation)' },
              ])
            throw error
          },
        )
        parentPath = parent.path
      }
      await this.assertUnique(tx, {
        name: input.name,
        regionId: region.id,
        creditCode: input.creditCode ?? null,
      })
      this.assertContacts(input.contacts ?? [], 'body.contacts')
      const id = randomUUID()
      await tx.insert(organisations).values({
        id,
        name: input.name,
        shortName: input.shortName ?? null,
        creditCode: input.creditCode ?? null,
        category: input.category,
        isIndustryRegulator: input.isIndustryRegulator ?? false,
        parentId: input.parentId ?? null,
        regionId: region.id,
        path: `${parentPath}${id}/`,
        address: input.address ?? null,
        notes: input.notes ?? null,
      })
      if (input.contacts?.length)
        await tx.insert(organisationContacts).values(
          input.contacts.map((c) => ({
            organisationId: id,
            kind: c.kind,
            name: c.name,
            mobile: c.mobile ?? null,
            email: c.email ?? null,
            phone: c.phone ?? null,
          })),
        )
      await this.deps.audit.record(tx, ctx, {
        action: 'organisation.created',
        objectType: 'organisation',
        objectId: id,
        summary: {
          name: input.name,
          category: input.category,
          regionId: region.id,
          parentId: input.parentId ?? null,
          creditCode: input.creditCode ?? null,
          contacts: input.contacts?.length ?? 0,
        },
      })
      return id
    })
    return outer || !actor ? this.getIn(outer ?? this.deps.database.db, actor, id) : this.get(ctx, id)
  }

  async update(
    ctx: RequestContext,
    id: string,
    input: TUpdateOrganisationRequest,
  ): Promise<TOrganisationDetail> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const before = await this.loadForWrite(tx, actor, id, 'manage')
      if (before.version !== input.version) throw conflict()
      const patch: Partial<OrganisationRow> = {}
      if (input.name !== undefined) patch.name = input.name
      if (input.shortName !== undefined) patch.shortName = input.shortName
      if (input.creditCode !== undefined) patch.creditCode = input.creditCode
      if (input.category !== undefined) patch.category = input.category
      if (input.isIndustryRegulator !== undefined) patch.isIndustryRegulator = input.isIndustryRegulator
      if (input.address !== undefined) patch.address = input.address
      if (input.notes !== undefined) patch.notes = input.notes
      if (input.regionId !== undefined && input.regionId !== before.regionId) {
        const region = await this.regionForWrite(tx, actor, input.regionId, 'body.regionId')
        patch.regionId = region.id
      }
      if (patch.name !== undefined || patch.creditCode !== undefined || patch.regionId !== undefined)
        await this.assertUnique(
          tx,
          {
            name: patch.name ?? before.name,
            regionId: patch.regionId ?? before.regionId,
            creditCode: patch.creditCode !== undefined ? patch.creditCode : before.creditCode,
          },
          id,
        )
      let moved: { from: string | null; to: string | null } | null = null
      if (input.parentId !== undefined && input.parentId !== before.parentId) {
        await this.move(tx, actor, before, input.parentId)
        moved = { from: before.parentId, to: input.parentId }
        patch.parentId = input.parentId
      }
      await tx
        .update(organisations)
        .set({ ...patch, updatedAt: this.deps.clock.now(), version: sql`${organisations.version} + 1` })
        .where(eq(organisations.id, id))
      await this.deps.audit.record(tx, ctx, {
        action: moved ? 'organisation.moved' : 'organisation.updated',
        objectType: 'organisation',
        objectId: id,
        summary: changedFields(before, patch, [
          'name',
          'shortName',
          'creditCode',
          'category',
          'isIndustryRegulator',
          'regionId',
          'parentId',
          'address',
          'notes',
        ]),
      })
    })
    return this.get(ctx, id)
  }

  /** Moves an organisation (and its subtree) under a new parent, or to the top; refuses cycles. */
  private async move(tx: Tx, actor: Actor, org: OrganisationRow, newParentId: string | null): Promise<void> {
    let parentPath = '/'
    if (newParentId) {
      const [parent] = await tx
        .select({ path: organisations.path })
        .from(organisations)
        .where(and(eq(organisations.id, newParentId), visibleOrganisationsCondition(actor)))
        .for('update')
      if (!parent)
        throw validationFailed([
          { path: 'body.parentId', message: '上级单位不存在 (no such parent organisation)' },
        ])
      if (parent.path.startsWith(org.path))
        throw validationFailed([
          {
            path: 'body.parentId',
            message:
              '不能将单位移到其自身或其下属单位之下 (an organisation cannot move under itself or its own subordinate unit)',
            code: 'cycle',
          },
        ])
      parentPath = parent.path
    }
    const newPath = `${parentPath}${org.id}/`
    // One statement rewrites the whole subtree: every path that starts with the old one gets the new prefix.
    await tx
      .update(organisations)
      .set({ path: sql`${newPath} || substr(${organisations.path}, ${org.path.length + 1})` })
      .where(sql`${organisations.path} like ${`${escapeLikePattern(org.path)}%`}`)
  }

  async setStatus(
    ctx: RequestContext,
    id: string,
    status: 'active' | 'inactive',
    version: number,
  ): Promise<TOrganisationDetail> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const before = await this.loadForWrite(tx, actor, id, 'manage')
      if (before.version !== version) throw conflict()
      if (before.status === status) return
      await tx
        .update(organisations)
        .set({ status, updatedAt: this.deps.clock.now(), version: sql`${organisations.version} + 1` })
        .where(eq(organisations.id, id))
      // Assets of an inactive organisation leave matching: the registry version moves.
      await bumpRegistryVersion(tx)
      await this.deps.audit.record(tx, ctx, {
        action: status === 'inactive' ? 'organisation.deactivated' : 'organisation.reactivated',
        objectType: 'organisation',
        objectId: id,
        summary: { name: before.name, status: [before.status, status] },
      })
    })
    return this.get(ctx, id)
  }

  async addContact(ctx: RequestContext, id: string, input: TCreateContactRequest): Promise<TContact> {
    const actor = requireActor(ctx)
    this.assertContacts([input], 'body')
    return this.deps.database.db.transaction(async (tx) => {
      await this.loadForWrite(tx, actor, id, 'registry')
      const [row] = await tx
        .insert(organisationContacts)
        .values({
          organisationId: id,
          kind: input.kind,
          name: input.name,
          mobile: input.mobile ?? null,
          email: input.email ?? null,
          phone: input.phone ?? null,
        })
        .returning()
      await this.deps.audit.record(tx, ctx, {
        action: 'organisation.contact_added',
        objectType: 'organisation',
        objectId: id,
        summary: { contactId: row!.id, kind: input.kind, name: input.name },
      })
      await tx.update(organisations).set({ updatedAt: this.deps.clock.now() }).where(eq(organisations.id, id))
      return presentContact(row!)
    })
  }

  async updateContact(
    ctx: RequestContext,
    id: string,
    contactId: string,
    input: TUpdateContactRequest,
  ): Promise<TContact> {
    const actor = requireActor(ctx)
    return this.deps.database.db.transaction(async (tx) => {
      await this.loadForWrite(tx, actor, id, 'registry')
      const [before] = await tx
        .select()
        .from(organisationContacts)
        .where(and(eq(organisationContacts.id, contactId), eq(organisationContacts.organisationId, id)))
        .for('update')
      if (!before) throw notFound('联系人 contact ')
      if (before.version !== input.version) throw conflict()
      const patch: Partial<ContactRow> = {}
      if (input.name !== undefined) patch.name = input.name
      if (input.mobile !== undefined) patch.mobile = input.mobile
      if (input.email !== undefined) patch.email = input.email
      if (input.phone !== undefined) patch.phone = input.phone
      this.assertContacts([{ ...before, ...patch }], 'body')
      const [row] = await tx
        .update(organisationContacts)
        .set({
          ...patch,
          updatedAt: this.deps.clock.now(),
          version: sql`${organisationContacts.version} + 1`,
        })
        .where(eq(organisationContacts.id, contactId))
        .returning()
      await this.deps.audit.record(tx, ctx, {
        action: 'organisation.contact_updated',
        objectType: 'organisation',
        objectId: id,
        summary: {
          contactId,
          kind: before.kind,
          ...changedFields(before, patch, ['name', 'mobile', 'email', 'phone']),
        },
      })
      return presentContact(row!)
    })
  }

  async removeContact(ctx: RequestContext, id: string, contactId: string): Promise<void> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      await this.loadForWrite(tx, actor, id, 'registry')
      const [row] = await tx
        .delete(organisationContacts)
        .where(and(eq(organisationContacts.id, contactId), eq(organisationContacts.organisationId, id)))
        .returning()
      if (!row) throw notFound('联系人 contact ')
      await this.deps.audit.record(tx, ctx, {
        action: 'organisation.contact_removed',
        objectType: 'organisation',
        objectId: id,
        summary: { contactId, kind: row.kind, name: row.name },
      })
    })
  }

  /** Change history from the audit trail: the organisation's own events and the import that created it. */
  async history(ctx: RequestContext, id: string, page: number, pageSize: number) {
    const actor = requireActor(ctx)
    const [row] = await this.deps.database.db
      .select({ importId: organisations.importId })
      .from(organisations)
      .where(and(eq(organisations.id, id), visibleOrganisationsCondition(actor)))
    if (!row) throw notFound(NOT_FOUND)
    return objectHistory(this.deps.database.db, 'organisation', id, row.importId, page, pageSize)
  }

  private async getIn(tx: Executor, actor: Actor | null, id: string): Promise<TOrganisationDetail> {
    const [row] = await tx.select().from(organisations).where(eq(organisations.id, id))
    if (!row) throw notFound(NOT_FOUND)
    const contacts = await tx
      .select()
      .from(organisationContacts)
      .where(eq(organisationContacts.organisationId, id))
    const [region] = await tx
      .select({ name: regions.name, path: regions.path })
      .from(regions)
      .where(eq(regions.id, row.regionId))
    const place = { path: row.path, regionPath: region?.path ?? '' }
    return {
      ...presentOrganisation(row),
      contacts: contacts.map(presentContact),
      parentName: null,
      regionName: region?.name ?? null,
      subordinateCount: 0,
      assetCount: 0,
      canEdit: actor ? canManageOrganisation(actor, place) : true,
      canEditContacts: actor ? canEditRegistryOf(actor, place) : true,
    }
  }

  /** A region the actor may place organisations in (a regulator: their subtree; an admin: any). */
  private async regionForWrite(tx: Tx, actor: Actor | null, regionId: string, path: string) {
    const [region] = await tx.select().from(regions).where(eq(regions.id, regionId))
    if (!region || (actor && !canManageOrganisation(actor, { regionPath: region.path })))
      throw validationFailed([
        { path, message: '行政区划不存在或不在您的管辖范围内 (no such region in your jurisdiction)' },
      ])
    return region
  }

  /** One credit code per organisation; one name per region. */
  private async assertUnique(
    tx: Tx,
    candidate: { name: string; regionId: string; creditCode: string | null },
    exceptId?: string,
  ): Promise<void> {
    const others = exceptId ? ne(organisations.id, exceptId) : undefined
    if (candidate.creditCode) {
      const [taken] = await tx
        .select({ id: organisations.id })
        .from(organisations)
        .where(and(eq(organisations.creditCode, candidate.creditCode), others))
      if (taken)
        throw new AppError(
          'CONFLICT',
          `统一社会信用代码 ${candidate.creditCode} 已被其他单位使用 (credit code already registered)`,
          [{ path: 'body.creditCode', message: '已被其他单位使用 (already registered)', code: 'taken' }],
        )
    }
    const [sameName] = await tx
      .select({ id: organisations.id })
      .from(organisations)
      .where(
        and(eq(organisations.name, candidate.name), eq(organisations.regionId, candidate.regionId), others),
      )
    if (sameName)
      throw new AppError(
        'CONFLICT',
        `同一行政区划内已有名为“${candidate.name}”的单位 (an organisation of that name exists in the region)`,
        [{ path: 'body.name', message: '同名单位已存在 (name taken in this region)', code: 'taken' }],
      )
  }

  /** A liaison is reached by SMS: they need a mobile number. */
  private assertContacts(contacts: readonly { kind: string; mobile?: string | null }[], path: string): void {
    const problems = contacts.flatMap((c, i) =>
      c.kind === 'liaison' && !c.mobile
        ? [
            {
              path: path === 'body' ? 'body.mobile' : `${path}.${i}.mobile`,
              message: '联络员须填写手机号码，用于短信通知 (a liaison needs a mobile number for SMS notices)',
            },
          ]
        : [],
    )
    if (problems.length) throw validationFailed(problems)
  }
}
