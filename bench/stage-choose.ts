/**
 * The learning-curve table and the leave-datasets-out choice from bench/stage-study.ts's lines: per answer count,
 * each ranking's mean test AUC over sets (a set's seeds averaged first) with its standard error over sets, and the
 * paired difference from the best peer at that count. With --choose a,b,...: for each set, the candidate (file x
 * field) with the best mean over every count on the other sets, scored on the held-out set: no default is picked on
 * a set's own test labels. `node bench/build.mjs bench/stage-choose.ts .bench-out/stage-choose.cjs && node
 *  .bench-out/stage-choose.cjs [--fields f,g] [--choose f,g] [--peers forest,iforest,knn,cosine] [--gap] files...`
 * With --gap: where the first field stands against the first peer, per count: the mean difference over sets, what it
 * would be if every set below the peer were lifted to it, and those sets.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    fields: { type: 'string', default: 'today' },
    choose: { type: 'string' },
    peers: { type: 'string', default: 'forest,iforest,knn,cosine' },
    // The shared peers' forest on random answers (scikit-learn): set, seed, N, model, outliers, test AUC per line.
    sk: { type: 'string' },
    gap: { type: 'boolean', default: false },
  },
});
type Line = Record<string, unknown> & { dataset: string; seed: number; count: string };
const files = positionals.map((f) => ({
  tag: path.basename(f).replace(/\.jsonl$/, ''),
  lines: readFileSync(f, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Line),
}));
if (values.sk) {
  // Its set names carry ADBench's number ("6_cardio"); its embedding sets ADBench's ("MVTec-AD_bottle").
  const key = (set: string) =>
    set
      .replace(/^\d+_/, '')
      .toLowerCase()
      .replace(/^mvtec-ad_/, 'resnet18-mvtec-');
  const sk = new Map<string, number>();
  for (const row of readFileSync(values.sk, 'utf8').trim().split('\n')) {
    const [set, seed, n, , , auc] = row.split('\t');
    sk.set(`${key(set)}/${seed}/${n}`, Number(auc));
  }
  for (const f of files)
    for (const l of f.lines) {
      const v = sk.get(`${l.dataset.toLowerCase()}/${l.seed}/${l.count}`);
      if (v != null && Number.isFinite(v)) l.sk_forest = v;
    }
}
const counts = [...new Set(files.flatMap((f) => f.lines.map((l) => l.count)))].sort((a, b) => (Number(a) || 1e9) - (Number(b) || 1e9));
const sets = [...new Set(files[0].lines.map((l) => l.dataset))].sort();

/** A set's mean of `field` at `count` in file `fi` over its seeds (null: no value). */
function setMean(fi: number, field: string, count: string, set: string): number | null {
  const v = files[fi].lines
    .filter((l) => l.dataset === set && l.count === count)
    .map((l) => l[field])
    .filter((x): x is number => typeof x === 'number');
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
}

function meanSe(xs: number[]): string {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, xs.length - 1);
  return `${m.toFixed(4)} (${Math.sqrt(v / xs.length).toFixed(4)})`;
}

/** Per set: the value of each candidate "file:field" at a count. */
function perSet(cands: { fi: number; field: string }[], count: string): Map<string, (number | null)[]> {
  return new Map(sets.map((s) => [s, cands.map((c) => setMean(c.fi, c.field, count, s))]));
}

const peers = values.peers!.split(',');
const fields = values.fields!.split(',');
const cands = files.flatMap((f, fi) => fields.map((field) => ({ fi, field, name: `${f.tag}:${field}` })));
const peerCands = peers.map((field) => ({ fi: 0, field, name: field }));

