import { useMemo } from 'react';
import { editLabel } from '../session';
import { answersEditable, useLab } from '../store';

const SHOWN = 40;

/** The latest answers, newest first; each can be flipped or cleared. */
export function LabelHistory() {
  const labels = useLab((s) => s.labels);
  const entries = useMemo(() => [...labels.values()].sort((a, b) => b.time - a.time || b.row - a.row).slice(0, SHOWN), [labels]);
  const editable = useLab(answersEditable);
  const inliers = useMemo(() => [...labels.values()].filter((l) => l.label === 0).length, [labels]);
  return (
    <div className="history">
      <h3>
        Answers{' '}
        <span className="muted">
          ({inliers} inlier, {labels.size - inliers} outlier)
        </span>
      </h3>
      {!editable && entries.length > 0 && (
        <p className="muted small" data-testid="answers-read-only">
          Read only: this session is open in another tab, which owns its answers. Take it back to change them.
        </p>
      )}
      {entries.length === 0 ? (
        <p className="muted small">None yet.</p>
      ) : (
        <ol className="history-list" data-testid="label-history">
          {entries.map((l) => (
            <li key={l.row} data-testid="label-history-item" data-row-index={l.row} data-label={l.label === 1 ? 'outlier' : 'inlier'}>
              <span className="history-row">Row {l.row + 1}</span>
              <span className={`tag ${l.label === 1 ? 'tag-outlier' : 'tag-inlier'}`}>{l.label === 1 ? 'outlier' : 'inlier'}</span>
              {l.source === 'ground truth' && <span className="muted small">truth</span>}
              <span className="history-actions">
                <button
                  type="button"
                  className="small-button"
                  data-testid="flip-label"
                  disabled={!editable}
                  aria-label={`Flip row ${l.row + 1} to ${l.label === 1 ? 'inlier' : 'outlier'}`}
                  onClick={() => void editLabel(l.row, l.label === 1 ? 0 : 1)}
                >
                  Flip
                </button>
                <button
                  type="button"
                  className="small-button"
                  data-testid="clear-label"
                  disabled={!editable}
                  aria-label={`Clear the label of row ${l.row + 1}`}
                  onClick={() => void editLabel(l.row, -1)}
                >
                  Clear
                </button>
              </span>
            </li>
          ))}
        </ol>
      )}
      {labels.size > SHOWN && (
        <p className="muted small">
          Showing the latest {SHOWN} of {labels.size}; all are in the score table and the export.
        </p>
      )}
    </div>
  );
}
