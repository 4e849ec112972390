// Vite config: relative base so dist/ works from any static host and sub-path;
// module workers; cross-origin isolation headers (COOP/COEP) in dev and preview so the
// wasm backend can use its multi-threaded SIMD build (SharedArrayBuffer needs them);
// Vitest runs the framework-free core (src/core) under Node with tfjs cpu/wasm.
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { wasmThreadsPatch } from './scripts/build/vite/wasmThreadsPatch.ts';

/** The headers that make the page crossOriginIsolated; README "Deploy" lists them for other hosts. */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

export default defineConfig({
  base: './',
  plugins: [react(), wasmThreadsPatch()],
  worker: { format: 'es', plugins: () => [wasmThreadsPatch()] },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
  },
  preview: { port: 4173, strictPort: true, headers: ISOLATION_HEADERS },
  server: { port: 5173, headers: ISOLATION_HEADERS },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
