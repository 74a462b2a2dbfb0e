// Queries of the organisations module.
import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import type { Tx } from '../../db/client'
import { organisationContacts, organisations } from '../../db/schema'
import type { TOrganisation } from './organisations.schemas'
import { presentOrganisation } from './organisations.service'

export type OrganisationSeed = {
  name: string
  shortName?: string | null
  category: (typeof organisations.$inferInsert)['category']
  regionId: string
  parentId?: string | null
  isIndustryRegulator?: boolean
  creditCode?: string | null
  notes?: string | null
  contacts?: { kind: 'liaison' | 'leader'; name: string; mobile?: string | null; email?: string | null }[]
}

/** Inserts an organisation and its contacts, computing its materialised path. The caller audits. */
export async function insertOrganisation(tx: Tx, seed: OrganisationSeed): Promise<TOrganisation> {
  const id = randomUUID()
  let parentPath = '/'
  if (seed.parentId) {
    const [parent] = await tx
      .select({ path: organisations.path })
      .from(organisations)
      .where(eq(organisations.id, seed.parentId))
    if (!parent) throw new Error(`no parent organisation ${seed.parentId}`)
    parentPath = parent.path
  }
  const [row] = await tx
    .insert(organisations)
    .values({
      id,
      name: seed.name,
      shortName: seed.shortName ?? null,
      category: seed.category,
      isIndustryRegulator: seed.isIndustryRegulator ?? false,
      parentId: seed.parentId ?? null,
      regionId: seed.regionId,
      path: `${parentPath}${id}/`,
      creditCode: seed.creditCode ?? null,
      notes: seed.notes ?? null,
    })
    .returning()
  if (seed.contacts?.length)
    await tx.insert(organisationContacts).values(
      seed.contacts.map((c) => ({
        organisationId: id,
        kind: c.kind,
        name: c.name,
        mobile: c.mobile ?? null,
        email: c.email ?? null,
      })),
    )
  return presentOrganisation(row!)
}
