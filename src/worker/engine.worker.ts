/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { makeConfig, DEFAULT_CONFIG, type ComputeEngine, type EngineConfig } from '../core/config';
import { IntakeError } from '../core/data/errors';
import { buildFeatures, type ColumnInfo } from '../core/data/schema';
import type { ColumnEncoding } from '../core/data/featureEncoding';
import { applyMinMax, fitMinMax, type MinMax } from '../core/data/scale';
import type { Matrix } from '../core/data/matrix';
import { averagePrecision, rocAuc } from '../core/metrics';
import { fitGmm1d, lowerComponentPosterior } from '../core/query/gmm';
import type { Checkpoint } from '../core/train/checkpoint';
import { AbortError, RunControl } from '../core/train/control';
import { LabelBook } from '../core/train/labels';
import type { Answer, QueryRequest } from '../core/train/oracle';
import type { ProgressEvent } from '../core/train/progress';
import { runMethod } from '../core/train/runMethod';
import { ScoreView } from '../core/scoreView';
import type {
  BackendChoice,
  BackendInfo,
  EngineApi,
  FeatureSummary,
  LabelEntry,
  RunCallbacks,
  StartOptions,
  TableSummary,
  TrainedModel,
} from './api';
import { WORKER_LIFE_LOCK_PREFIX } from './api';
import { chooseBackend, nextBackend } from './backend';
import { chooseEngine, loadedKernels } from './computeEngine';
import { startHelperThreads } from './helperThreads';
import { helperPool } from '../core/threads/pool';
import { releaseRemote } from './bridge';
import { typicalReference, type FeatureReference } from './deviations';
import { cardsOf, roundView, truthAnswers, type CardSource } from './roundView';
import { buildExport } from './exportCsv';
import { exportCsvFile } from './exportFile';
import { loadTable, type LoadedTable } from './intake';
import { agreementWithRun, scoreInChunks, scoredSummary, scorerFor, SCORED_SOURCE } from './scoreTable';
import { scorerToOnnx } from '../core/score/onnx';
import { throttle } from './throttle';
import { CheckpointThrottle } from './checkpointThrottle';

interface Prepared {
  /** The features, min-max scaled: what the model trains on and the cards' deviations are measured in. */
  scaled: Matrix;
  /** The unscaled features' ranges (the deterministic scorer folds them in). */
  scale: MinMax;
  y: Uint8Array | null;
  featureNames: string[];
  featureSources: number[];
  /** How the columns became features: the deterministic scorer encodes new tables alike. */
  encoding: ColumnEncoding[];
}

interface OpenRound {
  req: QueryRequest;
  resolve: (a: Answer[]) => void;
  /** What the round's cards' deviations are measured against (computed once, when it opens). */
  ref: FeatureReference;
}

interface ActiveRun {
  control: RunControl;
  book: LabelBook;
  simulated: boolean;
  round: OpenRound | null;
  callbacks: RunCallbacks;
  /** Sends the latest checkpoint held back (a big table's go at most every few seconds). */
  flushCheckpoint?: () => void;
}

// Held for this worker's whole life: the page sees the lock released when the worker crashes or is killed.
if (self.name && typeof navigator !== 'undefined' && navigator.locks) {
  void navigator.locks.request(WORKER_LIFE_LOCK_PREFIX + self.name, () => new Promise<never>(() => {})).catch(() => {});
}

let backend: BackendInfo | null = null;
let table: LoadedTable | null = null;
let prepared: Prepared | null = null;
let run: ActiveRun | null = null;
let latestScores: Float32Array | null = null;
let finalScores: Float32Array | null = null;
let finalPosteriors: Float64Array | null = null;
/** What the score table and histogram show: the run's latest or final scores, or a restored session's. */
const view = new ScoreView();
/** The model of the last run this worker trained (its config and latest checkpoint's state). */
let trained: TrainedModel | null = null;
/** The second table scored with the model, for its export. */
let scored: { table: LoadedTable; scores: Float32Array } | null = null;

