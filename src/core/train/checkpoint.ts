import type { Method } from '../config';
import type { RankingView } from '../session';
import type { TrainContext } from './trainContext';
import type { QueryRequest } from './oracle';
import type { GuardState } from './guard';
import type { GradStopState } from './gradstopRule';
import type { WarmupStopState } from './warmupStop';

/** Everything a later run needs to continue exactly: taken at an epoch boundary. */
export interface Checkpoint {
  version: 1;
  method: Method;
  /** The epoch the resumed run starts with. */
  nextEpoch: number;
  /** Query rounds already opened. */
  round: number;
  state: Float32Array[];
  adamM: Float32Array[];
  adamV: Float32Array[];
  adamStep: number;
  rngState: number;
  labels: Int8Array;
  /** Stored score vectors for the eq. (5) average (IMBoost) or snapshots (ALTBI). */
  history: Float32Array[];
  /** Set when taken as a query round opened: a resume reopens it with the same candidates. */
  openRound?: QueryRequest | null;
  /** Updates done so far (the charts of a resumed run are cut here). */
  updates?: number;
  /** ODIM: the ensemble member under way and its early-stopping state (history: finished members' scores, then its best). */
  odim?: { model: number; update: number; best: number; patience: number; hasBest: boolean };
  /** IMBoost's guard: the warm-up's eq. (5) scores and the held-out answers so far (a resume keeps judging). */
  guard?: GuardState | null;
  /** GradStop: the rule's state and the two groups' probe positions (history: the kept epoch's scores). */
  gradstop?: { rule: GradStopState; last: number[]; top: number[] } | null;
  /** IMBoost or ALTBI with warmupStop = 'gradstop': the rule, its probe and groups, the kept epoch's model and window, or where the warm-up ended. */
  warmupStop?: WarmupStopState | null;
  /** IMBoost with the answers' stage: the ranking the answers so far choose, with the table's learning curve. */
  ranking?: RankingView | null;
}

export async function captureCheckpoint(
  ctx: TrainContext,
  meta: Pick<
    Checkpoint,
    'method' | 'nextEpoch' | 'round' | 'labels' | 'history' | 'openRound' | 'updates' | 'odim' | 'guard' | 'warmupStop' | 'ranking'
  >,
): Promise<Checkpoint> {
  // RNG state first: reading the state does not draw from it, but order documents intent.
  const rngState = ctx.rng.getState();
  const { state, adamM, adamV, adamStep } = await ctx.readState();
  return {
    version: 1,
    ...meta,
    labels: Int8Array.from(meta.labels),
    // The score vectors themselves are shared, not copied: every method stores a fresh vector per scored epoch
    // and never writes it afterwards (at 600k rows a copy is ~24 MB per checkpoint). Resumes copy them in.
    history: [...meta.history],
    state,
    adamM,
    adamV,
    adamStep,
    rngState,
  };
}

/** Restores a checkpoint into a context of either engine (the layout is the same on both). */
export function restoreCheckpoint(ctx: TrainContext, c: Checkpoint): void {
  ctx.writeState(c);
  ctx.rng.setState(c.rngState);
}
