/**
 * One scoring pass split over idle helper threads (see split.ts): the caller scores the first part while the
 * helpers score the others from the stream's state at their first chunk; parts are taken in order, and a part whose
 * helper failed, or whose predecessor did not end where it was told to start (a Box-Muller redraw), is scored by
 * the caller from the true state. The same numbers and the same final stream state as one thread.
 */
import type { EngineConfig } from '../config';
import type { Rng } from '../rng';
import { helperPool, helpersAllowed, type HelperLease } from './pool';
import { SLICES_KEPT, type ScoreResult } from './protocol';
import { planParts, stateAfterNormals, type RowPart } from './split';

/**
 * A pass goes to helper threads from this much work (rows x samples x parameters, ~20 ms on one core): below it the
 * messages cost more than the halved pass saves.
 */
const PARALLEL_WORK = 2e8;

/** What the splitting needs of the engine that scores. */
export interface SplitHost {
  readonly rng: Rng;
  readonly latent: number;
  readonly cols: number;
  /** Parameters of the model (the pass's work is rows x samples x this). */
  readonly paramCount: number;
  readonly config: EngineConfig;
  /** Parameters then BatchNorm running statistics, as the helpers load them. */
  readWeights(): Float32Array[];
  /** Rows of `part` from the stream's current state, into `out`, in chunks of `chunk` rows. */
  scoreRange(part: RowPart, out: Float32Array): Promise<void>;
}

/** The rows a helper needs, named for its cache (stable for as long as the rows are). */
export interface RowSlices {
  key: string;
  copy(start: number, size: number): Float32Array;
}

export async function scoreSplit(host: SplitHost, slices: RowSlices, rows: number, k: number, chunk: number): Promise<Float32Array> {
  const out = new Float32Array(rows);
  const leases = rows * k * host.paramCount >= PARALLEL_WORK ? (helperPool()?.reserve(helpersAllowed(host.config.threads)) ?? []) : [];
  try {
    const parts = planParts(rows, chunk, leases.length + 1);
    if (parts.length === 1) {
      await host.scoreRange(parts[0], out);
      return out;
    }
    const s0 = host.rng.getState();
    const starts = parts.map((p) => stateAfterNormals(s0, p.start * k * host.latent));
    const weights = host.readWeights();
    const remote = parts.slice(1).map((p, i) => scoreRemote(host, leases[i], slices, p, k, weights, starts[i + 1]).catch(() => null));
    await host.scoreRange(parts[0], out);
    let state = host.rng.getState();
    for (let j = 1; j < parts.length; j++) {
      const r = await remote[j - 1];
      if (r && state === starts[j]) {
        out.set(r.scores, parts[j].start);
        state = r.rngState;
      } else {
        // A helper failed, or the part before drew an extra uniform (u <= 1e-12): score this part here, in order.
        host.rng.setState(state);
        await host.scoreRange(parts[j], out);
        state = host.rng.getState();
      }
    }
    host.rng.setState(state);
    return out;
  } finally {
    for (const l of leases) l.release();
  }
}

async function scoreRemote(
  host: SplitHost,
  lease: HelperLease,
  slices: RowSlices,
  part: RowPart,
  k: number,
  weights: Float32Array[],
  rngState: number,
): Promise<ScoreResult> {
  const key = `${slices.key}:${part.start}:${part.count}`;
  const send = async (withRows: boolean) => {
    const x = withRows ? slices.copy(part.start, part.count) : null;
    const job = { kind: 'score' as const, key, x, rows: part.count, cols: host.cols, config: host.config, weights, k, rngState };
    const r = (await lease.run(job, x ? [x.buffer as ArrayBuffer] : [])) as ScoreResult;
    lease.remember(key, SLICES_KEPT);
    return r;
  };
  if (!lease.holds(key)) return send(true);
  // The helper may have dropped the slice (restarted after an error or idle): then send the rows once more.
  return send(false).catch(() => send(true));
}