/** Errors cross the worker boundary as plain messages the page can show. */
function rethrow(e: unknown): never {
  if (e instanceof IntakeError) throw new Error(e.message);
  throw e instanceof Error ? e : new Error(String(e));
}

/** What a round's cards are read from: the prepared features and the file's own cells. */
function cardSource(): CardSource {
  const p = prepared!;
  return { scaled: p.scaled, source: table!.source };
}

/** The reference a round's deviations are measured against: the rows the latest scores deem typical. */
function referenceFor(): FeatureReference {
  const p = prepared!;
  return typicalReference(p.scaled, latestScores ?? new Float32Array(p.scaled.rows), p);
}

/**
 * A checkpoint for the page with its score history copied here and transferred: the vectors are shared with the
 * running method (so they cannot be handed over), and a clone would serialize ~24 MB at 600k rows into a buffer
 * and copy it again on the page's main thread.
 */
function transferable(c: Checkpoint): Checkpoint {
  if (!c.history.length) return c;
  const history = c.history.map((h) => h.slice());
  return Comlink.transfer(
    { ...c, history },
    history.map((h) => h.buffer),
  );
}

async function executeRun(runConfig: EngineConfig, r: ActiveRun, resume: Checkpoint | null): Promise<void> {
  let config = runConfig;
  const jobsBefore = helperPool()?.jobsDone ?? 0;
  const p = prepared!;
  const progress = throttle<ProgressEvent>((e) => r.callbacks.onProgress(e), 100);
  const checkpoints = new CheckpointThrottle((c) => r.callbacks.onCheckpoint?.(transferable(c)));
  r.flushCheckpoint = () => checkpoints.flush();
  let lastPhase = '';
  let checkpoint: Checkpoint | null = resume;
  const oracle = {
    answer: (req: QueryRequest, signal: AbortSignal) =>
      new Promise<Answer[]>((resolve, reject) => {
        // The epoch's progress (its scores, its chart point) reaches the page before the round does.
        progress.flush();
        if (r.simulated && p.y) {
          const answers = truthAnswers(req.candidates, p.y);
          r.callbacks.onQuery(roundView(cardSource(), req, null, answers));
          resolve(answers);
          return;
        }
        const ref = referenceFor();
        r.round = { req, resolve, ref };
        // Answers take the analyst seconds to minutes: the helpers' slices and threads go back meanwhile.
        helperPool()?.endIdle();
        signal.addEventListener('abort', () => reject(new AbortError()), { once: true });
        r.callbacks.onQuery(roundView(cardSource(), req, ref));
      }),
  };
  try {
    for (;;) {
      try {
        const result = await runMethod({
          X: p.scaled,
          config,
          oracle,
          truth: p.y,
          control: r.control,
          labels: r.book,
          resume: checkpoint,
          onCheckpoint: (c) => {
            checkpoint = c;
            trained = { config, state: c.state };
            checkpoints.push(c);
          },
          onProgress: (e) => {
            if (e.scores) {
              latestScores = e.scores;
              view.set(e.scores);
            }
            // The vectors stay here: the page asks for the window and bins it shows (scorePage, scoreHistogram).
            const light: ProgressEvent = { ...e, scores: undefined, scoresVersion: view.version };
            // GradStop's trace is one point per epoch, the kept one marked among them: none is dropped.
            progress.push(light, e.phase !== lastPhase || e.phase === 'query' || e.gradstop !== undefined);
            lastPhase = e.phase;
          },
        });
        progress.flush();
        checkpoints.flush();
        finalScores = result.scores;
        finalPosteriors = lowerComponentPosterior(fitGmm1d(result.scores), result.scores);
        view.set(finalScores, finalPosteriors);
        r.callbacks.onDone({
          scores: result.scores,
          posteriors: finalPosteriors,
          auc: p.y ? rocAuc(result.scores, p.y) : null,
          ap: p.y ? averagePrecision(result.scores, p.y) : null,
          seconds: result.seconds,
          updates: result.updates,
          helperJobs: (helperPool()?.jobsDone ?? 0) - jobsBefore,
          guard: result.guard ? { choice: result.guard.choice, reason: result.guard.reason } : null,
          ranking: result.ranking ?? null,
        });
        return;
      } catch (e) {
        if (e instanceof AbortError || r.control.signal.aborted) return;
        const why = e instanceof Error ? e.message : String(e);
        // The WASM engine failing mid-run (memory it cannot grow, a kernel trap): TF.js goes on from the last
        // checkpoint (checkpoints have one layout on both engines) before any backend is given up.
        if (config.engine === 'wasm') {
          console.warn('The WebAssembly SIMD engine failed mid-run; continuing on TF.js:', e);
          config = { ...config, engine: 'tfjs' };
          if (backend) {
            backend = {
              ...backend,
              engine: {
                name: 'tfjs',
                reason: `TF.js: the WebAssembly SIMD engine failed mid-run (${why}); the run went on from its last checkpoint`,
              },
            };
            r.callbacks.onBackendChange?.(backend);
          }
          continue;
        }
        // A backend that fails mid-run (lost GPU device, out of memory): go down the ladder and
        // continue from the last epoch checkpoint; the labels live in the book and are kept.
        const next = backend ? nextBackend(backend.name) : null;
        if (!next) {
          r.callbacks.onError(why);
          return;
        }
        const failed = backend!.name;
        const b = await chooseBackend(next, [failed]);
        backend = { ...b, engine: await chooseEngine(config.engine, b) };
        r.callbacks.onBackendChange?.(backend);
      }
    }
  } finally {
    // After the run its callbacks are released: a trailing progress timer must not fire into them.
    progress.cancel();
  }
}

