/**
 * How to use the answers (issue 24), measured on the same runs: for each set, data seed and answer count, one IMBoost
 * run (its answers chosen by its own queries, answered from the truth; cached on disk, so variants of the stage cost
 * seconds), the label-free peers on the same rows, a forest on as many random answers (IsolationForest's order where
 * they hold one class, as the shared peers), and the answers' stage in each variant. One JSON line per set, seed and
 * count with every ranking's test AUC and AUC on the never-asked training rows; bench/stage-choose.ts reads them.
 * `node bench/build.mjs bench/stage-study.ts .bench-out/stage-study.cjs && node --experimental-wasm-relaxed-simd
 *  .bench-out/stage-study.cjs <suite folder> [--answers 20,40,80,160,budget] [--seeds 100,200,300] [--pollution R]
 *  [--datasets a,b] [--cache .bench-out/stage-cache] [--variants a,b] [--ceiling]`
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { makeConfig, type ConfigOverrides } from '../src/core/config';
import { minMaxScale } from '../src/core/data/scale';
import { forestClassifier } from '../src/core/answers/forestClassifier';
import { labelFreeKind } from '../src/core/answers/labelFree';
import { answersStage, DEFAULT_STAGE, type OtherRanking, type StageOptions } from '../src/core/answers/stack';
import { percentileAgainst, rankPercentiles } from '../src/core/answers/ranks';
import { rocAuc } from '../src/core/metrics';
import { forestOnRandomAnswers } from '../src/core/peers/randomAnswers';
import { scorePeer } from '../src/core/peers/peers';
import { SimulatedOracle } from '../src/core/train/oracle';
import { runMethod } from '../src/core/train/runMethod';
import { loadDataset } from './load';
import { STUDY_OPTIONS, studySets, type Scores } from './studyArgs';
import { initNodeBackend } from './node-backend';
import { protocolRows, unaskedAuc } from './protocol';
import { loadWasmEngine } from './wasm-engine';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    answers: { type: 'string', default: '20,40,80,160,budget' },
    ...STUDY_OPTIONS,
    // Any imboost.* setting of the runs, e.g. query=RD (the cache key carries it).
    set: { type: 'string', default: '' },
    // The stage variants to compute (default: all).
    variants: { type: 'string', default: '' },
    // At 160 answers, also the supervised ceiling: the random-answer peer's forest on every training row's label.
    ceiling: { type: 'boolean', default: false },
  },
});
const suite = positionals[0] ?? '../shared/data';
const imboostSet: Record<string, unknown> = Object.fromEntries(
  values
    .set!.split(',')
    .filter(Boolean)
    .map((kv) => {
      const [k, v] = kv.split('=');
      return [k, Number.isFinite(Number(v)) ? Number(v) : v];
    }),
);
interface CachedRun {
  scores: number[];
  testScores: number[];
  labels: number[];
  warmup: number[] | null;
}

function cached<T>(file: string, make: () => Promise<T>): Promise<T> {
  if (existsSync(file)) return Promise.resolve(JSON.parse(readFileSync(file, 'utf8')) as T);
  return make().then((v) => {
    writeFileSync(file, JSON.stringify(v));
    return v;
  });
}

/** The stage of the previous default: one answer of each kind to judge, no likely inliers, no propagation. */
const M1P0: Partial<StageOptions> = {
  rule: { minPerClass: 1 },
  pseudoInliers: 0,
  propagationAnswers: 0,
  labelFreeCandidate: false,
  meanAnswers: 0,
};
const M1: Partial<StageOptions> = { ...M1P0, pseudoInliers: 1 };
const PROPAGATED: Partial<StageOptions> = { ...M1P0, propagationAnswers: 20, propagationGuard: true };
/**
 * The answers' stage variants: today = the stage before issue 24's last part (one likely inlier per answer, 3 answers
 * of each kind to judge, the model's score while none is an outlier); m1 = one of each kind; p0 = no likely inliers;
 * np = no prior-rank column; m2 = two of each; cand = IsolationForest and cosine kNN as the chooser's candidates too;
 * stack = their ranks as forest columns too. Every variant but today: the label-free ranking while no outlier is
 * answered. m1p0 was the default, then pr20g; lf is since (docs/benchmarks.md, "Answers that count", "Label
 * propagation", "The label-free ranking stays a candidate").
 */
