import { useId } from 'react';
import { FIELDS, METHODS, type FieldDef } from '../runForm';
import { formErrors, resetForm } from '../session';
import { isRunActive, useLab } from '../store';

/**
 * The chosen method's hyperparameters, with the engine's defaults and a one-line help each: the main ones
 * first, the loss weights and thresholds folded away (the table's `form: 'advanced'`).
 */
export function ParamsPanel() {
  const headingId = useId();
  const method = useLab((s) => s.method);
  const locked = useLab(isRunActive);
  const hasForm = useLab((s) => s.defaults != null);
  const fields = FIELDS[method];
  const name = METHODS.find((m) => m.value === method)?.label;
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{name} hyperparameters</h2>
      {!hasForm ? (
        <p className="muted small">Loading the defaults…</p>
      ) : (
        <fieldset className="params" disabled={locked}>
          <legend className="sr-only">{name} hyperparameters</legend>
          <p className="help">Defaults are the papers&apos; values. Locked while a run is on.</p>
          {fields
            .filter((f) => f.form === 'main')
            .map((f) => (
              <ParamField key={f.id} field={f} />
            ))}
          <details className="advanced">
            <summary>More hyperparameters</summary>
            {fields
              .filter((f) => f.form === 'advanced')
              .map((f) => (
                <ParamField key={f.id} field={f} />
              ))}
          </details>
          <button type="button" className="small-button" onClick={resetForm}>
            Reset to defaults
          </button>
        </fieldset>
      )}
    </section>
  );
}

function ParamField({ field: f }: { field: FieldDef }) {
  const id = useId();
  const value = useLab((s) => s.form[f.id] ?? '');
  const error = useLab((s) => formErrors(s)[f.id]);
  const setValue = (v: string) => useLab.setState((s) => ({ form: { ...s.form, [f.id]: v } }));
  const describedBy = `${id}-help${error ? ` ${id}-error` : ''}`;
  const testId = `param-${f.id.replace('.', '-')}`;
  return (
    <div className="param">
      <label htmlFor={id}>{f.label}</label>
      {f.kind === 'choice' ? (
        <select id={id} data-testid={testId} value={value} aria-describedby={describedBy} onChange={(e) => setValue(e.currentTarget.value)}>
          {f.choices?.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          data-testid={testId}
          type="text"
          inputMode={f.kind === 'int' ? 'numeric' : 'decimal'}
          value={value}
          placeholder={f.placeholder}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => setValue(e.currentTarget.value)}
        />
      )}
      <p id={`${id}-help`} className="help">
        {f.help}
      </p>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
