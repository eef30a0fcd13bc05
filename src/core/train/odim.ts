import { bimodalityGap, fitGmm1d } from '../query/gmm';
import { createTrainContext } from './context';
import { unlabeledStep } from './trainContext';
import { yieldToLoop } from './control';
import { captureCheckpoint, checkpointOf, restoreCheckpoint, type OdimCheckpoint } from './checkpoint';
import { progressEvent, summarize } from './progress';
import type { RunOptions, RunResult } from './run';
import { odimCheckEvery, odimPatience } from './schedule';
import { minMaxScaled } from './vectors';
import { helperPool, helpersAllowed, type HelperLease } from '../threads/pool';
import type { OdimMemberResult } from '../threads/protocol';

/**
 * ODIM (unsupervised): train with a fixed mini-batch and, every few updates, measure how bimodal the
 * batch losses are (2-component GMM). The scores at the most bimodal point are kept; training stops
 * when that has not improved for a while. An ensemble of models (different seeds) sums the scores.
 * A checkpoint at each check keeps the member under way and the finished members' scores, so a resumed
 * run ends with the same scores (test rows, a benchmark's, are not checkpointed).
 */
export async function runOdim(opts: RunOptions): Promise<RunResult> {
  const { X, config: cfg } = opts;
  const c = cfg.odim;
  const t0 = performance.now();
  const noLabels = new Int8Array(X.rows).fill(-1);
  const total = new Float64Array(X.rows);
  const testTotal = opts.Xtest ? new Float64Array(opts.Xtest.rows) : null;
  const own = checkpointOf(opts.resume, 'odim');
  const resume = own?.odim ? own : null;
  const finished: Float32Array[] = [];
  let updates = resume?.updates ?? 0;
  const firstModel = resume?.odim?.model ?? 0;
  if (resume) {
    const n = resume.odim!.hasBest ? resume.history.length - 1 : resume.history.length;
    for (const h of resume.history.slice(0, n)) finished.push(Float32Array.from(h));
  }
  const add = (m: OdimMember) => {
    finished.push(m.scores);
    updates += m.updates;
    if (testTotal && m.testScores) for (let i = 0; i < testTotal.length; i++) testTotal[i] += m.testScores[i];
  };
  for (let m = firstModel; m < c.models;) {
    // Members are independent: idle helper threads train the next ones while this thread trains member m with
    // its progress events and checkpoints (a resumed run retrains the helpers' members: same seeds, same scores).
    const leases = m + 1 < c.models ? (helperPool()?.reserve(Math.min(helpersAllowed(cfg.threads), c.models - m - 1)) ?? []) : [];
    try {
      const remote = leases.map((lease, i) => memberOnHelper(lease, opts, m + 1 + i));
      // If this thread's member is stopped (AbortError), the helpers' results are not awaited: keep them quiet.
      for (const r of remote) r.catch(() => undefined);
      const local = await trainMember(opts, m, {
        resume: m === firstModel ? resume : null,
        updatesBefore: updates,
        finished,
        t0,
      });
      add(local);
      for (const r of remote) add(await r);
      m += 1 + leases.length;
    } finally {
      for (const l of leases) l.release();
    }
  }
  for (const f of finished) for (let i = 0; i < total.length; i++) total[i] += f[i];
  return {
    scores: Float32Array.from(total),
    testScores: testTotal ? Float32Array.from(testTotal) : null,
    labels: noLabels,
    updates,
    seconds: (performance.now() - t0) / 1000,
  };
}

interface OdimMember {
  scores: Float32Array;
  testScores: Float32Array | null;
  /** Updates this member took (from its resume point, when resumed). */
  updates: number;
}

/** Where member m stands in the run: for its progress events and checkpoints (absent on a helper thread). */
interface MemberRun {
  resume: OdimCheckpoint | null;
  updatesBefore: number;
  finished: readonly Float32Array[];
  t0: number;
}

