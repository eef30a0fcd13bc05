/** ALTBI's settings: growing batches, a trimmed loss, averaged score snapshots. */
import type { CrossRule } from '../paramKit';
import { ALT, K_HELP, RHO_HELP, choice, int, num, type Def, type Method } from './methods';

export interface AltbiConfig {
  k: number;
  epochs: number;
  updatesPerEpoch: number;
  plainEpochs: number;
  n0: number;
  gamma: number;
  maxBatch: number;
  rho: number;
  /** Score snapshots are taken at epochs scoreFrom .. epochs - 1 and averaged. */
  scoreFrom: number;
  /**
   * Where training ends: after `epochs` ('fixed', the paper), or where GradStop's rule (the gradstop.* settings)
   * finds the gap between the memorized inliers' gradients and the rest widest, at `epochs` at the latest, with
   * that epoch's model restored and the same number of snapshots averaged, ending there (docs/engine.md).
   */
  warmupStop: 'fixed' | 'gradstop';
}

export const ALTBI_DEFAULTS: AltbiConfig = {
  k: 50,
  epochs: 90,
  updatesPerEpoch: 5,
  plainEpochs: 10,
  n0: 128,
  gamma: 1.03,
  maxBatch: 20000,
  rho: 0.92,
  scoreFrom: 71,
  warmupStop: 'fixed',
};

export const ALTBI_PARAMS: readonly Def[] = [
  int('altbi.epochs', 'Epochs', 'Training epochs in all.', ALT, { form: 'main' }),
  int('altbi.plainEpochs', 'Plain epochs', 'Epochs before the trimmed loss switches on.', ALT, { min: 0, form: 'main' }),
  int('altbi.scoreFrom', 'Average scores from epoch', 'Scores of this epoch and later are averaged; must be below Epochs.', ALT, {
    min: 0,
    form: 'main',
  }),
  choice(
    'altbi.warmupStop',
    'Training stop',
    "After the epochs, or where GradStop's rule sees the memorized inliers' gradients apart from the rest most clearly; the scores then average the snapshots up to that epoch (its settings are GradStop's).",
    ALT,
    [
      { value: 'fixed', label: 'Fixed: after the epochs' },
      { value: 'gradstop', label: 'GradStop: where the inliers stand out most, at the epochs at the latest' },
    ],
    { form: 'main' },
  ),
  num('altbi.rho', 'rho', RHO_HELP, ALT, { min: 0.01, max: 1, form: 'advanced' }),
  int('altbi.k', 'Importance samples', K_HELP, ALT, { form: 'advanced' }),
  int('altbi.updatesPerEpoch', 'Updates per epoch', 'Mini-batch updates in one epoch.', ALT),
  int('altbi.n0', 'First batch size', 'Mini-batch size of the plain epochs; it grows from there.', ALT),
  num('altbi.gamma', 'Batch growth', 'Factor the batch grows by each epoch.', ALT, { min: 1 }),
  int('altbi.maxBatch', 'Largest batch', 'Upper bound of the growing batch.', ALT),
];

export const ALTBI_RULES: readonly CrossRule<{ altbi: AltbiConfig }, Method>[] = [
  { id: 'altbi.scoreFrom', methods: ALT, message: 'Must be below Epochs.', holds: (c) => c.altbi.scoreFrom < c.altbi.epochs },
  { id: 'altbi.plainEpochs', methods: ALT, message: 'At most Epochs.', holds: (c) => c.altbi.plainEpochs <= c.altbi.epochs },
];
