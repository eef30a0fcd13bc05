import { useId, useState } from 'react';
import { MAX_FEATURE_COLUMNS } from '../../core/data/features';
import { NUMBER_FORMAT_IDS, NUMBER_FORMATS, type NumberFormatId } from '../../core/data/numberFormat';
import type { ColumnInfo, ColumnKind } from '../../core/data/schema';
import { formatCell, formatInt } from '../format';
import { setAllColumnsIncluded, setColumnIncluded, setDateParts, setLabelColumn, setNumberFormat, setOutlierValue } from '../session';
import { isRunActive, useLab } from '../store';
import { COLUMN_PAGE, columnWindow, labelChoices, type ColumnWindow } from '../columnWindow';

const KIND_HELP: Record<ColumnKind, string> = {
  numeric: 'numbers, used as they are (scaled to [0, 1])',
  categorical: 'a few repeated values, one-hot encoded',
  identifier: 'a different value in every row (an id): excluded by default',
  constant: 'a single value: carries no information',
  date: 'dates: days since 1970 (plus weekday / hour if asked)',
};

/**
 * The ground-truth choice, then the columns with their kind, missing cells, sample and include box: a page of
 * them at a time (columnWindow.ts), so a table of any width renders in a moment.
 */
export function ColumnPanel() {
  const columns = useLab((s) => s.columns);
  const locked = useLab(isRunActive);
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(0);
  if (!columns.length) return null;
  const win = columnWindow(columns, search, page);
  return (
    <div className="columns" data-testid="data-panel-columns">
      <LabelColumnChoice disabled={locked} shown={win.shown} />
      <div className="columns-head">
        <h3>Columns</h3>
        <div className="button-row">
          <button type="button" className="small-button" disabled={locked} onClick={() => setAllColumnsIncluded(true)}>
            Use all
          </button>
          <button type="button" className="small-button" disabled={locked} onClick={() => setAllColumnsIncluded(false)}>
            Use none
          </button>
        </div>
      </div>
      {columns.length > MAX_FEATURE_COLUMNS && (
        <p className="help" data-testid="column-limit">
          This table has {formatInt(columns.length)} columns; a model takes at most {formatInt(MAX_FEATURE_COLUMNS)} feature columns (after
          one-hot encoding). Choose <em>Use none</em>, then tick the columns to keep (search them by name), or leave columns out of the file
          first.
        </p>
      )}
      {columns.length > COLUMN_PAGE && (
        <ColumnPager
          win={win}
          total={columns.length}
          search={search}
          onSearch={(q) => {
            setSearch(q);
            setPage(0);
          }}
          onPage={setPage}
        />
      )}
      <div className="column-list" role="group" aria-label="Columns used as features" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">Use</th>
              <th scope="col">Column (sample values)</th>
              <th scope="col">Kind</th>
              <th scope="col" className="num">
                Missing
              </th>
            </tr>
          </thead>
          <tbody>
            {win.shown.map((c) => (
              <ColumnRow key={c.index} column={c} disabled={locked} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** Which columns are on screen, a search by name, and the way to the next and previous page of them. */
function ColumnPager(props: { win: ColumnWindow; total: number; search: string; onSearch(q: string): void; onPage(p: number): void }) {
  const { win, total, search } = props;
  const searchId = useId();
  const last = win.first + win.shown.length;
  return (
    <div className="column-pager">
      <label htmlFor={searchId}>Find a column</label>
      <input
        id={searchId}
        type="search"
        data-testid="column-search"
        value={search}
        spellCheck={false}
        onChange={(e) => props.onSearch(e.currentTarget.value)}
      />
      <span data-testid="column-window" aria-live="polite">
        {win.matching === 0
          ? 'No column matches.'
          : `Columns ${formatInt(win.first + 1)}–${formatInt(last)} of ${formatInt(win.matching)}${win.matching < total ? ` matching (${formatInt(total)} in all)` : ''}, ${COLUMN_PAGE} at a time.`}
      </span>
      <span className="button-row">
        <button type="button" className="small-button" disabled={win.page === 0} onClick={() => props.onPage(win.page - 1)}>
          Previous
        </button>
        <button
          type="button"
          className="small-button"
          data-testid="column-next"
          disabled={win.page >= win.pages - 1}
          onClick={() => props.onPage(win.page + 1)}
        >
          Next
        </button>
      </span>
    </div>
  );
}

function ColumnRow({ column: c, disabled }: { column: ColumnInfo; disabled: boolean }) {
  const isLabel = useLab((s) => s.labelColumn === c.index);
  const id = useId();
  return (
    <tr className={isLabel ? 'is-label' : undefined}>
      <td>
        <input
          id={id}
          type="checkbox"
          checked={c.included}
          disabled={disabled || isLabel}
          onChange={(e) => setColumnIncluded(c.index, e.currentTarget.checked)}
        />
      </td>
      <td>
        <label htmlFor={id} className="column-name" title={c.name}>
          {c.name}
        </label>
        {isLabel && <span className="tag tag-label">label</span>}
        <span className="sample" title={c.sample.join(', ')}>
          {c.sample.slice(0, 3).map(formatCell).join(', ')}
        </span>
      </td>
      <td>
        <span className={`tag tag-${c.kind}`} title={KIND_HELP[c.kind]}>
          {c.kind}
        </span>
        {c.note && (
          <span className="column-note" data-testid={`column-note-${c.index}`}>
            {c.note}
          </span>
        )}
        {c.numberFormat && c.kind === 'numeric' && <NumberFormatChoice column={c} disabled={disabled} />}
        {c.kind === 'date' && <DatePartsChoice column={c} disabled={disabled} />}
      </td>
      <td className="num">{c.missing ? formatInt(c.missing) : '0'}</td>
    </tr>
  );
}

/** How the column's numbers are read; offered where it was not plain, or could not be told for sure. */
function NumberFormatChoice({ column: c, disabled }: { column: ColumnInfo; disabled: boolean }) {
  const id = useId();
  return (
    <span className="column-option">
      <label htmlFor={id}>Numbers</label>
      <select
        id={id}
        data-testid={`number-format-${c.index}`}
        value={c.numberFormat ?? 'plain'}
        disabled={disabled}
        onChange={(e) => setNumberFormat(c.index, e.currentTarget.value as NumberFormatId)}
      >
        {NUMBER_FORMAT_IDS.map((f) => (
          <option key={f} value={f}>
            {NUMBER_FORMATS[f].label}
          </option>
        ))}
      </select>
    </span>
  );
}

/** A date column always gives its days since 1970; weekday and hour are extra features on request. */
function DatePartsChoice({ column: c, disabled }: { column: ColumnInfo; disabled: boolean }) {
  const parts = c.dateParts ?? { weekday: false, hour: false };
  return (
    <span className="column-option">
      <label>
        <input
          type="checkbox"
          data-testid={`date-weekday-${c.index}`}
          checked={parts.weekday}
          disabled={disabled}
          onChange={(e) => setDateParts(c.index, { weekday: e.currentTarget.checked })}
        />
        + weekday
      </label>
      {c.hasTime && (
        <label>
          <input
            type="checkbox"
            data-testid={`date-hour-${c.index}`}
            checked={parts.hour}
            disabled={disabled}
            onChange={(e) => setDateParts(c.index, { hour: e.currentTarget.checked })}
          />
          + hour
        </label>
      )}
    </span>
  );
}

function LabelColumnChoice({ disabled, shown }: { disabled: boolean; shown: readonly ColumnInfo[] }) {
  const columns = useLab((s) => s.columns);
  const labelColumn = useLab((s) => s.labelColumn);
  const outlierValue = useLab((s) => s.outlierValue);
  const selectId = useId();
  const helpId = useId();
  const valueId = useId();
  const label = labelColumn == null ? null : columns.find((c) => c.index === labelColumn);
  const proposal = useLab((s) => (s.table && s.table.proposedLabel === labelColumn ? (s.table.proposedOutlier ?? null) : null));
  return (
    <div className="field-block">
      <label htmlFor={selectId}>Ground-truth label column</label>
      <select
        id={selectId}
        data-testid="label-column-select"
        aria-describedby={helpId}
        value={labelColumn == null ? 'none' : String(labelColumn)}
        disabled={disabled}
        onChange={(e) => setLabelColumn(e.currentTarget.value === 'none' ? null : Number(e.currentTarget.value))}
      >
        <option value="none">none</option>
        {labelChoices(columns, shown, labelColumn).map((c) => (
          <option key={c.index} value={String(c.index)}>
            {c.name}
            {c.labelCandidate ? ' (looks like a label)' : ''}
          </option>
        ))}
      </select>
      <p id={helpId} className="help">
        Known outlier flags, if the table has them: they measure the result and can answer the queries in a demo.
      </p>
      {label && (
        <div className="inline-field">
          <label htmlFor={valueId}>Outlier value</label>
          <input
            id={valueId}
            type="text"
            value={outlierValue}
            placeholder="automatic"
            disabled={disabled}
            spellCheck={false}
            onChange={(e) => setOutlierValue(e.currentTarget.value)}
          />
          <span className="help">Which of the label&apos;s values marks an outlier; blank = 1, true, yes, outlier, anomaly…</span>
        </div>
      )}
      {label && proposal && outlierValue.trim() === '' && (
        <p className="help" data-testid="label-proposal">
          Proposed outlier value: <strong>{proposal.value}</strong> ({formatInt(proposal.count)} rows), {proposal.reason}.
        </p>
      )}
    </div>
  );
}
