import { describe, expect, it } from 'vitest';
import { parseDelimited } from './csv';
import { epochDays, hourOfDay, parseIsoDate, weekday } from './dates';
import { buildFeatures, inferSchema, tableFromParsed } from './schema';

const lines = (header: string, n: number, row: (i: number) => string) =>
  [header, ...Array.from({ length: n }, (_, i) => row(i))].join('\n');
const iso = (day: number) => new Date(Date.UTC(2024, 2, 1 + day)).toISOString().slice(0, 10);

describe('parseIsoDate', () => {
  it('reads dates and date-times, with or without offset', () => {
    expect(parseIsoDate('2024-03-17')).toEqual({ ms: Date.UTC(2024, 2, 17), hasTime: false });
    expect(parseIsoDate('2024-03-17T10:20:30Z')?.ms).toBe(Date.UTC(2024, 2, 17, 10, 20, 30));
    expect(parseIsoDate('2024-03-17 10:20')).toEqual({ ms: Date.UTC(2024, 2, 17, 10, 20), hasTime: true });
    expect(parseIsoDate('2024-03-17T12:00:00+02:00')?.ms).toBe(Date.UTC(2024, 2, 17, 10));
    expect(parseIsoDate('2024-03-17T10:20:30.250')?.ms).toBe(Date.UTC(2024, 2, 17, 10, 20, 30, 250));
  });

  it('refuses impossible dates and other text', () => {
    for (const s of ['2024-02-30', '2024-13-01', '2024-03-17T25:00', '17/03/2024', 'March', '20240317', '']) {
      expect(parseIsoDate(s)).toBeNull();
    }
  });

  it('gives epoch days, weekday (Monday 0) and hour', () => {
    const ms = Date.UTC(2024, 2, 17, 18, 30); // a Sunday
    expect(epochDays(Date.UTC(1970, 0, 2))).toBe(1);
    expect(weekday(ms)).toBe(6);
    expect(hourOfDay(ms)).toBe(18.5);
  });
});

describe('date columns', () => {
  it('become the "date" kind with epoch-day features, weekday and hour on request', () => {
    const src = tableFromParsed(parseDelimited(lines('when,x,y', 30, (i) => `${iso(i)}T0${i % 10}:00:00,${i % 7},${(i * 3) % 5}`)));
    const schema = inferSchema(src);
    const when = schema.columns[0];
    expect(when).toMatchObject({ kind: 'date', included: true, hasTime: true, missing: 0 });
    expect(when.note).toContain('ISO date-times');
    let f = buildFeatures(src, schema.columns, null);
    expect(f.featureNames).toEqual(['when', 'x', 'y']);
    expect(f.X.data[0]).toBeCloseTo(Date.UTC(2024, 2, 1) / 86_400_000, 2);
    const cols = schema.columns.map((c) => (c.index === 0 ? { ...c, dateParts: { weekday: true, hour: true } } : c));
    f = buildFeatures(src, cols, null);
    expect(f.featureNames).toEqual(['when', 'when:weekday', 'when:hour', 'x', 'y']);
    expect(f.X.data[1]).toBe(4); // 2024-03-01 is a Friday
    expect(f.X.data[5 + 2]).toBe(1);
  });

  it('a few bad dates are missing, with a note; many make the column categorical, with a note', () => {
    const few = inferSchema(tableFromParsed(parseDelimited(lines('d,x', 40, (i) => `${i === 3 ? 'soon' : iso(i)},${i % 3}`))));
    expect(few.columns[0]).toMatchObject({ kind: 'date', missing: 1 });
    expect(few.warnings).toContain("Column 'd': 1 value(s) that are not ISO dates (e.g. 'soon') counted as missing.");
    const many = inferSchema(
      tableFromParsed(parseDelimited(lines('d,x', 40, (i) => `${i % 3 === 0 ? `03/${10 + (i % 9)}/2024` : iso(i % 5)},${i % 3}`))),
    );
    expect(many.columns[0].kind).toBe('categorical');
    expect(many.columns[0].note).toMatch(/Looks like dates, but 14 value\(s\) are not ISO dates \(e\.g\. '03\/10\/2024'\)/);
  });
});
