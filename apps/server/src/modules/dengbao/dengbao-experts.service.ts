// 专家库: the grading experts a police officer can draw from (experts of their region, of the regions below it and of
// the regions above it), with each expert's affiliation so that draws exclude the graded organisation.
import { and, asc, eq, or, sql } from 'drizzle-orm'
import type { Clock } from '../../clock'
import type { Actor, RequestContext } from '../../context'
import type { Database, Executor } from '../../db/client'
import { expertAffiliations, organisations, regions, users } from '../../db/schema'
import { visibleOrganisationsCondition } from '../../access/scope'
import { conflict, notFound, validationFailed } from '../../http/errors'
import type { AuditService } from '../audit/audit.service'
import { requireActor } from '../auth/auth.service'
import type { TExpert, TUpdateExpertRequest } from './dengbao.schemas'

type Deps = { database: Database; clock: Clock; audit: AuditService }

export class DengbaoExpertsService {
  constructor(private readonly deps: Deps) {}

  async list(ctx: RequestContext): Promise<TExpert[]> {
    const actor = requireActor(ctx)
    const rows = await this.query(this.deps.database.db, actor)
    return rows.map(presentExpert)
  }

  async update(ctx: RequestContext, expertId: string, input: TUpdateExpertRequest): Promise<TExpert> {
    const actor = requireActor(ctx)
    await this.deps.database.db.transaction(async (tx) => {
      const [expert] = await this.query(tx, actor, expertId)
      if (!expert) throw notFound('专家 expert ')
      const [current] = await tx
        .select()
        .from(expertAffiliations)
        .where(eq(expertAffiliations.expertId, expertId))
        .for('update')
      if ((current?.version ?? 0) !== input.version) throw conflict()
      if (input.organisationId) {
        const [organisation] = await tx
          .select({ id: organisations.id })
          .from(organisations)
          .where(and(eq(organisations.id, input.organisationId), visibleOrganisationsCondition(actor)))
        if (!organisation)
          throw validationFailed([
            { path: 'body.organisationId', message: '单位不存在 (no such organisation)' },
          ])
      }
      const values = {
        organisationId: input.organisationId,
        specialty: input.specialty,
        updatedBy: actor.userId,
        updatedAt: this.deps.clock.now(),
      }
      if (current)
        await tx
          .update(expertAffiliations)
          .set({ ...values, version: current.version + 1 })
          .where(eq(expertAffiliations.expertId, expertId))
      else await tx.insert(expertAffiliations).values({ expertId, ...values })
      await this.deps.audit.record(tx, ctx, {
        action: 'dengbao.expert_updated',
        objectType: 'user',
        objectId: expertId,
        summary: {
          organisationId: [current?.organisationId ?? null, input.organisationId],
          specialty: [current?.specialty ?? null, input.specialty],
        },
      })
    })
    const [row] = await this.query(this.deps.database.db, actor, expertId)
    return presentExpert(row!)
  }

  private query(executor: Executor, actor: Actor, expertId?: string) {
    const path = actor.regionPath ?? '/nowhere/'
    const reviewCount = (answered: boolean) =>
      answered
        ? sql<number>`(select count(*)::int from dengbao_grading_reviews r where r.expert_id = "users"."id" and r.answered_at is not null)`
        : sql<number>`(select count(*)::int from dengbao_grading_reviews r where r.expert_id = "users"."id" and r.answered_at is null and r.declined_at is null)`
    return executor
      .select({
        user: {
          id: users.id,
          displayName: users.displayName,
          isDisabled: users.isDisabled,
          regionId: users.regionId,
        },
        regionName: regions.name,
        affiliation: expertAffiliations,
        organisationName: organisations.name,
        pending: reviewCount(false),
        answered: reviewCount(true),
      })
      .from(users)
      .innerJoin(regions, eq(regions.id, users.regionId))
      .leftJoin(expertAffiliations, eq(expertAffiliations.expertId, users.id))
      .leftJoin(organisations, eq(organisations.id, expertAffiliations.organisationId))
      .where(
        and(
          eq(users.role, 'expert'),
          or(sql`${regions.path} like ${`${path}%`}`, sql`${path} like ${regions.path} || '%'`),
          expertId ? eq(users.id, expertId) : sql`true`,
        ),
      )
      .orderBy(asc(regions.path), asc(users.displayName))
  }
}

type ExpertRow = Awaited<ReturnType<DengbaoExpertsService['query']>>[number]

function presentExpert(row: ExpertRow): TExpert {
  return {
    id: row.user.id,
    displayName: row.user.displayName,
    isDisabled: row.user.isDisabled,
    regionId: row.user.regionId!,
    regionName: row.regionName,
    organisationId: row.affiliation?.organisationId ?? null,
    organisationName: row.organisationName,
    specialty: row.affiliation?.specialty ?? null,
    pendingReviews: Number(row.pending),
    answeredReviews: Number(row.answered),
    version: row.affiliation?.version ?? 0,
  }
}