const api: EngineApi = {
  async init(choice: BackendChoice, engine: ComputeEngine = 'auto') {
    const b = await chooseBackend(choice);
    const chosen = await chooseEngine(engine, b);
    const kernels = loadedKernels();
    if (kernels) startHelperThreads(kernels);
    backend = { ...b, engine: { ...chosen, helpers: helperPool()?.size ?? 0 } };
    return backend;
  },
  async loadFile(file, name, onProgress, opts) {
    try {
      table = await loadTable(file, name, onProgress, opts);
      prepared = null;
      finalScores = finalPosteriors = latestScores = null;
      view.set(null);
      return table.summary satisfies TableSummary;
    } catch (e) {
      rethrow(e);
    }
  },
  async getRows(start, count) {
    if (!table) return [];
    const src = table.source;
    const end = Math.min(src.rowCount, start + count);
    const out: string[][] = [];
    for (let r = Math.max(0, start); r < end; r++) out.push(src.header.map((_, c) => String(src.cell(r, c))));
    return out;
  },
  async prepare(columns: ColumnInfo[], labelColumn, positiveValue) {
    if (!table) throw new Error('Load a table first.');
    try {
      const f = buildFeatures(table.source, columns, labelColumn, { positiveValue });
      // One copy of the features: the scaled matrix (the unscaled one is dropped once scaled).
      const scale = fitMinMax(f.X);
      prepared = {
        scaled: applyMinMax(f.X, scale),
        scale,
        y: f.y,
        featureNames: f.featureNames,
        featureSources: f.featureSources,
        encoding: f.encoding,
      };
      trained = null;
      let outliers: number | null = null;
      if (f.y) outliers = f.y.reduce((a, b) => a + b, 0);
      return {
        rows: f.X.rows,
        features: f.X.cols,
        featureNames: f.featureNames,
        imputed: f.imputed,
        missingCells: f.missingCells,
        hasTruth: f.y != null,
        outliersInTruth: outliers,
        messages: f.messages,
      } satisfies FeatureSummary;
    } catch (e) {
      rethrow(e);
    }
  },
  async defaults() {
    return DEFAULT_CONFIG;
  },
  async start(opts: StartOptions, callbacks: RunCallbacks) {
    if (!prepared) throw new Error('Choose the columns first.');
    run?.control.abort();
    const book = new LabelBook(prepared.scaled.rows);
    for (const l of opts.labels ?? []) book.set(l.row, l.label);
    const r: ActiveRun = { control: new RunControl(), book, simulated: opts.simulatedOracle && prepared.y != null, round: null, callbacks };
    if (opts.paused) r.control.pause();
    run = r;
    finalScores = finalPosteriors = null;
    // A resumed run reopens its round before scoring again: the candidates' deviations need the scores it had.
    const history = opts.resume?.history;
    latestScores = history?.length ? history[history.length - 1] : null;
    view.set(latestScores);
    // Live traces need every epoch scored; the engine is the one init() chose unless the config names one.
    const engine = opts.config.engine && opts.config.engine !== 'auto' ? opts.config.engine : (backend?.engine?.name ?? 'auto');
    const config = makeConfig({ ...opts.config, engine, traceEveryEpoch: true });
    void executeRun(config, r, opts.resume ?? null).finally(() => {
      if (run === r) run = null;
      releaseRemote(callbacks); // else one open port per run
    });
  },
  async setLabel(row, label) {
    run?.book.set(row, label);
  },
  async candidateCards(round, from, count) {
    const open = run?.round;
    if (!open || open.req.round !== round) return [];
    return cardsOf(cardSource(), open.req, open.ref, from, Math.min(count, 256));
  },
  async closeRound() {
    const open = run?.round;
    if (!open) return;
    run!.round = null;
    open.resolve([]); // the answers are already in the book
  },
  async setSimulatedOracle(on) {
    if (!run) return;
    run.simulated = on && prepared?.y != null;
    const open = run.round;
    if (run.simulated && open && prepared?.y) {
      const unanswered = open.req.candidates.filter((row) => run!.book.values[row] === -1);
      const answers = truthAnswers(unanswered, prepared.y);
      for (const a of answers) run.book.set(a.row, a.label);
      run.round = null;
      run.callbacks.onQuery(roundView(cardSource(), open.req, null, answers));
      open.resolve([]);
    }
  },
  async pause() {
    run?.control.pause();
    run?.flushCheckpoint?.(); // a pause is when a reload is likely
  },
  async resume() {
    run?.control.resume();
  },
  async stop() {
    run?.control.abort('stopped');
    run = null;
  },
  async scorePage(req) {
    return view.page(req, table?.source.rowCount ?? 0);
  },
  async scoreHistogram(candidates) {
    return view.histogram(candidates);
  },
  async currentScores() {
    const c = view.current;
    if (!c) return null;
    const out = { scores: c.scores.slice(), posteriors: c.posteriors?.slice() ?? null };
    return Comlink.transfer(out, [out.scores.buffer, ...(out.posteriors ? [out.posteriors.buffer] : [])]);
  },
  async showScores(scores, posteriors) {
    view.set(scores, posteriors);
  },
  async exportCsv(labels: LabelEntry[], source) {
    if (!table) throw new Error('Nothing to export yet.');
    // The scores the page shows: this run's latest or final, or a restored session's (showScores).
    const c = view.current;
    return exportCsvFile(table.source, c?.scores ?? null, c?.posteriors ?? null, labels, source);
  },
  async exportOnnx(model) {
    try {
      const bytes = scorerToOnnx(scorerFor(prepared, model ?? trained), { producerVersion: 'IMLab', source: table?.summary.fileName });
      return Comlink.transfer(bytes, [bytes.buffer]);
    } catch (e) {
      rethrow(e);
    }
  },
  async scoreTable(file, name, model, onProgress) {
    try {
      const scorer = scorerFor(prepared, model ?? trained);
      const next = await loadTable(file, name);
      const { scores, messages } = await scoreInChunks(scorer, next.source, onProgress);
      scored = { table: next, scores };
      // Against the run's final scores (or a restored session's, when no run is under way) if this is their table.
      const runScores = finalScores ?? (run ? null : (view.current?.scores ?? null));
      const agreement = agreementWithRun({ header: next.source.header, scores }, { header: table?.source.header ?? [], scores: runScores });
      return scoredSummary(name, scores, messages, agreement);
    } catch (e) {
      rethrow(e);
    }
  },
  async exportScoredCsv() {
    if (!scored) throw new Error('Score a table first.');
    return buildExport(scored.table.source, scored.scores, null, [], SCORED_SOURCE);
  },
};

Comlink.expose(api);
