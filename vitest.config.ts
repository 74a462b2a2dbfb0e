import { defineConfig } from 'vitest/config'

// `npm test` runs every unit, rule, parser, service and API test on the embedded PGlite database.
// With DATABASE_URL set, the server's database and API suites run a second time against PostgreSQL
// (project "pg"); each test file then gets a fresh database created from DATABASE_URL's server.
const common = {
  testTimeout: 30_000,
  hookTimeout: 120_000,
}

const projects: (string | { test: Record<string, unknown> })[] = [
  // The web app's unit tests (jsdom) have their own config.
  'apps/web/vitest.config.ts',
  {
    test: {
      ...common,
      name: 'unit',
      include: [
        'packages/**/*.test.ts',
        'apps/server/**/*.test.ts',
        'apps/cli/**/*.test.ts',
        'scripts/**/*.test.ts',
      ],
      env: { WANGAN_TEST_DB: 'pglite' },
    },
  },
]

if (process.env.DATABASE_URL) {
  projects.push({
    test: {
      ...common,
      name: 'pg',
      include: ['apps/server/**/*.test.ts', 'apps/cli/**/*.db.test.ts'],
      env: { WANGAN_TEST_DB: 'postgres' },
    },
  })
}

export default defineConfig({
  test: {
    projects,
    maxWorkers: 2,
  },
})