console.log(`| answers | ${[...peerCands, ...cands].map((c) => c.name).join(' | ')} | best peer | best candidate minus best peer (s.e.) |`);
console.log(`|---|${[...peerCands, ...cands].map(() => '---').join('|')}|---|---|`);
for (const count of counts) {
  const p = perSet(peerCands, count);
  const c = perSet(cands, count);
  const ok = sets.filter((s) => [...p.get(s)!, ...c.get(s)!].every((v) => v != null));
  if (!ok.length) continue;
  const col = (m: Map<string, (number | null)[]>, i: number) => ok.map((s) => m.get(s)![i]!);
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const bestPeer = peerCands.map((_, i) => avg(col(p, i))).reduce((b, v, i, a) => (v > a[b] ? i : b), 0);
  const bestCand = cands.map((_, i) => avg(col(c, i))).reduce((b, v, i, a) => (v > a[b] ? i : b), 0);
  const diff = ok.map((s) => c.get(s)![bestCand]! - p.get(s)![bestPeer]!);
  const cells = [...peerCands.map((_, i) => meanSe(col(p, i))), ...cands.map((_, i) => meanSe(col(c, i)))];
  console.log(`| ${count} (${ok.length} sets) | ${cells.join(' | ')} | ${peers[bestPeer]} | ${meanSe(diff)} |`);
}

if (values.choose) {
  const pool = values.choose.split(',').flatMap((field) => files.map((f, fi) => ({ fi, field, name: `${f.tag}:${field}` })));
  const curve = counts.filter((c) => c !== 'budget');
  // A candidate's score on a set: its mean over the curve's counts (every count weighs the same).
  const score = (i: number, s: string) => {
    const v = curve.map((c) => setMean(pool[i].fi, pool[i].field, c, s));
    return v.every((x) => x != null) ? v.reduce((a, b) => a + b!, 0) / v.length : null;
  };
  const picks = new Map<string, number>();
  for (const held of sets) {
    const others = sets.filter((s) => s !== held);
    let best = 0;
    let bestMean = -Infinity;
    pool.forEach((_, i) => {
      const v = others.map((s) => score(i, s)).filter((x): x is number => x != null);
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      if (m > bestMean) [best, bestMean] = [i, m];
    });
    picks.set(held, best);
  }
  console.log(
    `\nleave-datasets-out picks: ${[...new Set(picks.values())].map((i) => `${pool[i].name} (${[...picks.values()].filter((v) => v === i).length} sets)`).join(', ')}`,
  );
  for (const count of counts) {
    const held = sets.map((s) => setMean(pool[picks.get(s)!].fi, pool[picks.get(s)!].field, count, s));
    if (!held.every((v) => v != null)) continue;
    // Paired with each peer on the same sets, seeds and count.
    const vs = peers
      .map((p) => {
        const pv = sets.map((s) => setMean(0, p, count, s));
        const ok = sets.map((_, i) => i).filter((i) => pv[i] != null);
        return ok.length ? `${p} ${meanSe(ok.map((i) => held[i]! - pv[i]!))} on ${ok.length} sets` : null;
      })
      .filter(Boolean);
    console.log(`held-out at ${count}: ${meanSe(held as number[])}; minus ${vs.join('; ')}`);
  }
}

if (values.gap) {
  const [field] = fields;
  const [peer] = peers;
  console.log(`\n| answers | ${field} minus ${peer} | if every set below ${peer} were lifted to it | the sets below it |`);
  console.log('|---|---|---|---|');
  for (const count of counts) {
    const d = sets
      .map((s) => ({ s, a: setMean(0, field, count, s), b: setMean(0, peer, count, s) }))
      .filter((x): x is { s: string; a: number; b: number } => x.a != null && x.b != null)
      .map(({ s, a, b }) => ({ s, d: a - b }));
    if (!d.length) continue;
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const below = d.filter((x) => x.d < 0).sort((x, y) => x.d - y.d);
    const lifted = mean(d.map((x) => Math.max(0, x.d)));
    const names = below.map((x) => `${x.s} ${x.d.toFixed(3)}`).join(', ');
    console.log(`| ${count} (${d.length} sets) | ${mean(d.map((x) => x.d)).toFixed(4)} | ${lifted.toFixed(4)} | ${names} |`);
  }
}
