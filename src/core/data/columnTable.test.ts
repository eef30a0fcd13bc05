import { describe, expect, it } from 'vitest';
import { canonicalNumber, ColumnTable, ColumnTableBuilder } from './columnTable';
import { createDelimitedParser, parseDelimited } from './csv';
import { buildFeatures, inferSchema, tableFromParsed, type ColumnKind, type TableSource } from './schema';
import { seeded } from './testing';

const POINT = 46;
const COMMA = 44;

/** Every cell of a parsed CSV, as text, through the compact store. */
function cellsOf(text: string): { store: ColumnTable; cells: string[][] } {
  const store = parseDelimited(text).source;
  const cells = Array.from({ length: store.rowCount }, (_, r) => store.header.map((_, c) => String(store.cell(r, c))));
  return { store, cells };
}

describe('canonicalNumber: decides String(Number(s)) === s from the characters', () => {
  it('is sure for plain decimals and integers and unsure for other spellings', () => {
    expect(canonicalNumber('0.512', POINT)).toBe(0.512);
    expect(canonicalNumber('-12.25', POINT)).toBe(-12.25);
    expect(canonicalNumber('1000', POINT)).toBe(1000);
    expect(canonicalNumber('0', POINT)).toBe(0);
    expect(canonicalNumber('0,512', COMMA)).toBe(0.512);
    for (const s of ['1.50', '1e3', '-0', '007', '00', '1.', '.5', '+1', ' 1', '1 ', '0.0000001', '1234567890123456', '', '-', 'NaN']) {
      expect(canonicalNumber(s, POINT), s).toBeNaN();
    }
    expect(canonicalNumber('0,512', POINT)).toBeNaN();
    expect(canonicalNumber('0.512', COMMA)).toBeNaN();
  });

  it('is never wrong: when it is sure, the text is exactly the number', () => {
    const rnd = seeded(11);
    const digits = () => String(Math.floor(rnd() * 10));
    let sure = 0;
    for (let i = 0; i < 20000; i++) {
      // Random digit strings with a sign, a point, leading and trailing zeros: many spellings, most not canonical.
      let s = rnd() < 0.3 ? '-' : '';
      const intLen = Math.floor(rnd() * 18);
      for (let k = 0; k < intLen; k++) s += rnd() < 0.2 ? '0' : digits();
      if (rnd() < 0.7) {
        s += '.';
        const fracLen = Math.floor(rnd() * 20);
        for (let k = 0; k < fracLen; k++) s += rnd() < 0.3 ? '0' : digits();
      }
      const v = canonicalNumber(s, POINT);
      if (Number.isNaN(v)) continue;
      sure++;
      expect(String(Number(s)), s).toBe(s);
      expect(v, s).toBe(Number(s));
    }
    // Numbers as JavaScript writes them (random doubles of every size): each is either sure or left to the caller.
    for (let i = 0; i < 20000; i++) {
      const x = (rnd() - 0.5) * 10 ** Math.floor(rnd() * 30 - 10);
      const s = String(Number(x.toPrecision(1 + Math.floor(rnd() * 17))));
      const v = canonicalNumber(s, POINT);
      if (!Number.isNaN(v)) expect(v, s).toBe(Number(s));
    }
    expect(sure).toBeGreaterThan(1000);
  });
});

