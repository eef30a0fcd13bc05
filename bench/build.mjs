// Bundles a Node entry (bench CLI) with esbuild: tfjs-core's ESM build registers gradients, and its
// directory imports need a bundler's resolver (Node's ESM loader rejects them).
import { build } from 'esbuild';

const [entry, outfile] = process.argv.slice(2);
await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  sourcemap: 'inline',
  // ONNX Runtime finds its .wasm next to its own files, Playwright its browsers' protocol: packages, not bundled code.
  external: ['onnxruntime-web', 'playwright-core'],
});
