/** The label-free peers (src/core/peers) on the protocol's rows: the same split, seeds and fields as a method run. */
import type { Matrix } from '../src/core/data/matrix';
import { minMaxScale } from '../src/core/data/scale';
import type { SplitMode } from '../src/core/data/split';
import { peerRows, scorePeer, type PeerId } from '../src/core/peers/peers';
import { protocolRows, rankingFields, type BenchRun, type Protocol } from './protocol';

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
  // Row choice depends on the labels and seed only, so raw or scaled, these are runProtocol's rows.
  const { Xtr, ytr, Xte, yte } =
    opts.protocol === 'transductive'
      ? { Xtr: rows, ytr: y, Xte: null, yte: null }
      : protocolRows(rows, y, opts.pollution, opts.seed, opts.split ?? 'stratified');
  const t0 = performance.now();
  const s = scorePeer(opts.peer, Xtr, Xte, opts.seed);
  const seconds = (performance.now() - t0) / 1000;
  return {
    dataset,
    method: opts.peer,
    seed: opts.seed,
    n_train: Xtr.rows,
    ...rankingFields(s.train, ytr, Xte ? s.test : null, yte),
    seconds,
    updates_per_s: NaN,
    backend: 'typescript',
  };
}
