import { retrySave } from '../session';
import { useLab } from '../store';

const TEXT: Record<string, string> = {
  saving: 'Saving…',
  saved: 'Saved on this device',
  quota: 'Not saved: storage full',
  unsaved: 'Not saved',
  error: 'Not saved',
  taken: 'Open in another tab',
  unavailable: 'Cannot save here',
};

/** Where the open session stands: saved, saving, or not saved (and why, in the notices). */
export function SaveStatus() {
  const status = useLab((s) => s.persist.status);
  const message = useLab((s) => s.persist.message);
  if (status === 'off') return null;
  const bad = status !== 'saving' && status !== 'saved';
  return (
    <span className="save-status-wrap">
      <span
        className={`save-status${bad ? ' save-status-bad' : ''}`}
        role="status"
        data-testid="save-status"
        data-status={status}
        title={message ?? undefined}
      >
        {TEXT[status]}
      </span>
      {status === 'unsaved' && (
        <button type="button" className="small-button" data-testid="save-now" onClick={() => void retrySave()}>
          Save now
        </button>
      )}
    </span>
  );
}
