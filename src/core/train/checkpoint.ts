import type { Method } from '../config';
import type { RankingView } from '../session';
import type { TrainContext } from './trainContext';
import type { QueryRequest } from './oracle';
import type { GuardState } from './guard';
import type { GradStopState } from './gradstopRule';
import type { WarmupStopState } from './warmupStop';

/** What every method's checkpoint holds: taken at an epoch boundary, everything a later run needs to continue exactly. */
interface CheckpointBase {
  version: 1;
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
  /** Updates done so far (the charts of a resumed run are cut here; persist/migrate.ts fills it for old ones). */
  updates?: number;
}

export interface ImboostCheckpoint extends CheckpointBase {
  method: 'imboost';
  /** The guard: the warm-up's eq. (5) scores and the held-out answers so far (a resume keeps judging). */
  guard?: GuardState | null;
  /** warmupStop = 'gradstop': the rule, its probe and groups, the kept epoch's model and window, or where the warm-up ended. */
  warmupStop?: WarmupStopState | null;
  /** The answers' stage: the ranking the answers so far choose, with the table's learning curve. */
  ranking?: RankingView | null;
}

export interface AltbiCheckpoint extends CheckpointBase {
  method: 'altbi';
  warmupStop?: WarmupStopState | null;
}

export interface OdimCheckpoint extends CheckpointBase {
  method: 'odim';
  /** The ensemble member under way and its early-stopping state (history: finished members' scores, then its best). */
  odim?: { model: number; update: number; best: number; patience: number; hasBest: boolean };
}

/** The autoencoder methods (and contrast, which keeps none today). */
export interface AutoencoderCheckpoint extends CheckpointBase {
  method: Exclude<Method, 'imboost' | 'altbi' | 'odim'>;
  /** GradStop: the rule's state and the two groups' probe positions (history: the kept epoch's scores). */
  gradstop?: { rule: GradStopState; last: number[]; top: number[] } | null;
}

/** A checkpoint, typed by the method that took it: each method reads only its own fields. */
export type Checkpoint = ImboostCheckpoint | AltbiCheckpoint | OdimCheckpoint | AutoencoderCheckpoint;

/** The checkpoint a method resumes from, when it is its own (a checkpoint of another method is never read). */
export function checkpointOf<M extends Checkpoint['method']>(
  c: Checkpoint | null | undefined,
  method: M,
): Extract<Checkpoint, { method: M }> | null {
  return c && c.method === method ? (c as Extract<Checkpoint, { method: M }>) : null;
}

/** What a method says of its checkpoint; the context's weights, moments and RNG are read by captureCheckpoint. */
type Captured = 'version' | 'state' | 'adamM' | 'adamV' | 'adamStep' | 'rngState';

/** Omit over each member of a union (a plain Omit would merge the members and lose the method's own fields). */
type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export async function captureCheckpoint(ctx: TrainContext, meta: OmitEach<Checkpoint, Captured>): Promise<Checkpoint> {
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
  } as Checkpoint;
}

/** Restores a checkpoint into a context of either engine (the layout is the same on both). */
export function restoreCheckpoint(ctx: TrainContext, c: Checkpoint): void {
  ctx.writeState(c);
  ctx.rng.setState(c.rngState);
}
