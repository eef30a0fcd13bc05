import type { Method } from '../core/config';
import { demoConfig, methodLabel } from './demoConfig';
import { aucVerdict, formatAuc } from './format';
import { LossHistogram } from './LossHistogram';
import { rampGradient } from './lossColor';
import { PhaseTimeline } from './PhaseTimeline';
import type { LearnData } from './presets';
import { warmupMeans, type RunState } from './runState';
import { ScatterCanvas } from './ScatterCanvas';
import { AucChart, RiskChart } from './TraceCharts';

function phaseText(method: Method, run: RunState): string {
  switch (run.status) {
    case 'idle':
      return 'Not started: press Play, or Step for one epoch at a time.';
    case 'error':
      return `Stopped by an error: ${run.error ?? 'unknown'}`;
    case 'done':
      return `Finished: ${run.done?.updates ?? 0} updates in ${(run.done?.seconds ?? 0).toFixed(1)} s.`;
  }
  const where = run.totalEpochs ? `Epoch ${run.epoch + 1} of ${run.totalEpochs}` : 'Starting';
  const held = run.status === 'paused' ? ' (paused)' : '';
  if (method === 'odim') return `Model ${run.model ?? 1} of ${demoConfig('odim', 0).odim.models}, check ${run.epoch + 1}${held}`;
  switch (run.phase) {
    case 'plain':
      return `${where}: warm-up, plain updates${held}`;
    case 'trimmed':
      return `${where}: ${method === 'altbi' ? 'trimmed updates, no labels' : 'warm-up, trimming on'}${held}`;
    case 'polarization':
      return `${where}: polarization after ${run.queries.length} query round${run.queries.length === 1 ? '' : 's'}${held}`;
    default:
      return `${where}${held}`;
  }
}

export interface RunPanelProps {
  /** '' for the single view, '-a' / '-b' side by side: suffixes every test id. */
  slot: '' | '-a' | '-b';
  method: Method;
  data: LearnData;
  run: RunState;
  backend: string | null;
}

