import { formatInt } from '../format';
import { useLab } from '../store';

/** "1,831 rows · 21 of 22 columns used (21 features) · 0 missing cells", and the label's split. */
export function FeatureSummaryLine() {
  const f = useLab((s) => s.features);
  const prepare = useLab((s) => s.prepare);
  const columns = useLab((s) => s.columns);
  if (prepare.status === 'error') {
    return (
      <div className="alert alert-error" role="alert" data-testid="prepare-error">
        <p>{prepare.error}</p>
      </div>
    );
  }
  if (!f) return prepare.status === 'busy' ? <p className="muted small">Preparing features…</p> : null;
  const used = columns.filter((c) => c.included).length;
  return (
    <div className="summary" data-testid="feature-summary" aria-live="polite">
      <p>
        <strong>{formatInt(f.rows)}</strong> rows · <strong>{used}</strong> of {columns.length} columns used ({formatInt(f.features)}{' '}
        features) · <strong>{formatInt(f.missingCells)}</strong> missing cells
        {f.imputed > 0 && <> ({formatInt(f.imputed)} filled with the median)</>}
        {prepare.status === 'busy' && <span className="muted"> · updating…</span>}
      </p>
      {f.messages.map((m) => (
        <p key={m} className="muted small">
          {m}
        </p>
      ))}
      {f.hasTruth && (
        <p className="muted small">
          The ground truth feeds the true risks and the AUC; training never sees it unless you let it answer the queries.
        </p>
      )}
    </div>
  );
}
