import type { Method } from '../core/config';
import type { RunState } from './runState';
import { demoSchedule } from './schedule';
import { demoConfig } from './demoConfig';

/**
 * The run's schedule as a bar: segments fill as their epochs pass, round ticks light up when their
 * round has been asked, and a cursor marks the current epoch.
 */
export function PhaseTimeline({ method, run }: { method: Method; run: RunState }) {
  // The autoencoders have one phase; their status line and the charts say all there is.
  if (method === 'ae' || method === 'gradstop' || method === 'rejection') return null;
  if (method === 'contrast') return <ContrastStages run={run} />;
  const schedule = demoSchedule(method);
  if (!schedule) {
    const models = demoConfig('odim', 0).odim.models;
    const model = run.model ?? (run.status === 'idle' ? 0 : 1);
    return (
      <div className="learn-timeline learn-timeline-odim" role="group" aria-label={`ODIM: model ${model} of ${models}`}>
        <span className="learn-muted">{models} models, each kept at its most bimodal moment:</span>
        {Array.from({ length: models }, (_, i) => (
          <div
            key={i}
            className={`learn-seg learn-seg-odim${i + 1 < model || run.status === 'done' ? ' passed' : i + 1 === model ? ' current' : ''}`}
          >
            model {i + 1}
          </div>
        ))}
      </div>
    );
  }
  const total = schedule.totalEpochs;
  const started = run.status !== 'idle';
  const epochDone = run.status === 'done' ? total : started ? run.epoch + 1 : 0;
  const pct = (e: number) => `${(100 * e) / total}%`;
  return (
    <div className="learn-timeline" role="group" aria-label={`Schedule: epoch ${epochDone} of ${total}`}>
      <div className="learn-timeline-bar">
        {schedule.segments.map((s) => (
          <div key={s.kind} className={`learn-seg learn-seg-${s.kind}`} style={{ left: pct(s.from), width: pct(s.to - s.from) }}>
            <div
              className="learn-seg-fill"
              style={{ width: `${(100 * Math.min(Math.max(epochDone - s.from, 0), s.to - s.from)) / (s.to - s.from)}%` }}
            />
            <span className="learn-seg-label">{s.label}</span>
          </div>
        ))}
        {schedule.rounds.map((e, i) => (
          <div
            key={e}
            className={`learn-round-tick${run.queries.length > i ? ' asked' : ''}`}
            style={{ left: pct(e + 1) }}
            title={`Query round ${i + 1} after epoch ${e + 1}`}
          >
            <span>R{i + 1}</span>
          </div>
        ))}
        {started && <div className="learn-cursor" style={{ left: pct(epochDone) }} />}
      </div>
    </div>
  );
}

const CONTRAST_STAGES = ['IWAE warm-up', 'generator', 'contrast encoder'] as const;

/** Contrast's three stages in order (its warm-up is IMBoost's; then the generator and the encoder on the clean rows). */
function ContrastStages({ run }: { run: RunState }) {
  const at = run.status === 'done' ? 3 : run.phase === 'contrast' ? 2 : run.phase === 'generator' ? 1 : run.status === 'idle' ? -1 : 0;
  return (
    <div
      className="learn-timeline learn-timeline-odim"
      role="group"
      aria-label={`Contrast: ${CONTRAST_STAGES[Math.max(0, Math.min(at, 2))]}`}
    >
      <span className="learn-muted">Stages:</span>
      {CONTRAST_STAGES.map((name, i) => (
        <div key={name} className={`learn-seg learn-seg-odim${i < at ? ' passed' : i === at ? ' current' : ''}`}>
          {name}
        </div>
      ))}
    </div>
  );
}
