import { useId } from 'react';
import type { Method } from '../core/config';
import { METHODS } from './demoConfig';
import { CONTAMINATION_MAX, CONTAMINATION_MIN, PRESETS, ROWS_MAX, ROWS_MIN, SPREAD_MAX, SPREAD_MIN, type PresetId } from './presets';
import { SPEEDS, type LearnSettings, type Speed } from './settings';

export interface ControlsProps {
  settings: LearnSettings;
  onChange(patch: Partial<LearnSettings>): void;
  onPresetChange(id: PresetId): void;
}

function MethodSelect({ id, value, onChange, testId }: { id: string; value: Method; onChange(m: Method): void; testId: string }) {
  return (
    <select id={id} value={value} data-testid={testId} onChange={(e) => onChange(e.target.value as Method)}>
      {METHODS.map((m) => (
        <option key={m.id} value={m.id}>
          {m.label}
        </option>
      ))}
    </select>
  );
}

/** Data and method controls. Every change lands in the URL and resets the run. */
export function Controls({ settings: s, onChange, onPresetChange }: ControlsProps) {
  const id = useId();
  return (
    <div className="learn-controls">
      <fieldset className="learn-presets">
        <legend>Data set</legend>
        {PRESETS.map((p) => (
          <label key={p.id} className={`learn-preset${s.preset === p.id ? ' selected' : ''}`}>
            <input
              type="radio"
              name={`${id}-preset`}
              value={p.id}
              checked={s.preset === p.id}
              data-testid={`learn-preset-${p.id}`}
              onChange={() => onPresetChange(p.id)}
            />
            <span>
              <b>({p.id})</b> {p.title}
            </span>
          </label>
        ))}
      </fieldset>

      <div className="learn-field">
        <label htmlFor={`${id}-rows`}>
          Points <output htmlFor={`${id}-rows`}>{s.rows}</output>
        </label>
        <input
          id={`${id}-rows`}
          type="range"
          min={ROWS_MIN}
          max={ROWS_MAX}
          step={100}
          value={s.rows}
          data-testid="learn-rows"
          onChange={(e) => onChange({ rows: Number(e.target.value) })}
        />
      </div>
      <div className="learn-field">
        <label htmlFor={`${id}-cont`}>
          Outlier share <output htmlFor={`${id}-cont`}>{Math.round(s.contamination * 100)}%</output>
        </label>
        <input
          id={`${id}-cont`}
          type="range"
          min={CONTAMINATION_MIN}
          max={CONTAMINATION_MAX}
          step={0.01}
          value={s.contamination}
          data-testid="learn-contamination"
          onChange={(e) => onChange({ contamination: Number(e.target.value) })}
        />
      </div>
      <div className="learn-field">
        <label htmlFor={`${id}-spread`}>
          Inlier spread <output htmlFor={`${id}-spread`}>×{s.spread.toFixed(1)}</output>
        </label>
        <input
          id={`${id}-spread`}
          type="range"
          min={SPREAD_MIN}
          max={SPREAD_MAX}
          step={0.1}
          value={s.spread}
          data-testid="learn-spread"
          onChange={(e) => onChange({ spread: Number(e.target.value) })}
        />
      </div>
      <div className="learn-field learn-seed">
        <label htmlFor={`${id}-seed`}>Seed</label>
        <input
          id={`${id}-seed`}
          type="number"
          min={0}
          step={1}
          value={s.seed}
          data-testid="learn-seed"
          onChange={(e) => {
            const v = Math.trunc(Number(e.target.value));
            if (Number.isFinite(v) && v >= 0) onChange({ seed: v });
          }}
        />
        <button type="button" onClick={() => onChange({ seed: Math.floor(Math.random() * 100000) })}>
          New seed
        </button>
      </div>
      <div className="learn-field">
        <label htmlFor={`${id}-method`}>{s.compare ? 'Method (left)' : 'Method'}</label>
        <MethodSelect id={`${id}-method`} value={s.method} testId="learn-method" onChange={(method) => onChange({ method })} />
      </div>
      <div className="learn-field learn-check">
        <input
          id={`${id}-compare`}
          type="checkbox"
          checked={s.compare}
          data-testid="learn-compare"
          onChange={(e) => onChange({ compare: e.target.checked })}
        />
        <label htmlFor={`${id}-compare`}>Side by side with a second method</label>
      </div>
      {s.compare && (
        <div className="learn-field">
          <label htmlFor={`${id}-method-b`}>Method (right)</label>
          <MethodSelect id={`${id}-method-b`} value={s.methodB} testId="learn-method-b" onChange={(methodB) => onChange({ methodB })} />
        </div>
      )}
      <div className="learn-field">
        <label htmlFor={`${id}-speed`}>Speed</label>
        <select id={`${id}-speed`} value={s.speed} data-testid="learn-speed" onChange={(e) => onChange({ speed: e.target.value as Speed })}>
          {SPEEDS.map((sp) => (
            <option key={sp.id} value={sp.id}>
              {sp.label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
