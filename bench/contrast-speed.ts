/**
 * How long the contrast method takes on a 10k x 21 table on one core (issue 26's budget: 3 s), on a seeded
 * synthetic table (a Gaussian blob of inliers and 5% scattered rows), with the defaults of the parameter table: the
 * stage alone (the encoder's training and eq. (11) for every row), then the whole run as the app runs it (IMBoost's
 * warm-up on the WASM engine, the clean set, the generator when on, the stage), in CPU seconds of this process.
 * `npm run bench:contrast [-- rows cols key=value ...]`.
 */
import { makeConfig } from '../src/core/config';
import { Rng } from '../src/core/rng';
import { cleanRows } from '../src/core/contrast/clean';
import { shiftsFor } from '../src/core/contrast/stage';
import { buildScorer, scoreRows } from '../src/core/contrast/score';
import { trainContrast } from '../src/core/contrast/train';
import { takeRows } from '../src/core/data/matrix';
import { rocAuc } from '../src/core/metrics';
import { runMethod } from '../src/core/train/runMethod';
import { initNodeBackend } from './node-backend';
import { loadWasmEngine } from './wasm-engine';

const rows = Number(process.argv[2] ?? 10000);
const cols = Number(process.argv[3] ?? 21);
// Further arguments are contrast settings, e.g. encoder=none steps=100.
const sets = Object.fromEntries(
  process.argv.slice(4).map((kv) => {
    const [k, v] = kv.split('=');
    return [k, Number.isNaN(Number(v)) ? v : Number(v)];
  }),
);
const c = makeConfig({ method: 'contrast', contrast: sets }).contrast;
const rng = new Rng(7);
const data = new Float32Array(rows * cols);
const y = new Uint8Array(rows);
for (let r = 0; r < rows; r++) {
  y[r] = r % 20 === 0 ? 1 : 0;
  for (let j = 0; j < cols; j++) data[r * cols + j] = y[r] ? rng.next() : Math.min(1, Math.max(0, 0.5 + 0.1 * rng.normal()));
}
const X = { data, rows, cols };
// A stand-in warm-up score (distance from the centre) picks the clean rows; the stage's cost does not depend on it.
const warm = Float32Array.from({ length: rows }, (_, r) => {
  let s = 0;
  for (let j = 0; j < cols; j++) s += (data[r * cols + j] - 0.5) ** 2;
  return s;
});
const clean = cleanRows(warm, new Int8Array(rows).fill(-1), c.cleanShare);
const shifts = shiftsFor(c.shifts, cols, 1);
// Synthetic rows stand in for the decoder's samples (their cost is the same as real rows').
const synthetic =
  c.synthetic === 'off'
    ? null
    : { data: takeRows(X, clean.slice(0, Math.min(clean.length, c.bankRows))).data, rows: Math.min(clean.length, c.bankRows) };
const spec = { ...c, augment: { maskRate: c.maskRate, jitter: c.jitter }, shifts, syntheticRole: 'inliers' as const };
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const trained = c.encoder === 'none' ? null : trainContrast(takeRows(X, clean).data, clean.length, cols, synthetic, spec, 1);
const cpu1 = process.cpuUsage(cpu0);
const bank = clean.length > c.bankRows ? clean.slice(0, c.bankRows) : clean;
const encoder = trained?.encoder ?? null;
const scorer = buildScorer(encoder, shifts, encoder ? 1 + shifts.names.length : 1, X, bank, c.featureNorm);
scoreRows(scorer, X, scorer.bankSource);
const t2 = performance.now();
const cpu2 = process.cpuUsage(cpu0);
console.log(
  `contrast stage on ${rows} x ${cols} (one thread): encoder ${c.steps} steps ${(cpu1.user / 1e6).toFixed(2)} s CPU, ` +
    `eq. (11) for every row ${((cpu2.user - cpu1.user) / 1e6).toFixed(2)} s CPU, total ${(cpu2.user / 1e6).toFixed(2)} s CPU ` +
    `(${((t2 - t0) / 1000).toFixed(2)} s wall on this machine's load; budget 3 s)`,
);

// The whole run, as the app's worker runs it (no test split: every row is scored).
void (async () => {
  await initNodeBackend();
  const build = loadWasmEngine();
  const config = makeConfig({ method: 'contrast', engine: 'wasm', seed: 1, contrast: sets });
  const wholeCpu0 = process.cpuUsage();
  const w0 = performance.now();
  const whole = await runMethod({ X, config });
  const wholeCpu = process.cpuUsage(wholeCpu0);
  console.log(
    `whole contrast run on ${rows} x ${cols} (wasm-${build} engine, one thread): ${(wholeCpu.user / 1e6).toFixed(2)} s CPU ` +
      `(${((performance.now() - w0) / 1000).toFixed(2)} s wall); AUC ${rocAuc(Array.from(whole.scores), Array.from(y)).toFixed(3)}, ` +
      `its warm-up's ${rocAuc(Array.from(whole.warmup!.scores), Array.from(y)).toFixed(3)}; budget 3 s`,
  );
})();
