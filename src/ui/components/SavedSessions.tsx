import { useId } from 'react';
import { deleteSaved, resumeSession } from '../session';
import { useLab } from '../store';
import { formatInt } from '../format';
import { describeStatus } from './SessionNotices';

/** Every saved session, newest first: open one, or delete it to free space. */
export function SavedSessions() {
  const headingId = useId();
  const saved = useLab((s) => s.saved);
  const openId = useLab((s) => s.session);
  const busy = useLab((s) => s.restore.status === 'busy');
  const persist = useLab((s) => s.persist.status);
  return (
    <details
      className="panel saved-sessions"
      id="saved-sessions"
      data-testid="saved-sessions"
      open={persist === 'quota' ? true : undefined}
    >
      <summary>
        <h2 id={headingId} className="inline-heading">
          Saved sessions <span className="muted small">({saved.length})</span>
        </h2>
      </summary>
      {saved.length === 0 ? (
        <p className="muted small">None yet. A session is saved in this browser as soon as you open a file or start a run.</p>
      ) : (
        <ul className="session-list" aria-labelledby={headingId}>
          {saved.map((x) => {
            const here = x.id === openId;
            return (
              <li key={x.id} data-testid="saved-session" data-session-id={x.id} className={here ? 'is-open' : undefined}>
                <div className="session-text">
                  <strong>{x.fileName}</strong>
                  <span className="muted small">
                    {formatInt(x.rows)} rows · {formatInt(x.labels)} answer{x.labels === 1 ? '' : 's'} · {describeStatus(x.status, x.round)}
                  </span>
                  <span className="muted small">
                    {here ? 'open here' : x.elsewhere ? 'open in another tab' : `saved ${new Date(x.updatedAt).toLocaleString('en-US')}`}
                  </span>
                  {x.unopenable ? (
                    <span className="small session-problem" data-testid="saved-session-problem">
                      {x.unopenable}
                    </span>
                  ) : x.note ? (
                    <span className="small session-problem" data-testid="saved-session-note">
                      {x.note}
                    </span>
                  ) : null}
                </div>
                <div className="button-row">
                  <button
                    type="button"
                    className="small-button"
                    data-testid="open-saved-session"
                    disabled={here || busy || x.unopenable != null}
                    title={x.unopenable ?? undefined}
                    onClick={() => void resumeSession(x.id)}
                    aria-label={`Open ${x.fileName}, saved ${new Date(x.updatedAt).toLocaleString('en-US')}`}
                  >
                    Open
                  </button>
                  <button
                    type="button"
                    className="small-button"
                    data-testid="delete-session"
                    disabled={here || x.elsewhere}
                    title={here ? 'This session is open here' : x.elsewhere ? 'Open in another tab' : undefined}
                    aria-label={`Delete ${x.fileName}, saved ${new Date(x.updatedAt).toLocaleString('en-US')}`}
                    onClick={() => {
                      if (window.confirm(`Delete the saved session of ${x.fileName} (${x.labels} answers)? This cannot be undone.`))
                        void deleteSaved(x.id);
                    }}
                  >
                    Delete
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <p className="muted small">
        Sessions stay in this browser only: the table, your answers, the scores and the model's last checkpoint.
      </p>
    </details>
  );
}
