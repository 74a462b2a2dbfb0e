#!/usr/bin/env node
// Type-checks the Node side (root tsconfig) and the web app (its own tsconfig: DOM, JSX).
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const tsc = join(root, 'node_modules/typescript/bin/tsc')
const projects = ['tsconfig.json', 'apps/web/tsconfig.json'].filter((p) => existsSync(join(root, p)))
let failed = false
for (const project of projects) {
  try {
    execFileSync(process.execPath, [tsc, '-p', project], { cwd: root, stdio: 'inherit' })
    console.error(`typecheck ${project}: ok`)
  } catch {
    failed = true
  }
}
process.exit(failed ? 1 : 0)