/** Everything about one run: schedule, points, loss histogram, risk and AUC traces, event log. */
export function RunPanel({ slot, method, data, run, backend: engine }: RunPanelProps) {
  // The autoencoders run as plain TypeScript in the worker, whichever engine is loaded.
  const backend = engine && (method === 'ae' || method === 'gradstop' || method === 'rejection') ? 'plain TypeScript' : engine;
  const alpha = demoConfig(method, 0).imboost.alpha;
  const latestRound = run.queries.length ? run.queries[run.queries.length - 1].round : 0;
  const warm = warmupMeans(run);
  const finalAuc = run.done?.auc ?? null;
  // ODIM stops on its own (patience), far before its update cap: scale its traces to what ran.
  const xMax = method === 'odim' ? run.update : run.totalUpdates;
  return (
    <section className="learn-run" aria-label={`${methodLabel(method)} run`} data-testid={`learn-run${slot}`} data-status={run.status}>
      <header className="learn-run-head">
        <h2>{methodLabel(method)}</h2>
        <p className="learn-auc-box">
          Final AUC{' '}
          <output data-testid={`learn-auc${slot}`} data-value={finalAuc != null ? finalAuc.toFixed(3) : ''} className="learn-auc">
            {formatAuc(finalAuc)}
          </output>
          {finalAuc == null && run.liveAuc != null && <span className="learn-muted"> (now {formatAuc(run.liveAuc)})</span>}
        </p>
        {finalAuc != null && <p className={`learn-verdict${finalAuc < 0.55 ? ' learn-verdict-bad' : ''}`}>{aucVerdict(finalAuc)}</p>}
      </header>
      <p className="learn-status" role="status">
        {phaseText(method, run)}
        {backend && (
          <span className="learn-muted" data-testid={`learn-engine${slot}`}>
            {' '}
            · {backend}
          </span>
        )}
      </p>
      {run.gradstop && (
        <p
          className="learn-status"
          data-testid={`learn-gradstop${slot}`}
          data-kept={run.gradstop.bestEpoch + 1}
          data-stopped={run.gradstop.stopped}
        >
          GradStop:{' '}
          {run.gradstop.stopped
            ? `stopped at epoch ${run.epoch + 1}, keeps epoch ${run.gradstop.bestEpoch + 1}`
            : `best epoch so far ${run.gradstop.bestEpoch + 1}`}{' '}
          · cohesion gap {run.gradstop.cohesionDiff.toFixed(3)} · divergence {run.gradstop.divergence.toFixed(2)} rad
        </p>
      )}
      <PhaseTimeline method={method} run={run} />
      <div className="learn-views">
        <div className="learn-view">
          <ScatterCanvas
            points={data.points}
            truth={data.truth}
            scores={run.scores}
            queriedRound={run.queriedRound}
            latestRound={latestRound}
            testId={`learn-scatter${slot}`}
            label={`${data.rows} points, ${data.outliers} of them outliers, coloured by current loss`}
          />
          <ScatterLegend />
        </div>
        <div className="learn-view">
          <h3 className="learn-view-title">Loss per point, by true class</h3>
          <LossHistogram scores={run.scores} truth={data.truth} alpha={alpha} showCut={method === 'imboost'} testId={`learn-hist${slot}`} />
          <p className="learn-legend learn-muted">
            <span className="learn-swatch learn-swatch-inlier" /> inliers <span className="learn-swatch learn-swatch-outlier" /> outliers{' '}
            <span className="learn-swatch-line" /> 2-component GMM fitted to all losses
            {method === 'imboost' && ' · dashed: α cut, where queries are picked'}
          </p>
          <EventLog run={run} />
        </div>
      </div>
      <RiskChart
        trace={run.trace}
        upTo={run.update}
        markers={run.markers}
        totalUpdates={xMax}
        warmup={warm}
        testId={`learn-risk-chart${slot}`}
      />
      <AucChart
        trace={run.trace}
        upTo={run.update}
        markers={run.markers}
        totalUpdates={xMax}
        finalAuc={finalAuc}
        testId={`learn-auc-chart${slot}`}
      />
    </section>
  );
}

function ScatterLegend() {
  return (
    <div className="learn-legend learn-scatter-legend learn-muted">
      <span>
        <svg width="12" height="12" aria-hidden="true">
          <circle cx="6" cy="6" r="3.5" fill="#68aad6" />
        </svg>{' '}
        inlier
      </span>
      <span>
        <svg width="12" height="12" aria-hidden="true">
          <path d="M2 2L10 10M2 10L10 2" stroke="#1d232b" strokeWidth="2.6" />
        </svg>{' '}
        outlier (truth)
      </span>
      <span>
        <svg width="16" height="16" aria-hidden="true">
          <circle cx="8" cy="8" r="6" fill="none" stroke="#c0157a" strokeWidth="2" />
        </svg>{' '}
        queried
      </span>
      <span className="learn-ramp">
        loss rank: low <i style={{ background: rampGradient() }} /> high
      </span>
    </div>
  );
}

function EventLog({ run }: { run: RunState }) {
  if (!run.markers.length && run.status !== 'done') return null;
  return (
    // Focusable: it scrolls once the rounds pile up, and keyboard users must be able to scroll it.
    <ol className="learn-log" aria-label="What happened" tabIndex={0}>
      {run.markers.map((m, i) => (
        <li key={i}>
          <b>{m.kind === 'model' || m.kind === 'stage' ? `Update ${m.update}` : `Epoch ${m.epoch + 1}`}.</b> {m.text}
        </li>
      ))}
      {run.done && (
        <li>
          <b>End.</b> Final AUC {formatAuc(run.done.auc)}.
        </li>
      )}
    </ol>
  );
}
