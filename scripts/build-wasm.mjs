// Compiles the WebAssembly SIMD engine (wasm/assembly/index.ts, AssemblyScript) twice: wasm/build/imlab.wasm
// (SIMD) and wasm/build/imlab-fma.wasm (SIMD + relaxed SIMD: fused multiply-add in the products, used where the
// runtime validates it). Run before anything that loads them (npm start, build, unit tests, bench); skipped when fresh.
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'wasm/assembly');
const builds = [
  { out: path.join(root, 'wasm/build/imlab.wasm'), features: ['--enable', 'simd'] },
  { out: path.join(root, 'wasm/build/imlab-fma.wasm'), features: ['--enable', 'simd', '--enable', 'relaxed-simd'] },
];
const newest = Math.max(
  ...readdirSync(src).map((f) => statSync(path.join(src, f)).mtimeMs),
  statSync(fileURLToPath(import.meta.url)).mtimeMs,
);
for (const { out, features } of builds) {
  let fresh = false;
  try {
    fresh = statSync(out).mtimeMs > newest;
  } catch {
    fresh = false;
  }
  if (fresh && !process.argv.includes('--force')) continue;
  mkdirSync(path.dirname(out), { recursive: true });
  const { error, stderr } = await asc.main(
    [path.join(src, 'index.ts'), '--outFile', out, ...features, '--runtime', 'stub', '-O3', '--noAssert', '--initialMemory', '2'],
    {},
  );
  if (error) {
    console.error(stderr.toString());
    console.error(`build-wasm: ${error.message}`);
    process.exit(1);
  }
  console.log(`build-wasm: ${path.relative(root, out)} (${statSync(out).size} bytes)`);
}
