/**
 * The forest-on-random-answers peer in the benchmark (bench only: it is no method of the app's run form):
 * N training rows drawn at random and answered from the truth, a random forest on them, test AUC on the same rows
 * IMBoost is measured on. One line per (set, seed, N), so `--answers 20,40,80,160` prints a learning curve.
 */
import type { Matrix } from '../src/core/data/matrix';
import { minMaxScale } from '../src/core/data/scale';
import type { SplitMode } from '../src/core/data/split';
import { rocAuc } from '../src/core/metrics';
import { forestOnRandomAnswers } from '../src/core/peers/randomAnswers';
import { protocolRows, unaskedAuc } from './protocol';

export interface ForestRun {
  dataset: string;
  method: 'forest';
  seed: number;
  split: SplitMode;
  n_train: number;
  /** Answers asked for; asked = the ones drawn (fewer when the training rows are fewer). */
  answers: number;
  asked: number;
  outliers_among_answers: number;
  /** forest, or none: the answers held one class and the bench has no label-free prior (test AUC 0.5). */
  model: 'forest' | 'prior' | 'none';
  test_auc: number;
  unasked_train_auc: number | null;
  /** AUC of the out-of-bag probabilities over the answers: the forest judged from the answers alone. */
  oob_auc: number | null;
  seconds: number;
}

export function runForest(
  dataset: string,
  X: Matrix,
  y: Uint8Array,
  opts: { seed: number; pollution: number | null; split: SplitMode; answers: number[] },
): ForestRun[] {
  const { Xtr, ytr, Xte, yte } = protocolRows(minMaxScale(X), y, opts.pollution, opts.seed, opts.split);
  return opts.answers.map((N) => {
    const t0 = performance.now();
    // The draw's seed moves with N (as the sklearn table's seed + N), so the curve's points are separate draws.
    const r = forestOnRandomAnswers(Xtr, ytr, Xte, { answers: N, seed: opts.seed + N });
    const seconds = (performance.now() - t0) / 1000;
    const labels = new Int8Array(ytr.length).fill(-1);
    for (const i of r.asked) labels[i] = ytr[i];
    const oob = r.askedOob;
    const seen = oob ? [...r.asked.keys()].filter((k) => Number.isFinite(oob[k])) : [];
    const oobAuc = oob
      ? rocAuc(
          Float64Array.from(seen, (k) => oob[k]),
          Uint8Array.from(seen, (k) => ytr[r.asked[k]]),
        )
      : NaN;
    return {
      dataset,
      method: 'forest',
      seed: opts.seed,
      split: opts.split,
      n_train: Xtr.rows,
      answers: N,
      asked: r.asked.length,
      outliers_among_answers: r.outliers,
      model: r.model,
      test_auc: rocAuc(r.testScores, yte),
      unasked_train_auc: unaskedAuc(r.trainScores, ytr, labels),
      oob_auc: Number.isFinite(oobAuc) ? oobAuc : null,
      seconds,
    };
  });
}

const f4 = (v: number | null) => (v != null && Number.isFinite(v) ? v.toFixed(4) : '  -   ');

export function printForestRun(r: ForestRun, json: boolean): void {
  if (json) {
    console.log(JSON.stringify(r));
    return;
  }
  console.log(
    `${r.dataset.padEnd(12)} forest seed ${String(r.seed).padEnd(4)} n_train ${String(r.n_train).padStart(6)}  answers ${String(r.asked).padStart(4)} ` +
      `(${String(r.outliers_among_answers).padStart(3)} outliers)  test AUC ${f4(r.test_auc)}  unasked train AUC ${f4(r.unasked_train_auc)}  ` +
      `OOB AUC ${f4(r.oob_auc)}  ${r.seconds.toFixed(2).padStart(5)} s${r.model === 'none' ? '  one class among the answers, no prior: no ranking (AUC 0.5)' : ''}`,
  );
}

/** Mean over sets and seeds per answer count: the learning curve. */
export function printForestSummary(runs: ForestRun[]): void {
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
  console.log('\nanswers  runs  mean test AUC  mean unasked train AUC  mean OOB AUC  one class (no ranking)');
  for (const N of [...new Set(runs.map((r) => r.answers))]) {
    const rs = runs.filter((r) => r.answers === N);
    const some = (f: (r: ForestRun) => number | null) => mean(rs.map(f).filter((v): v is number => v != null && Number.isFinite(v)));
    console.log(
      `${String(N).padStart(7)}  ${String(rs.length).padStart(4)}  ${f4(some((r) => r.test_auc)).padStart(13)}  ${f4(some((r) => r.unasked_train_auc)).padStart(22)}  ` +
        `${f4(some((r) => r.oob_auc)).padStart(12)}  ${rs.filter((r) => r.model !== 'forest').length}`,
    );
  }
}
