import { describe, expect, it } from 'vitest';
import { joinRecord, splitRecord, type PieceRef } from './pieces';

describe('records in pieces', () => {
  it('cuts big typed arrays into pieces of at most maxBytes and puts them back bit for bit', () => {
    const big = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 1e3);
    const wide = Float64Array.from({ length: 300 }, (_, i) => i / 7);
    const record = {
      id: 's',
      nested: { history: [big, big.subarray(10, 400)], small: Float32Array.of(1, 2, 3) },
      wide,
      labels: new Int8Array(900).fill(-1),
      note: 'kept',
      when: null,
    };
    const { head, pieces } = splitRecord(record, 1000, 64);
    expect(pieces.every((p) => p.byteLength <= 1000)).toBe(true);
    // 4,000 + 1,560 bytes (two arrays), 2,400 and 900: 4 + 2 + 3 + 1 pieces; views, nothing copied yet.
    expect(pieces).toHaveLength(10);
    expect(pieces[1].buffer).toBe(big.buffer);
    expect(head.nested.small).toBe(record.nested.small);
    expect((head.nested.history[1] as unknown as PieceRef).imlabPieces).toEqual({ kind: 'Float32Array', length: 390, first: 4, count: 2 });
    const back = joinRecord(
      structuredClone(head),
      pieces.map((p) => p.slice()),
    );
    expect(back).toEqual(record);
    expect(back.nested.history[1]).toBeInstanceOf(Float32Array);
    expect(back.wide).toBeInstanceOf(Float64Array);
  });

  it('leaves a record without big arrays as it is, and refuses a missing piece', () => {
    const small = { id: 'x', state: [Float32Array.of(0.5)], n: 3 };
    const { head, pieces } = splitRecord(small);
    expect(pieces).toHaveLength(0);
    expect(head).toEqual(small);
    const cut = splitRecord({ v: new Float32Array(100) }, 100, 0);
    expect(() => joinRecord(cut.head, cut.pieces.slice(0, 2))).toThrow(/missing/);
  });
});
