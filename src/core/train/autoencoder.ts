import { AeAdam, applyStandard, DenseAe, fitStandard } from '../model/denseAe';
import { ghostProbe } from '../model/ghostGrad';
import { Rng } from '../rng';
import type { AutoencoderCheckpoint } from './checkpoint';
import { yieldToLoop } from './control';
import { gradStopFeed, gradStopInit, gradStopView, type GradStopState } from './gradstopRule';
import { heteroLoss } from './heteroLoss';
import { progressEvent, summarize, type GradStopView } from './progress';
import type { RunOptions, RunResult } from './run';

/**
 * The autoencoder methods (no labels, no questions): `ae` trains the GradStop authors' plain AE for a fixed number of
 * full-batch epochs; `gradstop` adds their early-stopping rule on per-row gradients of a probe set, and keeps the
 * scores of the epoch the rule picks; `rejection` trains with the heterogeneous loss (soft, hard or no rejection).
 * Inputs are standardized over the training rows; tables above ae.maxRows are sampled (uniformly, no labels) for
 * training, and every row is scored. A checkpoint at each epoch end resumes to the same scores.
 */
export async function runAutoencoder(opts: RunOptions): Promise<RunResult> {
  const { X, config: cfg } = opts;
  const method = cfg.method;
  const c = cfg.ae;
  const t0 = performance.now();
  const stats = fitStandard(X.data, X.rows, X.cols);
  const Xs = applyStandard(X.data, X.cols, stats);
  const Xtest = opts.Xtest ? applyStandard(opts.Xtest.data, opts.Xtest.cols, stats) : null;
  // Setup draws (initialization, row order) come first from the seed, so a resumed run rebuilds them alike.
  const rng = new Rng(cfg.seed);
  const ae = new DenseAe({ d: X.cols, h: c.hidden }, { dropout: c.dropout, bnEps: 1e-5, bnMomentum: 0.1 }, rng, c.initStd);
  const order = rng.shuffle(Int32Array.from({ length: X.rows }, (_, i) => i)) as Int32Array;
  const train = order.slice(0, Math.min(X.rows, c.maxRows));
  const { beta1, beta2, eps } = cfg.optim;
  const adam = new AeAdam(ae.params, { lr: c.lr, beta1, beta2, eps });
  const noLabels = new Int8Array(X.rows).fill(-1);
  const gs = method === 'gradstop' ? cfg.gradstop : null;
  const probe = Int32Array.from({ length: Math.min(gs?.probe ?? 0, train.length) }, (_, i) => i);
  const batch = method === 'rejection' && cfg.rejection.batch ? Math.min(cfg.rejection.batch, train.length) : train.length;
  const updatesPerEpoch = Math.ceil(train.length / batch);

  let rule: GradStopState = gradStopInit();
  let groups: { last: Int32Array; top: Int32Array } = { last: new Int32Array(0), top: new Int32Array(0) };
  let kept: Float32Array | null = null;
  let keptTest: Float32Array | null = null;
  let startEpoch = 0;
  let updates = 0;
  if (opts.resume) {
    const r = opts.resume;
    r.state.slice(0, 6).forEach((p, i) => ae.params[i].set(p));
    ae.runMean.set(r.state[6]);
    ae.runVar.set(r.state[7]);
    r.adamM.forEach((m, i) => adam.m[i].set(m));
    r.adamV.forEach((v, i) => adam.v[i].set(v));
    adam.step = r.adamStep;
    rng.setState(r.rngState);
    startEpoch = r.nextEpoch;
    updates = r.updates ?? startEpoch * updatesPerEpoch;
    const saved = 'gradstop' in r ? r.gradstop : null;
    if (saved) {
      rule = saved.rule;
      groups = { last: Int32Array.from(saved.last), top: Int32Array.from(saved.top) };
      kept = r.history[0] ? Float32Array.from(r.history[0]) : null;
    }
  }

  let lastScores: Float32Array | null = null;
  let epoch = startEpoch;
  for (; epoch < c.epochs && !rule.stopped; epoch++) {
    let loss = 0;
    let view: GradStopView | undefined;
    const rows = updatesPerEpoch > 1 ? (rng.shuffle(Int32Array.from(train)) as Int32Array) : train;
    for (let u = 0; u < updatesPerEpoch; u++) {
      if (opts.control) await opts.control.gate();
      const b = rows.subarray(u * batch, Math.min(rows.length, (u + 1) * batch));
      const f = ae.forwardTrain(Xs, b, rng);
      let coef: ArrayLike<number>;
      if (method === 'rejection') {
        const h = heteroLoss(f.s, cfg.rejection);
        coef = h.dLds;
        loss += h.loss / updatesPerEpoch;
      } else {
        coef = new Float64Array(f.n).fill(1 / f.n);
        loss += mean(f.s) / updatesPerEpoch;
      }
      if (gs) {
        // Per-row gradients of the probe rows, from the same pass the update uses (before the update).
        const g = ghostProbe(ae, f, Xs, probe);
        ({ rule, groups } = gradStopFeed(rule, g, epoch % gs.resampleEvery === 0 ? null : groups, gs.k, gs));
        view = gradStopView(rule);
      }
      adam.apply(ae.params, ae.backward(f, Xs, coef));
      updates++;
    }
    const last = epoch === c.epochs - 1 || rule.stopped;
    const keepNow = gs != null && rule.best === epoch;
    let scores: Float32Array | null = null;
    if (cfg.traceEveryEpoch || keepNow || (last && !gs)) scores = ae.score(Xs, X.rows);
    if (keepNow && scores) {
      kept = scores;
      keptTest = Xtest ? ae.score(Xtest, opts.Xtest!.rows) : null;
    }
    if (scores) lastScores = scores;
    const s = scores ? summarize(scores, noLabels, opts.truth ?? null) : null;
    opts.onProgress?.(
      progressEvent({
        method,
        phase: 'autoencoder',
        epoch,
        totalEpochs: c.epochs,
        update: updates,
        totalUpdates: c.epochs * updatesPerEpoch,
        batchSize: batch,
        loss,
        t0,
        summary: s,
        scores,
        gradstop: view,
      }),
    );
    if (opts.onCheckpoint) opts.onCheckpoint(checkpoint(epoch + 1));
    if (opts.control) await yieldToLoop();
  }

  function checkpoint(nextEpoch: number): AutoencoderCheckpoint {
    return {
      version: 1,
      method: method as AutoencoderCheckpoint['method'],
      nextEpoch,
      round: 0,
      state: [...ae.params, ae.runMean, ae.runVar].map((p) => Float32Array.from(p)),
      adamM: adam.m.map((m) => Float32Array.from(m)),
      adamV: adam.v.map((v) => Float32Array.from(v)),
      adamStep: adam.step,
      rngState: rng.getState(),
      labels: noLabels,
      history: kept ? [Float32Array.from(kept)] : [],
      updates,
      gradstop: gs ? { rule, last: Array.from(groups.last), top: Array.from(groups.top) } : null,
    };
  }

  // GradStop keeps the chosen epoch's scores; the others (or a resume that never re-chose) the final model's.
  const scores = (gs ? kept : null) ?? lastScores ?? ae.score(Xs, X.rows);
  const testScores = Xtest ? ((gs && kept ? keptTest : null) ?? ae.score(Xtest, opts.Xtest!.rows)) : null;
  const gradstop = gs ? { keptEpoch: rule.best, epochs: epoch, initialReturned: rule.initialReturned } : null;
  return { scores, testScores, labels: noLabels, updates, seconds: (performance.now() - t0) / 1000, gradstop };
}

function mean(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return v.length ? s / v.length : 0;
}
