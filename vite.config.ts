import { readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { defineConfig, type Plugin } from 'vitest/config';

/**
 * The page's Content-Security-Policy: everything from its own origin only, so no font, script,
 * tile or beacon can reach anywhere else even if a dependency tried. 'wasm-unsafe-eval' lets
 * SQLite's WebAssembly compile (it allows no JS eval); inline styles are Plot's and Lit's.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** The policy as a meta tag in index.html (works on any static host), from the one constant above. */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'fitbook-csp',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }],
  };
}

/**
 * Builds src/sw.ts as /sw.js and writes into it the files to precache: every file of the build
 * (scripts, workers, styles, SQLite's wasm) but source maps, the page itself ('./'), and the
 * public files but the bundled sample export (5 MB, fetched only when asked for). The version
 * is a hash of that list, whose names carry content hashes: a new build gets a new cache.
 */
function serviceWorker(): Plugin {
  return {
    name: 'fitbook-service-worker',
    apply: 'build',
    buildStart() {
      this.emitFile({ type: 'chunk', id: 'src/sw.ts', fileName: 'sw.js' });
    },
    generateBundle(_options, bundle) {
      const sw = bundle['sw.js'];
      if (!sw || sw.type !== 'chunk') throw new Error('sw.js was not built');
      const files = Object.keys(bundle).filter((f) => f !== 'sw.js' && !f.endsWith('.map') && f !== 'index.html');
      const publicFiles = readdirSync('public', { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
      const precache = ['./', ...publicFiles, ...files].sort();
      const version = createHash('sha256').update(precache.join('\n')).digest('hex').slice(0, 16);
      sw.code = `const PRECACHE = ${JSON.stringify(precache)};\nconst VERSION = ${JSON.stringify(version)};\n${sw.code}`;
    },
  };
}

export default defineConfig({
  plugins: [contentSecurityPolicy(), serviceWorker()],
  // sqlite-wasm locates its .wasm via import.meta.url; pre-bundling would break that.
  optimizeDeps: { exclude: ['@sqlite.org/sqlite-wasm'] },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  server: { port: 5173, strictPort: true },
  // The preview server also sends it as a header, where frame-ancestors (not allowed in a meta tag) works.
  preview: { port: 4173, strictPort: true, headers: { 'Content-Security-Policy': `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'` } },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    // A zone far from the test data's (UTC+1/+2/+3): a time that silently fell back to the
    // machine's zone would show up instead of passing by coincidence.
    env: { TZ: 'Pacific/Honolulu' },
  },
});
