/**
 * The learning curve of docs/benchmarks.md as an SVG: mean test AUC over the 15 shared sets (3 data seeds, the
 * reference's rows) by answer count, IMLab against the peers a user could run instead, with standard errors over sets.
 * Reads the answers' study's raw lines in docs/bench-results/answers-count/ (today's defaults and the previous
 * ones) and the peers' tables (../shared/peers).
 * `node bench/build.mjs bench/curve-plot.ts .bench-out/curve-plot.cjs && node .bench-out/curve-plot.cjs ../shared/peers docs/learning-curve.svg`
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [peersDir = '../shared/peers', out = 'docs/learning-curve.svg'] = process.argv.slice(2);
const RESULTS = 'docs/bench-results';
type Json = Record<string, number | string | null>;
const jsonl = (f: string): Json[] =>
  readFileSync(path.join(RESULTS, f), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Json);
const tsv = (f: string) =>
  readFileSync(path.join(peersDir, f), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split('\t'));
/** The peers' tables name sets like '6_cardio' or '18_Ionosphere'; the bench's lines 'cardio', 'ionosphere'. */
const setName = (s: string) => s.replace(/^\d+_/, '').toLowerCase();

/** Mean over sets of each set's mean, and its standard error over sets. */
function overSets(pairs: [string, number][]): { m: number; se: number } {
  const by = new Map<string, number[]>();
  for (const [d, v] of pairs) by.set(d, [...(by.get(d) ?? []), v]);
  const means = [...by.values()].map((v) => v.reduce((a, b) => a + b, 0) / v.length);
  const m = means.reduce((a, b) => a + b, 0) / means.length;
  const sd = Math.sqrt(means.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, means.length - 1));
  return { m, se: sd / Math.sqrt(means.length) };
}

// The answers' study (bench/stage-study.ts): today's defaults (T25R25 questions, the stage with the mean of the
// rankings while the answers are few and the label propagation: field mean) and the previous ones (MM questions, the
// old stage), the same 15 sets, seeds and counts.
const before = jsonl('answers-count/tabular-15-mm.jsonl');
const shared = new Set(before.map((r) => r.dataset));
const now = jsonl('answers-count/tabular-21-mean.jsonl').filter((r) => shared.has(r.dataset));
const COUNTS = ['20', '40', '80', '160', 'budget'];
const at = (lines: Json[], count: string, field: string) =>
  overSets(lines.filter((r) => r.count === count).map((r) => [String(r.dataset), Number(r[field])]));
const budgetAnswers = now.filter((r) => r.count === 'budget').reduce((a, r, _, all) => a + Number(r.answers) / all.length, 0);
// At 0 answers IMLab ranks by IsolationForest (answers/labelFree.ts); the previous default by the IWAE warm-up.
const warm = overSets(jsonl('prior/tabular-15-label-free.jsonl').map((r) => [String(r.dataset), Number(r.warmup)]));
const imlab = [at(now, '20', 'iforest'), ...COUNTS.map((n) => at(now, n, 'mean'))];
const imboost = [warm, ...COUNTS.map((n) => at(before, n, 'today'))];
const forestRows = tsv('forest_on_random_answers.tsv');
const forest = [20, 40, 80, 160].map((n) =>
  overSets(forestRows.filter((r) => Number(r[2]) === n).map((r) => [setName(r[0]), Number(r[5])])),
);
const labelFree = tsv('label_free.tsv');
const flat = (peer: string) => overSets(labelFree.filter((r) => r[2] === peer).map((r) => [setName(r[0]), Number(r[6])]));

// Categorical x positions: 0, 20, 40, 80, 160 answers, then the default budget.
const W = 720;
const H = 420;
const L = 64;
const R = 200;
const T = 40;
const B = 56;
const xs = [0, 1, 2, 3, 4, 5].map((i) => L + (i * (W - L - R)) / 5);
const yLo = 0.7;
const yHi = 1;
const y = (v: number) => T + ((yHi - v) / (yHi - yLo)) * (H - T - B);
const parts: string[] = [];
const text = (x: number, yy: number, s: string, extra = '') =>
  parts.push(`<text x="${x.toFixed(1)}" y="${yy.toFixed(1)}" font-size="12" ${extra}>${s}</text>`);
