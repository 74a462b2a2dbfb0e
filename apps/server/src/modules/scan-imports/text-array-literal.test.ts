import { afterAll, beforeAll, expect, test } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../testing/test-database'
import { textArrayLiteral } from './scan-imports.service'

let testDb: TestDatabase
beforeAll(async () => {
  testDb = await createTestDatabase()
})
afterAll(async () => {
  await testDb?.drop()
})

test('array literals of scanner text read back as the same strings, quotes, backslashes and braces included', async () => {
  const cases = [[], ['CVE-2021-44228'], ['a"b', 'c\\d', '{e,f}', 'NULL', ' spaced ', '中文']]
  for (const items of cases) {
    const [row] = await testDb.database.query<{ value: string[] }>('select $1::text[] as value', [
      textArrayLiteral(items),
    ])
    expect(row!.value).toEqual(items)
  }
})
