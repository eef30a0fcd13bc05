/** The methods, their groups (which methods read a setting) and the table's entry builders. */
import type { ParamDef } from '../paramKit';

export type Method = 'imboost' | 'altbi' | 'odim' | 'ae' | 'gradstop' | 'rejection' | 'contrast';

/** The methods, in the order the app and Learn list them. A new method is one entry here (and its procedure). */
export const METHODS: readonly { id: Method; label: string; help: string }[] = [
  { id: 'imboost', label: 'IMBoost', help: 'Warm-up, then polarization steered by your answers in a few query rounds.' },
  { id: 'altbi', label: 'ALTBI', help: 'Unsupervised: growing batches and a trimmed loss; no questions asked.' },
  { id: 'odim', label: 'ODIM', help: 'Unsupervised: an ensemble of models stopped early at the IM effect.' },
  { id: 'ae', label: 'Autoencoder', help: 'Unsupervised: a plain autoencoder trained on every row for a fixed 100 epochs; no questions.' },
  {
    id: 'gradstop',
    label: 'GradStop AE',
    help: 'Unsupervised: the autoencoder stopped when likely inliers and outliers stop pulling apart (gradient cohesion).',
  },
  {
    id: 'rejection',
    label: 'Rejection AE',
    help: 'Unsupervised: the autoencoder ignores the worse-reconstructed half of each batch, assuming outliers are there.',
  },
  {
    id: 'contrast',
    label: 'Contrast',
    help: "IMBoost's warm-up, then a contrastive encoder on the rows it and your answers vouch for, scored by the nearest clean row.",
  },
];

export function isMethod(v: unknown): v is Method {
  return typeof v === 'string' && METHODS.some((m) => m.id === v);
}

export function methodLabel(m: Method): string {
  return METHODS.find((x) => x.id === m)?.label ?? m;
}

export const ALL: readonly Method[] = METHODS.map((m) => m.id);
export const IMB: readonly Method[] = ['imboost'];
export const ALT: readonly Method[] = ['altbi'];
export const ODIM: readonly Method[] = ['odim'];
export const AE: readonly Method[] = ['ae', 'gradstop', 'rejection'];
export const GS: readonly Method[] = ['gradstop'];
export const REJ: readonly Method[] = ['rejection'];
export const CON: readonly Method[] = ['contrast'];

export type Def = ParamDef<Method>;
export const int = (id: string, label: string, help: string, methods: readonly Method[], more: Partial<Def> = {}): Def => ({
  id,
  label,
  help,
  kind: 'int',
  min: 1,
  methods,
  ...more,
});
export const num = (id: string, label: string, help: string, methods: readonly Method[], more: Partial<Def> = {}): Def => ({
  id,
  label,
  help,
  kind: 'number',
  min: 0,
  methods,
  ...more,
});
export const choice = (
  id: string,
  label: string,
  help: string,
  methods: readonly Method[],
  choices: Def['choices'],
  more: Partial<Def> = {},
): Def => ({ id, label, help, kind: 'choice', choices, methods, ...more });
export const plain = (...values: string[]) => values.map((value) => ({ value, label: value }));
export const RHO_HELP = 'Quantile of losses kept by trimming (share of assumed inliers).';
export const K_HELP = 'Samples per row in the bound; more is smoother and slower.';
