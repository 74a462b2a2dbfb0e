// Regions arrive as a flat list (each with parentId and a materialised path); the UI shows them as a tree.
import type { Region, RegionLevel } from '../../api/types'

export type RegionNode = Region & { children: RegionNode[] }

/** Builds the forest; a region whose parent is not visible to the caller becomes a root. */
export function buildRegionTree(regions: readonly Region[]): RegionNode[] {
  const nodes = new Map<string, RegionNode>(regions.map((r) => [r.id, { ...r, children: [] }]))
  const roots: RegionNode[] = []
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined
    if (parent) parent.children.push(node)
    else roots.push(node)
  }
  // By division code where there is one (the official order), regions without a code after them by name.
  const byCode = (a: RegionNode, b: RegionNode) =>
    a.code && b.code ? a.code.localeCompare(b.code) : a.code ? -1 : b.code ? 1 : 0
  const sort = (list: RegionNode[]) => {
    list.sort((a, b) => byCode(a, b) || a.name.localeCompare(b.name, 'zh-CN'))
    for (const node of list) sort(node.children)
  }
  sort(roots)
  return roots
}

/** The level a child of this region has (province → city → district); null when it can have none. */
export function childLevel(level: RegionLevel): RegionLevel | null {
  return level === 'province' ? 'city' : level === 'city' ? 'district' : null
}

/** "江苏省 / 常州市 / 武进区" for a region, from the regions the caller can see. */
export function regionTrail(regions: readonly Region[], id: string | null | undefined): string {
  if (!id) return ''
  const byId = new Map(regions.map((r) => [r.id, r]))
  const names: string[] = []
  for (
    let current = byId.get(id);
    current;
    current = current.parentId ? byId.get(current.parentId) : undefined
  )
    names.unshift(current.name)
  return names.join(' / ')
}
