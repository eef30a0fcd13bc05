import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Cross-origin isolation lets the TF.js WASM backend use SharedArrayBuffer (threads).
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The production build's Content-Security-Policy (a <meta>, so it holds on any static host): scripts
 * and workers only from this origin, no eval (WASM compiles under 'wasm-unsafe-eval'), no request to
 * any other origin. Not in the dev server, which injects inline scripts.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

/** Files larger than this are left out of the offline cache (none of the app's come close). */
const PRECACHE_MAX_BYTES = 50 * 2 ** 20;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** A service worker without its version or precache list would cache nothing, silently: fail the build instead. */
export function fillPlaceholder(text: string, placeholder: string, value: string): string {
  if (!text.includes(placeholder)) throw new Error(`public/sw.js has lost its placeholder ${placeholder}; the build cannot fill it in`);
  return text.replace(placeholder, value);
}

/**
 * PWA without a plugin dependency: injects the CSP, and after the build writes the precache list
 * (every built file, the worker bundle and the .wasm files included) and a content hash into sw.js.
 */
function imlabPwa(): Plugin {
  let outDir = 'dist';
  return {
    name: 'imlab-pwa',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    transformIndexHtml: {
      order: 'post',
      handler: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
    },
    closeBundle() {
      const swPath = path.join(outDir, 'sw.js');
      const files = filesUnder(outDir)
        .filter((f) => f !== swPath && !f.endsWith('.map') && statSync(f).size <= PRECACHE_MAX_BYTES)
        .sort();
      const hash = createHash('sha256');
      for (const f of files) hash.update(path.relative(outDir, f)).update(readFileSync(f));
      const urls = files.map((f) => path.relative(outDir, f).split(path.sep).join('/'));
      let sw = readFileSync(swPath, 'utf8');
      sw = fillPlaceholder(sw, "'__IMLAB_VERSION__'", JSON.stringify(hash.digest('hex').slice(0, 16)));
      sw = fillPlaceholder(sw, '/* __IMLAB_PRECACHE__ */ []', JSON.stringify(['./', ...urls], null, 1));
      writeFileSync(swPath, sw);
    },
  };
}

export default defineConfig({
  plugins: [react(), imlabPwa()],
  base: './',
  server: { headers: isolation, host: '127.0.0.1' },
  preview: { headers: isolation, host: '127.0.0.1' },
  worker: { format: 'es' },
  // Pre-bundle TF.js in one pass so tfjs-core, its gradient registrations and the backends share one copy.
  optimizeDeps: {
    include: [
      '@tensorflow/tfjs-core',
      '@tensorflow/tfjs-core/dist/register_all_gradients',
      '@tensorflow/tfjs-backend-cpu',
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-backend-webgl',
      '@tensorflow/tfjs-backend-webgpu',
      'comlink',
      'fflate',
      // The engine worker's readers and model export: found only when the worker loads, which in the dev server
      // would re-optimize and reload the page mid-test (e2e/harness) without this list.
      'hyparquet',
      'hyparquet-compressors',
      'onnx-proto',
      'idb',
    ],
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    pool: 'forks',
    // Relaxed SIMD (Chromium has it on by default; Node 20 behind this flag) so the FMA build is tested too.
    execArgv: ['--experimental-wasm-relaxed-simd'],
    // tfjs-core's ESM build registers gradients; Node's own loader rejects its directory imports.
    server: { deps: { inline: [/@tensorflow/] } },
    // One copy of tfjs-core (its ESM build) for the engine and the backends.
    alias: [{ find: /^@tensorflow\/tfjs-core$/, replacement: '@tensorflow/tfjs-core/dist/index.js' }],
  },
});
