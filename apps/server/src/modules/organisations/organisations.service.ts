// Organisations (单位). The foundation reads them with object-level access; the registry module adds editing,
// import/export, census and history.
import { and, asc, eq, ilike, or, sql, type SQL } from 'drizzle-orm'
import { visibleOrganisationsCondition } from '../../access/scope'
import type { RequestContext } from '../../context'
import type { Database } from '../../db/client'
import { organisationContacts, organisations, regions } from '../../db/schema'
import { notFound } from '../../http/errors'
import { escapeLike } from '../audit/audit.service'
import { requireActor } from '../auth/auth.service'
import type { TListOrganisationsQuery, TOrganisation, TOrganisationDetail } from './organisations.schemas'

type OrganisationRow = typeof organisations.$inferSelect

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

export class OrganisationsService {
  constructor(private readonly deps: { database: Database }) {}

  async list(ctx: RequestContext, query: TListOrganisationsQuery) {
    const actor = requireActor(ctx)
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
    const where = and(...conditions)
    const { db } = this.deps.database
    const [rows, [count]] = await Promise.all([
      db
        .select()
        .from(organisations)
        .where(where)
        .orderBy(asc(organisations.category), asc(organisations.name))
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

  /** One organisation the caller may see; one outside their scope is "not found", like a missing one. */
  async get(ctx: RequestContext, id: string): Promise<TOrganisationDetail> {
    const actor = requireActor(ctx)
    const { db } = this.deps.database
    const [row] = await db
      .select()
      .from(organisations)
      .where(and(eq(organisations.id, id), visibleOrganisationsCondition(actor)))
    if (!row) throw notFound('单位 organisation ')
    const contacts = await db
      .select()
      .from(organisationContacts)
      .where(eq(organisationContacts.organisationId, id))
      .orderBy(asc(organisationContacts.kind), asc(organisationContacts.name))
    return {
      ...presentOrganisation(row),
      contacts: contacts.map((c) => ({
        id: c.id,
        kind: c.kind,
        name: c.name,
        mobile: c.mobile,
        email: c.email,
      })),
    }
  }
}
