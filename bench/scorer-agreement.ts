/**
 * How the deterministic scorer (final weights, fixed noise) ranks compared with the run's own final score (the
 * eq. (5) average over the last epochs' noisy scores, what the app shows), on the benchmark protocol's rows:
 *   npm run bench:scorer -- --suite <folder> [--seeds 100,200,300] [--k 2,16]
 * Prints per set the AUC of both on the training rows (the app's table) and the test rows (new data), and the
 * Spearman rank correlation between them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { makeConfig } from '../src/core/config';
import { takeLabels, takeRows } from '../src/core/data/matrix';
import { minMaxScale } from '../src/core/data/scale';
import { architectureFor } from '../src/core/model/architecture';
import { rocAuc } from '../src/core/metrics';
import { buildScoringModel, scoreEncoded } from '../src/core/score/scorer';
import type { Checkpoint } from '../src/core/train/checkpoint';
import { SimulatedOracle } from '../src/core/train/oracle';
import { ensembleEpochs, queryEpochs } from '../src/core/train/schedule';
import { runMethod } from '../src/core/train/runMethod';
import { loadDataset } from './load';
import { selectRows } from './protocol';
import { loadWasmEngine } from './wasm-engine';

declare const __dirname: string;
const DATASETS: Record<string, { pollution: number; model?: { latent?: number } }> = JSON.parse(
  readFileSync(path.join(__dirname, '..', 'bench', 'datasets.json'), 'utf8'),
);

/** Average ranks (ties share their mean rank). */
function ranks(v: ArrayLike<number>): Float64Array {
  const idx = Array.from({ length: v.length }, (_, i) => i).sort((a, b) => v[a] - v[b]);
  const r = new Float64Array(v.length);
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && v[idx[j + 1]] === v[idx[i]]) j++;
    for (let k = i; k <= j; k++) r[idx[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ra = ranks(a);
  const rb = ranks(b);
  const n = ra.length;
  const mean = (n + 1) / 2;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (ra[i] - mean) * (rb[i] - mean);
    saa += (ra[i] - mean) ** 2;
    sbb += (rb[i] - mean) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

const f4 = (v: number) => v.toFixed(4);
const avg = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { suite: { type: 'string' }, seeds: { type: 'string' }, k: { type: 'string' }, datasets: { type: 'string' } },
  });
  if (!values.suite) {
    console.error('usage: npm run bench:scorer -- --suite <folder> [--seeds 100,200,300] [--k 2,16] [--datasets a,b]');
    process.exitCode = 2;
    return;
  }
  loadWasmEngine();
  const seeds = (values.seeds ?? '100,200,300').split(',').map(Number);
  const ks = (values.k ?? '2,16').split(',').map(Number);
  const only = values.datasets?.split(',');
  const names = readdirSync(values.suite)
    .filter((f) => f.endsWith('.npz'))
    .map((f) => f.replace(/\.npz$/, ''))
    .filter((n) => DATASETS[n] && (!only || only.includes(n)))
    .sort();
  const variants = [...ks.map((k) => `final K=${k}`), `avg snapshots K=${ks[ks.length - 1]}`];
  console.log(
    `dataset        | run train AUC | ${variants.map((v) => `${v} train AUC (diff, rho)`).join(' | ')} | run test AUC | ${variants.map((v) => `${v} test AUC (diff, rho)`).join(' | ')}`,
  );
  const rows: number[][] = [];
  for (const name of names) {
    const { X, y } = loadDataset(path.join(values.suite, `${name}.npz`), 'label');
    const perSeed: number[][] = [];
    let rollbacks = 0;
    for (const seed of seeds) {
      const { Xp, yp, train, test } = selectRows(minMaxScale(X), y, DATASETS[name].pollution, seed, 'stratified');
      const Xtr = takeRows(Xp, train);
      const Xte = takeRows(Xp, test);
      const ytr = takeLabels(yp, train);
      const yte = takeLabels(yp, test);
      const config = makeConfig({ method: 'imboost', model: { ...DATASETS[name].model } });
      let last: Checkpoint | null = null;
      // The weights at each epoch's end: the snapshots whose noisy scores the run's final score averages.
      const snapshots = new Map<number, Float32Array[]>();
      const r = await runMethod({
        X: Xtr,
        Xtest: Xte,
        config,
        oracle: new SimulatedOracle(ytr),
        onCheckpoint: (c) => {
          last = c;
          snapshots.set(c.nextEpoch, c.state);
        },
      });
      const keep = ensembleEpochs(config.imboost);
      const rolledBack = r.guard?.choice === 'warmup';
      if (rolledBack) rollbacks++;
      // What the final score averages: the last epochs, or after a roll-back the epochs before the first round.
      const end = rolledBack ? queryEpochs(config.imboost)[0] + 1 : config.imboost.warmupEpochs + config.imboost.polarizationEpochs;
      const averaged = [...snapshots.entries()].filter(([e]) => e > end - keep && e <= end).map(([, st]) => st);
      const d = X.cols;
      const out = [rocAuc(r.scores, ytr)];
      const testOut = [rocAuc(r.testScores!, yte)];
      const scorer = (state: Float32Array[], k: number) =>
        // The rows are already scaled by the protocol: the scorer's own scaling is the identity here.
        buildScoringModel({
          method: 'imboost',
          columns: Array.from({ length: d }, (_, i) => ({
            type: 'numeric' as const,
            name: `f${i}`,
            numberFormat: 'plain' as const,
            fill: 0,
          })),
          featureNames: Array.from({ length: d }, (_, i) => `f${i}`),
          fill: new Float64Array(d),
          scale: { min: new Float64Array(d), max: new Float64Array(d).fill(1) },
          arch: architectureFor(d, config.model.hidden, config.model.latent),
          model: config.model,
          state,
          k,
          noiseSeed: config.seed,
        });
      const mean = (vs: Float32Array[]) => Float32Array.from(vs[0], (_, i) => avg(vs.map((v) => v[i])));
      for (const k of ks) {
        const model = scorer((last as Checkpoint | null)!.state, k);
        const tr = scoreEncoded(model, Xtr);
        const te = scoreEncoded(model, Xte);
        out.push(rocAuc(tr, ytr), spearman(tr, r.scores));
        testOut.push(rocAuc(te, yte), spearman(te, r.testScores!));
      }
      // The alternative: the same fixed noise through each averaged snapshot, scores averaged (K of the last entry).
      const models = averaged.map((st) => scorer(st, ks[ks.length - 1]));
      const tr = mean(models.map((m) => scoreEncoded(m, Xtr)));
      const te = mean(models.map((m) => scoreEncoded(m, Xte)));
      out.push(rocAuc(tr, ytr), spearman(tr, r.scores));
      testOut.push(rocAuc(te, yte), spearman(te, r.testScores!));
      perSeed.push([...out, ...testOut]);
    }
    const m = perSeed[0].map((_, i) => avg(perSeed.map((p) => p[i])));
    rows.push(m);
    printRow(name, m, ks.length + 1);
    if (rollbacks) console.log(`${''.padEnd(14)}   (the guard rolled back to the warm-up on ${rollbacks} of ${seeds.length} seeds)`);
  }
  printRow(
    'MEAN',
    rows[0].map((_, i) => avg(rows.map((r) => r[i]))),
    ks.length + 1,
  );
}

function printRow(name: string, m: number[], nk: number): void {
  const half = 1 + 2 * nk;
  const part = (base: number) =>
    Array.from({ length: nk }, (_, j) => {
      const auc = m[base + 1 + 2 * j];
      const diff = auc - m[base];
      return `${f4(auc)} (${diff >= 0 ? '+' : ''}${diff.toFixed(4)}, ${m[base + 2 + 2 * j].toFixed(3)})`;
    }).join(' | ');
  console.log(`${name.padEnd(14)} | ${f4(m[0])} | ${part(0)} | ${f4(m[half])} | ${part(half)}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
