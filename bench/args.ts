/** The benchmark's command line, on node:util parseArgs; engine settings go through the parameter table. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { makeConfig, param, PARAMS, type ConfigOverrides } from '../src/core/config';
import { assignParam, parseAssignments } from '../src/core/configAssign';
import { isPeer, PEERS, type PeerId } from '../src/core/peers/peers';

/** Flags that set one engine setting; their values are checked by the parameter table (src/core/config.ts). */
const PARAM_FLAGS: Record<string, string> = {
  method: 'method',
  engine: 'engine',
  query: 'imboost.query',
  budget: 'imboost.budget',
  'warmup-threshold': 'imboost.warmupThreshold',
  'final-score': 'imboost.finalScore',
  threads: 'threads',
};

/**
 * Methods only the bench knows: peers to measure IMLab against. They stay out of the parameter table because its
 * method choices are the app's run form (src/core/config.ts METHODS).
 */
export const BENCH_METHODS = ['forest'] as const;
export const isBenchMethod = (v: unknown): v is (typeof BENCH_METHODS)[number] => BENCH_METHODS.includes(v as 'forest');

const flagValues = (id: string) =>
  param(id)
    ?.choices?.map((c) => c.value)
    .join('|') ?? 'N';

export const USAGE = `usage:
  npm run bench -- --data <file.csv|file.npz> --method ${flagValues('method')}|${PEERS.map((p) => p.id).join('|')} [--label-column label]
                   [--seeds 100,200,300] [--pollution R] [--query ${flagValues('imboost.query')}] [--budget N] [--json]
  npm run bench -- --suite <folder> [--method ...] [--seeds ...] [--json]
  npm run bench -- --data <file> --method forest --answers 20,40,80,160 [--split reference] [--json]
                   (peer: a random forest on N random training rows answered from the truth; one line per N)
options: --warmup-threshold ${flagValues('imboost.warmupThreshold')}   --final-score ${flagValues('imboost.finalScore')}   --engine ${flagValues('engine')}
         --backend wasm|cpu (TF.js backend)   --datasets a,b,c (suite filter)
         --threads N (helper threads for big scoring passes and ODIM's members; default 0, like the one-thread reference)
         --split stratified|random|reference (reference = the exact rows the authors' code picks for each seed)
         --reference-table (the reference's per-dataset networks where they leave the width rule: latent 6 for glass
                            and ionosphere; without it every set gets IMLab's defaults, as the app does)
         --protocol split|transductive (transductive = train on every row, AUC/AP over every row as train_auc/train_ap)
         --answers N (IMBoost: N answers in all, spread over its rounds: budget per round ceil(N / rounds); 0 = none)
         --answers-stage (IMBoost: also the answers' stage on the run's own answers, side by side: stage_* fields)
         --set section.key=value[,...]  any engine setting, e.g. --set imboost.lambda1=1,model.hidden=64/32
label-free peers (bench only, not in the app's run form): ${PEERS.map((p) => `${p.id} = ${p.label}`).join(';\n                   ')}
settings for --set: ${PARAMS.map((p) => p.id).join(', ')}`;

const OPTIONS = {
  data: { type: 'string' },
  suite: { type: 'string' },
  'label-column': { type: 'string' },
  seeds: { type: 'string' },
  pollution: { type: 'string' },
  json: { type: 'boolean' },
  backend: { type: 'string' },
  datasets: { type: 'string' },
  split: { type: 'string' },
  'reference-table': { type: 'boolean' },
  'answers-stage': { type: 'boolean' },
  protocol: { type: 'string' },
  set: { type: 'string', multiple: true },
  answers: { type: 'string' },
  help: { type: 'boolean' },
  ...Object.fromEntries(Object.keys(PARAM_FLAGS).map((f) => [f, { type: 'string' }])),
} as const satisfies ParseArgsConfig['options'];

/**
 * The command line as options and engine overrides, and the label-free peer when --method names one (peers are not
 * in the parameter table: they are no engine setting); throws the table's message for a refused value.
 */
export function parseCli(argv: string[]): {
  args: Record<string, string | boolean | string[] | undefined>;
  overrides: ConfigOverrides;
  peer?: PeerId;
} {
  let args: Record<string, string | boolean | string[] | undefined>;
  try {
    args = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new Error(`${(e as Error).message}\n${USAGE}`);
  }
  const overrides: Record<string, unknown> = {};
  const peer = isPeer(args.method) ? args.method : undefined;
  for (const [flag, id] of Object.entries(PARAM_FLAGS)) {
    const v = args[flag];
    if (flag === 'method' && (peer || (typeof v === 'string' && isBenchMethod(v)))) continue;
    if (typeof v === 'string') assignParam(overrides, id, v);
  }
  for (const text of (args.set as string[] | undefined) ?? []) parseAssignments(text, overrides as ConfigOverrides);
  makeConfig(overrides as ConfigOverrides); // cross-field rules too, before any data is read
  return { args, overrides: overrides as ConfigOverrides, ...(peer ? { peer } : {}) };
}
