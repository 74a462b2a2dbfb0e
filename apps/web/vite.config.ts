import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// Built by scripts/build.mjs (root: apps/web) and served by `wangan serve` from apps/web/dist. Everything the page
// needs is bundled: no CDN, no remote fonts or icons (the server's CSP would refuse them anyway).
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: true,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    // `vite` in apps/web during development talks to a `wangan serve` on the default port.
    proxy: { '/api': 'http://127.0.0.1:3000', '/healthz': 'http://127.0.0.1:3000' },
  },
})
