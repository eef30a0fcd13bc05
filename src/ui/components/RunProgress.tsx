import type { Phase } from '../../core/train/progress';
import { formatDuration, formatInt } from '../format';
import { AnswersCurve } from './AnswersCurve';
import { useShallow } from 'zustand/react/shallow';
import { roundReached, useLab, type RunStatus } from '../store';
import { RunConfig } from './RunConfig';

const PHASES: Record<Phase, string> = {
  plain: 'Warm-up (plain)',
  trimmed: 'Warm-up (trimmed loss)',
  polarization: 'Polarization',
  query: 'Query round',
  odim: 'Training the ensemble',
  autoencoder: 'Training the autoencoder',
  generator: 'Generator on the clean rows',
  contrast: 'Contrastive encoder',
  done: 'Done',
};

const STATUS: Record<RunStatus, string> = {
  idle: 'Not started',
  starting: 'Starting…',
  running: 'Training',
  paused: 'Paused',
  done: 'Finished',
  stopped: 'Stopped',
  error: 'Failed',
};

/** Phase, epoch, update, elapsed, time left and round of the run, with a progress bar. */
export function RunProgress() {
  const run = useLab((s) => s.run);
  const p = useLab((s) => s.progress);
  const result = useLab((s) => s.result);
  const openRound = useLab((s) => s.round?.view.round ?? null);
  // The early questions (round 0) wait for no one: the warm-up trains while they are open.
  const waiting = openRound != null && openRound > 0;
  const reached = useLab(roundReached);
  // Counted from the page's own labels: progress events lag the answers by an update.
  const labeled = useLab(
    useShallow((s) => {
      let inliers = 0;
      for (const l of s.labels.values()) if (l.label === 0) inliers++;
      return { inliers, total: s.labels.size };
    }),
  );
  if (run.status === 'idle') return null;
  // The answers' choice as of the latest round, then the run's final one.
  const ranking = result?.ranking ?? p?.ranking ?? null;

  const fraction = result ? 1 : p && p.totalUpdates ? Math.min(1, p.update / p.totalUpdates) : 0;
  // Time spent waiting for the analyst says nothing about training speed.
  const trainingMs = p ? Math.max(1, p.elapsedMs - run.labelingMs) : 0;
  const leftMs = p && p.update > 0 && !result ? (trainingMs / p.update) * (p.totalUpdates - p.update) : null;
  const state = waiting ? 'Waiting for your answers' : run.status === 'running' && p ? PHASES[p.phase] : STATUS[run.status];

  return (
    <div className="run-progress" data-testid="run-progress">
      <div className="progress-head">
        <p className="run-state" role="status" data-testid="run-status" data-status={run.status}>
          {state}
        </p>
        <progress max={1} value={fraction} aria-label="Training progress" />
      </div>
      <dl className="stats">
        <Stat term="Phase" value={result ? PHASES.done : p ? PHASES[p.phase] : '—'} />
        {p?.model != null && run.config && <Stat term="Model" value={`${p.model} / ${run.config.odim.models}`} />}
        <Stat
          term={p?.method === 'odim' ? 'Check' : 'Epoch'}
          value={p ? `${Math.min(p.epoch + 1, p.totalEpochs)} / ${p.totalEpochs}` : '—'}
        />
        <Stat
          term="Update"
          value={result ? formatInt(result.updates) : p ? `${formatInt(p.update)} / ${formatInt(p.totalUpdates)}` : '—'}
        />
        <Stat term="Elapsed" value={formatDuration(result ? result.seconds * 1000 : p?.elapsedMs)} />
        <Stat term="Time left" value={result ? '0:00' : leftMs == null ? '—' : `~${formatDuration(leftMs)}`} />
        {p && p.rounds > 0 && <Stat term="Round" testId="run-round" value={`${openRound || Math.max(p.round, reached)} / ${p.rounds}`} />}
        {labeled.total > 0 && <Stat term="Labeled" value={`${labeled.inliers} inlier · ${labeled.total - labeled.inliers} outlier`} />}
      </dl>
      <RunConfig />
      {/* Two boxes, two questions: which of the model's scores the guard kept, and what ranks the table (it may be the
          model's score, or a forest, or a mix): each says which it answers. The test ids hold the sentences alone. */}
      {result?.guard && (
        <p className="alert alert-info">
          <span>
            <strong>The model’s score.</strong>{' '}
            <span data-testid="guard-verdict" data-choice={result.guard.choice}>
              {result.guard.reason}
            </span>
          </span>
        </p>
      )}
      {ranking && (
        <p className="alert alert-info">
          <span>
            <strong>The ranking in use.</strong>{' '}
            <span data-testid="ranking-reason" data-choice={ranking.choice}>
              {ranking.reason}
            </span>
          </span>
        </p>
      )}
      {ranking && ranking.curve.length > 0 && <AnswersCurve curve={ranking.curve} />}
      {run.notice && <p className="alert alert-info">{run.notice}</p>}
      {run.error && (
        <div className="alert alert-error" role="alert">
          <p>
            <strong>The run failed.</strong> {run.error}
          </p>
        </div>
      )}
    </div>
  );
}

function Stat({ term, value, testId }: { term: string; value: string; testId?: string }) {
  return (
    <div className="stat" data-testid={testId}>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </div>
  );
}
