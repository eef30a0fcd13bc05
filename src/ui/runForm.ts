import type { ConfigOverrides, EngineConfig, Method } from '../core/config';

/**
 * The run panel's fields: what each hyperparameter is called, a one-line help, how to read it from
 * the engine defaults, and how to write it back into config overrides. Values are kept as text so
 * the analyst can type freely; they are validated when a run starts.
 */
type Section = 'imboost' | 'altbi' | 'odim';

export interface FieldDef {
  /** "imboost.warmupEpochs", or "seed" for top-level keys. */
  id: string;
  label: string;
  help: string;
  kind: 'int' | 'number' | 'choice';
  choices?: { value: string; label: string }[];
  min?: number;
  max?: number;
  /** Blank means "the engine's rule" (stored as null). */
  optional?: boolean;
  placeholder?: string;
}

export const METHODS: { value: Method; label: string; help: string }[] = [
  { value: 'imboost', label: 'IMBoost', help: 'Warm-up, then polarization steered by your answers in a few query rounds.' },
  { value: 'altbi', label: 'ALTBI', help: 'Unsupervised: growing batches and a trimmed loss; no questions asked.' },
  { value: 'odim', label: 'ODIM', help: 'Unsupervised: an ensemble of models stopped early at the IM effect.' },
];

const SEED: FieldDef = { id: 'seed', label: 'Seed', help: 'Same seed, same data, same answers: same scores.', kind: 'int', min: 0 };

export const FIELDS: Record<Method, FieldDef[]> = {
  imboost: [
    { id: 'imboost.warmupEpochs', label: 'Warm-up epochs', help: 'Epochs before the first query; the model memorizes the inliers first.', kind: 'int', min: 1 },
    { id: 'imboost.plainEpochs', label: 'of which plain', help: 'Warm-up epochs before the trimmed loss switches on.', kind: 'int', min: 0 },
    { id: 'imboost.polarizationEpochs', label: 'Polarization epochs', help: 'Epochs that push inlier and outlier scores apart; rounds are spread over them.', kind: 'int', min: 1 },
    { id: 'imboost.rounds', label: 'Query rounds', help: 'How many times you are asked to label candidates.', kind: 'int', min: 0, max: 50 },
    { id: 'imboost.budget', label: 'Budget per round', help: 'Candidates per round; blank = 1% of rows (6 when 500 rows or fewer).', kind: 'int', min: 0, optional: true, placeholder: 'auto' },
    {
      id: 'imboost.query',
      label: 'Query strategy',
      help: 'Which rows you are asked about.',
      kind: 'choice',
      choices: [
        { value: 'MM', label: 'MM: most ambiguous (mixture model)' },
        { value: 'CP', label: 'CP: highest and lowest scores' },
        { value: 'RD', label: 'RD: random' },
      ],
    },
    { id: 'imboost.alpha', label: 'alpha', help: 'MM asks about rows whose smaller posterior is nearest alpha.', kind: 'number', min: 0, max: 0.5 },
    { id: 'imboost.lambda1', label: 'lambda1', help: 'Weight of the labeled-inlier term of the loss.', kind: 'number', min: 0 },
    { id: 'imboost.lambda2', label: 'lambda2', help: 'Weight of the labeled-outlier term of the loss.', kind: 'number', min: 0 },
    { id: 'imboost.xi', label: 'xi', help: 'Margin of the polarization threshold (fraction of the quantile).', kind: 'number', min: 0, max: 1 },
    { id: 'imboost.rho', label: 'rho', help: 'Quantile of losses kept by trimming (share of assumed inliers).', kind: 'number', min: 0.01, max: 1 },
    {
      id: 'imboost.guard',
      label: 'Guard',
      help: 'At the end, keep the warm-up ranking if your later answers say it ranks them better.',
      kind: 'choice',
      choices: [
        { value: 'on', label: 'On: fall back to the warm-up when polarization hurts' },
        { value: 'off', label: 'Off: always the polarized ranking' },
      ],
    },
    SEED,
  ],
  altbi: [
    { id: 'altbi.epochs', label: 'Epochs', help: 'Training epochs in all.', kind: 'int', min: 1 },
    { id: 'altbi.plainEpochs', label: 'Plain epochs', help: 'Epochs before the trimmed loss switches on.', kind: 'int', min: 0 },
    { id: 'altbi.scoreFrom', label: 'Average scores from epoch', help: 'Scores of this epoch and later are averaged; must be below Epochs.', kind: 'int', min: 0 },
    { id: 'altbi.rho', label: 'rho', help: 'Quantile of losses kept by trimming (share of assumed inliers).', kind: 'number', min: 0.01, max: 1 },
    { id: 'altbi.k', label: 'Importance samples', help: 'Samples per row in the bound; more is smoother and slower.', kind: 'int', min: 1 },
    SEED,
  ],
  odim: [
    { id: 'odim.models', label: 'Models', help: 'Ensemble members, each stopped early on its own.', kind: 'int', min: 1 },
    { id: 'odim.batch', label: 'Batch size', help: 'Rows per update.', kind: 'int', min: 2 },
    { id: 'odim.maxUpdates', label: 'Max updates per model', help: 'Upper bound in case the stopping rule never fires.', kind: 'int', min: 1 },
    { id: 'odim.patienceUpdates', label: 'Patience (updates)', help: 'Updates without a better bimodality before a model stops.', kind: 'int', min: 1 },
    { id: 'odim.k', label: 'Importance samples', help: 'Samples per row in the bound; more is smoother and slower.', kind: 'int', min: 1 },
    SEED,
  ],
};

