#!/usr/bin/env node
// CI: the committed OpenAPI document, the generated SDK types and the committed migrations must match the code.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const tmp = mkdtempSync(join(tmpdir(), 'wangan-drift-'))
let failed = false

try {
  execFileSync(
    process.execPath,
    ['--import', 'tsx', 'apps/server/src/tools/export-openapi.ts', join(tmp, 'openapi.json')],
    { cwd: root, stdio: 'inherit' },
  )
  if (
    readFileSync(join(tmp, 'openapi.json'), 'utf8') !==
    readFileSync(join(root, 'openapi/openapi.json'), 'utf8')
  ) {
    console.error(
      'DRIFT: openapi/openapi.json differs from the code. Run `npm run openapi` and commit the result.',
    )
    failed = true
  }
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/openapi-typescript/bin/cli.js'),
      join(root, 'openapi/openapi.json'),
      '-o',
      join(tmp, 'schema.d.ts'),
    ],
    { cwd: root, stdio: 'ignore' },
  )
  if (
    readFileSync(join(tmp, 'schema.d.ts'), 'utf8') !==
    readFileSync(join(root, 'packages/sdk/src/schema.d.ts'), 'utf8')
  ) {
    console.error(
      'DRIFT: packages/sdk/src/schema.d.ts is not generated from openapi/openapi.json. Run `npm run openapi`.',
    )
    failed = true
  }
  // drizzle-kit compares the schema with the last migration snapshot and writes a new migration if they differ.
  const drizzleDir = join(root, 'apps/server/drizzle')
  const listing = () => [
    ...readdirSync(drizzleDir),
    ...readdirSync(join(drizzleDir, 'meta')).map((f) => `meta/${f}`),
  ]
  const journal = readFileSync(join(drizzleDir, 'meta/_journal.json'), 'utf8')
  const beforeFiles = new Set(listing())
  const before = [...beforeFiles].sort().join('\n')
  const output = execFileSync(
    process.execPath,
    [join(root, 'node_modules/drizzle-kit/bin.cjs'), 'generate', '--name', 'drift_check'],
    {
      cwd: join(root, 'apps/server'),
      encoding: 'utf8',
    },
  )
  const after = listing().sort().join('\n')
  if (before !== after || !/No schema changes/.test(output)) {
    console.error(
      'DRIFT: the drizzle schema and the committed migrations disagree. Run `npx drizzle-kit generate` in apps/server.',
    )
    console.error(output)
    failed = true
    // Leave the tree as it was: remove what drizzle-kit just wrote.
    for (const file of listing()) if (!beforeFiles.has(file)) rmSync(join(drizzleDir, file))
    writeFileSync(join(drizzleDir, 'meta/_journal.json'), journal)
  }
} finally {
  rmSync(tmp, { recursive: true, force: true })
}
if (failed) process.exit(1)
console.error('no drift: OpenAPI document, SDK types and migrations match the code')
