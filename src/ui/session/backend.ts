/** The compute backend (with the analyst's override, kept in localStorage) and the engine defaults. */
import type { ComputeEngine } from '../../core/config';
import type { BackendChoice } from '../../worker/api';
import { engineApi } from '../engine';
import { formFromConfig } from '../runForm';
import { isRunActive } from '../store';
import { getLab, messageOf, setLab } from './shared';

const BACKEND_KEY = 'imlab.backend';
const ENGINE_KEY = 'imlab.engine';
const CHOICES: BackendChoice[] = ['auto', 'webgpu', 'wasm', 'webgl', 'cpu'];
const ENGINES: ComputeEngine[] = ['auto', 'wasm', 'tfjs'];

export function storedEngineChoice(): ComputeEngine {
  try {
    const v = localStorage.getItem(ENGINE_KEY) as ComputeEngine | null;
    return v && ENGINES.includes(v) ? v : 'auto';
  } catch {
    return 'auto';
  }
}

export function storedChoice(): BackendChoice {
  try {
    const v = localStorage.getItem(BACKEND_KEY) as BackendChoice | null;
    return v && CHOICES.includes(v) ? v : 'auto';
  } catch {
    return 'auto';
  }
}

/** After this long, the page suggests picking another backend (a hung init never settles). */
const SLOW_BACKEND_MS = 15_000;
let initToken = 0;

export async function initBackend(choice: BackendChoice): Promise<void> {
  const token = ++initToken;
  setLab({ backendStatus: 'starting', backendError: null, backendSlow: false });
  const slow = setTimeout(() => token === initToken && setLab({ backendSlow: true }), SLOW_BACKEND_MS);
  try {
    const backend = await engineApi().init(choice, getLab().engineChoice);
    if (token === initToken) setLab({ backend, backendStatus: 'ready', backendSlow: false });
  } catch (e) {
    if (token === initToken) setLab({ backendStatus: 'error', backendError: messageOf(e), backendSlow: false });
  } finally {
    clearTimeout(slow);
  }
}

export async function changeBackend(choice: BackendChoice): Promise<void> {
  if (isRunActive(getLab())) return;
  try {
    localStorage.setItem(BACKEND_KEY, choice);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  setLab({ backendChoice: choice });
  await initBackend(choice);
}

export async function changeEngine(choice: ComputeEngine): Promise<void> {
  if (isRunActive(getLab())) return;
  try {
    localStorage.setItem(ENGINE_KEY, choice);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  setLab({ engineChoice: choice });
  await initBackend(getLab().backendChoice);
}

export async function loadDefaults(): Promise<void> {
  const defaults = await engineApi().defaults();
  setLab({ defaults, form: formFromConfig(defaults) });
}

export function resetForm(): void {
  const d = getLab().defaults;
  if (d) setLab({ form: formFromConfig(d) });
}
