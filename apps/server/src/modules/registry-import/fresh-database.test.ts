// On a database migrated by this very process (the first `wangan serve`), PGlite does not know the array types of
// the enums the migration created: an import must still work (enum arrays travel as text[]). On PostgreSQL the same
// journey runs on a database created and migrated here.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { ManualClock } from '../../clock'
import { loadConfig } from '../../config'
import { systemContext } from '../../context'
import { createPglite, openPglite, type Database } from '../../db/client'
import { migrateDatabase } from '../../db/migrate'
import { loadOrCreateSecrets } from '../../secrets'
import { createServices } from '../../services'
import { createTestDatabase, testDatabaseKind } from '../../testing/test-database'
import { xlsxOf } from './import-fixtures'

async function freshDatabase(): Promise<{ database: Database; drop(): Promise<void> }> {
  if (testDatabaseKind() === 'postgres') return createTestDatabase()
  const database = await openPglite(await createPglite())
  await migrateDatabase(database)
  return { database, drop: () => database.close() }
}

test('an asset import works on a database migrated in the same process', { timeout: 180_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wangan-fresh-'))
  const fresh = await freshDatabase()
  try {
    const services = createServices({
      database: fresh.database,
      clock: new ManualClock(),
      config: loadConfig({ WANGAN_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
      secrets: loadOrCreateSecrets(dataDir),
    })
    const ctx = systemContext('test')
    const region = await services.regions.create(ctx, {
      parentId: null,
      name: '新市',
      code: '329700',
      level: 'city',
    })
    await services.organisations.create(ctx, { name: '新市大数据局', category: 'other', regionId: region.id })
    const file = join(dataDir, 'assets.xlsx')
    writeFileSync(
      file,
      await xlsxOf([
        ['单位名称', '资产类型', '资产标识', '状态'],
        ['新市大数据局', '网站/业务系统', 'https://fresh.example.gov.cn/', '在用'],
        ['新市大数据局', 'IP/网段', '192.0.2.0/28', '已停用'],
      ]),
    )
    const job = await services.registryImport.run(ctx, 'assets', {
      path: file,
      fileName: 'assets.xlsx',
      deleteAfter: false,
    })
    expect(job.message).toMatch(/已导入 2 条/)
    expect(job).toMatchObject({ status: 'done', insertedRows: 2 })
  } finally {
    await fresh.drop()
    rmSync(dataDir, { recursive: true, force: true })
  }
})
