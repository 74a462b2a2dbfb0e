import type { SQL } from 'drizzle-orm'
import type { Database, Executor, Tx } from './client'

/** Runs `fn` in the caller's transaction when there is one, else in a new one: services compose without nesting. */
export function inTransaction<T>(
  database: Database,
  tx: Tx | undefined,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  return tx ? fn(tx) : database.db.transaction(fn)
}

/** Rows of a raw SQL query, the same on PGlite and node-postgres (both return `{ rows }`). */
export async function queryRows<Row>(executor: Executor, query: SQL): Promise<Row[]> {
  const result = (await executor.execute(query)) as unknown as { rows: Row[] }
  return result.rows
}
