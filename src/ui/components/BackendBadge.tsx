import { useEffect, useId, useRef, useState } from 'react';
import type { ComputeEngine } from '../../core/config';
import type { BackendChoice, BackendInfo, BackendName } from '../../worker/api';
import { changeBackend, changeEngine } from '../session';
import { isRunActive, useLab } from '../store';

const NAMES: Record<BackendName, string> = { webgpu: 'WebGPU', wasm: 'WASM', webgl: 'WebGL', cpu: 'CPU' };

const CHOICES: { value: BackendChoice; label: string }[] = [
  { value: 'auto', label: 'Automatic (fastest that works)' },
  { value: 'webgpu', label: 'WebGPU' },
  { value: 'wasm', label: 'WASM' },
  { value: 'webgl', label: 'WebGL' },
  { value: 'cpu', label: 'CPU (plain JavaScript)' },
];

const ENGINE_CHOICES: { value: ComputeEngine; label: string }[] = [
  { value: 'auto', label: 'Automatic (WASM SIMD on a CPU; calibrated on a GPU)' },
  { value: 'wasm', label: 'WebAssembly SIMD engine' },
  { value: 'tfjs', label: 'TF.js (on the backend below)' },
];

/** The badge: "WASM SIMD engine" when the hand-written engine computes, else the TF.js backend. */
export function computeText(b: BackendInfo): string {
  return b.engine?.name === 'wasm' ? 'WASM SIMD engine' : `TF.js · ${backendText(b)}`;
}

/** "WASM · SIMD · 4 threads", "WebGPU", ... */
export function backendText(b: BackendInfo): string {
  const parts = [NAMES[b.name]];
  if (b.tfjsWasm?.simd) parts.push('SIMD');
  if (b.tfjsWasm && b.tfjsWasm.threads > 1) parts.push(`${b.tfjsWasm.threads} threads`);
  return parts.join(' · ');
}

/** The compute backend in use, with a popover to override it. */
export function BackendBadge() {
  const backend = useLab((s) => s.backend);
  const status = useLab((s) => s.backendStatus);
  const error = useLab((s) => s.backendError);
  const choice = useLab((s) => s.backendChoice);
  const engineChoice = useLab((s) => s.engineChoice);
  const slow = useLab((s) => s.backendSlow);
  const running = useLab(isRunActive);
  const [open, setOpen] = useState(false);
  const wrapRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const popoverId = useId();

  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (!wrapRef.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const text = status === 'starting' ? 'Starting…' : status === 'error' || !backend ? 'No backend' : computeText(backend);
  return (
    <div className="backend" ref={wrapRef}>
      <button
        ref={buttonRef}
        type="button"
        className={`backend-badge backend-${status}`}
        data-testid="backend-badge"
        aria-expanded={open}
        aria-controls={popoverId}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="sr-only">Compute backend: </span>
        {text}
        <span aria-hidden="true" className="caret">
          ▾
        </span>
      </button>
      {open && (
        <div className="popover" id={popoverId} role="dialog" aria-label="Compute backend settings">
          <ChoiceGroup
            legend="Compute engine"
            name="engine"
            testId="engine-choice"
            disabled={running}
            choices={ENGINE_CHOICES}
            value={engineChoice}
            onChange={(v) => void changeEngine(v)}
          />
          <ChoiceGroup
            legend="TF.js backend"
            name="backend"
            disabled={running}
            choices={CHOICES}
            value={choice}
            onChange={(v) => void changeBackend(v)}
            unavailable={(v) => v !== 'auto' && backend != null && !backend.available.includes(v)}
          />
          {running && <p className="muted small">Stop the run to change the backend.</p>}
          {slow && (
            <p className="small error-text">
              The {choice === 'auto' ? 'automatic choice' : choice} backend has not started after 15 s; pick another one.
            </p>
          )}
          {backend && (
            <p className="small" data-testid="engine-reason">
              In use: <strong>{computeText(backend)}</strong>
              {backend.engine ? `: ${backend.engine.reason}.` : '.'} TF.js backend {backendText(backend)}: {backend.reason}.
              {backend.engine?.name === 'wasm' && backend.engine.helpers
                ? ` Helper threads: ${backend.engine.helpers}, for big scoring passes and ODIM's ensemble members (same results, less time; “Helper threads” under More hyperparameters limits them).`
                : ''}
            </p>
          )}
          {error && (
            <p className="small error-text" role="alert">
              {error}
            </p>
          )}
        </div>
      )}
    </div>
  );
}

/** One fieldset of radio buttons in the popover (the engine, the TF.js backend). */
function ChoiceGroup<T extends string>(props: {
  legend: string;
  name: string;
  testId?: string;
  disabled: boolean;
  choices: { value: T; label: string }[];
  value: T;
  onChange: (value: T) => void;
  unavailable?: (value: T) => boolean;
}) {
  return (
    <fieldset disabled={props.disabled} data-testid={props.testId}>
      <legend>{props.legend}</legend>
      {props.choices.map((c) => (
        <label key={c.value} className="radio">
          <input
            type="radio"
            name={props.name}
            value={c.value}
            checked={props.value === c.value}
            onChange={() => props.onChange(c.value)}
          />
          {c.label}
          {props.unavailable?.(c.value) && <span className="muted"> (not available here)</span>}
        </label>
      ))}
    </fieldset>
  );
}
