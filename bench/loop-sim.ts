/**
 * Which questions a forest on the answers learns most from (issue 24), without the IWAE: a label-free prior
 * (IsolationForest, from bench/stage-study.ts's cache) ranks the table, then five rounds of questions answered from
 * the truth, each round's rows picked by a rule from the ranking the answers so far give (random, the top unasked
 * rows, or half of each), and a ranking fitted on the answers (a plain forest, or the answers' stage). Prints one
 * JSON line per set, seed and answer count with each rule x ranking's test AUC and the outliers its questions found.
 * `node bench/build.mjs bench/loop-sim.ts .bench-out/loop-sim.cjs && node .bench-out/loop-sim.cjs <suite> [--answers
 *  20,40,80,160] [--seeds ...] [--pollution R] [--datasets a,b] [--cache .bench-out/stage-cache]` (run stage-study first)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { minMaxScale } from '../src/core/data/scale';
import type { Matrix } from '../src/core/data/matrix';
import { forestClassifier } from '../src/core/answers/forestClassifier';
import { answersStage, DEFAULT_STAGE, type StageOptions } from '../src/core/answers/stack';
import { rocAuc } from '../src/core/metrics';
import { Rng } from '../src/core/rng';
import { RandomForest } from '../src/core/peers/randomForest';
import { loadDataset } from './load';
import { STUDY_OPTIONS, studySets, type Scores } from './studyArgs';
import { protocolRows } from './protocol';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    answers: { type: 'string', default: '20,40,80,160' },
    ...STUDY_OPTIONS,
    rules: { type: 'string', default: 'random,top,mix' },
    rankings: { type: 'string', default: 'plain,stage,stage1,stageNoPseudo' },
  },
});
const suite = positionals[0] ?? '../shared/data';

const PLAIN: Partial<StageOptions> = {};
const RANKINGS: Record<string, Partial<StageOptions>> = {
  plain: PLAIN,
  stage: {},
  stage1: { rule: { minPerClass: 1 } },
  stageNoPseudo: { pseudoInliers: 0, rule: { minPerClass: 1 } },
};

/** The peer's ranking: a forest on the answers alone (features only), the prior's order while they hold one class. */
function plainForest(Xtr: Matrix, Xte: Matrix, labels: Int8Array, prior: Scores, seed: number) {
  const asked: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] >= 0) asked.push(i);
  const y = Uint8Array.from(asked, (r) => labels[r]);
  const pos = y.reduce((a, v) => a + v, 0);
  if (pos === 0 || pos === y.length) return { train: Float64Array.from(prior.train), test: Float64Array.from(prior.test) };
  const d = Xtr.cols;
  const Xa = new Float32Array(asked.length * d);
  asked.forEach((r, i) => Xa.set(Xtr.data.subarray(r * d, (r + 1) * d), i * d));
  const f = new RandomForest({ seed }).fit(Xa, asked.length, d, y);
  return { train: f.predictProba(Xtr.data, Xtr.rows), test: f.predictProba(Xte.data, Xte.rows) };
}

/** `b` unasked rows by `rule`: random, the highest-ranked, or half of each (top first). */
function pick(rule: string, ranking: ArrayLike<number>, labels: Int8Array, b: number, rng: Rng): number[] {
  const pool: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] === -1) pool.push(i);
  const top = rule === 'top' ? b : rule === 'mix' ? Math.ceil(b / 2) : 0;
  pool.sort((a, c) => ranking[c] - ranking[a] || a - c);
  const chosen = pool.slice(0, top);
  const rest = pool.slice(top);
  for (let i = 0; i < b - top && i < rest.length; i++) {
    const j = i + rng.int(rest.length - i);
    [rest[i], rest[j]] = [rest[j], rest[i]];
    chosen.push(rest[i]);
  }
  return chosen;
}

function loop(
  Xtr: Matrix,
  ytr: Uint8Array,
  Xte: Matrix,
  prior: Scores,
  N: number,
  rule: string,
  opts: Partial<StageOptions>,
  seed: number,
) {
  const labels = new Int8Array(Xtr.rows).fill(-1);
  const rng = new Rng(seed);
  const b = Math.ceil(N / 5);
  let ranking: ArrayLike<number> = prior.train;
  let asked = 0;
  const stage = () =>
    opts === PLAIN
      ? { ...plainForest(Xtr, Xte, labels, prior, seed), choice: { id: 'forest' } }
      : answersStage(Xtr, Xte, { train: prior.train, test: prior.test }, labels, forestClassifier(seed), { ...DEFAULT_STAGE, ...opts });
  for (let round = 0; round < 5 && asked < N; round++) {
    for (const r of pick(rule, ranking, labels, Math.min(b, N - asked), rng)) {
      labels[r] = ytr[r];
      asked++;
    }
    ranking = stage().train;
  }
  const s = stage();
  return { test: s.test!, outliers: labels.reduce((a, l) => a + (l === 1 ? 1 : 0), 0), choice: s.choice.id };
}

void (() => {
  for (const { name, file, pollution } of studySets(suite, values.datasets, values.pollution)) {
    const { X, y } = loadDataset(file, 'label');
    for (const seed of values.seeds!.split(',').map(Number)) {
      const { Xtr, ytr, Xte, yte } = protocolRows(minMaxScale(X), y, pollution, seed, 'reference');
      const peers = JSON.parse(readFileSync(path.join(values.cache!, `${name}-${seed}-peers.json`), 'utf8')) as Record<string, Scores>;
      for (const N of values.answers!.split(',').map(Number)) {
        const line: Record<string, unknown> = {
          dataset: name,
          seed,
          count: String(N),
          iforest: rocAuc(peers.iforest.test, Array.from(yte)),
        };
        for (const rule of values.rules!.split(','))
          for (const rk of values.rankings!.split(',')) {
            const out = loop(Xtr, ytr, Xte, peers.iforest, N, rule, RANKINGS[rk], seed + N);
            line[`${rule}_${rk}`] = rocAuc(Array.from(out.test), Array.from(yte));
            line[`${rule}_${rk}_outliers`] = out.outliers;
          }
        console.log(JSON.stringify(line));
      }
    }
  }
})();
