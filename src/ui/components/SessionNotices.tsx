import { applyUpdate } from '../pwa';
import { continueAfterCrash, dismissRestoreMessage, dismissResumeOffer, keepUnsaved, resumeSession, retrySave } from '../session';
import { useLab } from '../store';
import { formatInt } from '../format';

/** Shows the saved-sessions list and brings it into view (after a storage error). */
function showSavedSessions(): void {
  const el = document.getElementById('saved-sessions');
  if (el instanceof HTMLDetailsElement) el.open = true;
  el?.scrollIntoView({ block: 'start' });
  el?.querySelector('summary')?.focus();
}

/**
 * What needs the analyst's attention about the session itself, above the workspace: the engine
 * crashed, another tab took the session, storage is full, a saved session can be resumed, a new
 * version is ready. Each says what happened and what to do.
 */
export function SessionNotices() {
  return (
    <div className="session-notices">
      <EngineLost />
      <SessionTaken />
      <StorageProblem />
      <RestoreMessage />
      <ResumeOffer />
      <UpdateReady />
    </div>
  );
}

function EngineLost() {
  const worker = useLab((s) => s.worker);
  const answers = useLab((s) => s.labels.size);
  if (worker.status === 'ok') return null;
  return (
    <div className="alert alert-error notice" role="alert" data-testid="worker-crashed">
      <div>
        <p>
          <strong>{worker.status === 'restarting' ? 'Restarting the compute engine…' : 'The compute engine stopped.'}</strong>{' '}
          {worker.message}
        </p>
        {worker.status === 'lost' && (
          <p>
            Your {formatInt(answers)} answer{answers === 1 ? ' is' : 's are'} kept. <em>Continue</em> starts a new engine, reads the table
            again and resumes training from the last checkpoint.
          </p>
        )}
      </div>
      {worker.status === 'lost' && (
        <button type="button" className="primary" data-testid="continue-after-crash" onClick={() => void continueAfterCrash()}>
          Continue
        </button>
      )}
    </div>
  );
}

function SessionTaken() {
  const persist = useLab((s) => s.persist);
  const session = useLab((s) => s.session);
  const busy = useLab((s) => s.restore.status === 'busy');
  if (persist.status !== 'taken' || !session) return null;
  const id = session;
  return (
    <div className="alert alert-info notice" role="alert" data-testid="session-taken">
      <p>
        <strong>Opened in another tab.</strong> {persist.message}
      </p>
      <button type="button" disabled={busy} data-testid="take-back-session" onClick={() => void resumeSession(id, { steal: true })}>
        Take it back
      </button>
    </div>
  );
}

function StorageProblem() {
  const persist = useLab((s) => s.persist);
  if (persist.status !== 'quota' && persist.status !== 'error') return null;
  return (
    <div className="alert alert-error notice" role="alert" data-testid="storage-full" data-kind={persist.status}>
      <div>
        <p>
          <strong>{persist.status === 'quota' ? 'Storage is full.' : 'Saving failed.'}</strong> {persist.message}
        </p>
        <div className="button-row">
          {persist.status === 'quota' && (
            <button type="button" className="small-button" onClick={showSavedSessions}>
              Delete old sessions…
            </button>
          )}
          <button type="button" className="small-button" data-testid="retry-save" onClick={() => void retrySave()}>
            Save again
          </button>
          <button type="button" className="small-button" data-testid="continue-unsaved" onClick={keepUnsaved}>
            Keep working without saving
          </button>
        </div>
      </div>
    </div>
  );
}

function RestoreMessage() {
  const restore = useLab((s) => s.restore);
  if (restore.status === 'busy') {
    return (
      <p className="alert alert-info notice" role="status" data-testid="restoring">
        {restore.id == null ? 'Opening the session file…' : 'Opening the saved session…'}
      </p>
    );
  }
  if (restore.status === 'idle' || !restore.message) return null;
  const id = restore.id;
  return (
    <div
      className={`alert notice ${restore.status === 'error' ? 'alert-error' : 'alert-info'}`}
      role="alert"
      data-testid={restore.status === 'elsewhere' ? 'session-elsewhere' : 'restore-error'}
    >
      <p>{restore.message}</p>
      <div className="button-row">
        {restore.status === 'elsewhere' && id && (
          <button type="button" className="primary" data-testid="take-over-session" onClick={() => void resumeSession(id, { steal: true })}>
            Take over here
          </button>
        )}
        <button type="button" className="small-button" onClick={dismissRestoreMessage}>
          Dismiss
        </button>
      </div>
    </div>
  );
}

function ResumeOffer() {
  const offer = useLab((s) => (s.resumeOffer ? (s.saved.find((x) => x.id === s.resumeOffer) ?? null) : null));
  const restoring = useLab((s) => s.restore.status !== 'idle');
  const open = useLab((s) => s.session != null);
  if (!offer || restoring || open) return null;
  return (
    <div className="alert alert-info notice resume-offer" data-testid="resume-offer">
      <div>
        <p>
          <strong>Pick up where you left off?</strong> {offer.fileName} ({formatInt(offer.rows)} rows) · {formatInt(offer.labels)} answer
          {offer.labels === 1 ? '' : 's'} · {describeStatus(offer.status, offer.round)} · saved{' '}
          {new Date(offer.updatedAt).toLocaleString('en-US')}
        </p>
        {offer.elsewhere && <p className="small">It is open in another tab; resuming here takes it over.</p>}
      </div>
      <div className="button-row">
        <button
          type="button"
          className="primary"
          data-testid="resume-session"
          onClick={() => void resumeSession(offer.id, { steal: offer.elsewhere })}
        >
          Resume
        </button>
        <button type="button" className="small-button" onClick={dismissResumeOffer}>
          Not now
        </button>
      </div>
    </div>
  );
}

export function describeStatus(status: string, round: string | null): string {
  if (round) return status === 'paused' ? `paused, ${round}` : round;
  switch (status) {
    case 'done':
      return 'finished';
    case 'running':
    case 'starting':
      return 'training';
    case 'paused':
      return 'paused';
    case 'stopped':
      return 'stopped';
    case 'error':
      return 'failed';
    default:
      return 'not started';
  }
}

function UpdateReady() {
  const ready = useLab((s) => s.updateReady);
  if (!ready) return null;
  return (
    <div className="alert alert-info notice" role="status" data-testid="update-available">
      <p>
        <strong>A new version of IMLab is ready.</strong> Reload to use it; your session is saved and can be resumed.
      </p>
      <button type="button" className="small-button" data-testid="apply-update" onClick={applyUpdate}>
        Reload now
      </button>
    </div>
  );
}
