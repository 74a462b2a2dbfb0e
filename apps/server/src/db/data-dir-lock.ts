// PGlite is one process's database: two processes opening the same data directory would corrupt it. The process
// that opens it holds this lock file; a second one (a CLI command while the server runs) gets a clear refusal.
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export function acquireDataDirLock(directory: string): () => void {
  const file = join(directory, 'wangan.pid')
  let holder: number | null = null
  try {
    holder = Number.parseInt(readFileSync(file, 'utf8'), 10)
  } catch {
    holder = null
  }
  if (holder && holder !== process.pid && isAlive(holder))
    throw new Error(
      `the embedded database in ${directory} is in use by process ${holder} (is the server running?). Stop it first, or use PostgreSQL via DATABASE_URL.`,
    )
  writeFileSync(file, String(process.pid))
  return () => {
    try {
      if (Number.parseInt(readFileSync(file, 'utf8'), 10) === process.pid) rmSync(file)
    } catch {
      // already gone
    }
  }
}
