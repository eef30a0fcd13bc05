import { describe, expect, it } from 'vitest';
import { parseDelimited } from '../core/data/csv';
import { minMaxScale } from '../core/data/scale';
import { buildFeatures, inferSchema, tableFromParsed } from '../core/data/schema';
import { seeded } from '../core/data/testing';
import { deviationsOf, typicalReference } from './deviations';
import { RARE_SHARE, rarityZ } from './rarity';
import { cardsOf } from './roundView';

describe('candidate deviations', () => {
  it('measures a row against the lower-scored half, robustly', () => {
    // Column 0: typical rows around 10; column 1 constant among typical rows but spread overall.
    const rows = [
      [10, 0],
      [11, 0],
      [9, 0],
      [10, 0],
      [10.5, 0],
      [9.5, 0],
      [30, 5],
      [10, 6],
      [12, 4],
      [10, 5],
      [9, 5],
      [50, 6],
    ];
    const X = { data: Float32Array.from(rows.flat()), rows: rows.length, cols: 2 };
    const scores = rows.map((_, i) => i); // the first six are the typical ones
    const ref = typicalReference(X, scores);
    expect(ref.median[0]).toBe(10);
    const z = deviationsOf(X, 11, ref);
    expect(z[0]).toBeGreaterThan(20); // 50 is far from 10 (MAD-scale 0.74)
    // Column 1 has MAD 0 among typical rows: the floor keeps z finite and comparable (not millions).
    expect(Math.abs(z[1])).toBeLessThan(50);
    expect(Math.abs(deviationsOf(X, 0, ref)[0])).toBe(0);
    // The same z on the min-max scaled matrix the worker keeps instead of the raw one.
    const scaled = minMaxScale(X);
    const zs = deviationsOf(scaled, 11, typicalReference(scaled, scores));
    expect(zs[0]).toBeCloseTo(z[0], 4);
    expect(zs[1]).toBeCloseTo(z[1], 4);
  });
});

/** A table of `cities` (name, rows) in a text column beside two numeric columns, through the app's intake. */
function cityTable(cities: [string, number][], centralCity: string | null) {
  const rand = seeded(7);
  const names = cities.flatMap(([name, n]) => Array.from({ length: n }, () => name));
  // Interleaved, not in blocks: the scores below must not follow the city.
  const order = names.map((_, i) => i).sort((a, b) => ((a * 37) % names.length) - ((b * 37) % names.length));
  const lines = order.map((i) => {
    const city = names[i];
    // The rare city's rows have ordinary numbers: only their city can stand out.
    const x = city === centralCity ? 50 + rand() : (rand() * 100).toFixed(2);
    const y = city === centralCity ? 5 + rand() / 10 : (rand() * 10).toFixed(3);
    return `${city},${x},${y}`;
  });
  const src = tableFromParsed(parseDelimited(['city,x,y', ...lines].join('\n')));
  const f = buildFeatures(src, inferSchema(src).columns, null);
  const scaled = minMaxScale(f.X);
  // Scores as a model would give them: rows far from the numbers' centre are the outlying ones.
  const at = (r: number, name: string) => scaled.data[r * scaled.cols + f.featureNames.indexOf(name)];
  const scores = Array.from({ length: scaled.rows }, (_, r) => Math.abs(at(r, 'x') - 0.5) + Math.abs(at(r, 'y') - 0.5));
  const ref = typicalReference(scaled, scores, f);
  const rows = Array.from({ length: src.rowCount }, (_, r) => r);
  const req = { round: 1, rounds: 1, epoch: 1, budget: rows.length, candidates: rows, candidateScores: scores, candidatePosteriors: null };
  return { f, cards: cardsOf({ scaled, source: src }, req, ref, 0, rows.length) };
}

