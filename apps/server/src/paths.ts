// Where the repository's files are at run time, whether this code runs from TypeScript sources (tests, tsx) or from
// the esbuild bundle under apps/cli/dist.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

function findRoot(): string {
  if (process.env.WANGAN_ROOT) return process.env.WANGAN_ROOT
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const manifest = join(dir, 'package.json')
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'wangan') return dir
      } catch {
        // not ours; keep looking
      }
    }
    const parent = dirname(dir)
    if (parent === dir) throw new Error('cannot find the wangan repository root (set WANGAN_ROOT)')
    dir = parent
  }
}

export const repoRoot = findRoot()
export const migrationsFolder = join(repoRoot, 'apps/server/drizzle')
export const webDistFolder = join(repoRoot, 'apps/web/dist')
