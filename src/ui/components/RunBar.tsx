import { useId } from 'react';
import { METHODS } from '../runForm';
import { action, canContinueWithContrast, canContinueWithImboost, performAction } from '../actions';
import { formErrors, setSimulatedOracle } from '../session';
import { isReadingTable, useLab } from '../store';
import { ActionButton } from './ActionButton';
import { RunProgress } from './RunProgress';

/** The run's controls and progress, always at the top of the workspace. */
export function RunBar() {
  const headingId = useId();
  return (
    <section className="panel run-bar" aria-labelledby={headingId}>
      <h2 id={headingId} className="sr-only">
        Run
      </h2>
      <div className="run-controls">
        <MethodSelect />
        <OracleToggle />
        <RunButtons />
      </div>
      <RunHint />
      <RunProgress />
    </section>
  );
}

function MethodSelect() {
  const id = useId();
  const helpId = useId();
  const method = useLab((s) => s.method);
  const locked = useLab((s) => !action('switch-method').enabled(s));
  return (
    <div className="method">
      <label htmlFor={id}>Method</label>
      <select
        id={id}
        data-testid="method-select"
        value={method}
        disabled={locked}
        aria-describedby={helpId}
        onChange={(e) => void performAction('switch-method', e.currentTarget.value)}
      >
        {METHODS.map((m) => (
          <option key={m.value} value={m.value}>
            {m.label}
          </option>
        ))}
      </select>
      <span id={helpId} className="sr-only">
        {METHODS.find((m) => m.value === method)?.help}
      </span>
    </div>
  );
}

function OracleToggle() {
  const id = useId();
  const helpId = useId();
  const on = useLab((s) => s.simulatedOracle);
  const hasTruth = useLab((s) => s.features?.hasTruth === true);
  const imboost = useLab((s) => (s.run.config?.method ?? s.method) === 'imboost');
  if (!imboost) return null;
  return (
    <div className="toggle">
      <input
        id={id}
        type="checkbox"
        data-testid="simulated-oracle-toggle"
        checked={on}
        disabled={!hasTruth}
        aria-describedby={helpId}
        onChange={(e) => void setSimulatedOracle(e.currentTarget.checked)}
      />
      <label htmlFor={id}>Ground truth answers the queries</label>
      <span id={helpId} className="sr-only">
        {hasTruth ? 'The label column answers every round; can be switched on mid-run.' : 'Needs a ground-truth label column.'}
      </span>
    </div>
  );
}

function RunButtons() {
  const status = useLab((s) => s.run.status);
  const queued = useLab((s) => s.startQueued);
  const continueImboost = useLab(canContinueWithImboost);
  const continueContrast = useLab(canContinueWithContrast);
  return (
    <div className="button-row run-buttons">
      <ActionButton id="start-run" testId="start-run" className="primary" hint={false}>
        {queued ? 'Starting when read…' : status === 'done' || status === 'stopped' || status === 'error' ? 'Start a new run' : 'Start'}
      </ActionButton>
      <ActionButton id="pause-run" testId="pause-run" hint={false}>
        Pause
      </ActionButton>
      <ActionButton id="resume-run" testId="resume-run" hint={false}>
        Resume
      </ActionButton>
      <ActionButton id="stop-run" testId="stop-run" hint={false}>
        Stop
      </ActionButton>
      {continueImboost && (
        <ActionButton id="continue-with-imboost" testId="continue-with-imboost" hint={false}>
          Continue with IMBoost
        </ActionButton>
      )}
      {continueContrast && (
        <ActionButton id="continue-with-contrast" testId="continue-with-contrast" hint={false}>
          Continue with contrast
        </ActionButton>
      )}
    </div>
  );
}

/** One line on what the selected method does, or why Start is not available yet. */
function RunHint() {
  const status = useLab((s) => s.run.status);
  const method = useLab((s) => s.method);
  const hasTruth = useLab((s) => s.features?.hasTruth === true);
  const blocker = useLab((s) =>
    s.startQueued
      ? `The run starts on ${s.intake.fileName ?? 'the table'} as soon as it is read and its columns prepared.`
      : isReadingTable(s) && s.backendStatus !== 'error'
        ? `Reading ${s.intake.fileName ?? 'the new table'}: Start now runs on it once it is read.`
        : s.backendSlow
          ? 'The compute backend has not started yet: pick another one in the backend settings (top right).'
          : s.backendStatus === 'error'
            ? 'No compute backend could start: try another one in the backend settings (top right).'
            : s.backendStatus !== 'ready'
              ? 'Waiting for the compute backend…'
              : s.prepare.status === 'error'
                ? 'The table is not ready: see the message in the Data panel.'
                : s.prepare.status !== 'busy' && !s.features
                  ? 'Load a table and choose its columns first.'
                  : Object.keys(formErrors(s)).length
                    ? 'Fix the highlighted hyperparameters first.'
                    : null,
  );
  if (status !== 'idle' && !blocker) return null;
  const about = METHODS.find((m) => m.value === method)?.help;
  const oracle = method === 'imboost' ? (hasTruth ? ' The ground truth can answer the rounds for you (demo).' : '') : '';
  return <p className="help run-hint">{blocker ?? `${about}${oracle}`}</p>;
}
