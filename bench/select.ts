/**
 * Leave-datasets-out selection of IMBoost's defaults (issue 15).
 *
 *   npm run select -- --data <folder> --out runs.jsonl [--candidates a,b] [--families classical,more,embeddings]
 *                     [--seeds 100,200,300] [--shard i/n]        runs the grid (resumable: done jobs are skipped)
 *   npm run select -- --analyze runs.jsonl [--folds 5] [--per-set id]   the held-out tables, the chosen defaults
 *
 * The choice reads the training split's AUC only (the labels of the rows the model trains on, which the
 * simulated analyst answers from); test AUC is read only to report the sets held out of that choice.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { makeConfig } from '../src/core/config';
import type { Matrix } from '../src/core/data/matrix';
import { isWideTable, type GuardSample } from '../src/core/train/guard';
import { initNodeBackend } from './node-backend';
import { loadWasmEngine } from './wasm-engine';
import { runProtocol } from './protocol';
import { datasetsTable, discoverSets, loadSampled } from './selectSets';
import {
  CANDIDATES,
  wideConfidenceRules,
  avg,
  choose,
  guardRules,
  leaveDatasetsOut,
  perSet,
  replay,
  replaySets,
  se,
  type Criterion,
  type Family,
  type SelectRow,
} from './selection';

declare const __filename: string;

// ---------------------------------------------------------------------------------------------------------
// Running the grid.

const round4 = (v: number) => Math.round(v * 1e4) / 1e4;
const key = (c: string, d: string, s: number) => `${c}|${d}|${s}`;

async function runGrid(args: Map<string, string>): Promise<void> {
  const root = args.get('data');
  const out = args.get('out');
  if (!root || !out) throw new Error(USAGE);
  const wanted = args.get('candidates')?.split(',');
  const candidates = wanted ? CANDIDATES.filter((c) => wanted.includes(c.id)) : CANDIDATES;
  if (wanted && candidates.length !== wanted.length)
    throw new Error(`unknown candidate in ${wanted.join(',')}; known: ${CANDIDATES.map((c) => c.id).join(', ')}`);
  for (const c of candidates) makeConfig(c.overrides);
  const families = (args.get('families') ?? 'classical,more,embeddings').split(',') as Family[];
  const only = args.get('datasets')?.split(',');
  const seeds = (args.get('seeds') ?? '100,200,300').split(',').map(Number);
  const [shard, shards] = (args.get('shard') ?? '0/1').split('/').map(Number);
  const done = new Set(readRows(out).map((r) => key(r.candidate, r.dataset, r.seed)));
  // The bench JSON carries the guard's samples when this is set (bench/protocol.ts).
  process.env.IMLAB_GUARD_TRACE = '1';
  await initNodeBackend(undefined);
  const build = loadWasmEngine();
  const sets = discoverSets(root).filter((s) => families.includes(s.family) && (!only || only.includes(s.name)));
  let job = 0;
  for (const set of sets) {
    let data: { X: Matrix; y: Uint8Array } | null = null;
    for (const seed of seeds)
      for (const c of candidates) {
        if (job++ % shards !== shard || done.has(key(c.id, set.name, seed))) continue;
        data ??= loadSampled(set);
        const r = await runProtocol(set.name, data.X, data.y, {
          method: 'imboost',
          seed,
          pollution: set.pollution,
          overrides: c.overrides,
          backend: `wasm-${build}`,
          split: set.split,
        });
        const row: SelectRow = {
          candidate: c.id,
          family: set.family,
          dataset: set.name,
          seed,
          rows: data.y.length,
          n_train: r.n_train,
          train_auc: r.train_auc,
          test_auc: r.test_auc,
          cols: data.X.cols,
          warmup_train_auc: r.warmup_train_auc ?? null,
          warmup_test_auc: r.warmup_test_auc ?? null,
          polarized_train_auc: r.polarized_train_auc ?? null,
          polarized_test_auc: r.polarized_test_auc ?? null,
          unasked_train_auc: r.unasked_train_auc ?? null,
          warmup_unasked_train_auc: r.warmup_unasked_train_auc ?? null,
          polarized_unasked_train_auc: r.polarized_unasked_train_auc ?? null,
          guard_samples: Array.isArray(r.guard?.samples)
            ? (r.guard.samples as GuardSample[]).map((x) => [round4(x.polarized), round4(x.warmup), x.label, x.round])
            : null,
          guard_choice: r.guard?.choice ?? null,
          answered_warmup_auc: r.guard?.answered_warmup_auc ?? null,
          warmup_wrong: r.guard?.warmup_wrong ?? null,
          seconds: r.seconds,
        };
        appendFileSync(out, JSON.stringify(row) + '\n');
        console.log(
          `${c.id.padEnd(16)} ${set.name.padEnd(26)} seed ${seed}  train ${row.train_auc.toFixed(4)}  ${row.seconds.toFixed(1)} s`,
        );
      }
  }
}

function readRows(file: string): SelectRow[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as SelectRow);
}

// ---------------------------------------------------------------------------------------------------------
// The analysis: the tables for docs/benchmarks.md.

function referenceTest(): Record<string, number> {
  const t = datasetsTable() as Record<string, { reference?: { imboost?: { test_auc: number } } }>;
  return Object.fromEntries(
    Object.entries(t)
      .filter(([, v]) => v.reference?.imboost)
      .map(([k, v]) => [k, v.reference!.imboost!.test_auc]),
  );
}

interface AnalyzeOptions {
  only: string[] | null;
  perSetOf: string | null;
  familiesOnly: Family[] | null;
  /** The candidate the others are compared with (and whose sets define the table). */
  base: string;
  criterion: Criterion;
}

