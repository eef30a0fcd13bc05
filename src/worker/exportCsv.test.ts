import { describe, expect, it } from 'vitest';
import { rankRows } from '../core/scoreIndex';
import { buildExport, csvCell, exportBlob, exportChunks } from './exportCsv';
import { exportCsvFile } from './exportFile';

describe('export', () => {
  it('quotes RFC 4180 fields and defuses spreadsheet formulas, keeping negative numbers', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('=1+1')).toBe(`"'=1+1"`);
    expect(csvCell('-0.25')).toBe('-0.25');
    expect(csvCell('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
  });

  it('defuses every formula start (= + - @ tab CR) inside a quoted field, but not a plain number', () => {
    expect(csvCell("-2+3+cmd|' /C calc'!A0")).toBe(`"'-2+3+cmd|' /C calc'!A0"`);
    expect(csvCell('-A1')).toBe(`"'-A1"`);
    expect(csvCell('+1+1')).toBe(`"'+1+1"`);
    expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvCell('\t=1')).toBe(`"'\t=1"`);
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    for (const n of ['-2.5', '-1e-3', '-.5', '-0', '+7', '-3E+12', '12', '-1.']) expect(csvCell(n)).toBe(n);
  });

  it("escapes IMLab's own columns too: a tampered label source, score source and header stay one cell each", () => {
    const src = { header: ['=cmd', 'x'], rowCount: 2, cell: (r: number, c: number) => (c === 0 ? `-${r}` : -r - 0.5) };
    const t = Date.UTC(2026, 0, 2);
    const evil = '=HYPERLINK("http://evil","x"),\nline';
    const labels = [
      { row: 0, label: 1 as const, source: evil as 'analyst', time: t },
      { row: 1, label: 0 as const, source: 'analyst' as const, time: Number.NaN },
    ];
    const csv = buildExport(src, [0.5, -0.25], null, labels, '-1+cmd');
    const header = `"'=cmd",x,imlab_score,imlab_inlier_posterior,imlab_rank,imlab_model_rank,imlab_label,imlab_label_source,imlab_labeled_at,imlab_score_source`;
    const row0 = `-0,-0.5,0.5,,1,1,outlier,"'=HYPERLINK(""http://evil"",""x""),\nline",2026-01-02T00:00:00.000Z,"'-1+cmd"`;
    // A time no date can hold is left empty rather than failing the whole export.
    const row1 = `-1,-1.5,-0.25,,2,2,inlier,analyst,,"'-1+cmd"`;
    expect(csv).toBe(`${header}\n${row0}\n${row1}\n`);
  });

  it('ranks by score, 1 = most outlying, ties share the best rank', () => {
    expect(Array.from(rankRows(Float32Array.from([0.1, 5, 3, 5])))).toEqual([4, 1, 3, 1]);
  });

  it('writes every row with score, posterior, final and model rank and the analyst label', () => {
    const src = { header: ['x', 'note'], rowCount: 3, cell: (r: number, c: number) => (c === 0 ? r * 1.5 : `n${r}`) };
    const csv = buildExport(src, [0.2, 0.9, 0.5], [0.9, 0.1, 0.6], [{ row: 1, label: 1, source: 'analyst', time: Date.UTC(2026, 0, 2) }]);
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe(
      'x,note,imlab_score,imlab_inlier_posterior,imlab_rank,imlab_model_rank,imlab_label,imlab_label_source,imlab_labeled_at',
    );
    expect(lines).toHaveLength(4);
    expect(lines[2]).toBe('1.5,n1,0.9,0.1,1,1,outlier,analyst,2026-01-02T00:00:00.000Z');
    expect(lines[1]).toBe('0,n0,0.2,0.9,3,3,,,');
  });

  it("ranks the analyst's outliers first and inliers last; the score and the model rank stay the model's", () => {
    // The case: 300 rows, an answered outlier the model ranks 292nd, an answered inlier it ranks 1st.
    const n = 300;
    const src = { header: ['x'], rowCount: n, cell: (r: number) => r };
    const scores = Float32Array.from({ length: n }, (_, i) => (n - i) / n);
    const t = Date.UTC(2026, 0, 2);
    const labels = [
      { row: 291, label: 1 as const, source: 'analyst' as const, time: t },
      { row: 0, label: 0 as const, source: 'analyst' as const, time: t },
    ];
    const lines = buildExport(src, scores, null, labels).trim().split('\n');
    const header = lines[0].split(',');
    const col = (name: string) => lines.slice(1).map((l) => l.split(',')[header.indexOf(name)]);
    const rank = col('imlab_rank').map(Number);
    const model = col('imlab_model_rank').map(Number);
    expect(rank[291]).toBe(1);
    expect(rank[0]).toBe(n);
    expect(model).toEqual(Array.from(rankRows(scores)));
    expect(model[291]).toBe(292);
    expect(col('imlab_score').map(Number)).toEqual(Array.from(scores));
    // The unanswered rows keep the model's order, after the one answered outlier.
    const rest = Array.from({ length: n }, (_, r) => r).filter((r) => r !== 291 && r !== 0);
    expect(rest.map((r) => rank[r])).toEqual(rest.map((_, i) => i + 2));
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
