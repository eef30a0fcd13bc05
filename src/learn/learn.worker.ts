/// <reference lib="webworker" />
/**
 * Learn mode's engine worker: one demo run at a time on synthetic 2-D data, paced for watching,
 * with a simulated oracle that answers the query rounds from the true labels.
 */
import * as Comlink from 'comlink';
import { averagePrecision, rocAuc } from '../core/metrics';
import { AbortError, RunControl } from '../core/train/control';
import { SimulatedOracle, type Oracle, type QueryRequest } from '../core/train/oracle';
import { runMethod } from '../core/train/runMethod';
import { chooseBackend } from '../worker/backend';
import { chooseEngine, createSimdEngine } from '../worker/computeEngine';
import { releaseRemote } from '../worker/bridge';
import { demoConfig } from './demoConfig';
import type { LearnCallbacks, LearnRunRequest, LearnWorkerApi } from './learnApi';
import { Pacer } from './pacer';

interface ActiveRun {
  control: RunControl;
  pacer: Pacer;
}

let backendName: Promise<string> | null = null;

/** The TF.js backend and the compute engine, as the run panel names them ("WASM SIMD engine", "TF.js webgpu"). */
function startCompute(): Promise<string> {
  return (backendName ??= chooseBackend('auto').then(async (b) =>
    (await chooseEngine(createSimdEngine(), 'auto', b)).name === 'wasm' ? 'WASM SIMD engine' : `TF.js ${b.name}`,
  ));
}
let active: ActiveRun | null = null;

/** The page may have gone (reset, unmount) by the time a callback lands: never fail the run for it. */
function send(call: () => unknown): void {
  try {
    const p = call();
    if (p instanceof Promise) p.catch(() => undefined);
  } catch {
    // the page side is gone
  }
}

/** The simulated oracle, telling the page each round's candidates and answers. */
function reportingOracle(truth: Uint8Array, callbacks: LearnCallbacks, lastUpdate: () => number): Oracle {
  const inner = new SimulatedOracle(truth);
  return {
    async answer(req: QueryRequest, signal: AbortSignal) {
      const answers = await inner.answer(req);
      const labels = req.candidates.map((row) => answers.find((a) => a.row === row)?.label ?? truth[row]);
      send(() => callbacks.onQuery({ ...req, update: lastUpdate(), answers: labels }));
      if (signal.aborted) throw new AbortError();
      return answers;
    },
  };
}

async function execute(req: LearnRunRequest, run: ActiveRun, callbacks: LearnCallbacks): Promise<void> {
  await startCompute();
  let update = 0;
  try {
    const result = await runMethod({
      X: { data: req.points, rows: req.rows, cols: 2 },
      config: demoConfig(req.method, req.seed, req.engine),
      truth: req.truth,
      oracle: reportingOracle(req.truth, callbacks, () => update),
      control: run.control,
      onProgress: (e) => {
        update = e.update;
        send(() => callbacks.onProgress(e));
        // A round repeats its epoch's event; only real epoch ends are paced.
        if (e.phase !== 'query') run.pacer.epochEnded();
      },
    });
    send(() =>
      callbacks.onDone({
        scores: result.scores,
        auc: rocAuc(result.scores, req.truth),
        ap: averagePrecision(result.scores, req.truth),
        seconds: result.seconds,
        updates: result.updates,
      }),
    );
  } catch (e) {
    if (e instanceof AbortError || run.control.signal.aborted) return;
    send(() => callbacks.onError(e instanceof Error ? e.message : String(e)));
  } finally {
    run.pacer.dispose();
    if (active === run) active = null;
    // The page's callbacks arrived as a comlink proxy: free its port once the run is over.
    releaseRemote(callbacks);
  }
}

function stopActive(): void {
  if (!active) return;
  active.pacer.dispose();
  active.control.abort('reset');
  active = null;
}

const api: LearnWorkerApi = {
  async init() {
    return startCompute();
  },
  async start(req, callbacks) {
    stopActive();
    const control = new RunControl();
    const run: ActiveRun = { control, pacer: new Pacer(control, req.delayMs, req.stepOnly) };
    active = run;
    void execute(req, run, callbacks);
  },
  async pause() {
    active?.pacer.pause();
  },
  async resume() {
    active?.pacer.resume();
  },
  async step() {
    active?.pacer.step();
  },
  async setDelay(ms) {
    active?.pacer.setDelay(ms);
  },
  async stop() {
    stopActive();
  },
};

Comlink.expose(api);