function analyze(files: string[], k: number, o: AnalyzeOptions): void {
  const { only, perSetOf, familiesOnly, base, criterion } = o;
  const rows = files
    .flatMap(readRows)
    .filter((r) => (!only || only.includes(r.candidate)) && (!familiesOnly || familiesOnly.includes(r.family)));
  const setsOf = (c: string) => new Set(rows.filter((r) => r.candidate === c).map((r) => r.dataset));
  const baseSets = setsOf(base);
  const ran = CANDIDATES.map((c) => c.id).filter((c) => setsOf(c).size > 0);
  // Only candidates run on every set the base ran on enter the choice; the rest are listed apart.
  const candidates = ran.filter((c) => [...baseSets].every((d) => setsOf(c).has(d)));
  const partial = ran.filter((c) => !candidates.includes(c));
  // The base first: ties go to it.
  const ordered = [base, ...candidates.filter((c) => c !== base)];
  const sets = perSet(rows, ordered, criterion);
  const f = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : '-');
  const sgn = (v: number) => (v >= 0 ? '+' : '') + v.toFixed(4);
  const families = ['classical', 'embeddings', 'more'] as Family[];
  console.log(
    `${sets.length} sets (${families.map((fam) => `${sets.filter((s) => s.family === fam).length} ${fam}`).join(', ')}), ${candidates.length} candidates, ${k} folds; the choice reads the ${criterion === 'unasked' ? 'training AUC over the rows never asked about' : 'training AUC'}`,
  );
  console.log('seeds per set (shared by all candidates): ' + sets.map((s) => `${s.dataset} ${s.seeds}`).join(', '));
  if (partial.length)
    console.log(`not on every set, left out of the choice: ${partial.map((c) => `${c} (${setsOf(c).size} sets)`).join(', ')}`);

  const ldo = leaveDatasetsOut(sets, ordered, k);
  console.log(
    `\n| candidate | dimension | chosen in folds | mean train AUC (${criterion}, all sets) | mean test AUC | s.e. | vs ${base} | s.e. of diff |`,
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const c of ordered) {
    const spec = CANDIDATES.find((x) => x.id === c)!;
    const test = sets.map((s) => s.test[c]);
    const diff = sets.map((s) => s.test[c] - s.test[base]);
    console.log(
      `| ${spec.label} | ${spec.dimension} | ${ldo.chosen.filter((x) => x === c).length}/${k} | ${f(avg(sets.map((s) => s.train[c])))} | ${f(avg(test))} | ${f(se(test))} | ${c === base ? '-' : sgn(avg(diff))} | ${c === base ? '-' : f(se(diff))} |`,
    );
  }
  console.log(
    `\nmean test AUC by family (${families.map((fam) => `${fam}: ${sets.filter((s) => s.family === fam).length} sets`).join(', ')})`,
  );
  console.log(`| candidate | ${families.join(' | ')} |`);
  console.log(`|---|${families.map(() => '---').join('|')}|`);
  for (const c of ordered)
    console.log(`| ${c} | ${families.map((fam) => f(avg(sets.filter((s) => s.family === fam).map((s) => s.test[c])))).join(' | ')} |`);
  const whole = choose(
    sets.map((s) => s.train),
    ordered,
  );
  console.log(`\nchosen on all sets (training AUC, ${criterion}): ${whole} (${CANDIDATES.find((x) => x.id === whole)!.label})`);
  console.log(`per fold (chosen on the other ${k - 1} folds): ${ldo.chosen.join(', ')}`);
  console.log(
    `leave-datasets-out mean test AUC over ${sets.length} sets: ${f(ldo.mean)} (s.e. ${f(ldo.se)}); ${base} ${f(avg(sets.map((s) => s.test[base])))}`,
  );
  for (const fam of ['classical', 'embeddings', 'more'] as Family[]) {
    const names = sets.filter((s) => s.family === fam).map((s) => s.dataset);
    if (!names.length) continue;
    const v = names.map((n) => ldo.heldOut[n]);
    console.log(`  ${fam}: ${f(avg(v))} (s.e. ${f(se(v))}, ${names.length} sets)`);
  }
  const ref = referenceTest();
  const withRef = sets.filter((s) => ref[s.dataset] != null);
  if (withRef.length) {
    const d = withRef.map((s) => ldo.heldOut[s.dataset] - ref[s.dataset]);
    console.log(
      `  against the reference (${withRef.length} sets with a reference number): held-out ${f(avg(withRef.map((s) => ldo.heldOut[s.dataset])))} vs ${f(avg(withRef.map((s) => ref[s.dataset])))}, ${sgn(avg(d))} (s.e. ${f(se(d))})`,
    );
  }
  if (perSetOf) {
    const all = perSet(rows, [base, perSetOf], criterion);
    console.log(`\nper set: ${perSetOf} against ${base} (mean over the seeds both ran) and the reference`);
    console.log(`| set | family | seeds | train AUC (${criterion}) | test AUC | ${base} test AUC | reference test AUC |`);
    console.log('|---|---|---|---|---|---|---|');
    for (const s of all)
      console.log(
        `| ${s.dataset} | ${s.family} | ${s.seeds} | ${f(s.train[perSetOf])} | ${f(s.test[perSetOf])} | ${f(s.test[base])} | ${ref[s.dataset] != null ? f(ref[s.dataset]) : '-'} |`,
      );
  }
}

