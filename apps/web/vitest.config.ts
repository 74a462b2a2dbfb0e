import { defineConfig } from 'vitest/config'

// Unit tests of the web app (components, i18n resources, formatting) in a simulated DOM.
// Run with `npx vitest run --config apps/web/vitest.config.ts`.
export default defineConfig({
  test: {
    name: 'web',
    root: decodeURIComponent(new URL('.', import.meta.url).pathname),
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'jsdom',
  },
})
