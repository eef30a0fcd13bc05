/** The compute backend (with the analyst's override, kept in localStorage) and the engine defaults. */
import type { BackendChoice } from '../../worker/api';
import { engineApi } from '../engine';
import { formFromConfig } from '../runForm';
import { isRunActive } from '../store';
import { get, messageOf, set } from './shared';

const BACKEND_KEY = 'imlab.backend';
const CHOICES: BackendChoice[] = ['auto', 'webgpu', 'wasm', 'webgl', 'cpu'];

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
  set({ backendStatus: 'starting', backendError: null, backendSlow: false });
  const slow = setTimeout(() => token === initToken && set({ backendSlow: true }), SLOW_BACKEND_MS);
  try {
    const backend = await engineApi().init(choice);
    if (token === initToken) set({ backend, backendStatus: 'ready', backendSlow: false });
  } catch (e) {
    if (token === initToken) set({ backendStatus: 'error', backendError: messageOf(e), backendSlow: false });
  } finally {
    clearTimeout(slow);
  }
}

export async function changeBackend(choice: BackendChoice): Promise<void> {
  if (isRunActive(get())) return;
  try {
    localStorage.setItem(BACKEND_KEY, choice);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  set({ backendChoice: choice });
  await initBackend(choice);
}

export async function loadDefaults(): Promise<void> {
  const defaults = await engineApi().defaults();
  set({ defaults, form: formFromConfig(defaults) });
}

export function resetForm(): void {
  const d = get().defaults;
  if (d) set({ form: formFromConfig(d) });
}