/**
 * The end-of-run guard rules replayed on recorded runs, chosen leave-datasets-out like the candidates. `wide`: the
 * adaptive guard's confidence on wide tables only (narrow tables keep the polarized ranking whatever it is), on the
 * runs of wide tables recorded with `guard-adaptive`.
 */
function analyzeReplay(files: string[], k: number, wide: boolean, criterion: Criterion, candidate?: string, extra: string[] = []): void {
  // Several recorded candidates (a,b) pool their runs: each set then has the runs of all of them.
  const recordedList = (candidate ?? (wide ? 'guard-adaptive' : 'base')).split(',');
  const recorded = recordedList.join(' + ');
  const isRecorded = (r: SelectRow) => recordedList.includes(r.candidate);
  const rows = files.flatMap(readRows).filter((r) => r.guard_samples && (!wide || (isRecorded(r) && isWideTable(r.n_train, r.cols))));
  const rules = wide ? wideConfidenceRules() : guardRules();
  const currentId = rules[0].id;
  const sets = replaySets(rows, rules, criterion);
  const ids = rules.map((r) => r.id);
  const f = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : '-');
  const sgn = (v: number) => (v >= 0 ? '+' : '') + v.toFixed(4);
  // The replay of today's rule must give the recorded choice: a check that the replay is faithful.
  const current = rules[0];
  const agree = rows.filter((r) => isRecorded(r) && replay(r, current)?.choice === r.guard_choice).length;
  const base = rows.filter(isRecorded).length;
  console.log(
    `${sets.length} sets, ${rows.length} recorded runs, ${rules.length} rules, training AUC: ${criterion}; replayed ${currentId} agrees with the recorded choice on ${agree}/${base} ${recorded} runs`,
  );
  const ldo = leaveDatasetsOut(sets, ids, k);
  const score = (id: string) => avg(sets.map((s) => s.train[id]));
  const top = [...ids].sort((a, b) => score(b) - score(a)).slice(0, 12);
  const show = [...new Set([currentId, ...top, ...ldo.chosen, ...extra.filter((id) => ids.includes(id))])];
  const families = ['classical', 'embeddings', 'more'] as Family[];
  console.log(`\n| rule | chosen in folds | mean train AUC | mean test AUC | s.e. | vs ${currentId} | s.e. | ${families.join(' | ')} |`);
  console.log(`|---|---|---|---|---|---|---|${families.map(() => '---').join('|')}|`);
  for (const id of show) {
    const test = sets.map((s) => s.test[id]);
    const diff = sets.map((s) => s.test[id] - s.test[currentId]);
    const fam = families.map((fm) => f(avg(sets.filter((s) => s.family === fm).map((s) => s.test[id]))));
    console.log(
      `| ${id} | ${ldo.chosen.filter((x) => x === id).length}/${k} | ${f(score(id))} | ${f(avg(test))} | ${f(se(test))} | ${sgn(avg(diff))} | ${f(se(diff))} | ${fam.join(' | ')} |`,
    );
  }
  const whole = choose(
    sets.map((s) => s.train),
    ids,
  );
  console.log(`\nchosen on all sets (training AUC): ${whole}; per fold: ${ldo.chosen.join(', ')}`);
  const cur = sets.map((s) => s.test[currentId]);
  console.log(
    `leave-datasets-out mean test AUC: ${f(ldo.mean)} (s.e. ${f(ldo.se)}) vs ${currentId} ${f(avg(cur))}; held-out minus ${currentId}: ${sgn(avg(sets.map((s) => ldo.heldOut[s.dataset] - s.test[currentId])))}`,
  );
  for (const fm of families) {
    const names = sets.filter((s) => s.family === fm);
    if (names.length)
      console.log(
        `  ${fm}: ${f(avg(names.map((s) => ldo.heldOut[s.dataset])))} vs ${f(avg(names.map((s) => s.test[currentId])))} (${names.length} sets)`,
      );
  }
}

