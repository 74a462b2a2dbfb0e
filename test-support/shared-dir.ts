// Where the shared source documents and fixtures are (read in place, never copied into the repository): `../shared`
// beside the repository root, as in the developers' workspace; `WANGAN_SHARED_DIR` when CI clones elsewhere; or the
// workspace's `/work/shared` as the last resort.
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')

export function sharedDir(): string {
  const candidates = [process.env.WANGAN_SHARED_DIR, join(repoRoot, '..', 'shared'), '/work/shared'].filter(
    (c): c is string => !!c,
  )
  const found = candidates.find((dir) => existsSync(join(dir, 'fixtures')) && existsSync(join(dir, 'seeds')))
  if (!found)
    throw new Error(
      `cannot find the shared fixtures (looked in ${candidates.join(', ')}); set WANGAN_SHARED_DIR`,
    )
  return found
}

export const sharedPath = (...parts: string[]): string => join(sharedDir(), ...parts)
