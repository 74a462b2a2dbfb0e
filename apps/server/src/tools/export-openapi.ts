// Writes the OpenAPI document of the current code to openapi/openapi.json (or to the path given), the file the SDK is
// generated from and CI compares against.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { loadConfig } from '../config'
import { createPglite, openPglite } from '../db/client'
import { repoRoot } from '../paths'
import { loadOrCreateSecrets } from '../secrets'
import { createHttpApp } from '../server'
import { createServices } from '../services'

export async function exportOpenApi(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wangan-openapi-'))
  const database = await openPglite(await createPglite())
  try {
    const config = loadConfig({ WANGAN_DATA_DIR: dataDir, LOG_LEVEL: 'silent' })
    const services = createServices({
      database,
      clock: { now: () => new Date(0) },
      config,
      secrets: loadOrCreateSecrets(dataDir),
    })
    const app = await createHttpApp(services, config, { serveWeb: false, logLevel: 'silent' })
    const document = app.swagger()
    await app.close()
    return `${JSON.stringify(document, null, 2)}\n`
  } finally {
    await database.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

const target = process.argv[2] ?? join(repoRoot, 'openapi/openapi.json')
mkdirSync(dirname(target), { recursive: true })
writeFileSync(target, await exportOpenApi())
console.error(`OpenAPI document written to ${target}`)
