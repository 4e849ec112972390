// Vite config: relative base so dist/ works from any static host and sub-path;
// module workers; in dev and preview the headers of ./scripts/build/vite/serveHeaders.ts
// (COOP/COEP so the wasm backend can use its multi-threaded SIMD build, CSP, nosniff,
// referrer policy), a 404 for a missing data file and the wasm kernels sent gzipped
// (./scripts/build/vite/wasmGzip.ts: Vite's own compression skips application/wasm);
// a service worker (Workbox, via vite-plugin-pwa) that precaches the built app (hashed
// scripts, styles, wasm, index.html) so a second visit downloads nothing and the page opens
// offline; the data files are cached by the loader itself, keyed by their checksums
// (src/core/data/dataCache.ts), so they are left out here;
// Vitest runs the framework-free core (src/core) under Node with tfjs cpu/wasm.
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { wasmThreadsPatch } from './scripts/build/vite/wasmThreadsPatch.ts';
import { DEV_HEADERS, SERVE_HEADERS, dataNotFound } from './scripts/build/vite/serveHeaders.ts';
import { wasmGzip } from './scripts/build/vite/wasmGzip.ts';

export default defineConfig({
  base: './',
  plugins: [
    react(),
    wasmThreadsPatch(),
    dataNotFound(),
    wasmGzip(),
    VitePWA({
      // registered by the page itself once the lab is ready (src/features/offline/useOffline.ts)
      injectRegister: false,
      manifest: false,
      filename: 'sw.js',
      workbox: {
        globPatterns: ['**/*.{js,css,html,wasm,svg}'],
        globIgnores: ['data/**'],
        maximumFileSizeToCacheInBytes: 16 * 2 ** 20,
        // any address of the page (its query holds the experiment) opens the precached index.html
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/\/data\//],
        inlineWorkboxRuntime: true,
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
  worker: { format: 'es', plugins: () => [wasmThreadsPatch()] },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
  },
  preview: { port: 4173, strictPort: true, headers: SERVE_HEADERS },
  server: { port: 5173, headers: DEV_HEADERS },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
