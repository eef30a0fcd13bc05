/**
 * The machinery behind the parameter table in config.ts: how one entry's value is read from text,
 * checked against its bounds, and reported. One set of messages for the run form, Learn, the bench CLI
 * (`--set`), URL state and restored sessions, so every caller refuses the same values the same way.
 */
export type ParamKind = 'int' | 'number' | 'choice' | 'bool' | 'widths';

export interface ParamDef<M extends string = string> {
  /** "imboost.warmupEpochs", or "seed" for top-level keys. */
  id: string;
  label: string;
  /** One line, shown under the field and in the CLI's usage. */
  help: string;
  kind: ParamKind;
  choices?: readonly { value: string; label: string }[];
  min?: number;
  max?: number;
  /** null is allowed and means "the engine's rule" (blank in the form). */
  nullable?: boolean;
  placeholder?: string;
  /** Which methods read it. */
  methods: readonly M[];
  /** The methods whose run form shows it, when not all that read it (default: `methods`). */
  formMethods?: readonly M[];
  /** Shown in the run form, among the main fields or folded under "More hyperparameters". */
  form?: 'main' | 'advanced';
}

/** A rule between two or more values; its message is shown on `id`'s field. */
export interface CrossRule<C, M extends string = string> {
  id: string;
  methods: readonly M[];
  message: string;
  holds(c: C): boolean;
}

export interface ConfigIssue {
  id: string;
  message: string;
}

/** A config that breaks the table; `issues` say which values and why. */
export class ConfigError extends Error {
  readonly issues: ConfigIssue[];
  constructor(issues: ConfigIssue[]) {
    super(issues.map((i) => `${i.id}: ${i.message}`).join('; '));
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/** Why a typed value is not acceptable for the entry, or null. */
export function valueError(def: ParamDef, v: unknown): string | null {
  if (v === null || v === undefined) return def.nullable ? null : 'Required.';
  switch (def.kind) {
    case 'bool':
      return typeof v === 'boolean' ? null : 'Enter true or false.';
    case 'choice':
      return typeof v === 'string' && def.choices?.some((c) => c.value === v)
        ? null
        : `Pick one of: ${def.choices?.map((c) => c.value).join(', ')}.`;
    case 'widths':
      if (!Array.isArray(v) || v.length === 0) return 'Enter widths such as 64/32.';
      return v.every((w) => Number.isInteger(w) && w >= 1) ? null : 'Widths are whole numbers of at least 1.';
    default:
      return numberError(def, v);
  }
}

function numberError(def: ParamDef, v: unknown): string | null {
  if (typeof v !== 'number' || !Number.isFinite(v)) return 'Enter a number.';
  if (def.kind === 'int' && !Number.isInteger(v)) return 'Enter a whole number.';
  if (def.min !== undefined && v < def.min) return `At least ${def.min}.`;
  if (def.max !== undefined && v > def.max) return `At most ${def.max}.`;
  return null;
}

/** The entry's value from text (form field, `--set`, URL); throws the message when the text is not one. */
export function parseParam(def: ParamDef, text: string): unknown {
  const t = text.trim();
  const v = textValue(def, t);
  const e = valueError(def, v);
  if (e) throw new Error(e);
  return v;
}

function textValue(def: ParamDef, t: string): unknown {
  if (t === '' || t === 'null') return null;
  switch (def.kind) {
    case 'bool':
      return t === 'true' ? true : t === 'false' ? false : t;
    case 'choice':
      return t;
    case 'widths':
      return t.split('/').map((w) => (w.trim() === '' ? NaN : Number(w)));
    default: {
      if (t.includes('/')) return NaN;
      const v = Number(t);
      return Number.isNaN(v) ? t : v;
    }
  }
}

/** The value as the form and the URL write it. */
export function paramText(v: unknown): string {
  if (v == null) return '';
  return Array.isArray(v) ? v.join('/') : String(v);
}

export function readParam(obj: object, id: string): unknown {
  let node: unknown = obj;
  for (const p of id.split('.')) node = node == null ? undefined : (node as Record<string, unknown>)[p];
  return node;
}

export function writeParam(obj: Record<string, unknown>, id: string, value: unknown): void {
  const path = id.split('.');
  let node = obj;
  for (const p of path.slice(0, -1)) node = (node[p] ??= {}) as Record<string, unknown>;
  node[path[path.length - 1]] = value;
}

/** Every value checked against its entry, then the cross rules (only once each value is fine). */
export function checkAgainst<C extends object>(c: C, params: readonly ParamDef[], rules: readonly CrossRule<C>[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const p of params) {
    const e = valueError(p, readParam(c, p.id));
    if (e) issues.push({ id: p.id, message: e });
  }
  if (issues.length) return issues;
  return rules.filter((r) => !r.holds(c)).map((r) => ({ id: r.id, message: r.message }));
}
