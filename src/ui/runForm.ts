/**
 * The run panel's fields, generated from the parameter table (core/config.ts). Values are kept as text
 * so the analyst can type freely; they are validated against the table when a run starts, with the same
 * messages the bench CLI gives.
 */
import {
  formParams,
  mergeConfig,
  checkConfig,
  METHODS as CORE_METHODS,
  type ConfigOverrides,
  type EngineConfig,
  type Method,
  type ParamDef,
} from '../core/config';
import { paramText, parseParam, readParam, writeParam } from '../core/paramKit';
import type { FormValues } from '../core/session';

export type { FormValues };
export type FieldDef = ParamDef<Method>;

export const METHODS = CORE_METHODS.map((m) => ({ value: m.id, label: m.label, help: m.help }));

export const FIELDS = Object.fromEntries(CORE_METHODS.map((m) => [m.id, formParams(m.id)])) as Record<Method, FieldDef[]>;

/** Text values of every field of every method, from the engine defaults. */
export function formFromConfig(c: EngineConfig): FormValues {
  const out: FormValues = {};
  for (const fields of Object.values(FIELDS)) for (const f of fields) out[f.id] = paramText(readParam(c, f.id));
  return out;
}

/** Why a field's text is not acceptable, or null. */
export function fieldError(f: FieldDef, text: string): string | null {
  try {
    parseParam(f, text);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * The errors of each form seen, by method: every field of the panel (and the Start button) asks on each store
 * change, and the form changes only when the analyst types, so each form is checked once, not once a field.
 */
const checked = new WeakMap<FormValues, Map<Method, Readonly<Record<string, string>>>>();

/** Field id -> message, for the chosen method's fields; {} when a run may start. Shared: do not modify it. */
export function validateForm(method: Method, form: FormValues): Readonly<Record<string, string>> {
  let byMethod = checked.get(form);
  if (!byMethod) checked.set(form, (byMethod = new Map()));
  let errors = byMethod.get(method);
  if (!errors) byMethod.set(method, (errors = checkForm(method, form)));
  return errors;
}

function checkForm(method: Method, form: FormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const f of FIELDS[method]) {
    const e = fieldError(f, form[f.id] ?? '');
    if (e) errors[f.id] = e;
  }
  if (Object.keys(errors).length) return errors;
  const shown = new Set(FIELDS[method].map((f) => f.id));
  for (const issue of checkConfig(mergeConfig(overridesFromForm(method, form)))) {
    if (shown.has(issue.id)) errors[issue.id] ??= issue.message;
  }
  return errors;
}

/** The method's fields as engine overrides (call validateForm first). */
export function overridesFromForm(method: Method, form: FormValues): ConfigOverrides {
  const out: Record<string, unknown> = { method };
  for (const f of FIELDS[method]) {
    let v: unknown = null;
    try {
      v = parseParam(f, form[f.id] ?? '');
    } catch {
      // invalid text: validateForm reports it
    }
    writeParam(out, f.id, v);
  }
  return out as ConfigOverrides;
}
