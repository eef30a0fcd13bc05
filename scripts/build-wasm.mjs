// Compiles the WebAssembly SIMD engine (wasm/assembly/index.ts, AssemblyScript) to wasm/build/imlab.wasm.
// Run before anything that loads it (npm start, build, unit tests, bench); a second of work, skipped when fresh.
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'wasm/assembly');
const out = path.join(root, 'wasm/build/imlab.wasm');
const newest = Math.max(...readdirSync(src).map((f) => statSync(path.join(src, f)).mtimeMs), statSync(fileURLToPath(import.meta.url)).mtimeMs);
let fresh = false;
try {
  fresh = statSync(out).mtimeMs > newest;
} catch {
  fresh = false;
}
if (!fresh || process.argv.includes('--force')) {
  mkdirSync(path.dirname(out), { recursive: true });
  const { error, stderr } = await asc.main(
    [path.join(src, 'index.ts'), '--outFile', out, '--enable', 'simd', '--runtime', 'stub', '-O3', '--noAssert', '--initialMemory', '2'],
    {},
  );
  if (error) {
    console.error(stderr.toString());
    console.error(`build-wasm: ${error.message}`);
    process.exit(1);
  }
  console.log(`build-wasm: ${path.relative(root, out)} (${statSync(out).size} bytes)`);
}