// ---------------------------------------------------------------------------------------------------------

const USAGE = `usage:
  npm run select -- --data <folder with the 15 sets, embeddings/ and more/> --out runs.jsonl
                    [--candidates ${CANDIDATES.map((c) => c.id).join(',')}] [--families classical,more,embeddings]
                    [--datasets a,b] [--seeds 100,200,300] [--shard i/n]
  npm run select -- --analyze runs.jsonl[,more.jsonl] [--folds 5] [--candidates a,b] [--families ...] [--per-set candidate]
                    [--base candidate] [--criterion unasked|train]
  npm run select -- --replay runs.jsonl [--folds 5]   (end-of-run guard rules replayed on the recorded runs)
  npm run select -- --replay runs.jsonl --wide [--recorded candidate[,candidate]]   (the adaptive guard's rule on
                    wide tables, replayed on the runs of that candidate, guard-adaptive by default; several pool
                    their runs) [--show rule,rule]   (these rules in the table too)
--criterion: what the choice reads. unasked (default): the training AUC over the rows never asked about; train: over
every training row (flatters a model trained on the answers). Rows recorded without the unasked AUC use train.`;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith('--')) throw new Error(`unexpected ${argv[i]}\n${USAGE}`);
    const next = argv[i + 1];
    if (next == null || next.startsWith('--')) args.set(argv[i].slice(2), 'true');
    else args.set(argv[i].slice(2), argv[++i]);
  }
  if (args.has('help')) return void console.log(USAGE);
  const criterion = (args.get('criterion') ?? 'unasked') as Criterion;
  if (criterion !== 'unasked' && criterion !== 'train') throw new Error(`--criterion unasked|train\n${USAGE}`);
  if (args.has('replay'))
    return analyzeReplay(
      args.get('replay')!.split(','),
      Number(args.get('folds') ?? 5),
      args.has('wide'),
      criterion,
      args.get('recorded'),
      args.get('show')?.split(',') ?? [],
    );
  if (args.has('analyze'))
    return analyze(args.get('analyze')!.split(','), Number(args.get('folds') ?? 5), {
      only: args.get('candidates')?.split(',') ?? null,
      perSetOf: args.get('per-set') ?? null,
      familiesOnly: (args.get('families')?.split(',') as Family[] | undefined) ?? null,
      base: args.get('base') ?? 'base',
      criterion,
    });
  await runGrid(args);
}

if (typeof require !== 'undefined' && require.main === module)
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });

declare const require: { main: unknown };
declare const module: unknown;
