/** The rejection autoencoder's settings. */
import { REJ, choice, int, num, type Def } from './methods';

export interface RejectionConfig {
  /** Hard by default: the best of the three on the 15 shared sets (docs/benchmarks.md). */
  mode: 'soft' | 'hard' | 'none';
  q: number;
  ts: number;
  alphaR: number;
  /** Squared scale c^2 of the robust loss. */
  c2: number;
  /** Mini-batch rows; null = the whole (sampled) table, as ae. */
  batch: number | null;
}

export const REJECTION_DEFAULTS: RejectionConfig = { mode: 'hard', q: 0.5, ts: 0.1, alphaR: 1.5, c2: 0.5, batch: null };

export const REJECTION_PARAMS: readonly Def[] = [
  choice(
    'rejection.mode',
    'Rejection',
    'What the worse half of each batch counts for.',
    REJ,
    [
      { value: 'soft', label: 'Soft: weight t_s' },
      { value: 'hard', label: 'Hard: left out' },
      { value: 'none', label: 'None: robust loss only' },
    ],
    { form: 'main' },
  ),
  num('rejection.q', 'Rejection quantile', 'Rows above this quantile of the batch losses are rejected.', REJ, { max: 1, form: 'advanced' }),
  num('rejection.ts', 'Soft weight t_s', 'Weight of rejected rows in soft rejection.', REJ, { max: 1, form: 'advanced' }),
  num('rejection.alphaR', 'Lowest shape alpha', 'Robust-loss shape of the most outlying rows (2 = squared error).', REJ, {
    min: -10,
    max: 2,
  }),
  num('rejection.c2', 'Loss scale c^2', 'Squared scale of the robust loss.', REJ, { min: 1e-6 }),
  int('rejection.batch', 'Batch size', 'Rows per update; blank = the whole table.', REJ, { min: 2, nullable: true }),
];
