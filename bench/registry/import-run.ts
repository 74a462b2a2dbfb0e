// Child process of the registry benchmark: a fresh migrated database (PGlite in a temporary data directory, as the
// server runs it, or a new database on the PostgreSQL server of DATABASE_URL) with the organisations the file names, then the real import service on the file:
// read, validate every row, check duplicates, write in one transaction. Prints {"seconds","inserted","peakRssMb",…}.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { systemClock } from '@wangan/server/clock'
import { loadConfig } from '@wangan/server/config'
import { systemContext } from '@wangan/server/context'
import { organisations, regions } from '@wangan/server/db/schema/index'
import { loadOrCreateSecrets } from '@wangan/server/secrets'
import { createServices } from '@wangan/server/services'
import { openDatabase } from '@wangan/server/db/client'
import { migrateDatabase } from '@wangan/server/db/migrate'
import { createTestDatabase, testDatabaseKind } from '@wangan/server/testing/test-database'
import { organisationCode } from './asset-workbook'

const [path, organisationCount] = [process.argv[2]!, Number(process.argv[3] ?? 2000)]
const dataDir = mkdtempSync(join(tmpdir(), 'wangan-bench-'))
/** PGlite as `wangan serve` runs it (files under the data directory), or a fresh database on the PostgreSQL server. */
async function benchDatabase() {
  if (testDatabaseKind() === 'postgres') return createTestDatabase()
  const database = await openDatabase({ dataDir })
  await migrateDatabase(database)
  return { database, drop: () => database.close() }
}
const testDb = await benchDatabase()
try {
  const config = loadConfig({ WANGAN_DATA_DIR: dataDir, LOG_LEVEL: 'silent' })
  const services = createServices({
    database: testDb.database,
    clock: systemClock,
    config,
    secrets: loadOrCreateSecrets(dataDir),
  })
  const { db } = testDb.database
  const regionId = crypto.randomUUID()
  await db
    .insert(regions)
    .values({ id: regionId, name: '基准市', code: '329900', level: 'city', path: `/${regionId}/` })
  const values = Array.from({ length: organisationCount }, (_, i) => {
    const id = crypto.randomUUID()
    return {
      id,
      name: `单位${i}`,
      creditCode: organisationCode(i),
      category: 'other' as const,
      regionId,
      path: `/${id}/`,
    }
  })
  for (let i = 0; i < values.length; i += 1000)
    await db.insert(organisations).values(values.slice(i, i + 1000))
  global.gc?.()
  const baselineRssMb = Math.round(process.memoryUsage().rss / 1024 / 1024)
  let peak = process.memoryUsage().rss
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 20)
  const started = performance.now()
  const job = await services.registryImport.run(systemContext('bench'), 'assets', {
    path,
    fileName: 'assets.xlsx',
    deleteAfter: false,
  })
  const seconds = (performance.now() - started) / 1000
  clearInterval(sampler)
  peak = Math.max(peak, process.memoryUsage().rss)
  console.log(
    JSON.stringify({
      seconds,
      status: job.status,
      inserted: job.insertedRows,
      errors: job.errors.slice(0, 3),
      message: job.message,
      database: testDb.database.kind,
      baselineRssMb,
      peakRssMb: Math.round(peak / 1024 / 1024),
      processPeakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  )
} finally {
  await testDb.drop()
  rmSync(dataDir, { recursive: true, force: true })
}
