#!/usr/bin/env node
// Builds the parts of Wangan that run as compiled JavaScript.
//   node scripts/build.mjs cli      the `wangan` CLI (which also contains the server: `wangan serve`)
//   node scripts/build.mjs web      the single-page app (Vite) served by the server
//   node scripts/build.mjs all      both
// The CLI bundle is built with esbuild (well under a second); workspace packages (@wangan/*) are bundled from
// their TypeScript sources, every other package stays external and is loaded from node_modules.
import { build as esbuild } from 'esbuild'
import { mkdirSync, rmSync, renameSync, writeFileSync, existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = join(dirname(fileURLToPath(import.meta.url)), '..')

const externalNodeModules = {
  name: 'external-node-modules',
  setup(build) {
    build.onResolve({ filter: /^[^./]|^\.[^./]|^\.\.[^/]/ }, (args) => {
      if (args.path.startsWith('@wangan/')) return undefined
      if (args.kind === 'entry-point') return undefined
      return { path: args.path, external: true }
    })
  },
}

export async function buildCli() {
  const out = join(root, 'apps/cli/dist')
  const tmp = `${out}.tmp-${process.pid}`
  rmSync(tmp, { recursive: true, force: true })
  await esbuild({
    entryPoints: { main: join(root, 'apps/cli/src/main.ts') },
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    chunkNames: 'chunks/[name]-[hash]',
    logLevel: 'warning',
    plugins: [externalNodeModules],
    banner: {
      js: "import { createRequire as __wanganCreateRequire } from 'node:module'; const require = __wanganCreateRequire(import.meta.url);",
    },
  })
  writeFileSync(join(tmp, 'package.json'), '{"type":"module"}\n')
  writeFileSync(join(tmp, '.stamp'), new Date().toISOString())
  // Replace atomically enough for concurrent CLI invocations: the old tree stays usable until the rename.
  const old = `${out}.old-${process.pid}`
  if (existsSync(out)) renameSync(out, old)
  try {
    renameSync(tmp, out)
  } catch (error) {
    // Another process won the race; its build is as good as ours.
    if (!existsSync(out)) throw error
    rmSync(tmp, { recursive: true, force: true })
  }
  rmSync(old, { recursive: true, force: true })
}

export async function buildWeb() {
  const { build } = await import('vite')
  await build({
    root: join(root, 'apps/web'),
    configFile: join(root, 'apps/web/vite.config.ts'),
    logLevel: 'warn',
  })
  mkdirSync(join(root, 'apps/web/dist'), { recursive: true })
  writeFileSync(join(root, 'apps/web/dist/.stamp'), new Date().toISOString())
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const targets = new Set(process.argv.slice(2))
  if (targets.size === 0 || targets.has('all')) targets.add('cli').add('web')
  if (targets.has('server')) targets.add('cli')
  if (targets.has('cli')) await buildCli()
  if (targets.has('web') && existsSync(join(root, 'apps/web/vite.config.ts'))) await buildWeb()
}
