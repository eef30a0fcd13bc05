/**
 * How the deterministic scorer (final weights, fixed noise) ranks compared with the run's own final score (the
 * eq. (5) average over the last epochs' noisy scores, what the app shows), on the benchmark protocol's rows:
 *   npm run bench:scorer -- --suite <folder> [--seeds 100,200,300] [--datasets a,b]
 * Prints per set the ROC-AUC of each scoring on the training rows (the app's table) and the test rows (new data), its
 * Spearman rank correlation rho with the run's final score and how many of the run's top rows it shares; then the means.
 * Scorings: the shipped scorer (final weights, K = 16 fixed samples); the same fixed noise through each network the
 * run averages, scores averaged; the expected K = 2 bound (8 fixed pairs of samples) through the final weights and
 * through the averaged networks; and the run's own score again (the same networks, fresh noise, the engine's K), the
 * ceiling: no fixed scorer agrees with a noisy score better than the noisy score agrees with itself.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { makeConfig, type EngineConfig } from '../src/core/config';
import { takeLabels, takeRows, type Matrix } from '../src/core/data/matrix';
import { minMaxScale } from '../src/core/data/scale';
import { architectureFor } from '../src/core/model/architecture';
import { rocAuc } from '../src/core/metrics';
import { spearman, topOverlap } from '../src/core/score/agreement';
import { buildScoringModel, scoreEncoded, DEFAULT_SCORER_K } from '../src/core/score/scorer';
import { restoreCheckpoint, type Checkpoint } from '../src/core/train/checkpoint';
import { createTrainContext } from '../src/core/train/context';
import { SimulatedOracle } from '../src/core/train/oracle';
import { ensembleEpochs, queryEpochs } from '../src/core/train/schedule';
import { runMethod } from '../src/core/train/runMethod';
import { averageOf } from '../src/core/train/vectors';
import { loadDataset } from './load';
import { selectRows } from './protocol';
import { loadWasmEngine } from './wasm-engine';

declare const __dirname: string;
const DATASETS: Record<string, { pollution: number; model?: { latent?: number } }> = JSON.parse(
  readFileSync(path.join(__dirname, '..', 'bench', 'datasets.json'), 'utf8'),
);
/** Fixed pairs of samples of the expected K = 2 bound. */
const PAIRS = 8;
const VARIANTS = ['final K=16 (shipped)', 'snapshots K=16', 'final E[K=2]', 'snapshots E[K=2]', 'run again (ceiling)'];
/** Per variant: train AUC, rho, top overlap share; test AUC, rho. */
const PER = 5;

const avg = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const f32 = (v: ArrayLike<number>) => Float32Array.from(v);

/** A scorer over already-scaled rows (the protocol's scaling: the scorer's own min-max is the identity here). */
function scorer(config: EngineConfig, d: number, state: Float32Array[], k: number, noiseSeed: number) {
  return buildScoringModel({
    method: 'imboost',
    columns: Array.from({ length: d }, (_, i) => ({ type: 'numeric' as const, name: `f${i}`, numberFormat: 'plain' as const, fill: 0 })),
    featureNames: Array.from({ length: d }, (_, i) => `f${i}`),
    fill: new Float64Array(d),
    scale: { min: new Float64Array(d), max: new Float64Array(d).fill(1) },
    arch: architectureFor(d, config.model.hidden, config.model.latent),
    model: config.model,
    state,
    k,
    noiseSeed,
  });
}

/** Fixed-noise scores of the networks, averaged: K = 16 samples, or the mean of PAIRS K = 2 bounds. */
function fixedScores(config: EngineConfig, states: Float32Array[][], X: Matrix, pairs: boolean): Float32Array {
  const per = states.flatMap((st) =>
    pairs
      ? Array.from({ length: PAIRS }, (_, p) => scoreEncoded(scorer(config, X.cols, st, 2, config.seed + p), X))
      : [scoreEncoded(scorer(config, X.cols, st, DEFAULT_SCORER_K, config.seed), X)],
  );
  return f32(averageOf(per));
}

/** The run's final score computed again: the same networks scored by the engine with fresh noise, averaged. */
async function runAgain(config: EngineConfig, snaps: Checkpoint[], X: Matrix, seed: number): Promise<Float32Array> {
  const ctx = createTrainContext(X, config, seed);
  try {
    const out: Float32Array[] = [];
    for (const c of snaps) {
      restoreCheckpoint(ctx, c);
      ctx.rng.setState(seed + out.length);
      out.push(await ctx.scoreTrain(config.imboost.scoreK ?? config.imboost.k));
    }
    return f32(averageOf(out));
  } finally {
    ctx.dispose();
  }
}

interface SeedResult {
  run: number[];
  cells: number[];
  rolledBack: boolean;
  ranges: number[];
}