/** One ensemble member (seed config.seed + m), trained until its bimodality stops improving. */
export async function trainMember(
  opts: Pick<RunOptions, 'X' | 'Xtest' | 'config' | 'control' | 'truth' | 'onProgress' | 'onCheckpoint'>,
  m: number,
  run: MemberRun | null,
): Promise<OdimMember> {
  const { X, config: cfg } = opts;
  const c = cfg.odim;
  const all = Int32Array.from({ length: X.rows }, (_, i) => i);
  const noLabels = new Int8Array(X.rows).fill(-1);
  const checkEvery = odimCheckEvery(X.rows, c.batch);
  const patienceLimit = odimPatience(checkEvery, c.patienceUpdates);
  const ctx = createTrainContext(X, cfg, cfg.seed + m);
  try {
    let best = -Infinity;
    let bestScores: Float32Array | null = null;
    let bestTest: Float32Array | null = null;
    let patience = 0;
    let firstUpdate = 1;
    let updates = 0;
    const resume = run?.resume;
    if (resume) {
      const st = resume.odim!;
      restoreCheckpoint(ctx, resume);
      best = st.best;
      patience = st.patience;
      firstUpdate = st.update + 1;
      if (st.hasBest) bestScores = Float32Array.from(resume.history[resume.history.length - 1]);
    }
    for (let u = firstUpdate; u <= c.maxUpdates && patience < patienceLimit; u++) {
      if (opts.control) await opts.control.gate();
      const check = u % checkEvery === 0;
      const out = ctx.step(unlabeledStep(ctx.sample(all, c.batch), c.k, null, check));
      updates++;
      if (!check || !out.losses) {
        out.loss.dispose();
        continue;
      }
      const [lossValue, batchLosses] = await Promise.all([out.loss.read(), out.losses.read()]);
      const gap = bimodalityGap(fitGmm1d(minMaxScaled(batchLosses)));
      let scores: Float32Array | null = null;
      if (gap > best) {
        best = gap;
        patience = 0;
        scores = bestScores = await ctx.scoreTrain(c.k);
        if (opts.Xtest) bestTest = await ctx.scoreMatrix(opts.Xtest, c.k);
      } else {
        patience++;
      }
      if (!run) continue;
      const s = scores ? summarize(scores, noLabels, opts.truth ?? null) : null;
      opts.onProgress?.(
        progressEvent({
          method: 'odim',
          phase: 'odim',
          epoch: Math.floor(u / checkEvery),
          totalEpochs: Math.ceil(c.maxUpdates / checkEvery),
          update: run.updatesBefore + updates,
          totalUpdates: c.maxUpdates * c.models,
          batchSize: c.batch,
          loss: lossValue,
          t0: run.t0,
          summary: s,
          scores,
          model: m + 1,
        }),
      );
      if (opts.onCheckpoint) {
        const history = bestScores ? [...run.finished, bestScores] : [...run.finished];
        const odim = { model: m, update: u, best, patience, hasBest: bestScores != null };
        opts.onCheckpoint(
          await captureCheckpoint(ctx, {
            method: 'odim',
            nextEpoch: Math.floor(u / checkEvery),
            round: 0,
            labels: noLabels,
            history,
            updates: run.updatesBefore + updates,
            odim,
          }),
        );
      }
      if (opts.control) await yieldToLoop();
    }
    const scores = bestScores ?? (await ctx.scoreTrain(c.k));
    const testScores = opts.Xtest ? (bestTest ?? (await ctx.scoreMatrix(opts.Xtest, c.k))) : null;
    return { scores, testScores, updates };
  } finally {
    ctx.dispose();
  }
}

async function memberOnHelper(lease: HelperLease, opts: RunOptions, m: number): Promise<OdimMember> {
  const job = { kind: 'odimMember' as const, X: opts.X, Xtest: opts.Xtest ?? null, config: opts.config, member: m };
  const r = (await lease.run(job).catch(() => null)) as OdimMemberResult | null;
  // A helper that failed costs time, not the result: the member is trained here instead.
  return r ?? trainMember(opts, m, null);
}
