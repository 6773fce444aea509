import { defineConfig } from 'vitest/config';

export default defineConfig({
  // sqlite-wasm locates its .wasm via import.meta.url; pre-bundling would break that.
  optimizeDeps: { exclude: ['@sqlite.org/sqlite-wasm'] },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  server: { port: 5173, strictPort: true },
  preview: { port: 4173, strictPort: true },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    // A zone far from the test data's (UTC+1/+2/+3): a time that silently fell back to the
    // machine's zone would show up instead of passing by coincidence.
    env: { TZ: 'Pacific/Honolulu' },
  },
});