describe('the compact store gives back the file’s own text', () => {
  it('for canonical and non-canonical numbers, decimal commas, text, empty cells and quoted fields', () => {
    const text = [
      'n,odd,comma,txt,q',
      '0.512,1.50,"0,512",alpha,"a, b"',
      '-3,1e3,"-1,25",,"say ""hi"""',
      '1000,-0,"7",NA,',
      '12.75,007,"1,5",alpha,"line',
      'two"',
      ',+1, 3 ,Beta,x',
      '1e-7,0.10,"1,50",   ,"1.5"',
    ].join('\n');
    const { store, cells } = cellsOf(text);
    expect(cells).toEqual([
      ['0.512', '1.50', '0,512', 'alpha', 'a, b'],
      ['-3', '1e3', '-1,25', '', 'say "hi"'],
      ['1000', '-0', '7', 'NA', ''],
      ['12.75', '007', '1,5', 'alpha', 'line\ntwo'],
      ['', '+1', ' 3 ', 'Beta', 'x'],
      ['1e-7', '0.10', '1,50', '   ', '1.5'],
    ]);
    // The plain numbers are numbers with a few coded cells; the decimal commas too, written back with a comma.
    const [n, , comma] = store.stored;
    expect(n.values).toBeInstanceOf(Float64Array);
    expect(n.decimal).toBe('.');
    expect(comma.decimal).toBe(',');
    expect(comma.values?.[0]).toBe(0.512);
    expect(Number.isNaN(comma.values?.[5])).toBe(true); // '1,50': not how JavaScript writes 1.5
  });

  it('reads the same schema and features as the cells would give', () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${(i * 0.37).toFixed(3)},${i % 5 === 0 ? '' : i * 2},${i % 2 ? 'a' : 'b'}`);
    const src = tableFromParsed(parseDelimited(['x,y,c', ...rows].join('\n')));
    const schema = inferSchema(src);
    expect(schema.columns.map((c) => [c.kind, c.missing])).toEqual([
      ['numeric', 0],
      ['numeric', 8],
      ['categorical', 0],
    ]);
    const f = buildFeatures(src, schema.columns, null);
    expect(f.X.data[3 * f.X.cols]).toBe(Math.fround(Number((3 * 0.37).toFixed(3))));
    expect(f.imputed).toBe(8);
  });

  it('a column that turns from numbers to text halfway keeps every cell', () => {
    const n = 20_000;
    const lines = ['v,w'];
    for (let i = 0; i < n; i++) lines.push(i < n / 2 ? `${i * 0.5},${i}` : `item ${i % 7},${i}`);
    const { store, cells } = cellsOf(lines.join('\n'));
    expect(cells.map((row) => row[0])).toEqual(Array.from({ length: n }, (_, i) => (i < n / 2 ? String(i * 0.5) : `item ${i % 7}`)));
    const [v, w] = store.stored;
    // Half numbers stay numbers (with codes for the text); the dictionary holds the 7 texts once each.
    expect(v.values).toBeInstanceOf(Float64Array);
    expect(v.codes).toBeInstanceOf(Int32Array);
    expect(v.dict).toHaveLength(7);
    expect(w.codes).toBeNull();
  });

  it('a mostly text column drops its numbers: all codes', () => {
    const lines = ['v'];
    for (let i = 0; i < 10_000; i++) lines.push(i % 10 === 0 ? String(i) : `t${i % 3}`);
    const { store, cells } = cellsOf(lines.join('\n'));
    const [v] = store.stored;
    expect(v.values).toBeNull();
    expect(v.codes).toBeInstanceOf(Int32Array);
    expect(cells[0][0]).toBe('0');
    expect(cells[10][0]).toBe('10');
    expect(cells[11][0]).toBe('t2');
  });

  it('holds no array or object per row: every column is typed arrays and one dictionary', () => {
    const lines = ['a,b,c'];
    for (let i = 0; i < 5000; i++) lines.push(`${i / 8},${i % 3 === 0 ? 'x' : 'y'},${i}`);
    const { store } = cellsOf(lines.join('\n'));
    for (const col of store.stored) {
      for (const part of [col.values, col.codes]) if (part !== null) expect(ArrayBuffer.isView(part)).toBe(true);
      expect(col.values?.length ?? col.codes?.length).toBe(5000); // exact size, not the growth capacity
      expect(col.dict.length).toBeLessThanOrEqual(2);
    }
    expect(store.stored[1].values).toBeNull(); // x / y: text
    expect(store.numericColumn(0)?.values).toBe(store.stored[0].values); // read in place
  });
});

describe('ColumnTableBuilder for workbooks', () => {
  it('keeps number cells as numbers, pads short rows and drops rows past the end', () => {
    const b = new ColumnTableBuilder(0, true);
    b.pushCell(0, 1.5);
    b.pushCell(1, 'x');
    b.endRow();
    b.pushCell(2, 7);
    b.endRow();
    b.endRow();
    const t = b.finish(['a', 'b', 'c'], undefined, 2);
    expect(t.rowCount).toBe(2);
    expect([0, 1].map((r) => [0, 1, 2].map((c) => t.cell(r, c)))).toEqual([
      [1.5, 'x', ''],
      ['', '', 7],
    ]);
  });
});

describe('the fast paths read what the cells say', () => {
  /** The same cells as a plain row source: no numericColumn, no codedColumn, so every cell is read as text. */
  function asRows(text: string) {
    const parsed = parseDelimited(text);
    const rows = parsed.rows;
    const plain: TableSource = { header: parsed.header, rowCount: rows.length, cell: (r, c) => rows[r][c], delimiter: parsed.delimiter };
    return { compact: tableFromParsed(parsed), plain };
  }

  const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];

  it.each([',', ';'])('gives the same schema, features and label on a mixed table (delimiter %s)', (delim) => {
    const rnd = seeded(delim === ',' ? 5 : 6);
    const q = (s: string) => (s.includes(delim) ? `"${s}"` : s);
    const header = ['x', 'odd', 'comma', 'cat', 'when', 'big', 'mixed', 'label'];
    const lines = [header.join(delim)];
    for (let r = 0; r < 400; r++) {
      const x = rnd() < 0.05 ? pick(rnd, ['', 'NA', '?', 'n/a']) : String(Math.round((rnd() - 0.5) * 2e4) / 100);
      const odd = pick(rnd, ['1.50', '007', '1e3', '-0', ' 4', String(Math.floor(rnd() * 50)), '+2', '0x1f']);
      const comma = rnd() < 0.05 ? '' : `${Math.floor(rnd() * 100)},${Math.floor(rnd() * 9) + 1}`;
      const cat = pick(rnd, ['red', 'green', ' blue', 'NA', '', '12', 'Red']);
      const when = rnd() < 0.05 ? 'soon' : `2024-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`;
      const big = pick(rnd, ['1e300', '3.5e38', '-1e39', 'Infinity', '-inf', String(rnd()), '12']);
      const mixed = r < 200 ? String(r / 4) : pick(rnd, ['a', 'b', String(r)]);
      const label = rnd() < 0.1 ? 'outlier' : 'normal';
      lines.push([x, odd, comma, cat, when, big, mixed, label].map(q).join(delim));
    }
    const { compact, plain } = asRows(lines.join('\n'));
    const a = inferSchema(compact);
    const b = inferSchema(plain);
    expect(a).toEqual(b);
    const included = a.columns.map((c) => ({ ...c, included: c.index !== a.proposedLabel }));
    const as = (kind: ColumnKind, which: number[]) => included.map((c) => (which.includes(c.index) ? { ...c, kind } : c));
    // As inferred, then columns forced to each kind: the numeric, categorical and date plans over the same cells.
    for (const columns of [included, as('numeric', [0, 1, 2, 5, 6]), as('categorical', [0, 1, 2, 3, 4, 5, 6]), as('date', [4])]) {
      const fa = buildFeatures(compact, columns, a.proposedLabel);
      const fb = buildFeatures(plain, columns, b.proposedLabel);
      expect(fa.featureNames).toEqual(fb.featureNames);
      expect(fa.messages).toEqual(fb.messages);
      expect(Array.from(fa.X.data)).toEqual(Array.from(fb.X.data));
      expect(fa.y).toEqual(fb.y);
      expect(fa.featureNames.length).toBeGreaterThan(4);
    }
  });
});

describe('fields from any chunking land in the store alike', () => {
  it('gives the same cells and the same column kinds when fed one character at a time', () => {
    const text = 'a,b,c\n0.25,x,"1,5"\n   \n-7,,"q ""r"""\n1.50,y,2\n12,z,3,\n';
    const whole = parseDelimited(text).source;
    const p = createDelimitedParser();
    for (const ch of text) p.push(ch);
    const bytes = p.finish().source;
    const all = (t: ColumnTable) => Array.from({ length: t.rowCount }, (_, r) => t.header.map((_, c) => t.cell(r, c)));
    expect(all(bytes)).toEqual(all(whole));
    expect(all(whole)).toEqual([
      ['0.25', 'x', '1,5'],
      ['-7', '', 'q "r"'],
      ['1.50', 'y', '2'],
      ['12', 'z', '3'],
    ]);
    expect(bytes.stored.map((c) => [c.values !== null, c.decimal])).toEqual(whole.stored.map((c) => [c.values !== null, c.decimal]));
    expect(Array.from(bytes.stored[0].values ?? [])).toEqual([0.25, -7, NaN, 12]);
  });
});
