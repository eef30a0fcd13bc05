import { useId, useState } from 'react';
import { SCORER_VS_RUN } from '../../core/score/agreement';
import type { ScoringAgreement } from '../../worker/api';
import { action, CONTRAST_NO_MODEL, performAction } from '../actions';
import { messageOf } from '../session/shared';
import { useLab } from '../store';
import { ActionButton } from './ActionButton';
import { FileButton } from './FileButton';

/** The finished run's model beyond this table: as an ONNX file, and scoring another table with the same columns. */
export function ModelPanel() {
  const headingId = useId();
  const ready = useLab((s) => action('export-onnx').enabled(s));
  const canScore = useLab((s) => action('score-table').enabled(s));
  const scoring = useLab((s) => s.scoring);
  const [error, setError] = useState<string | null>(null);
  const table = useLab((s) => s.table);
  const contrastDone = useLab((s) => s.run.status === 'done' && s.run.config?.method === 'contrast');
  if (!table) return null;
  return (
    <section className="panel model" aria-labelledby={headingId}>
      <h2 id={headingId}>Model</h2>
      <p className="help" data-testid="model-help">
        {ready
          ? `The deterministic scorer: the final weights with this table\u2019s encoding, fill values and ranges, and one fixed noise draw, so a row always gets the same score. ${SCORER_VS_RUN} The ONNX file (opset 13) runs in ONNX Runtime anywhere: see docs/scale-out.md.`
          : contrastDone
            ? CONTRAST_NO_MODEL
            : 'Available once a run has finished.'}
      </p>
      <div className="button-row">
        <ActionButton id="export-onnx" testId="export-onnx" hint={false} onError={setError}>
          Export model (ONNX)
        </ActionButton>
        <FileButton
          label="Score another table with this model"
          testId="score-table-input"
          accept=".csv,.tsv,.txt,.tab,.xlsx,.xls,.gz,.zip,.npz"
          enabled={canScore}
          onFile={(file) => void Promise.resolve(performAction('score-table', file)).catch((err: unknown) => setError(messageOf(err)))}
        />
      </div>
      {scoring.status === 'busy' && (
        <p className="muted" role="status" data-testid="score-table-status">
          Scoring {scoring.fileName}… {Math.round(scoring.fraction * 100)}%
        </p>
      )}
      {scoring.status === 'error' && (
        <p className="alert alert-error" role="alert" data-testid="score-table-error">
          {scoring.fileName}: {scoring.error}
        </p>
      )}
      {scoring.status === 'done' && scoring.result && (
        <div data-testid="score-table-result">
          <p role="status">
            Scored {scoring.result.rows.toLocaleString()} rows of {scoring.result.fileName} (scores {scoring.result.min.toFixed(2)} to{' '}
            {scoring.result.max.toFixed(2)}).
          </p>
          {scoring.result.agreement && <AgreementLine a={scoring.result.agreement} />}
          {scoring.result.messages.length > 0 && (
            <ul className="small" data-testid="score-table-messages">
              {scoring.result.messages.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          )}
          <ActionButton id="export-scored-csv" testId="export-scored-csv" hint={false} onError={setError}>
            Download {scoring.result.fileName} with scores (CSV)
          </ActionButton>
        </div>
      )}
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/** The scorer against the run's final score, when the table scored is the run's own. */
function AgreementLine({ a }: { a: ScoringAgreement }) {
  const rho = Number.isNaN(a.rho) ? 'n/a' : a.rho.toFixed(2);
  const why =
    a.rho < 0.95
      ? ' The orders differ because the run averages noisy scores over its last epochs while the model uses fixed noise: set a cutoff on the model\u2019s scores, not the run\u2019s.'
      : '';
  return (
    <p className="small" data-testid="scoring-agreement">
      {`This is the run\u2019s own table: the model ranks its rows with rank correlation ${rho} (Spearman) against the run\u2019s final scores, and ${a.sharedTop} of the run\u2019s top ${a.top} rows are among its top ${a.top}.${why}`}
    </p>
  );
}
