/** GradStop's rule: the gradstop method's, and IMBoost's and ALTBI's with warmupStop = 'gradstop'. */
import { GS, int, num, type Def } from './methods';

/** GradStop's settings (the paper's Table IV / its code). */
export interface GradstopConfig {
  /** Probe rows whose per-row gradients are measured (B_eval). */
  probe: number;
  /** Rows in each of the two groups (largest / smallest gradient norms). */
  k: number;
  /** The groups are re-chosen every this many epochs. */
  resampleEvery: number;
  window: number;
  rDown: number;
  tCB: number;
  tCS: number;
  /** Early divergence above which the first epoch's model is returned; null = that branch off. */
  tD: number | null;
  smooth: number;
}

export const GRADSTOP_DEFAULTS: GradstopConfig = {
  probe: 400,
  k: 20,
  resampleEvery: 10,
  window: 20,
  rDown: 0.001,
  tCB: 0.05,
  tCS: 0.01,
  tD: 1.57,
  smooth: 8,
};

// The rule's settings: the gradstop method's, and IMBoost's warm-up and ALTBI's run with their warmupStop = 'gradstop'.
const GS_RULE: Partial<Def> = { methods: ['gradstop', 'imboost', 'altbi'], formMethods: GS };

export const GRADSTOP_PARAMS: readonly Def[] = [
  int('gradstop.window', 'Patience (epochs)', 'Epochs without a better cohesion gap before training stops.', GS, {
    ...GS_RULE,
    form: 'main',
  }),
  num('gradstop.tD', 'Divergence threshold', 'Early mean divergence (radians) above which the first epoch is kept; blank = never.', GS, {
    ...GS_RULE,
    max: Math.PI,
    nullable: true,
    form: 'advanced',
  }),
  int('gradstop.probe', 'Probe rows', 'Rows whose per-row gradients are measured each epoch.', GS, {
    ...GS_RULE,
    min: 2,
    form: 'advanced',
  }),
  int('gradstop.k', 'Group size', 'Rows with the largest and with the smallest gradients in the two groups.', GS, GS_RULE),
  int('gradstop.resampleEvery', 'Re-choose groups every', 'Epochs between new choices of the two groups.', GS, GS_RULE),
  num('gradstop.rDown', 'R_down', 'How clearly the cohesion gap must rise to count as better.', GS, GS_RULE),
  num('gradstop.tCB', 'Benefit threshold', 'A cohesion gap above this always counts as better.', GS, { ...GS_RULE, min: -1 }),
  num('gradstop.tCS', 'Significance threshold', 'A cohesion gap smaller than this in size counts as better.', GS, GS_RULE),
  int('gradstop.smooth', 'Smoothing', 'Previous values each new one is averaged with.', GS, { ...GS_RULE, min: 0 }),
];
