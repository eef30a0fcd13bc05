import { useId, useState } from 'react';
import { hasScores, useLab } from '../store';
import { baseName } from '../format';
import { ActionButton } from './ActionButton';

/** Downloads: the table with IMLab's columns, and the whole session as JSON. */
export function ExportPanel() {
  const headingId = useId();
  const table = useLab((s) => s.table);
  const ready = useLab(hasScores);
  const [error, setError] = useState<string | null>(null);
  if (!table) return null;
  const base = baseName(table.fileName);
  return (
    <section className="panel export" aria-labelledby={headingId}>
      <h2 id={headingId}>Export</h2>
      <div className="button-row">
        <ActionButton id="export-csv" testId="export-csv" hint={false} onError={setError}>
          Download {base}-imlab.csv
        </ActionButton>
        <ActionButton id="export-session" testId="export-session" hint={false}>
          Download session (.imlab)
        </ActionButton>
      </div>
      <p className="help">
        {ready
          ? 'The CSV is your table plus the model\'s score, inlier posterior, the final rank (your outliers first, your inliers last, as in the table), the model\'s own rank, label, label source and time. The session file keeps the table, your column choices, the config, every label, the model and the scores: "Open session" resumes it here or in another browser.'
          : 'Available once a run has scored the rows.'}
      </p>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
