/**
 * The label-free peers a user could run instead of IMLab, by name: what the benchmark puts side by side with the
 * app's methods. Not in config.ts's METHODS on purpose: they take no answers, so they have no place in the run form.
 */
import type { Matrix } from '../data/matrix';
import { IsolationForest } from './isolationForest';
import { knnScores } from './knn';

export const PEERS = [
  { id: 'iforest', label: 'IsolationForest (100 trees, 256 rows each)', rows: 'scaled' },
  { id: 'knn', label: 'kNN (distance to the 5th neighbour, min-max scaled rows)', rows: 'scaled' },
  { id: 'cosine-knn', label: 'cosine kNN (1 - cosine similarity to the 5th neighbour, L2-normalised raw rows)', rows: 'raw' },
] as const;

export type PeerId = (typeof PEERS)[number]['id'];

export function isPeer(v: unknown): v is PeerId {
  return typeof v === 'string' && PEERS.some((p) => p.id === v);
}

/** Which rows a peer reads: the min-max scaled ones, or the raw ones (cosine similarity is not scale-free). */
export function peerRows(id: PeerId): 'scaled' | 'raw' {
  return PEERS.find((p) => p.id === id)!.rows;
}

/** Fit on the training rows (with their outliers: no labels) and score them and the test rows; higher = more anomalous. */
export function scorePeer(id: PeerId, train: Matrix, test: Matrix | null, seed: number): { train: Float64Array; test: Float64Array } {
  switch (id) {
    case 'iforest': {
      const f = IsolationForest.fit(train, { seed });
      return { train: f.score(train), test: test ? f.score(test) : new Float64Array(0) };
    }
    case 'knn':
      return knnScores(train, test, { seed });
    case 'cosine-knn':
      return knnScores(train, test, { seed, metric: 'cosine' });
  }
}
