// The asset registry's version: one row, bumped by every transaction that changes which assets match a target
// (assets added, edited, retired; organisations deactivated). Cached matchers compare it to know they are stale,
// across processes too.
import { sql } from 'drizzle-orm'
import type { Executor, Tx } from '../../db/client'
import { queryRows } from '../../db/transaction'

export async function bumpRegistryVersion(tx: Tx): Promise<void> {
  await tx.execute(
    sql`insert into asset_registry_state (id, version) values (1, 1) on conflict (id) do update set version = asset_registry_state.version + 1`,
  )
}

export async function readRegistryVersion(executor: Executor): Promise<number> {
  const [row] = await queryRows<{ version: number | string }>(
    executor,
    sql`select version from asset_registry_state where id = 1`,
  )
  return row ? Number(row.version) : 0
}