async function oneSeed(name: string, X: Matrix, y: Uint8Array, seed: number): Promise<SeedResult> {
  const { Xp, yp, train, test } = selectRows(minMaxScale(X), y, DATASETS[name].pollution, seed, 'stratified');
  const Xtr = takeRows(Xp, train);
  const Xte = takeRows(Xp, test);
  const ytr = takeLabels(yp, train);
  const yte = takeLabels(yp, test);
  const config = makeConfig({ method: 'imboost', model: { ...DATASETS[name].model } });
  let last: Checkpoint | null = null;
  // The checkpoint at each epoch's end: the networks whose noisy scores the run's final score averages.
  const snapshots = new Map<number, Checkpoint>();
  const r = await runMethod({
    X: Xtr,
    Xtest: Xte,
    config,
    oracle: new SimulatedOracle(ytr),
    onCheckpoint: (c) => {
      last = c;
      snapshots.set(c.nextEpoch, c);
    },
  });
  const keep = ensembleEpochs(config.imboost);
  const rolledBack = r.guard?.choice === 'warmup';
  // What the final score averages: the last epochs, or after a roll-back the epochs before the first round.
  const end = rolledBack ? queryEpochs(config.imboost)[0] + 1 : config.imboost.warmupEpochs + config.imboost.polarizationEpochs;
  const averaged = [...snapshots.entries()].filter(([e]) => e > end - keep && e <= end).map(([, c]) => c);
  const final = (last as Checkpoint | null)!.state;
  const states = averaged.map((c) => c.state);
  // How many of the run's top rows a scoring shares: as many rows as the set's outliers.
  const m = Math.max(1, Math.round(ytr.reduce((s: number, v: number) => s + v, 0)));
  const cells: number[] = [];
  const add = (tr: Float32Array, te: Float32Array | null) => {
    cells.push(rocAuc(tr, ytr), spearman(tr, r.scores), topOverlap(tr, r.scores, m) / m);
    cells.push(te ? rocAuc(te, yte) : NaN, te ? spearman(te, r.testScores!) : NaN);
  };
  const shipped = fixedScores(config, [final], Xtr, false);
  const pairs = fixedScores(config, [final], Xtr, true);
  add(shipped, fixedScores(config, [final], Xte, false));
  add(fixedScores(config, states, Xtr, false), null);
  add(pairs, fixedScores(config, [final], Xte, true));
  add(fixedScores(config, states, Xtr, true), null);
  add(await runAgain(config, averaged, Xtr, seed * 7919 + 1), null);
  // The scores' ranges on the training rows: the run's, the shipped scorer's, the expected K = 2 bound's.
  const ranges = [r.scores, shipped, pairs].flatMap((v) => [Math.min(...v), Math.max(...v)]);
  return { run: [rocAuc(r.scores, ytr), rocAuc(r.testScores!, yte)], cells, rolledBack, ranges };
}

function printRow(label: string, run: number[], cells: number[], note = ''): void {
  const parts = VARIANTS.map((_, v) => {
    const [auc, rho, top, tAuc, tRho] = cells.slice(v * PER, v * PER + PER);
    const test = Number.isNaN(tAuc) ? '' : ` / test ${tAuc.toFixed(4)} ${tRho.toFixed(3)}`;
    return `${auc.toFixed(4)} ${rho.toFixed(3)} ${(100 * top).toFixed(0)}%${test}`;
  });
  console.log(`${label.padEnd(12)} | ${run[0].toFixed(4)} / test ${run[1].toFixed(4)} | ${parts.join(' | ')}${note}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { suite: { type: 'string' }, seeds: { type: 'string' }, datasets: { type: 'string' } } });
  if (!values.suite) {
    console.error('usage: npm run bench:scorer -- --suite <folder> [--seeds 100,200,300] [--datasets a,b]');
    process.exitCode = 2;
    return;
  }
  loadWasmEngine();
  const seeds = (values.seeds ?? '100,200,300').split(',').map(Number);
  const only = values.datasets?.split(',');
  const names = readdirSync(values.suite)
    .filter((f) => f.endsWith('.npz'))
    .map((f) => f.replace(/\.npz$/, ''))
    .filter((n) => DATASETS[n] && (!only || only.includes(n)))
    .sort();
  console.log(
    `seeds ${seeds.join(',')}; each cell: train AUC, Spearman rho with the run's final score, share of the run's top-m rows (m = outliers) [/ test AUC, rho]`,
  );
  console.log(`set          | run: train AUC / test AUC | ${VARIANTS.join(' | ')}`);
  const rows: { run: number[]; cells: number[] }[] = [];
  for (const name of names) {
    const { X, y } = loadDataset(path.join(values.suite, `${name}.npz`), 'label');
    const per: SeedResult[] = [];
    for (const seed of seeds) per.push(await oneSeed(name, X, y, seed));
    const mean = (pick: (p: SeedResult) => number[]) => pick(per[0]).map((_, i) => avg(per.map((p) => pick(p)[i])));
    const row = { run: mean((p) => p.run), cells: mean((p) => p.cells) };
    rows.push(row);
    const rb = per.filter((p) => p.rolledBack).length;
    printRow(name, row.run, row.cells, rb ? `  (roll-back on ${rb}/${seeds.length})` : '');
    const g = mean((p) => p.ranges).map((v) => v.toFixed(1));
    console.log(`${''.padEnd(12)}   score ranges (means): run ${g[0]}..${g[1]}, shipped ${g[2]}..${g[3]}, final E[K=2] ${g[4]}..${g[5]}`);
  }
  const mean = (pick: (p: (typeof rows)[number]) => number[]) => pick(rows[0]).map((_, i) => avg(rows.map((p) => pick(p)[i])));
  printRow(
    'MEAN',
    mean((r) => r.run),
    mean((r) => r.cells),
  );
  const rhos = rows.map((r) => r.cells[1]);
  console.log(
    `shipped scorer's rho: mean ${avg(rhos).toFixed(3)}, min ${Math.min(...rhos).toFixed(3)}, sets at or above 0.95: ${rhos.filter((v) => v >= 0.95).length} of ${rows.length}`,
  );
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
