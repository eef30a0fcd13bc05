import type { ComputeEngine } from '../../core/config';
import { METHODS } from '../runForm';
import { useLab } from '../store';

/** The compute engine as the badge names it ('auto' only when no backend had started to resolve it). */
const ENGINES: Record<ComputeEngine, string> = { auto: 'the automatic engine', wasm: 'the WebAssembly SIMD engine', tfjs: 'TF.js' };

/** The config the run trains with, as the worker reported it (the one the session saves and exports). */
export function RunConfig() {
  const config = useLab((s) => s.run.config);
  if (!config) return null;
  const method = METHODS.find((m) => m.value === config.method)?.label ?? config.method;
  return (
    <details className="run-config" data-testid="run-config" data-engine={config.engine}>
      <summary>
        Trained with {method} on {ENGINES[config.engine]}
      </summary>
      <pre data-testid="run-config-json">{JSON.stringify(config, null, 2)}</pre>
    </details>
  );
}