export type FormValues = Record<string, string>;

function readPath(c: EngineConfig, id: string): unknown {
  const [a, b] = id.split('.');
  const top = (c as unknown as Record<string, unknown>)[a];
  return b === undefined ? top : (top as Record<string, unknown>)[b];
}

/** Text values of every field of every method, from the engine defaults. */
export function formFromConfig(c: EngineConfig): FormValues {
  const out: FormValues = {};
  for (const fields of Object.values(FIELDS)) {
    for (const f of fields) {
      const v = readPath(c, f.id);
      out[f.id] = v == null ? '' : String(v);
    }
  }
  return out;
}

/** Why a field's text is not acceptable, or null. */
export function fieldError(f: FieldDef, text: string): string | null {
  const t = text.trim();
  if (t === '') return f.optional ? null : 'Required.';
  if (f.kind === 'choice') return f.choices?.some((c) => c.value === t) ? null : 'Pick one of the options.';
  const v = Number(t);
  if (!Number.isFinite(v)) return 'Enter a number.';
  if (f.kind === 'int' && !Number.isInteger(v)) return 'Enter a whole number.';
  if (f.min !== undefined && v < f.min) return `At least ${f.min}.`;
  if (f.max !== undefined && v > f.max) return `At most ${f.max}.`;
  return null;
}

/** Errors that involve two fields at once. */
function crossErrors(method: Method, form: FormValues): Record<string, string> {
  const n = (id: string) => Number(form[id]);
  const errors: Record<string, string> = {};
  if (method === 'imboost' && n('imboost.plainEpochs') > n('imboost.warmupEpochs')) {
    errors['imboost.plainEpochs'] = 'At most the warm-up epochs.';
  }
  if (method === 'altbi' && n('altbi.scoreFrom') >= n('altbi.epochs')) errors['altbi.scoreFrom'] = 'Must be below Epochs.';
  if (method === 'altbi' && n('altbi.plainEpochs') > n('altbi.epochs')) errors['altbi.plainEpochs'] = 'At most Epochs.';
  return errors;
}

export function validateForm(method: Method, form: FormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const f of FIELDS[method]) {
    const e = fieldError(f, form[f.id] ?? '');
    if (e) errors[f.id] = e;
  }
  return Object.keys(errors).length ? errors : crossErrors(method, form);
}

/** The method's fields as engine overrides (call validateForm first). */
export function overridesFromForm(method: Method, form: FormValues): ConfigOverrides {
  const sections: Partial<Record<Section, Record<string, unknown>>> = {};
  const out: Record<string, unknown> = { method };
  for (const f of FIELDS[method]) {
    const t = (form[f.id] ?? '').trim();
    const value = f.kind === 'choice' ? t : t === '' ? null : Number(t);
    const [a, b] = f.id.split('.');
    if (b === undefined) out[a] = value;
    else (sections[a as Section] ??= {})[b] = value;
  }
  return { ...out, ...sections } as ConfigOverrides;
}
