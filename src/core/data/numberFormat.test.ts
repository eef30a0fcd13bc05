import { describe, expect, it } from 'vitest';
import { parseDelimited } from './csv';
import { chooseFormat, formatEvidence, toNumberAs, type FileNumberHints, type NumberFormatId } from './numberFormat';
import { buildFeatures, inferSchema, tableFromParsed, type ColumnInfo } from './schema';

const infer = (text: string) => {
  const src = tableFromParsed(parseDelimited(text));
  return { src, schema: inferSchema(src) };
};
const col = (cols: ColumnInfo[], name: string) => cols.find((c) => c.name === name)!;
const lines = (header: string, n: number, row: (i: number) => string) =>
  [header, ...Array.from({ length: n }, (_, i) => row(i))].join('\n');

describe('toNumberAs: each format', () => {
  it.each<[NumberFormatId, string[], number[]]>([
    ['plain', ['1234.5', '-0.25', '7'], [1234.5, -0.25, 7]],
    ['comma', ['1234,5', '-0,25', '7', ',5'], [1234.5, -0.25, 7, 0.5]],
    ['dot-comma', ['1.234,5', '-12.345.678,25', '999'], [1234.5, -12345678.25, 999]],
    ['space-comma', ['1 234,5', '12\u00a0345,25', '1\u202f000'], [1234.5, 12345.25, 1000]],
    ['comma-dot', ['1,234.5', '548,813', '-1,000,000'], [1234.5, 548813, -1000000]],
    ['space-dot', ['1 234.5', '12 345'], [1234.5, 12345]],
    ['apos-dot', ["1'234.5", "12'345'678"], [1234.5, 12345678]],
  ])('%s', (id, raw, want) => {
    expect(raw.map((r) => toNumberAs(r, id))).toEqual(want);
  });

  it('refuses values that do not fit the format instead of guessing', () => {
    expect(toNumberAs('1.5', 'dot-comma')).toBeNaN(); // '.' groups three digits
    expect(toNumberAs('12,34.5', 'comma-dot')).toBeNaN();
    expect(toNumberAs('1,2,3', 'comma')).toBeNaN();
    expect(toNumberAs('abc', 'comma')).toBeNaN();
    expect(toNumberAs('NaN', 'comma')).toBeNaN();
  });
});

describe('formatEvidence / chooseFormat', () => {
  const pick = (values: string[], hints: FileNumberHints = { decimal: null, delimiter: ',' }) =>
    chooseFormat(formatEvidence(values), hints);

  it('decimal commas', () => {
    expect(pick(['0,512', '1,250', '3'])).toMatchObject({ id: 'comma', ambiguous: false });
    expect(pick(['0,512', '1,250', '3'])?.note).toContain('decimal comma');
  });

  it("thousands ',' / '.' / space / apostrophe", () => {
    expect(pick(['1,234,567', '548,813'])?.id).toBe('comma-dot');
    expect(pick(['1.234,5', '12.345.678,25'])?.id).toBe('dot-comma');
    expect(pick(['1 234,5', '12 345,25'])?.id).toBe('space-comma');
    expect(pick(['1 234.5', '12 345.25'])?.id).toBe('space-dot');
    expect(pick(["1'234.5", "12'345.25"])?.id).toBe('apos-dot');
  });

  it('plain numbers stay plain, with no note', () => {
    expect(pick(['0.25', '12.5', '3'])).toEqual({ id: 'plain', ambiguous: false, note: '' });
    expect(pick(['1', '2'])).toBeNull(); // no separator: nothing to decide
  });

  it('text fits no format', () => {
    expect(pick(['New York', 'Paris'])).toBeNull();
    expect(pick(['1,5', '1.234,5', '1,234.5'])).toBeNull(); // inconsistent
  });

  it('a truly ambiguous column follows the file and says so', () => {
    const values = ['1,234', '2,500', '12,750'];
    const semi = pick(values, { decimal: null, delimiter: ';' });
    expect(semi).toMatchObject({ id: 'comma', ambiguous: true });
    expect(semi?.note).toMatch(/Ambiguous number format.*read as a decimal comma, since the file is ';'-separated/);
    const comma = pick(values, { decimal: null, delimiter: ',' });
    expect(comma).toMatchObject({ id: 'comma-dot', ambiguous: true });
    expect(comma?.note).toContain('read as a thousands separator');
    expect(pick(values, { decimal: ',', delimiter: ',' })).toMatchObject({ id: 'comma', ambiguous: true });
    expect(pick(values, { decimal: ',', delimiter: ',' })?.note).toContain('like the other columns');
    expect(pick(['1.500', '2.250'], { decimal: ',', delimiter: ';' })).toMatchObject({ id: 'dot-comma', ambiguous: true });
    expect(pick(['1.500', '2.250'], { decimal: null, delimiter: ',' })).toMatchObject({ id: 'plain', ambiguous: true });
  });
});

describe('inferSchema with locale number formats', () => {
  it("reads a ';' file with decimal commas as numbers, with a note per column", () => {
    const text = lines('a;b;c', 20, (i) => `0,${100 + i * 7};${i + 1},${250 + i};${(i * 3) % 7},5`);
    const { src, schema } = infer(text);
    expect(schema.columns.map((c) => c.kind)).toEqual(['numeric', 'numeric', 'numeric']);
    expect(schema.columns.map((c) => c.numberFormat)).toEqual(['comma', 'comma', 'comma']);
    expect(col(schema.columns, 'a').note).toContain('decimal comma');
    expect(schema.warnings.join(' ')).toContain("Column 'a': Numbers read with a decimal comma");
    const f = buildFeatures(src, schema.columns, null);
    expect(f.X.cols).toBe(3);
    expect(f.X.data[0]).toBeCloseTo(0.1);
    expect(f.X.data[1]).toBeCloseTo(1.25);
  });

  it('reads quoted thousands separators as numbers, not as an identifier', () => {
    const text = lines('amount,x', 20, (i) => `"${548 + i},${813 + i}",${i % 4}`);
    const { src, schema } = infer(text);
    const amount = col(schema.columns, 'amount');
    expect(amount).toMatchObject({ kind: 'numeric', numberFormat: 'comma-dot', formatAmbiguous: true, included: true });
    expect(amount.note).toMatch(/Ambiguous.*thousands separator/);
    expect(buildFeatures(src, schema.columns, null).X.data[0]).toBe(548813);
  });

  it('an ambiguous column follows the decided ones', () => {
    const text = lines('a;b', 20, (i) => `0,${500 + i};${1 + (i % 5)},${250 + i}`);
    const b = col(infer(text).schema.columns, 'b');
    expect(b.kind).toBe('numeric');
    expect(b.numberFormat).toBe('comma');
  });

  it('the analyst can override the number format', () => {
    const text = lines('amount,x', 20, (i) => `"${1 + i},${250 + i}",${i % 4}`);
    const { src, schema } = infer(text);
    expect(buildFeatures(src, schema.columns, null).X.data[0]).toBe(1250);
    const cols = schema.columns.map((c) => (c.name === 'amount' ? { ...c, numberFormat: 'comma' as const } : c));
    expect(buildFeatures(src, cols, null).X.data[0]).toBeCloseTo(1.25);
  });

  it('leaves plain files as they were', () => {
    const { schema } = infer(lines('a,b', 20, (i) => `${i * 0.5},${(i * 7) % 11}.25`));
    expect(schema.columns.map((c) => c.numberFormat)).toEqual([undefined, undefined]);
    expect(schema.warnings).toEqual([]);
  });
});
