/** The run's own settings, shared by every method: which method, the seed, the compute engine, scoring and tracing. */
import { ALL, METHODS, choice, int, plain, type Def, type Method } from './methods';

/**
 * Which code computes the training updates and scores: the hand-written WebAssembly SIMD engine (CPU),
 * TF.js on its current backend (the reference, and the only one on a GPU), or 'auto' (the WASM engine when
 * it is loaded and TF.js is not on a GPU backend).
 */
export type ComputeEngine = 'auto' | 'wasm' | 'tfjs';

export interface RunConfig {
  method: Method;
  seed: number;
  engine: ComputeEngine;
  /** Rows per forward pass when scoring every row. */
  scoreChunk: number;
  /**
   * Helper threads a run may use besides its own (big scoring passes, ODIM's members); null = all the host
   * offers (the worker: one per spare core, at most 3), 0 = none. Results are the same either way.
   */
  threads: number | null;
  /** Score after every epoch for the live traces; the method itself needs fewer epochs. */
  traceEveryEpoch: boolean;
  /** Above this many rows the trace's extra epochs score a seeded sample of this size plus the labeled rows. */
  traceRows: number;
}

export const RUN_DEFAULTS: RunConfig = {
  method: 'imboost',
  seed: 1234,
  engine: 'auto',
  scoreChunk: 8192,
  threads: null,
  traceEveryEpoch: false,
  traceRows: 5000,
};

/** The form shows the shared entries last (formParams). */
export const RUN_PARAMS: readonly Def[] = [
  choice(
    'method',
    'Method',
    'Which training procedure runs.',
    ALL,
    METHODS.map((m) => ({ value: m.id, label: m.label })),
  ),
  int(
    'threads',
    'Helper threads',
    'Extra threads for big scoring passes and ODIM; blank = one per spare core, 0 = none. Same results.',
    ALL,
    {
      min: 0,
      max: 8,
      nullable: true,
      form: 'advanced',
    },
  ),
  int('seed', 'Seed', 'Same seed, same data, same answers: same scores.', ALL, { min: 0, form: 'main' }),
  choice('engine', 'Compute engine', 'WASM SIMD on a CPU (fastest), TF.js for a GPU; auto picks', ALL, plain('auto', 'wasm', 'tfjs')),
  int('scoreChunk', 'Scoring chunk', 'Rows per forward pass when scoring every row.', ALL),
  {
    id: 'traceEveryEpoch',
    label: 'Trace every epoch',
    help: 'Score after every epoch (live traces).',
    kind: 'bool',
    methods: ALL,
  },
  int('traceRows', 'Trace rows', 'Bigger tables trace a sample of this many rows (and the labeled ones) outside the score average.', ALL, {
    min: 100,
  }),
];