const VARIANTS: Record<string, { opts: Partial<StageOptions>; others: string[]; trees?: number; priorBlend?: number }> = {
  today: { opts: { ...M1, rule: { minPerClass: 3 } }, others: [] },
  m1: { opts: M1, others: [] },
  m1p0: { opts: M1P0, others: [] },
  m1np: { opts: { ...M1, priorColumn: false }, others: [] },
  m1p0np: { opts: { ...M1P0, priorColumn: false }, others: [] },
  m1cand: { opts: M1, others: ['iforest', 'cosine'] },
  m1stack: { opts: { ...M1, stackOthers: true }, others: ['iforest', 'knn', 'cosine'] },
  m2: { opts: { ...M1, rule: { minPerClass: 2 } }, others: [] },
  // The chooser against fixed picks once both kinds are answered: the forest, the blend (two weights), the prior.
  fF: { opts: { ...M1P0, force: 'forest' }, others: [] },
  fFnp: { opts: { ...M1P0, force: 'forest', priorColumn: false }, others: [] },
  fB: { opts: { ...M1P0, force: 'blend' }, others: [] },
  fB25: { opts: { ...M1P0, force: 'blend', blendWeight: 0.25 }, others: [] },
  fP: { opts: { ...M1P0, force: 'prior' }, others: [] },
  // IsolationForest's rank as one more forest column (not a candidate of its own).
  m1p0if: { opts: { ...M1P0, stackOthers: true, othersAsCandidates: false }, others: ['iforest'] },
  fFif: { opts: { ...M1P0, stackOthers: true, othersAsCandidates: false, force: 'forest' }, others: ['iforest'] },
  // Label propagation after the pick (answers/propagate.ts), full weight up to 20 answers: unguarded, and guarded
  // (the default).
  pr20: { opts: { ...PROPAGATED, propagationGuard: false }, others: [] },
  pr20g: { opts: PROPAGATED, others: [] },
  // The guarded propagation's kernel narrower or wider, its weight halved or doubled, full up to 40 answers.
  pr20gh05: { opts: { ...PROPAGATED, propagationScale: { width: 0.5, weight: 1 } }, others: [] },
  pr20gh2: { opts: { ...PROPAGATED, propagationScale: { width: 2, weight: 1 } }, others: [] },
  pr20gw05: { opts: { ...PROPAGATED, propagationScale: { width: 1, weight: 0.5 } }, others: [] },
  pr20gw2: { opts: { ...PROPAGATED, propagationScale: { width: 1, weight: 2 } }, others: [] },
  pr40g: { opts: { ...PROPAGATED, propagationAnswers: 40 }, others: [] },
  // The default with a forest of 100 or 400 trees instead of 200 (half or twice the scoring time on a large table).
  pr20gt100: { opts: PROPAGATED, others: [], trees: 100 },
  pr20gt400: { opts: PROPAGATED, others: [], trees: 400 },
  // The stage's prior a rank blend of the run's score and the table's label-free ranking (its judge likewise with the
  // warm-up's): this share of the label-free ranking.
  pb25: { opts: PROPAGATED, others: [], priorBlend: 0.25 },
  pb50: { opts: PROPAGATED, others: [], priorBlend: 0.5 },
  // The previous default: the table's own label-free ranking (the one shown until an outlier is answered) stays a
  // candidate after (StageOptions.labelFreeCandidate; the same numbers as pr20glf, commit 1e45a8c).
  lf: { opts: { ...PROPAGATED, labelFreeCandidate: true }, others: [] },
  // Today's default: the mean rank of the model's score, the forest and the label-free ranking, full up to 20 answers,
  // then mixed into the pick with weight 20 / answers (StageOptions.meanAnswers); meanAll: the mean at every count.
  mean: { opts: { ...PROPAGATED, labelFreeCandidate: true, meanAnswers: 20 }, others: [] },
  meanAll: { opts: { ...PROPAGATED, labelFreeCandidate: true, meanAnswers: 1e9 }, others: [] },
};

