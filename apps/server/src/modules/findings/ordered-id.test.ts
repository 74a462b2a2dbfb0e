import { expect, test } from 'vitest'
import { orderedId } from './ordered-id'

test('ids made one after another sort in that order, also within one millisecond and across 4,096 of them', () => {
  const ids = Array.from({ length: 10_000 }, () => orderedId(1_700_000_000_000))
  expect([...ids].sort()).toEqual(ids)
  expect(new Set(ids).size).toBe(ids.length)
  for (const id of ids.slice(0, 10))
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  const later = orderedId(1_700_000_000_100)
  expect(later > ids.at(-1)!).toBe(true)
})
