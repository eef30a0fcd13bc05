/**
 * Learn mode's question for the contrast stage (issue 26): on which small 2-D table does the clean-set contrast stage
 * separate what IMBoost's IWAE warm-up alone cannot? For each generator (Learn's presets and a few candidates), seeds
 * 1..N, the contrast method as Learn configures it: AUC of the warm-up, of contrast (the encoder), and of the clean-set
 * cosine kNN (encoder none). Preset (g) is the candidate this found (a wave, outliers under its crests). `node bench/build.mjs bench/learn-contrast.ts .bench-out/lc.cjs && node .bench-out/lc.cjs [seeds] [rows]`.
 */
import { makeConfig, type ConfigOverrides } from '../src/core/config';
import { minMaxScale } from '../src/core/data/scale';
import { rocAuc } from '../src/core/metrics';
import { Rng } from '../src/core/rng';
import { runMethod } from '../src/core/train/runMethod';
import { demoConfig } from '../src/learn/demoConfig';
import { generatePreset, PRESETS } from '../src/learn/presets';
import { initNodeBackend } from './node-backend';
import { loadWasmEngine } from './wasm-engine';

type Point = [number, number];
const g = (rng: Rng, cx: number, cy: number, sd: number): Point => [cx + sd * rng.normal(), cy + sd * rng.normal()];
/** Candidate generators in Learn's raw plane (roughly [-1, 1]^2): [inlier, outlier]. */
const CANDIDATES: Record<string, [(r: Rng) => Point, (r: Rng) => Point]> = {
  gap: [(r) => (r.next() < 0.5 ? g(r, -0.5, 0, 0.12) : g(r, 0.5, 0, 0.12)), (r) => g(r, 0, 0, 0.06)],
  ringCentre: [
    (r) => {
      const a = 2 * Math.PI * r.next();
      const rad = 0.8 + 0.05 * r.normal();
      return [rad * Math.cos(a), rad * Math.sin(a)];
    },
    (r) => g(r, 0, 0, 0.12),
  ],
  crossedLines: [
    (r) => {
      const t = 2 * r.next() - 1;
      return [t + 0.04 * r.normal(), t + 0.04 * r.normal()];
    },
    (r) => {
      const t = 2 * r.next() - 1;
      return [t + 0.04 * r.normal(), -t + 0.04 * r.normal()];
    },
  ],
};

function candidate(name: string, rows: number, share: number, seed: number) {
  const [inl, out] = CANDIDATES[name];
  const rng = new Rng(seed * 7919 + name.length);
  const truth = Uint8Array.from({ length: rows }, () => (rng.next() < share ? 1 : 0));
  const raw = new Float32Array(rows * 2);
  truth.forEach((t, i) => raw.set(t ? out(rng) : inl(rng), 2 * i));
  return { X: minMaxScale({ data: raw, rows, cols: 2 }), truth };
}

async function main() {
  await initNodeBackend();
  loadWasmEngine();
  const seeds = Number(process.argv[2] ?? 3);
  const rows = Number(process.argv[3] ?? 600);
  const only = process.argv[4]?.split(',');
  const names = [...PRESETS.filter((p) => p.id !== 'f').map((p) => p.id as string), ...Object.keys(CANDIDATES)].filter(
    (n) => !only || only.includes(n),
  );
  for (const name of names) {
    const res: number[][] = [];
    for (let seed = 1; seed <= seeds; seed++) {
      const share = 0.1;
      const d =
        name in CANDIDATES
          ? candidate(name, rows, share, seed)
          : (() => {
              const p = generatePreset({ preset: name as 'a', rows, contamination: share, spread: 1, seed });
              return { X: { data: p.points, rows, cols: 2 }, truth: p.truth };
            })();
      const base = demoConfig('contrast', seed, 'wasm');
      const over = (contrast: ConfigOverrides['contrast']) => makeConfig({ ...base, contrast: { ...base.contrast, ...contrast } });
      const a = await runMethod({ X: d.X, config: over({}) });
      const k = await runMethod({ X: d.X, config: over({ encoder: 'none' }) });
      res.push([rocAuc(a.warmup!.scores, d.truth), rocAuc(a.scores, d.truth), rocAuc(k.scores, d.truth)]);
    }
    const m = (j: number) => res.reduce((s, r) => s + r[j], 0) / res.length;
    const per = res.map((r) => r.map((v) => v.toFixed(3)).join('/')).join('  ');
    console.log(
      `${name.padEnd(13)} warm-up ${m(0).toFixed(3)}  contrast ${m(1).toFixed(3)}  cosine kNN ${m(2).toFixed(3)}   per seed w/c/k: ${per}`,
    );
  }
}

void main();