void (async () => {
  await initNodeBackend();
  loadWasmEngine();
  mkdirSync(values.cache!, { recursive: true });
  const counts = values.answers!.split(',');
  for (const { name, file, pollution } of studySets(suite, values.datasets, values.pollution)) {
    const { X, y } = loadDataset(file, 'label');
    for (const seed of values.seeds!.split(',').map(Number)) {
      const { Xtr, ytr, Xte, yte } = protocolRows(minMaxScale(X), y, pollution, seed, 'reference');
      const raw = protocolRows(X, y, pollution, seed, 'reference');
      const key = path.join(values.cache!, `${name}-${seed}`);
      // The cache key names the questions the runs asked (a default that moves does not reuse old runs).
      const q = makeConfig({ imboost: imboostSet as ConfigOverrides['imboost'] }).imboost;
      const asked = `${q.query}-top${q.topShare}-random${q.randomShare}`;
      const runKey = `${key}-${asked}${values.set ? `-${values.set.replace(/[^\w.=-]+/g, '_')}` : ''}`;
      const peers = await cached<Record<string, Scores>>(`${key}-peers.json`, async () => {
        const p = (id: 'iforest' | 'knn' | 'cosine-knn', raw_: boolean) => {
          const s = scorePeer(id, raw_ ? raw.Xtr : Xtr, raw_ ? raw.Xte : Xte, seed);
          return { train: Array.from(s.train), test: Array.from(s.test) };
        };
        return { iforest: p('iforest', false), knn: p('knn', false), cosine: p('cosine-knn', true), cosineScaled: p('cosine-knn', false) };
      });
      const testAuc = (s: ArrayLike<number>) => rocAuc(Array.from(s), Array.from(yte));
      for (const count of counts) {
        const N = count === 'budget' ? null : Number(count);
        const run = await cached<CachedRun>(`${runKey}-${count}.json`, async () => {
          const rounds = makeConfig({}).imboost.rounds;
          const early = Number(imboostSet.earlyQuestions ?? 0);
          const config = makeConfig({
            method: 'imboost',
            seed: 1234,
            imboost: {
              budgetCap: null,
              earlyQuestions: 0,
              answersStage: 'off',
              // N answers in all: the early questions (imboost.earlyQuestions, off unless --set) count in them.
              ...(N ? { budget: early ? Math.max(1, Math.round((N - early) / rounds)) : Math.ceil(N / rounds) } : {}),
              ...imboostSet,
            },
          });
          const r = await runMethod({ X: Xtr, Xtest: Xte, config, oracle: new SimulatedOracle(ytr) });
          return {
            scores: Array.from(r.scores),
            testScores: Array.from(r.testScores!),
            labels: Array.from(r.labels),
            warmup: r.warmup ? Array.from(r.warmup.scores) : null,
          };
        });
        const unasked = (s: ArrayLike<number>) => unaskedAuc(s, ytr, run.labels);
        let answers = 0;
        let outliers = 0;
        for (const l of run.labels) {
          if (l >= 0) answers++;
          if (l === 1) outliers++;
        }
        const line: Record<string, unknown> = { dataset: name, seed, count, answers, outliers, n_train: Xtr.rows, d: Xtr.cols };
        for (const [id, s] of Object.entries(peers)) line[id] = testAuc(s.test);
        // Label-free ensembles: the mean of the peers' test percentiles (each against its own training scores).
        const pct = (id: string) => percentileAgainst(peers[id].train, peers[id].test);
        const meanOf = (ids: string[]) => ids.map(pct).reduce((a, b) => a.map((x, i) => x + b[i]));
        line.lf_ifcos = testAuc(meanOf(['iforest', 'cosine']));
        line.lf_all3 = testAuc(meanOf(['iforest', 'knn', 'cosine']));
        line.lf_ifknn = testAuc(meanOf(['iforest', 'knn']));
        line.imboost = testAuc(run.testScores);
        line.imboost_unasked = unasked(run.scores);
        const kind = labelFreeKind(Xtr.cols);
        const lfScores = kind === 'cosine' ? peers.cosine : peers.iforest;
        const others = (ids: string[]): OtherRanking[] =>
          ids.map((id) => {
            const own = id === 'labelFree' ? kind : id;
            const p = id === 'labelFree' ? lfScores : peers[id];
            return { id: own as OtherRanking['id'], name: own, train: p.train, test: p.test };
          });
        const rf = forestOnRandomAnswers(Xtr, ytr, Xte, {
          answers,
          seed: seed + answers,
          prior: { train: peers.iforest.train, test: peers.iforest.test },
        });
        line.forest = testAuc(rf.testScores);
        if (values.ceiling && count === '160') {
          // The supervised ceiling: the same forest on every training row's true label.
          const all = Array.from({ length: Xtr.rows }, (_, i) => i);
          line.forest_all = testAuc(
            forestOnRandomAnswers(Xtr, ytr, Xte, { answers: all.length, asked: all, seed: seed + answers, prior: peers.iforest })
              .testScores,
          );
        }
        // Which answers teach a forest: the run's own answers, and its inliers and outliers each swapped for the random
        // draw's, on the features alone (as the peer); and where each draw's outliers sit in the model's final ranking.
        const chosen = run.labels.flatMap((l, i) => (l >= 0 ? [i] : []));
        const ofKind = (rows: ArrayLike<number>, k: number) => Array.from(rows).filter((r) => ytr[r] === k);
        const fitOn = (asked: number[]) =>
          testAuc(
            forestOnRandomAnswers(Xtr, ytr, Xte, { answers: asked.length, asked, seed: seed + answers, prior: peers.iforest }).testScores,
          );
        line.forest_chosen = fitOn(chosen);
        line.forest_randomIn_chosenOut = fitOn([...ofKind(rf.asked, 0), ...ofKind(chosen, 1)]);
        line.forest_chosenIn_randomOut = fitOn([...ofKind(chosen, 0), ...ofKind(rf.asked, 1)]);
        const finalPct = rankPercentiles(run.scores);
        const meanPct = (rows: number[]) => (rows.length ? rows.reduce((a, r) => a + finalPct[r], 0) / rows.length : null);
        line.pct_chosen_outliers = meanPct(ofKind(chosen, 1));
        line.pct_random_outliers = meanPct(ofKind(rf.asked, 1));
        line.random_outliers = ofKind(rf.asked, 1).length;
        // The stage itself on the random answers, IsolationForest as the prior: what the stage adds to the answers.
        const randomLabels = new Int8Array(Xtr.rows).fill(-1);
        for (const i of rf.asked) randomLabels[i] = ytr[i];
        for (const [v, others_] of [
          ['rfStage', []],
          ['rfStageStack', ['knn', 'cosine']],
        ] as const) {
          const s = answersStage(
            Xtr,
            Xte,
            { train: peers.iforest.train, test: peers.iforest.test },
            randomLabels,
            forestClassifier(1234),
            { ...DEFAULT_STAGE, stackOthers: true },
            others([...others_]),
          );
          line[v] = testAuc(s.test!);
          line[`${v}_choice`] = s.choice.id;
        }
        // As the app: with no outlier among the answers, the table's label-free ranking (answers/labelFree.ts).
        const labelFree: OtherRanking = { id: kind, name: kind, train: lfScores.train, test: lfScores.test };
        const only = values.variants ? values.variants.split(',') : null;
        for (const [v, { opts, others: ids, trees, priorBlend }] of Object.entries(VARIANTS).filter(([v]) => !only || only.includes(v))) {
          const blended = (own: ArrayLike<number>, test: ArrayLike<number> | null) => {
            if (!priorBlend) return { train: own, test };
            const w = priorBlend;
            const mix = (a: ArrayLike<number>, b: ArrayLike<number>) => Float64Array.from(a, (x, i) => (1 - w) * x + w * b[i]);
            return {
              train: mix(rankPercentiles(own), rankPercentiles(lfScores.train)),
              test: test ? mix(percentileAgainst(own, test), percentileAgainst(lfScores.train, lfScores.test)) : null,
            };
          };
          const prior = blended(run.scores, run.testScores);
          const judge = run.warmup ? blended(run.warmup, null).train : null;
          const s = answersStage(
            Xtr,
            Xte,
            { train: prior.train, test: prior.test, judge, labelFree: v === 'today' ? null : labelFree },
            run.labels,
            forestClassifier(1234, trees),
            { ...DEFAULT_STAGE, ...opts },
            others(ids),
          );
          line[v] = testAuc(s.test!);
          line[`${v}_unasked`] = unasked(s.train);
          line[`${v}_choice`] = s.choice.id;
          // What the chooser saw: each candidate's AUC on the answers held out of its own fit (prior, forest, blend, others).
          line[`${v}_aucs`] = s.choice.aucs;
          if (v === 'm1p0') {
            // The label-free ranking as the stage's prior (its candidate and the forest's rank column): wide tables.
            const lf = { train: peers.cosine.train, test: peers.cosine.test };
            const c = answersStage(Xtr, Xte, lf, run.labels, forestClassifier(1234), { ...DEFAULT_STAGE, ...opts }, []);
            line.m1p0cos = testAuc(c.test!);
            line.m1p0cos_choice = c.choice.id;
          }
          if (v === 'm1p0')
            for (const w of [0.25, 0.5]) {
              const lf = percentileAgainst(peers.iforest.train, peers.iforest.test);
              const st = percentileAgainst(s.train, s.test!);
              line[`${v}_if${w * 100}`] = testAuc(st.map((x, i) => (1 - w) * x + w * lf[i]));
            }
        }
        console.log(JSON.stringify(line));
      }
    }
  }
})();
