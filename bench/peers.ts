/** The label-free peers (src/core/peers) on the protocol's rows: the same split, seeds and fields as a method run. */
import { takeLabels, takeRows, type Matrix } from '../src/core/data/matrix';
import { minMaxScale } from '../src/core/data/scale';
import type { SplitMode } from '../src/core/data/split';
import { averagePrecision, rocAuc } from '../src/core/metrics';
import { peerRows, scorePeer, type PeerId } from '../src/core/peers/peers';
import { selectRows, type BenchRun, type Protocol } from './protocol';

/**
 * Fits the peer on the training rows, contaminated and unlabeled, and scores training and test rows. The rows are
 * those runProtocol picks for the seed (min-max scaled over all rows, then subsample and split); cosine kNN reads
 * the same rows unscaled. The peer's own randomness (trees, kNN's reference sample) is seeded by the data seed, as
 * the scikit-learn peers (random_state=seed).
 */
export function runPeerProtocol(
  dataset: string,
  X: Matrix,
  y: Uint8Array,
  opts: { peer: PeerId; seed: number; pollution: number | null; backend: string; split?: SplitMode; protocol?: Protocol },
): BenchRun {
  const rows = peerRows(opts.peer) === 'raw' ? X : minMaxScale(X);
  let Xtr: Matrix, ytr: Uint8Array;
  let Xte: Matrix | null = null;
  let yte: Uint8Array = new Uint8Array(0);
  if (opts.protocol === 'transductive') {
    Xtr = rows;
    ytr = y;
  } else {
    // Row choice depends on the labels and seed only, so raw or scaled, these are runProtocol's rows.
    const { Xp, yp, train, test } = selectRows(rows, y, opts.pollution, opts.seed, opts.split ?? 'stratified');
    Xtr = takeRows(Xp, train);
    ytr = takeLabels(yp, train);
    Xte = takeRows(Xp, test);
    yte = takeLabels(yp, test);
  }
  const t0 = performance.now();
  const s = scorePeer(opts.peer, Xtr, Xte, opts.seed);
  const seconds = (performance.now() - t0) / 1000;
  return {
    dataset,
    method: opts.peer,
    seed: opts.seed,
    n_train: Xtr.rows,
    train_auc: rocAuc(s.train, ytr),
    test_auc: Xte ? rocAuc(s.test, yte) : NaN,
    train_ap: averagePrecision(s.train, ytr),
    test_ap: Xte ? averagePrecision(s.test, yte) : NaN,
    seconds,
    updates_per_s: NaN,
    backend: 'typescript',
  };
}
