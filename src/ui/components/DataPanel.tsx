import { useId, useState } from 'react';
import { action, performAction } from '../actions';
import { FileButton } from './FileButton';
import { chooseSheet, DEMO_FILE, dismissIntakeError } from '../session';
import { isRunActive, NONE, useLab } from '../store';
import { formatInt } from '../format';
import { ColumnPanel } from './ColumnPanel';
import { FeatureSummaryLine } from './FeatureSummaryLine';

/** Which table is loaded, where to drop another, and what the parser says. */
export function DataPanel() {
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Data</h2>
      <TableNote />
      <SheetChoice />
      <DropZone />
      <IntakeStatus />
      <FeatureSummaryLine />
      <ColumnPanel />
    </section>
  );
}

function TableNote() {
  const table = useLab((s) => s.table);
  const isDemo = useLab((s) => s.isDemo);
  if (!table) return null;
  const size = `${formatInt(table.rows)} rows`;
  return (
    <p className="table-note" data-testid="table-note">
      {isDemo ? (
        <>
          <strong>Demo data:</strong> {DEMO_FILE} ({size}). Drop your own table to replace it.
        </>
      ) : (
        <>
          <strong>{table.fileName}</strong> ({size})
        </>
      )}
    </p>
  );
}

/** A workbook with several sheets: which one is read. */
function SheetChoice() {
  const sheets = useLab((s) => s.table?.sheets ?? NONE);
  const sheet = useLab((s) => s.table?.sheet ?? 0);
  const locked = useLab((s) => isRunActive(s) || s.intake.status === 'loading');
  const id = useId();
  if (sheets.length < 2) return null;
  return (
    <div className="inline-field">
      <label htmlFor={id}>Sheet</label>
      <select
        id={id}
        data-testid="sheet-select"
        value={String(sheet)}
        disabled={locked}
        onChange={(e) => void chooseSheet(Number(e.currentTarget.value))}
      >
        {sheets.map((name, i) => (
          <option key={i} value={String(i)}>
            {name}
          </option>
        ))}
      </select>
    </div>
  );
}

function DropZone() {
  const inputId = useId();
  const hintId = useId();
  // Not disabled while a table loads: a file chosen then replaces it (the newest choice wins).
  const busy = useLab((s) => !action('open-file').enabled(s));
  const running = useLab(isRunActive);
  const [over, setOver] = useState(false);
  return (
    <div
      className={`drop-zone${over ? ' drop-zone-over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={() => setOver(false)}
    >
      <label htmlFor={inputId}>Open a table</label>
      <input
        id={inputId}
        type="file"
        data-testid="file-input"
        accept=".csv,.tsv,.txt,.tab,.xlsx,.xls,.parquet,.pq,.gz,.zip,.npz"
        aria-describedby={hintId}
        disabled={busy}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          if (file) void performAction('open-file', file);
          e.currentTarget.value = ''; // the same file can be chosen again
        }}
      />
      <p id={hintId} className="muted small">
        Or drop a file anywhere on the page. CSV, TSV, TXT (UTF-8, UTF-16 or Windows-1252), Excel .xlsx, Parquet, NumPy .npz, or any of them
        as .gz or alone in a .zip; it is read on this device only.
        {running && ' The run going on stays saved as it is, and goes on when you open it again from Saved sessions.'}
      </p>
      <OpenSession />
    </div>
  );
}

/** "Open session": a session file saved with "Download session", here or in another browser, resumed where it stopped. */
function OpenSession() {
  const enabled = useLab((s) => action('open-session').enabled(s));
  return (
    <p className="small">
      <FileButton
        label="Open session (.imlab)"
        testId="session-input"
        accept=".imlab,application/zip"
        enabled={enabled}
        onFile={(file) => void performAction('open-session', file)}
      />
    </p>
  );
}

/** A table of thousands of odd columns has thousands of notes: the first ones say enough. */
const MAX_NOTES = 100;

function IntakeStatus() {
  const intake = useLab((s) => s.intake);
  const warnings = useLab((s) => s.table?.warnings ?? NONE);
  const progressId = useId();
  return (
    <>
      {intake.status === 'loading' && (
        <div className="parse-progress">
          <label htmlFor={progressId}>Reading {intake.fileName}…</label>
          <progress id={progressId} max={1} value={intake.fraction} data-testid="parse-progress" />
        </div>
      )}
      {intake.error && (
        <div className="alert alert-error" role="alert" data-testid="intake-error">
          <p>
            <strong>{intake.fileName ? `${intake.fileName} could not be read.` : 'The file could not be read.'}</strong> {intake.error}
          </p>
          <button type="button" className="small-button" onClick={dismissIntakeError}>
            Dismiss
          </button>
        </div>
      )}
      {warnings.length > 0 && (
        <details className="notes">
          <summary>
            {warnings.length} note{warnings.length > 1 ? 's' : ''} about the columns
          </summary>
          <ul>
            {warnings.slice(0, MAX_NOTES).map((w) => (
              <li key={w}>{w}</li>
            ))}
            {warnings.length > MAX_NOTES && <li>… and {formatInt(warnings.length - MAX_NOTES)} more.</li>}
          </ul>
        </details>
      )}
    </>
  );
}
