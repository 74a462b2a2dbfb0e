#!/usr/bin/env node
// The `wangan` command. Runs the compiled CLI bundle; rebuilds it first when a source file is newer than the bundle
// (a fresh checkout, or a developer's edit), so `npx wangan` always runs the code in the working tree.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
process.env.WANGAN_ROOT ??= root

function newestMtime(dir, skip) {
  let newest = 0
  let entries
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    return 0
  }
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || skip?.(entry.name)) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path, skip))
    else newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}

function stampOf(dir) {
  try {
    return statSync(join(dir, '.stamp')).mtimeMs
  } catch {
    return 0
  }
}

const cliSources = ['apps/cli/src', 'apps/server/src', 'packages/rules/src', 'packages/scanners/src']
const cliDist = join(root, 'apps/cli/dist')
const isCheckout = existsSync(join(root, 'apps/cli/src/main.ts'))
if (isCheckout) {
  const stamp = stampOf(cliDist)
  if (stamp === 0 || cliSources.some((dir) => newestMtime(join(root, dir)) > stamp)) {
    const { buildCli } = await import('../scripts/build.mjs')
    await buildCli()
  }
  if (process.argv[2] === 'serve' && process.env.WANGAN_SKIP_WEB_BUILD !== '1') {
    const webDist = join(root, 'apps/web/dist')
    const stamp = stampOf(webDist)
    const webSources = ['apps/web/src', 'apps/web/public', 'apps/web/index.html', 'packages/sdk/src']
    const newest = Math.max(
      ...webSources.map((p) =>
        existsSync(join(root, p)) && statSync(join(root, p)).isDirectory()
          ? newestMtime(join(root, p))
          : existsSync(join(root, p))
            ? statSync(join(root, p)).mtimeMs
            : 0,
      ),
    )
    if (existsSync(join(root, 'apps/web/vite.config.ts')) && (stamp === 0 || newest > stamp)) {
      process.stderr.write('wangan: building the web UI (first start or changed sources)…\n')
      const { buildWeb } = await import('../scripts/build.mjs')
      await buildWeb()
    }
  }
}

const { main } = await import(pathToFileURL(join(cliDist, 'main.js')).href)
await main(process.argv.slice(2))
