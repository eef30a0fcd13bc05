import { useEffect, useId, useRef } from 'react';
import { roundName, useLab } from '../store';
import { CandidateCard } from './CandidateCard';
import { LabelHistory } from './LabelHistory';

/** The query round's card next to the history of answers; a hint when nothing is asked. */
export function LabelingPanel() {
  const headingId = useId();
  const round = useLab((s) => s.round);
  const simulated = useLab((s) => s.simulatedRound);
  const status = useLab((s) => s.run.status);
  const method = useLab((s) => s.run.config?.method ?? s.method);
  const hasLabels = useLab((s) => s.labels.size > 0);
  const panelRef = useRef<HTMLElement>(null);
  const openRound = round?.view.round ?? null;
  useEffect(() => {
    // Training waits for the answers: bring a new round's card into view, answer buttons included (on a phone
    // the panel's heading can be on screen while the buttons are below it).
    const el = panelRef.current;
    if (openRound == null || !el) return;
    const cardEl = el.querySelector<HTMLElement>('[data-testid="candidate-card"]') ?? el;
    const buttons = cardEl.querySelector('.button-row') ?? cardEl;
    const top = cardEl.getBoundingClientRect().top;
    if (top < 0 || buttons.getBoundingClientRect().bottom > window.innerHeight) {
      const still = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
      cardEl.scrollIntoView({ block: 'start', behavior: still ? 'auto' : 'smooth' });
    }
  }, [openRound]);
  if (method !== 'imboost' && !hasLabels) return null;
  return (
    <section className="panel labeling" aria-labelledby={headingId} data-shortcut-scope="labeling" ref={panelRef}>
      <p className="sr-only" aria-live="polite">
        {round ? `Questions open (${roundName(round.view)}) with ${round.view.rows.length} candidates.` : ''}
      </p>
      <h2 id={headingId}>
        {round ? (round.view.round === 0 ? 'Early questions' : `Query round ${round.view.round} of ${round.view.rounds}`) : 'Your answers'}
      </h2>
      <div className="labeling-grid">
        <div>
          {round ? (
            <CandidateCard />
          ) : (
            <>
              <p className="muted waiting-note">
                {simulated && (status === 'running' || status === 'paused')
                  ? `The ground truth answered ${roundName(simulated)} (${simulated.answered} rows). Training goes on.`
                  : status === 'running' || status === 'starting'
                    ? 'Training… the next query round will show its candidates here.'
                    : status === 'paused'
                      ? 'Paused.'
                      : status === 'idle'
                        ? 'Start IMBoost: in each query round it asks you about a few rows, one at a time.'
                        : 'The run is over; you can still flip or clear answers before exporting.'}
              </p>
              <RoundLog />
            </>
          )}
        </div>
        <LabelHistory />
      </div>
    </section>
  );
}

/** What each closed round got: answers by kind, and who gave them. */
function RoundLog() {
  const log = useLab((s) => s.roundLog);
  if (!log.length) return null;
  return (
    <table className="round-log">
      <caption className="sr-only">Closed query rounds</caption>
      <thead>
        <tr>
          <th scope="col">Round</th>
          <th scope="col" className="num">
            Candidates
          </th>
          <th scope="col" className="num">
            Inlier
          </th>
          <th scope="col" className="num">
            Outlier
          </th>
          <th scope="col" className="num" title="Skipped, or left when training moved on (the early questions close when round 1 comes)">
            Unanswered
          </th>
          <th scope="col">Answered by</th>
        </tr>
      </thead>
      <tbody>
        {log.map((r) => (
          <tr key={r.round}>
            <td>{r.round === 0 ? 'early' : `${r.round} of ${r.rounds}`}</td>
            <td className="num">{r.candidates}</td>
            <td className="num">{r.inliers}</td>
            <td className="num">{r.outliers}</td>
            <td className="num">{r.candidates - r.inliers - r.outliers}</td>
            <td>{r.by}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
