import { describe, expect, it } from 'vitest';
import { Cell, classify, toNumber } from './cells';
import { parseDelimited } from './csv';
import { buildFeatures, inferSchema, tableFromParsed, type ColumnInfo, type TableSource } from './schema';
import { intakeError } from './testing';

const table = (text: string): TableSource => tableFromParsed(parseDelimited(text));

/** A CSV with `n` rows built from per-column value functions. */
function csv(cols: Record<string, (i: number) => string | number>, n = 12): TableSource {
  const names = Object.keys(cols);
  const lines = [names.join(',')];
  for (let i = 0; i < n; i++) lines.push(names.map((k) => String(cols[k](i))).join(','));
  return table(lines.join('\n'));
}

const byName = (cols: ColumnInfo[], name: string) => {
  const c = cols.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${name}`);
  return c;
};

describe('cell reading', () => {
  it('reads numbers strictly', () => {
    expect([' 12 ', '-1.5e3', '.5', '+7', '1.'].map(toNumber)).toEqual([12, -1500, 0.5, 7, 1]);
    for (const s of ['', '  ', '0x1f', '0b1', '0o7', '\u00a00x1f', 'Infinity', '1,5', '1_000', '12abc', '1e999']) {
      expect(toNumber(s)).toBeNaN();
    }
  });

  it('classifies missing, non-finite and text cells', () => {
    expect(['NA', ' null ', '?', 'NaN', '', '#N/A'].map(classify)).toEqual(Array(6).fill(Cell.Missing));
    expect(['Infinity', '-inf', '1e999', Infinity, 3.5e38].map(classify)).toEqual(Array(5).fill(Cell.NonFinite));
    expect([NaN, 2.5, 'abc', '0x1f'].map(classify)).toEqual([Cell.Missing, Cell.Number, Cell.Text, Cell.Text]);
  });
});

describe('inferSchema: column kinds', () => {
  const src = csv({
    id: (i) => i + 1,
    name: (i) => `item-${i}`,
    x: (i) => (i * 1.5) % 7,
    color: (i) => ['red', 'green', 'blue'][i % 3],
    k: () => 4,
    empty: () => '',
    code: (i) => [10, 20, 30][i % 3],
  });
  const { columns, proposedLabel, warnings } = inferSchema(src);

  it('detects numeric, categorical, identifier and constant columns', () => {
    expect(columns.map((c) => [c.name, c.kind])).toEqual([
      ['id', 'identifier'],
      ['name', 'identifier'],
      ['x', 'numeric'],
      ['color', 'categorical'],
      ['k', 'constant'],
      ['empty', 'constant'],
      ['code', 'numeric'],
    ]);
    expect(proposedLabel).toBeNull();
  });

  it('includes numeric and categorical columns only', () => {
    expect(columns.filter((c) => c.included).map((c) => c.name)).toEqual(['x', 'color', 'code']);
    expect(warnings.join('\n')).toMatch(/'id' looks like a row identifier/);
    expect(warnings.join('\n')).toMatch(/'k' has a single value/);
    expect(warnings.join('\n')).toMatch(/'empty' has no values/);
  });

  it('reports distinct counts, missing counts and a sample', () => {
    expect(byName(columns, 'color')).toMatchObject({ distinct: 3, missing: 0, sample: ['red', 'green', 'blue', 'red', 'green'] });
    expect(byName(columns, 'empty').missing).toBe(12);
  });

  it('does not call a shuffled or stepped integer column an identifier', () => {
    const s = inferSchema(csv({ a: (i) => (i * 5) % 12, b: (i) => i * 2, c: (i) => 100 + i }));
    expect(s.columns.map((c) => c.kind)).toEqual(['numeric', 'numeric', 'identifier']);
  });
});

describe('inferSchema: missing values', () => {
  const src = table('a,b,c\n' + '1,x,Infinity\n' + 'NA,y,2\n' + 'NaN,x,-inf\n' + 'null,y,1e999\n' + '?,,4\n' + ' 6 ,y,5\n' + 'n/a,x,6\n');
  const { columns, warnings } = inferSchema(src);

  it('counts empty, NA, NaN, null and ? as missing', () => {
    expect(byName(columns, 'a')).toMatchObject({ kind: 'numeric', missing: 5, distinct: 2 });
    expect(byName(columns, 'b')).toMatchObject({ kind: 'categorical', missing: 1, distinct: 2 });
  });

  it('counts non-finite values as missing, with a warning', () => {
    expect(byName(columns, 'c')).toMatchObject({ kind: 'numeric', missing: 3 });
    expect(warnings.join()).toMatch(/'c': 3 infinite or too-large value\(s\) counted as missing/);
  });
});

describe('inferSchema: mixed columns', () => {
  it('reads a mostly numeric column with a typo as numeric, the typo as missing', () => {
    const s = inferSchema(csv({ v: (i) => (i === 3 ? 'oops' : i * 0.5 + (i % 2)), w: (i) => i % 4 }, 40));
    expect(byName(s.columns, 'v')).toMatchObject({ kind: 'numeric', missing: 1 });
    expect(s.warnings.join()).toMatch(/'v': 1 non-numeric value\(s\) \(e\.g\. 'oops'\) counted as missing/);
  });

  it('reads a half-text column as categorical, with a warning', () => {
    const s = inferSchema(csv({ v: (i) => (i % 2 ? 'low' : i % 4), w: (i) => i % 3 }));
    expect(byName(s.columns, 'v').kind).toBe('categorical');
    expect(s.warnings.join()).toMatch(/'v' mixes numbers and text/);
  });

  it('keeps markup cells as inert strings', () => {
    const s = inferSchema(csv({ html: (i) => (i % 2 ? '<script>alert(1)</script>' : '<b>x</b>'), n: (i) => i % 5 }));
    expect(byName(s.columns, 'html')).toMatchObject({ kind: 'categorical', distinct: 2 });
    expect(byName(s.columns, 'html').sample[1]).toBe('<script>alert(1)</script>');
  });
});

describe('inferSchema: label column', () => {
  it.each(['label', 'Class', 'is_outlier', 'isAnomaly', 'y', 'TARGET', 'outlier_flag'])('proposes a two-valued column named %j', (name) => {
    const s = inferSchema(csv({ a: (i) => i % 5, b: (i) => (i * 7) % 3, [name]: (i) => (i % 4 ? 'no' : 'yes') }));
    expect(s.proposedLabel).toBe(2);
    expect(s.columns[2]).toMatchObject({ labelCandidate: true, included: false });
  });

  it('ignores label-like words inside other words, and non-binary label names', () => {
    const s = inferSchema(csv({ classroom: (i) => i % 2, a: (i) => i % 5, label: (i) => i % 3 }));
    expect(s.proposedLabel).toBeNull();
    expect(s.columns.map((c) => c.labelCandidate)).toEqual([false, false, false]);
    expect(s.warnings.join()).toMatch(/'label' is named like a label but has 3 values/);
  });

  it('proposes an outlier/inlier column whatever its name', () => {
    const s = inferSchema(csv({ a: (i) => i % 5, b: (i) => i % 3, status: (i) => (i === 4 ? 'Outlier' : 'inlier') }));
    expect(s.proposedLabel).toBe(2);
  });

  it('proposes the named one of several candidates', () => {
    const s = inferSchema(csv({ kind: (i) => (i % 2 ? 'anomaly' : 'normal'), a: (i) => i % 5, target: (i) => i % 2, b: (i) => i % 3 }));
    expect(s.proposedLabel).toBe(2);
    expect(s.columns[0].included).toBe(false);
    expect(s.warnings.join()).toMatch(/Several columns look like labels/);
  });
});

describe('buildFeatures', () => {
  const base = {
    a: (i: number) => (i === 2 ? '' : i),
    b: (i: number) => (i === 5 || i === 7 ? 'NaN' : 10 - i),
    c: (i: number) => ['u', 'v', 'w', 'x', 'y', 'z'][i % 6] + (i > 9 ? 'x' : ''),
    label: (i: number) => (i % 6 === 0 ? 1 : 0),
  };

  it('keeps numbers unscaled, imputes medians and one-hot encodes with a cap', () => {
    const src = csv(base);
    const s = inferSchema(src);
    expect(s.proposedLabel).toBe(3);
    const f = buildFeatures(src, s.columns, s.proposedLabel, { maxCategories: 4 });
    expect(f.featureNames).toEqual(['a', 'b', 'c=u', 'c=v', 'c=w', 'c=(other)']);
    expect(f.X.rows).toBe(12);
    expect(f.X.cols).toBe(6);
    const row = (r: number) => Array.from(f.X.data.subarray(r * 6, r * 6 + 6));
    expect(row(0)).toEqual([0, 10, 1, 0, 0, 0]);
    // a: median of 0..11 without 2 is 6; b: median of 10..-1 without 5 and 3 is (4 + 6) / 2.
    expect(row(2)).toEqual([6, 8, 0, 0, 1, 0]);
    expect(row(5)[1]).toBe(5);
    expect(row(11)).toEqual([11, -1, 0, 0, 0, 1]);
    expect(f.imputed).toBe(3);
    expect(f.missingCells).toBe(3);
    expect(f.featureSources).toEqual([0, 1, 2, 2, 2, 2]);
    expect(Array.from(f.y ?? [])).toEqual([1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
    expect(f.messages.join('\n')).toMatch(/'c' has 8 different values: the 3 most frequent/);
    expect(f.messages.join('\n')).toMatch(/Filled 3 missing cell\(s\) with the column median/);
  });

  it('never uses the label column as a feature', () => {
    const src = csv(base);
    const s = inferSchema(src);
    const cols = s.columns.map((c) => ({ ...c, included: true }));
    expect(buildFeatures(src, cols, 3).featureNames).not.toContain('label');
    expect(buildFeatures(src, cols, null).featureNames).toContain('label');
  });

  it('encodes missing categories as all zeros', () => {
    const src = csv({ a: (i) => i % 4, c: (i) => (i === 0 ? 'NA' : i % 2 ? 'p' : 'q') });
    const f = buildFeatures(src, inferSchema(src).columns, null);
    expect(Array.from(f.X.data.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(f.imputed).toBe(0);
    expect(f.messages.join()).toMatch(/1 missing value\(s\) encoded as no category/);
  });

  it.each([
    ['0/1', (i: number) => (i < 3 ? 1 : 0)],
    ['1.0/0.0', (i: number) => (i < 3 ? '1.0' : '0.0')],
    ['true/false', (i: number) => (i < 3 ? 'TRUE' : 'false')],
    ['yes/no', (i: number) => (i < 3 ? 'Yes' : 'No')],
    ['outlier/inlier', (i: number) => (i < 3 ? 'outlier' : 'inlier')],
    ['anomaly/normal', (i: number) => (i < 3 ? 'anomaly' : 'normal')],
  ])('maps %s labels to 1/0', (_, fn) => {
    const src = csv({ a: (i) => i % 5, b: (i) => i % 3, label: fn });
    const f = buildFeatures(src, inferSchema(src).columns, 2);
    expect(Array.from(f.y ?? [])).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('takes the minority as the outlier when the label does not say, asks on a tie, and takes the answer', () => {
    const src = csv({ a: (i) => i % 5, b: (i) => i % 3, class: (i) => (i < 2 ? 'B' : 'A') });
    const cols = inferSchema(src).columns;
    const f = buildFeatures(src, cols, 2);
    expect(Array.from(f.y ?? []).slice(0, 3)).toEqual([1, 1, 0]);
    expect(f.messages[0]).toContain("'B' taken as the outlier value: the less frequent value");
    const tie = csv({ a: (i) => i % 5, b: (i) => i % 3, class: (i) => (i % 2 ? 'B' : 'A') });
    const e = intakeError(() => buildFeatures(tie, inferSchema(tie).columns, 2));
    expect(e.code).toBe('label-ambiguous');
    expect(e.message).toMatch(/'A' and 'B', equally often\. Say which one marks an outlier/);
    expect(Array.from(buildFeatures(src, cols, 2, { positiveValue: 'B' }).y ?? []).slice(0, 3)).toEqual([1, 1, 0]);
    expect(intakeError(() => buildFeatures(src, cols, 2, { positiveValue: 'C' })).code).toBe('label-unknown-positive');
  });

  it('rejects a label with one class only', () => {
    const src = csv({ a: (i) => i % 5, b: (i) => i % 3, label: () => 0 });
    const e = intakeError(() => buildFeatures(src, inferSchema(src).columns, 2));
    expect(e.code).toBe('label-one-class');
    expect(e.message).toMatch(/only one value \('0'\)/);
  });

  it('rejects a label with more than two values', () => {
    const src = csv({ a: (i) => i % 5, b: (i) => i % 3, label: (i) => i % 3 });
    const e = intakeError(() => buildFeatures(src, inferSchema(src).columns, 2));
    expect(e.code).toBe('label-not-binary');
    expect(e.message).toMatch(/3 different values/);
  });

  it('rejects a label with missing values', () => {
    const src = csv({ a: (i) => i % 5, b: (i) => i % 3, label: (i) => (i === 4 ? '' : i % 2) });
    const e = intakeError(() => buildFeatures(src, inferSchema(src).columns, 2));
    expect(e.code).toBe('label-missing-values');
    expect(e.message).toMatch(/first in data row 5/);
  });

  it('rejects more than 2000 feature columns', () => {
    const names = Array.from({ length: 2001 }, (_, j) => `c${j}`);
    const lines = [names.join(',')];
    for (let i = 0; i < 10; i++) lines.push(names.map((_, j) => ((3 * i + j) % 10) * 0.5).join(','));
    const src = table(lines.join('\n'));
    const e = intakeError(() => buildFeatures(src, inferSchema(src).columns, null));
    expect(e.code).toBe('too-many-columns');
    expect(e.message).toMatch(/2001 feature columns .* limit of 2000/);
  });

  it('counts one-hot columns against maxColumns', () => {
    const src = csv({ a: (i) => i % 5, c: (i) => `v${i % 6}` });
    const cols = inferSchema(src).columns;
    expect(buildFeatures(src, cols, null, { maxColumns: 7 }).X.cols).toBe(7);
    expect(intakeError(() => buildFeatures(src, cols, null, { maxColumns: 6 })).code).toBe('too-many-columns');
  });

  it('rejects fewer than 10 rows, e.g. a single row', () => {
    const src = table('a,b\n1,2\n');
    const e = intakeError(() => buildFeatures(src, inferSchema(src).columns, null));
    expect(e.code).toBe('too-few-rows');
    expect(e.message).toMatch(/needs at least 10 rows; this table has 1/);
  });

  it('rejects fewer than 2 usable features, e.g. all-constant columns', () => {
    const src = csv({ a: () => 1, b: () => 'x', c: () => '' });
    const e = intakeError(() => buildFeatures(src, inferSchema(src).columns, null));
    expect(e.code).toBe('too-few-features');
    expect(e.message).toMatch(/needs at least 2 feature columns; none is usable/);
    const one = csv({ id: (i) => i, v: (i) => i % 3 });
    expect(intakeError(() => buildFeatures(one, inferSchema(one).columns, null)).message).toMatch(/only 1 is/);
  });

  it('honors a user choice to include an identifier, or to treat numbers as categories', () => {
    const src = csv({ id: (i) => i + 1, code: (i) => [7, 8][i % 2], x: (i) => i % 5 });
    const cols = inferSchema(src).columns.map((c) => ({ ...c, included: true }));
    cols[1] = { ...cols[1], kind: 'categorical' as const };
    expect(buildFeatures(src, cols, null).featureNames).toEqual(['id', 'code=7', 'code=8', 'x']);
  });

  it('rejects text forced to numeric, and unknown column indexes', () => {
    const src = csv({ t: (i) => `w${i % 3}`, x: (i) => i % 5, z: (i) => i % 4 });
    const cols = inferSchema(src).columns;
    const forced = cols.map((c) => (c.name === 't' ? { ...c, kind: 'numeric' as const } : c));
    expect(intakeError(() => buildFeatures(src, forced, null)).code).toBe('not-numeric');
    expect(intakeError(() => buildFeatures(src, cols, 9)).code).toBe('bad-column');
  });
});

describe('text labels', () => {
  const withLabel = (name: string, values: (i: number) => string) => {
    const src = csv({ a: (i) => i % 5, b: (i) => (i * 7) % 3, [name]: values }, 20);
    return { src, schema: inferSchema(src) };
  };

  it.each([
    ['label', (i: number) => (i % 5 === 0 ? 'anomaly' : 'normal'), 'anomaly', 'the usual outlier value of the pair'],
    ['status', (i: number) => (i % 5 === 0 ? 'fraud' : 'ok'), 'fraud', 'named like an anomaly'],
    ['is_outlier', (i: number) => (i % 5 === 0 ? 'yes' : 'no'), 'yes', 'the usual outlier value of the pair'],
    ['class', (i: number) => (i % 5 === 0 ? 'B' : 'A'), 'B', 'the less frequent value'],
  ])('%s: proposed, with its outlier value and why', (name, values, value, reason) => {
    const { src, schema } = withLabel(name, values);
    expect(schema.proposedLabel).toBe(2);
    expect(schema.proposedOutlier).toEqual({ value, reason, count: 4 });
    expect(schema.columns[2].note).toContain(`Outlier value '${value}' (4 rows): ${reason}.`);
    const f = buildFeatures(src, schema.columns, 2);
    expect(f.y?.reduce((s, v) => s + v, 0)).toBe(4);
  });

  it('does not take a yes/no feature for a label', () => {
    expect(withLabel('smoker', (i) => (i % 5 === 0 ? 'yes' : 'no')).schema.proposedLabel).toBeNull();
  });
});