describe('categorical deviations', () => {
  it('never lets a common category lead a card (Rome 92 / Oslo 84 / Paris 74)', () => {
    const { f, cards } = cityTable(
      [
        ['Rome', 92],
        ['Oslo', 84],
        ['Paris', 74],
      ],
      null,
    );
    expect(f.featureNames).toEqual(['city=Rome', 'city=Oslo', 'city=Paris', 'x', 'y']);
    expect(cards).toHaveLength(250);
    for (const card of cards) {
      expect(card.deviations[0].name).not.toBe('city');
      // A third of the rows is not rare: the city is not said to stand out at all.
      expect(card.deviations.map((d) => d.name)).toEqual(expect.not.arrayContaining(['city']));
    }
  });

  it('shows a genuinely rare category (2 of 250 rows) by its share, ranked as a normal tail', () => {
    const { cards } = cityTable(
      [
        ['Rome', 92],
        ['Oslo', 84],
        ['Paris', 72],
        ['Lima', 2],
      ],
      'Lima',
    );
    const lima = cards.filter((c) => c.cells[0] === 'Lima');
    expect(lima).toHaveLength(2);
    for (const card of lima) {
      const [lead] = card.deviations;
      expect(lead).toMatchObject({ name: 'city', category: 'Lima', share: 0.008 });
      expect(lead.z).toBeCloseTo(2.652, 2); // Φ⁻¹(1 − 0.008 / 2)
    }
    for (const card of cards.filter((c) => c.cells[0] !== 'Lima')) {
      expect(card.deviations.some((d) => d.name === 'city')).toBe(false);
    }
  });

  it('puts a share on the z scale through the normal tail, and only below about one row in 22', () => {
    expect(rarityZ(0.01)).toBeCloseTo(2.5758, 3);
    expect(rarityZ(0.0026998)).toBeCloseTo(3, 3);
    expect(rarityZ(RARE_SHARE * 0.999)).toBeCloseTo(2, 2);
    expect(rarityZ(RARE_SHARE)).toBe(0);
    expect(rarityZ(0.37)).toBe(0);
    expect(rarityZ(1 / 600_000)).toBeGreaterThan(4.5);
  });
});

describe('the typical reference, fast', () => {
  /** The column-by-column reference with sorted medians: what the blocked gather and quickselect must equal. */
  function sortedReference(X: { data: Float32Array; rows: number; cols: number }, typical: Int32Array) {
    const median = new Float64Array(X.cols);
    const mad = new Float64Array(X.cols);
    const mid = (v: Float64Array) => {
      const s = Float64Array.from(v).sort();
      const n = s.length;
      return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    };
    for (let c = 0; c < X.cols; c++) {
      const col = Float64Array.from(typical, (r) => X.data[r * X.cols + c]);
      median[c] = mid(col);
      mad[c] = mid(col.map((v) => Math.abs(v - median[c])));
    }
    return { median, mad };
  }

  it.each([
    [41, 70],
    [40, 3],
    [9, 130],
  ])('gives the sorted medians exactly (%i rows x %i columns, ties included)', (rows, cols) => {
    const rand = seeded(rows * cols);
    // Rounded values: many ties, as integer and one-hot-like features have.
    const data = Float32Array.from({ length: rows * cols }, () => Math.round(rand() * 8) / 4);
    const X = { data, rows, cols };
    const scores = Array.from({ length: rows }, () => rand());
    const order = Array.from({ length: rows }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
    const half = Math.floor(rows / 2);
    const typical = Int32Array.from(order.slice(0, half));
    const ref = typicalReference(X, scores);
    const want = sortedReference(X, typical);
    expect(Array.from(ref.median)).toEqual(Array.from(want.median));
    for (let c = 0; c < cols; c++) expect(ref.scale[c]).toBeGreaterThanOrEqual(1.4826 * want.mad[c] - 1e-12);
    for (let c = 0; c < cols; c++) if (want.mad[c] > 0.2) expect(ref.scale[c]).toBeCloseTo(1.4826 * want.mad[c], 12);
  });
});
