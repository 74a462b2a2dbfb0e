// Which campaign target answers for an organisation: itself when it is a target, else the nearest target above it
// (seeds 000/001: a unit reports 本单位及直属单位 — its subordinate units' assets and findings are its own).

/** Splits a materialised path `/a/b/c/` into its ids, top first. */
export function pathIds(path: string): string[] {
  return path.split('/').filter(Boolean)
}

export function targetResolver(targetIds: Iterable<string>): (path: string) => string | null {
  const targets = new Set(targetIds)
  const cache = new Map<string, string | null>()
  return (path) => {
    const known = cache.get(path)
    if (known !== undefined) return known
    const ids = pathIds(path)
    let found: string | null = null
    for (let index = ids.length - 1; index >= 0; index--) {
      const id = ids[index]!
      if (targets.has(id)) {
        found = id
        break
      }
    }
    cache.set(path, found)
    return found
  }
}