for (let v = yLo; v <= yHi + 1e-9; v += 0.05) {
  parts.push(`<line x1="${L}" x2="${W - R}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`);
  text(L - 8, y(v) + 4, v.toFixed(2), 'text-anchor="end"');
}
['0', '20', '40', '80', '160', `budget (${budgetAnswers.toFixed(0)})`].forEach((s, i) =>
  text(xs[i], H - B + 18, s, 'text-anchor="middle"'),
);
text((L + W - R) / 2, H - 12, 'answers (outliers answered from the truth)', 'text-anchor="middle"');
text(16, (T + H - B) / 2, 'mean test AUC, 15 sets', `text-anchor="middle" transform="rotate(-90 16 ${(T + H - B) / 2})"`);
text(L, 22, 'Learning curve: 15 shared sets, reference rows, data seeds 100/200/300 (bars: s.e. over sets)', 'font-weight="bold"');

function series(points: { m: number; se: number }[], at: number[], color: string, label: string, row: number, dash = ''): void {
  const d = points.map((p, i) => `${i ? 'L' : 'M'}${xs[at[i]].toFixed(1)},${y(p.m).toFixed(1)}`).join(' ');
  parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2" ${dash ? `stroke-dasharray="${dash}"` : ''}/>`);
  points.forEach((p, i) => {
    const x = xs[at[i]];
    parts.push(`<line x1="${x}" x2="${x}" y1="${y(p.m - p.se)}" y2="${y(p.m + p.se)}" stroke="${color}"/>`);
    parts.push(`<circle cx="${x}" cy="${y(p.m)}" r="3" fill="${color}"/>`);
  });
  const ly = T + 14 + row * 20;
  parts.push(
    `<line x1="${W - R + 12}" x2="${W - R + 36}" y1="${ly - 4}" y2="${ly - 4}" stroke="${color}" stroke-width="2" ${dash ? `stroke-dasharray="${dash}"` : ''}/>`,
  );
  text(W - R + 42, ly, label);
}
series(imlab, [0, 1, 2, 3, 4, 5], '#1a5fb4', 'IMLab now', 0);
series(imboost, [0, 1, 2, 3, 4, 5], '#62a0ea', 'IMLab before', 1, '5 3');
series(forest, [1, 2, 3, 4], '#c01c28', 'forest, random answers', 2);
const peers: [string, string, string][] = [
  ['iforest', '#26a269', 'IsolationForest (0 answers)'],
  ['knn', '#986a44', 'kNN (0 answers)'],
  ['cosknn', '#813d9c', 'cosine kNN (0 answers)'],
];
peers.forEach(([id, color, label], i) => {
  const p = flat(id);
  if (p.m < yLo) return void text(W - R + 42, T + 14 + (3 + i) * 20, `${label}: ${p.m.toFixed(3)}, below the axis`);
  parts.push(`<line x1="${L}" x2="${W - R}" y1="${y(p.m)}" y2="${y(p.m)}" stroke="${color}" stroke-dasharray="2 3"/>`);
  parts.push(
    `<line x1="${W - R + 12}" x2="${W - R + 36}" y1="${T + 10 + (3 + i) * 20}" y2="${T + 10 + (3 + i) * 20}" stroke="${color}" stroke-dasharray="2 3"/>`,
  );
  text(W - R + 42, T + 14 + (3 + i) * 20, `${label}`);
});
writeFileSync(
  out,
  `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif"><rect width="100%" height="100%" fill="#fff"/>${parts.join('')}</svg>\n`,
);
const f = (p: { m: number; se: number }) => `${p.m.toFixed(4)} (${p.se.toFixed(4)})`;
console.log(`IMLab now ${imlab.map(f).join(' | ')}\nbefore ${imboost.map(f).join(' | ')}\nforest ${forest.map(f).join(' | ')}`);
console.log(peers.map(([id]) => `${id} ${f(flat(id))}`).join(' | '));
console.log(`wrote ${out}`);
