import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { npzToTable, parseNpz } from './npz';
import { inferSchema } from './schema';
import { intakeError } from './testing';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));

interface Expected {
  dtype: string;
  shape: number[];
  fortran: boolean;
  values: number[];
}

/** Hand-made .npy bytes for cases numpy will not write (bad headers, wrong shapes). */
function npy(header: string, data: Uint8Array = new Uint8Array(0), version = 1): Uint8Array {
  const pre = version === 1 ? 10 : 12;
  let h = header;
  while ((pre + h.length + 1) % 64 !== 0) h += ' ';
  h += '\n';
  const out = new Uint8Array(pre + h.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, h.length, true);
  else view.setUint32(8, h.length, true);
  out.set(new TextEncoder().encode(h), pre);
  out.set(data, pre + h.length);
  return out;
}

function f8(shape: string, values: number[]): Uint8Array {
  return npy(`{'descr': '<f8', 'fortran_order': False, 'shape': ${shape}, }`, new Uint8Array(new Float64Array(values).buffer));
}

describe('parseNpz against numpy-made fixtures', () => {
  const expected = JSON.parse(readFileSync(new URL('./fixtures/dtypes.json', import.meta.url), 'utf8')) as Record<string, Expected>;
  const { arrays, warnings } = parseNpz(fixture('dtypes.npz'));

  it('reads every array', () => {
    expect(Object.keys(arrays).sort()).toEqual(Object.keys(expected).sort());
    expect(warnings).toEqual([]);
  });

  it.each(Object.keys(expected))('%s: dtype, shape and row-major values match numpy', (name) => {
    const want = expected[name];
    const got = arrays[name];
    expect(got.dtype).toBe(want.dtype);
    expect(got.shape).toEqual(want.shape);
    expect(Array.from(got.data)).toEqual(want.values);
  });

  it('covers both byte orders, both memory orders and all header versions', () => {
    const names = Object.keys(expected);
    for (const code of ['f4', 'f8', 'i2', 'i4', 'i8', 'u2', 'u4', 'u8']) {
      expect(names).toContain(`${code}_be_F`);
      expect(names).toContain(`${code}_le_C`);
    }
    expect(names).toEqual(expect.arrayContaining(['i1_le_F', 'u1_le_C', 'b1_le_F', 'vec_v2', 'vec_v3', 'cube_F']));
  });
});

describe('npzToTable', () => {
  it('reads float32 Fortran-order X with a NaN and y; skips a string array', () => {
    const { arrays, warnings } = parseNpz(fixture('small.npz'));
    expect(warnings.join()).toMatch(/Skipped array 'names'.*'<U1'/);
    const t = npzToTable(arrays);
    expect(t.header).toEqual(['f0', 'f1', 'f2', 'label']);
    expect(t.rowCount).toBe(12);
    expect(Number.isNaN(t.cell(4, 1))).toBe(true);
    expect(t.cell(2, 3)).toBe(1);
    expect(t.cell(0, 3)).toBe(0);
    const s = inferSchema(t);
    expect(s.proposedLabel).toBe(3);
    expect(s.columns[1].missing).toBe(1);
  });

  it('accepts y saved as an (n, 1) column', () => {
    const zip = zipSync({ 'X.npy': f8('(2, 2)', [1, 2, 3, 4]), 'y.npy': f8('(2, 1)', [0, 1]) });
    const t = npzToTable(parseNpz(zip).arrays);
    expect(t.header).toEqual(['f0', 'f1', 'label']);
    expect(t.cell(1, 2)).toBe(1);
  });

  it('works without y', () => {
    const zip = zipSync({ 'X.npy': f8('(2, 2)', [1, 2, 3, 4]) });
    const t = npzToTable(parseNpz(zip).arrays);
    expect(t.header).toEqual(['f0', 'f1']);
    expect(t.y).toBeNull();
  });
});

describe('npz errors', () => {
  it('rejects a file that is not a zip', () => {
    const e = intakeError(() => parseNpz(fixture('wbc.csv')));
    expect(e.code).toBe('not-zip');
    expect(e.message).toMatch(/not a zip archive/);
  });

  it('rejects a damaged zip', () => {
    const bytes = fixture('small.npz');
    expect(intakeError(() => parseNpz(bytes.subarray(0, 200))).code).toBe('not-zip');
  });

  it('rejects an npz without X, listing what it has', () => {
    const e = intakeError(() => npzToTable(parseNpz(fixture('no_x.npz')).arrays));
    expect(e.code).toBe('npz-missing-x');
    expect(e.message).toMatch(/no array named 'X' \(found: 'data', 'y'\)/);
  });

  it('rejects a zip with no arrays', () => {
    expect(intakeError(() => parseNpz(zipSync({ 'readme.txt': new Uint8Array([65]) }))).code).toBe('npz-missing-x');
  });

  it('rejects a 1-D X', () => {
    const e = intakeError(() => npzToTable(parseNpz(fixture('x_1d.npz')).arrays));
    expect(e.code).toBe('npz-x-not-2d');
    expect(e.message).toMatch(/shape \(5,\)/);
  });

  it('rejects y with the wrong length or shape', () => {
    const X = f8('(3, 2)', [1, 2, 3, 4, 5, 6]);
    for (const y of [f8('(2,)', [0, 1]), f8('(3, 2)', [0, 1, 0, 1, 0, 1])]) {
      const e = intakeError(() => npzToTable(parseNpz(zipSync({ 'X.npy': X, 'y.npy': y })).arrays));
      expect(e.code).toBe('npz-y-mismatch');
    }
  });

  it('rejects pickled object arrays clearly', () => {
    const e = intakeError(() => parseNpz(fixture('pickled.npz')));
    expect(e.code).toBe('pickled-array');
    expect(e.message).toMatch(/Python objects/);
  });

  it('rejects unsupported and structured dtypes', () => {
    const c16 = npy("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(16));
    expect(intakeError(() => parseNpz(zipSync({ 'X.npy': c16 }))).code).toBe('unsupported-dtype');
    const rec = npy("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }", new Uint8Array(8));
    expect(intakeError(() => parseNpz(zipSync({ 'X.npy': rec }))).code).toBe('unsupported-dtype');
  });

  it('rejects broken .npy data', () => {
    const short = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (4, 2), }", new Uint8Array(8));
    const v9 = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(8), 9);
    const noShape = npy("{'descr': '<f8', 'fortran_order': False, }", new Uint8Array(8));
    for (const bad of [short, v9, noShape, new Uint8Array([1, 2, 3])]) {
      expect(intakeError(() => parseNpz(zipSync({ 'X.npy': bad }))).code).toBe('bad-npy');
    }
  });

  it('skips an unreadable extra array but not a broken y', () => {
    const X = f8('(2, 2)', [1, 2, 3, 4]);
    const junk = new Uint8Array([1, 2, 3]);
    expect(parseNpz(zipSync({ 'X.npy': X, 'meta.npy': junk })).warnings).toHaveLength(1);
    expect(intakeError(() => parseNpz(zipSync({ 'X.npy': X, 'y.npy': junk }))).code).toBe('bad-npy');
  });
});
