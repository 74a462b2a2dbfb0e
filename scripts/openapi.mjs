#!/usr/bin/env node
// npm run openapi: regenerate openapi/openapi.json from the code, then the SDK's types from it.
import { execFileSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' })
run(process.execPath, ['--import', 'tsx', 'apps/server/src/tools/export-openapi.ts', 'openapi/openapi.json'])
run(process.execPath, [
  join(root, 'node_modules/openapi-typescript/bin/cli.js'),
  'openapi/openapi.json',
  '-o',
  'packages/sdk/src/schema.d.ts',
])
