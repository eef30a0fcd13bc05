import { describe, expect, it } from 'vitest';
import { rankRows } from '../core/scoreIndex';
import { buildExport, csvCell, exportBlob, exportChunks } from './exportCsv';
import { exportCsvFile } from './exportFile';

describe('export', () => {
  it('quotes RFC 4180 fields and defuses spreadsheet formulas, keeping negative numbers', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('-0.25')).toBe('-0.25');
    expect(csvCell('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
  });

  it('ranks by score, 1 = most outlying, ties share the best rank', () => {
    expect(Array.from(rankRows(Float32Array.from([0.1, 5, 3, 5])))).toEqual([4, 1, 3, 1]);
  });

  it('writes every row with score, posterior, rank and the analyst label', () => {
    const src = { header: ['x', 'note'], rowCount: 3, cell: (r: number, c: number) => (c === 0 ? r * 1.5 : `n${r}`) };
    const csv = buildExport(src, [0.2, 0.9, 0.5], [0.9, 0.1, 0.6], [{ row: 1, label: 1, source: 'analyst', time: Date.UTC(2026, 0, 2) }]);
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('x,note,imlab_score,imlab_inlier_posterior,imlab_rank,imlab_label,imlab_label_source,imlab_labeled_at');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toBe('1.5,n1,0.9,0.1,1,outlier,analyst,2026-01-02T00:00:00.000Z');
    expect(lines[1]).toBe('0,n0,0.2,0.9,3,,,');
  });
});

describe('export as a Blob', () => {
  it('holds the same text as the joined pieces, over several pieces', async () => {
    const rows = 40_000;
    const src = { header: ['x', 'y'], rowCount: rows, cell: (r: number, c: number) => (c === 0 ? r : `row ${r} with some text`) };
    const scores = Float32Array.from({ length: rows }, (_, i) => (i * 7919) % 1000);
    const pieces = [...exportChunks(src, scores, null, [])];
    expect(pieces.length).toBeGreaterThan(1);
    const blob = await exportBlob(src, scores, null, []);
    expect(blob.type).toBe('text/csv;charset=utf-8');
    const text = await blob.text();
    expect(text).toBe(buildExport(src, scores, null, []));
    expect(text.split('\n')).toHaveLength(rows + 2); // header, rows, the final newline
  });
});

describe('export to a file', () => {
  it('without the private file system (Node) is the same Blob text', async () => {
    const src = { header: ['x'], rowCount: 3, cell: (r: number) => r / 2 };
    const blob = await exportCsvFile(src, [3, 1, 2], null, []);
    expect(await blob.text()).toBe(buildExport(src, [3, 1, 2], null, []));
  });
});
