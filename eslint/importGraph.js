/**
 * The import graph of the project's own files (relative imports, type-only ones included: a circle of
 * types is still a circle of files). Used by the `imlab/no-cycle` lint rule and by tests.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const EXTENSIONS = ['.ts', '.tsx', '.js', '.mjs', '/index.ts', '/index.tsx'];
const SPECIFIER =
  /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,]+?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

const cache = new Map();

/** The file a relative specifier points at, or null (packages, assets, missing files). */
export function resolveImport(fromFile, specifier) {
  if (!specifier.startsWith('.')) return null;
  const base = path.resolve(path.dirname(fromFile), specifier.split('?')[0]);
  if (/\.(ts|tsx|js|mjs)$/.test(base) && existsSync(base)) return base;
  for (const ext of EXTENSIONS) {
    const p = base + ext;
    if (existsSync(p) && statSync(p).isFile()) return p;
  }
  return null;
}

/** Specifiers imported by a source text (comments stripped first, so a commented-out import does not count). */
export function specifiersOf(text) {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  const out = [];
  for (const m of code.matchAll(SPECIFIER)) out.push(m[1] ?? m[2]);
  return out;
}

/** The resolved files a file on disk imports (cached by modification time). */
export function importsOf(file) {
  const mtime = statSync(file).mtimeMs;
  const hit = cache.get(file);
  if (hit && hit.mtime === mtime) return hit.deps;
  const deps = specifiersOf(readFileSync(file, 'utf8'))
    .map((s) => resolveImport(file, s))
    .filter((p) => p != null);
  cache.set(file, { mtime, deps });
  return deps;
}

/** A path of imports from `start` back to `target`, or null. */
export function pathBack(start, target, depsOf = importsOf) {
  const seen = new Set();
  const stack = [[start, [start]]];
  while (stack.length) {
    const [file, trail] = stack.pop();
    if (file === target) return trail;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const d of depsOf(file)) if (!seen.has(d)) stack.push([d, [...trail, d]]);
  }
  return null;
}
