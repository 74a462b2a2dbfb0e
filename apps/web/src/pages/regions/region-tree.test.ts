import { describe, expect, it } from 'vitest'
import type { Region } from '../../api/types'
import { buildRegionTree, childLevel, regionTrail } from './region-tree'

const region = (
  id: string,
  name: string,
  level: Region['level'],
  parentId: string | null,
  code: string | null = null,
): Region => ({
  id,
  name,
  level,
  parentId,
  code,
  path: id,
  version: 1,
})

const regions = [
  region('d2', '天宁区', 'district', 'c1', '320402'),
  region('p1', '江苏省', 'province', null, '320000'),
  region('c1', '常州市', 'city', 'p1', '320400'),
  region('d1', '武进区', 'district', 'c1', '320412'),
  region('x', '孤立区', 'district', 'missing'),
]

describe('buildRegionTree', () => {
  it('nests regions under their parents and sorts siblings by code', () => {
    const [first, second] = buildRegionTree(regions)
    expect(first?.name).toBe('江苏省')
    expect(first?.children.map((c) => c.name)).toEqual(['常州市'])
    expect(first?.children[0]?.children.map((c) => c.name)).toEqual(['天宁区', '武进区'])
    expect(second?.name).toBe('孤立区')
  })
})

describe('childLevel', () => {
  it('goes province → city → district → none', () => {
    expect(childLevel('province')).toBe('city')
    expect(childLevel('city')).toBe('district')
    expect(childLevel('district')).toBeNull()
  })
})

describe('regionTrail', () => {
  it('names a region with its ancestors', () => {
    expect(regionTrail(regions, 'd1')).toBe('江苏省 / 常州市 / 武进区')
    expect(regionTrail(regions, null)).toBe('')
  })
})
