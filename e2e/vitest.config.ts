import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Browser journeys against the real server (`npm run test:e2e`, which builds the CLI and the web UI first).
// One file at a time: each starts its own server (PGlite costs ~700 MB) and its own Chromium on a 2-core machine.
// No retries: a journey that fails once is a failure (DESIGN.md: no browser tests retried until they pass).
export default defineConfig({
  test: {
    name: 'e2e',
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['**/*.e2e.test.ts'],
    exclude: ['**/node_modules/**', 'artifacts/**'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    maxWorkers: 1,
    retry: 0,
    // A journey is a sequence of steps that build on each other; stop at the first broken one.
    sequence: { concurrent: false },
  },
})
