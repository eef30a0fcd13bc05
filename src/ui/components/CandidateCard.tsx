import { formatCell, formatFixed, formatScore, formatShare, formatZ } from '../format';
import { answeredInRound, candidateAt, currentCard, NONE, roundName, useLab } from '../store';
import { ActionButton } from './ActionButton';
import { WHY_ASKED_EARLY, whyAsked } from '../../core/query/whyAsked';

/** How many of the most deviating features the card highlights. */
const TOP_DEVIATIONS = 4;

/** One candidate at a time: its values, what stands out, and the answer buttons. */
export function CandidateCard() {
  const round = useLab((s) => s.round);
  // The card's values and deviations come from the worker as the cursor nears them (session/cards.ts).
  const card = useLab(currentCard);
  const header = useLab((s) => s.table?.header ?? NONE);
  const labelColumn = useLab((s) => s.labelColumn);
  const answered = useLab(answeredInRound);
  const config = useLab((s) => s.run.config);
  if (!round) return null;
  const query = config?.method === 'imboost' ? { strategy: config.imboost.query, alpha: config.imboost.alpha } : null;
  const n = round.view.rows.length;
  const candidate = candidateAt(round.view, round.cursor);
  const early = round.view.round === 0;

  if (!candidate) {
    return (
      <div className="card candidate-card done-card" data-testid="candidate-card" data-row-index="" aria-live="polite">
        <p className="card-kicker">{capitalized(roundName(round.view))}</p>
        <p className="card-title">
          {n === 0 ? 'No candidates this round.' : `All ${n} candidates seen: ${answered} answered, ${n - answered} skipped.`}
        </p>
        <p>
          {early ? (
            <>
              Training goes on meanwhile; press <kbd>Enter</kbd> to close these.
            </>
          ) : (
            <>
              Press <kbd>Enter</kbd> to continue training.
            </>
          )}
        </p>
        <div className="button-row">
          <ActionButton id="undo">Undo</ActionButton>
          <ActionButton id="continue-training" className="primary" testId="continue-training">
            Continue training
          </ActionButton>
        </div>
      </div>
    );
  }

  const top = card?.deviations.slice(0, TOP_DEVIATIONS) ?? [];
  const highlighted = new Map(top.map((d) => [d.column, d.z]));
  return (
    <article
      className="card candidate-card"
      data-testid="candidate-card"
      data-row-index={candidate.row}
      data-loading={card ? undefined : 'true'}
      aria-labelledby="candidate-title"
      aria-busy={card ? undefined : true}
    >
      <p className="card-kicker">
        Candidate {round.cursor + 1} of {n} · {roundName(round.view)}
        {early && ' (the warm-up trains meanwhile)'}
      </p>
      <h3 id="candidate-title" className="card-title">
        Row {candidate.row + 1}: inlier or outlier?
      </h3>
      {query && (
        <p className="muted small" data-testid="candidate-why">
          {early ? WHY_ASKED_EARLY : whyAsked(query.strategy, candidate.posterior, query.alpha)}
        </p>
      )}
      <dl className="card-scores">
        <div>
          <dt>Score</dt>
          <dd>{formatScore(candidate.score)}</dd>
        </div>
        <div>
          <dt>Inlier posterior</dt>
          <dd>{formatFixed(candidate.posterior, 3)}</dd>
        </div>
        {labelColumn != null && card && (
          <div className="truth">
            <dt>{header[labelColumn]} (ground truth)</dt>
            <dd data-testid="candidate-truth">{card.cells[labelColumn]}</dd>
          </div>
        )}
      </dl>
      {top.length > 0 && (
        <p className="deviations">
          <span className="muted" title="Robust z-score against the rows the model deems typical; a category only when few rows hold it">
            Stands out:
          </span>{' '}
          {top.map((d) => (
            <span
              key={d.column}
              className={`chip ${d.z > 0 ? 'chip-high' : 'chip-low'}`}
              title={d.category === undefined ? undefined : `As rare as a ${formatZ(d.z)}σ value`}
            >
              {d.category === undefined ? `${d.name} ${formatZ(d.z)}σ` : `${d.name} = ${d.category} (${formatShare(d.share ?? 0)} of rows)`}
            </span>
          ))}
        </p>
      )}
      {card ? (
        <div className="cells" role="list" aria-label="Values of the row" tabIndex={0}>
          {card.cells.map((v, c) =>
            c === labelColumn ? null : (
              <div role="listitem" key={c} className={`cell${highlighted.has(c) ? ' cell-hot' : ''}`} title={`${header[c]}: ${v}`}>
                <span className="cell-name">{header[c]}</span>
                <span className="cell-value">{formatCell(v)}</span>
              </div>
            ),
          )}
        </div>
      ) : (
        <p className="muted" data-testid="candidate-loading">
          Reading the row&apos;s values…
        </p>
      )}
      <div className="button-row answer-buttons">
        <ActionButton id="label-inlier" testId="label-inlier" className="tone-inlier">
          Inlier
        </ActionButton>
        <ActionButton id="label-outlier" testId="label-outlier" className="tone-outlier">
          Outlier
        </ActionButton>
        <ActionButton id="skip" testId="skip-candidate">
          Skip
        </ActionButton>
        <ActionButton id="undo" testId="undo-answer">
          Undo
        </ActionButton>
        <span className="spacer" />
        <ActionButton id="continue-training" testId="continue-training">
          Continue training
        </ActionButton>
      </div>
    </article>
  );
}

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
