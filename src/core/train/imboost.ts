import { averageOf } from './vectors';
import { captureCheckpoint, restoreCheckpoint } from './checkpoint';
import { createTrainContext } from './context';
import { LastLoss } from './lastLoss';
import { LabelBook } from './labels';
import type { QueryRequest } from './oracle';
import { progressEvent, summarize, type GradStopView, type Phase } from './progress';
import type { RunOptions, RunResult } from './run';
import { batchSize, ensembleEpochs, queryEpochs, roundBudget, trimmingOn } from './schedule';
import { selectQuery } from '../query/strategies';
import { yieldToLoop } from './control';
import { LiveTrace } from './trace';
import { DEFAULT_GUARD_OPTIONS, PolarizationGuard, finishGuard, isWideTable, type GuardVerdict } from './guard';
import { guardedQuery } from './guardedQuery';
import type { Checkpoint } from './checkpoint';
import { WarmupGradStop } from './warmupStop';
import type { ImboostConfig } from '../config';
import { answersStage } from '../answers/stack';
import { forestClassifier } from '../answers/forestClassifier';
import type { RankingView } from '../session';

/**
 * IMBoost (Algorithm 1): warm-up (plain, then trimmed with a growing batch) to induce the IM effect,
 * then polarization epochs on loss (3) with threshold (4), with query rounds on the eq. (5) ensembled scores.
 */
export async function runImboost(opts: RunOptions): Promise<RunResult> {
  const { X, config: cfg } = opts;
  const c = cfg.imboost;
  const t0 = performance.now();
  const ctx = createTrainContext(X, cfg, cfg.seed);
  const book = opts.labels ?? new LabelBook(X.rows);
  const keep = ensembleEpochs(c);
  const budget = roundBudget(X.rows, c.budget);
  const scoreK = c.scoreK ?? c.k;
  let history: Float32Array[] = [];
  let round = 0;
  let startEpoch = 0;
  // The warm-up's eq. (5) scores (and checkpoint) at the first round: the guard's fallback.
  let warmup: { scores: Float32Array; testScores: Float32Array | null; checkpoint: Checkpoint | null } | null = null;
  const warmTestHistory: Float32Array[] = [];
  let guard: PolarizationGuard | null = null;
  // Adaptive guard: set when the answers show the warm-up ranking is wrong; the rounds then push harder
  // (larger lambdas, no questions from the warm-up's boundary). A function of the labels: a resume recomputes it.
  let pushing = false;
  const guarded = c.guard !== 'off';
  // Adaptive: only wide tables get the warm-up's share of the questions and a possible roll-back.
  const wide = isWideTable(X.rows, X.cols);
  const warmupQuestions = c.guard === 'on' || (c.guard === 'adaptive' && wide);
  const updatePush = () => {
    pushing = c.guard === 'adaptive' && guard != null && guard.warmupRecord(book.values).wrong;
  };
  // GradStop's rule may end the warm-up early: the rest of the schedule (rounds, batch sizes) then runs as if the
  // warm-up had been the kept epochs, `shift` actual epochs later (the ones trained past the kept model and undone).
  const stop =
    c.warmupStop === 'gradstop' ? new WarmupGradStop(ctx, cfg.gradstop, c.k, c.warmupEpochs, opts.resume?.warmupStop ?? null) : null;
  let sched: ImboostConfig = c;
  let shift = 0;
  let totalEpochs = 0;
  let rounds: number[] = [];
  let firstScoredEpoch = 0;
  const reschedule = () => {
    sched = stop ? { ...c, warmupEpochs: stop.warmupEpochs(c.warmupEpochs) } : c;
    shift = stop?.shift ?? 0;
    totalEpochs = sched.warmupEpochs + c.polarizationEpochs + shift;
    rounds = queryEpochs(sched).map((e) => e + shift);
    firstScoredEpoch = rounds.length ? rounds[0] - keep + 1 : totalEpochs - 1;
  };
  reschedule();
  if (opts.resume) {
    restoreCheckpoint(ctx, opts.resume);
    startEpoch = opts.resume.nextEpoch;
    round = opts.resume.round;
    history = opts.resume.history.map((h) => Float32Array.from(h));
    if (opts.resume.guard) {
      // The warm-up's model is not in the checkpoint: a resumed roll-back restores its scores only.
      guard = PolarizationGuard.fromState(opts.resume.guard);
      warmup = { scores: Float32Array.from(opts.resume.guard.warmup), testScores: null, checkpoint: null };
    }
    updatePush();
    // Labels the caller passes (the app's own record, saved as each answer is given) win over the
    // checkpoint's, which may predate the latest answers.
    if (!opts.labels) opts.resume.labels.forEach((v, i) => book.set(i, v as -1 | 0 | 1));
  }
  const trace = cfg.traceEveryEpoch ? new LiveTrace(X, opts.truth ?? null, cfg.seed, cfg.traceRows) : null;
  let updates = startEpoch * c.updatesPerEpoch;
  let poolVersion = -1;
  let unlabeled: Int32Array = new Int32Array(0);
  let inliers: Int32Array = new Int32Array(0);
  let outliers: Int32Array = new Int32Array(0);
  let lastScores: Float32Array | null = null;
  // Test rows are scored only for the final average (benchmark); the app has none.
  const testHistory: Float32Array[] = [];
  const averaging = c.finalScore === 'average';
  const control = opts.control;
  const checkpoint = async (nextEpoch: number, openRound: QueryRequest | null) => {
    if (opts.onCheckpoint)
      opts.onCheckpoint(
        await captureCheckpoint(ctx, {
          method: 'imboost',
          nextEpoch,
          round,
          labels: book.values,
          history,
          openRound,
          updates,
          guard: guard?.state() ?? null,
          warmupStop: stop?.state() ?? null,
        }),
      );
  };
  const askRound = async (req: QueryRequest) => {
    opts.onQuery?.(req);
    if (!opts.oracle || !req.candidates.length) return;
    const answers = await opts.oracle.answer(req, control?.signal ?? new AbortController().signal);
    control?.throwIfAborted();
    for (const a of answers) book.set(a.row, a.label);
  };
  try {
    // Resuming inside an open round: ask it again (same candidates) before training on.
    if (opts.resume?.openRound) {
      const before = Int8Array.from(opts.resume.labels);
      await askRound(opts.resume.openRound);
      if (history.length) guard?.observe(opts.resume.openRound.round, averageOf(history), before, book.values);
      updatePush();
      await checkpoint(startEpoch, null);
    }
    for (let epoch = startEpoch; epoch < totalEpochs; epoch++) {
      // The schedule's epoch: the actual one less the epochs undone by an early warm-up stop.
      const se = epoch - shift;
      const polarizing = se >= sched.warmupEpochs;
      const phase: Phase = polarizing ? 'polarization' : trimmingOn(se, c) ? 'trimmed' : 'plain';
      const lastLoss = new LastLoss();
      let bs = 0;
      for (let u = 0; u < c.updatesPerEpoch; u++) {
        if (control) await control.gate();
        if (book.version !== poolVersion) {
          unlabeled = book.rows(-1);
          inliers = book.rows(0);
          outliers = book.rows(1);
          poolVersion = book.version;
        }
        // Labeled rows leave the unlabeled pool; they enter the loss only in polarization (lambda terms).
        const pool = unlabeled.length >= 2 ? unlabeled : allRows(X.rows);
        bs = batchSize(se, c, pool.length);
        const labeledBatch = (rows: Int32Array) => (polarizing && rows.length ? ctx.sample(rows, Math.min(bs, rows.length)) : null);
        const batch = ctx.sample(pool, bs);
        const warmScale = c.warmupThreshold === 'scaled-quantile' ? 1 - c.xi : 1;
        const out = ctx.step({
          batch,
          k: c.k,
          // Polarization always trims (threshold (4)), also after a GradStop warm-up that ended before plainEpochs.
          trim:
            polarizing || trimmingOn(se, c) ? { rho: c.rho, scale: polarizing ? 1 - c.xi : warmScale, xi: polarizing ? c.xi : 0 } : null,
          inliers: labeledBatch(inliers),
          outliers: labeledBatch(outliers),
          lambda1: pushing ? c.lambda1 * DEFAULT_GUARD_OPTIONS.push : c.lambda1,
          lambda2: pushing ? c.lambda2 * DEFAULT_GUARD_OPTIONS.push : c.lambda2,
          cuboU: c.cuboU,
          keepLosses: false,
        });
        lastLoss.keep(out.loss);
        updates++;
      }
      const loss = await lastLoss.read();
      // Every row is scored where the method needs it (the eq. (5) window, the last epoch); elsewhere only
      // the live trace, which on a big table scores a sample.
      let summary: ReturnType<typeof summarize> | null = null;
      let scored = false;
      let gradstop: GradStopView | undefined;
      // GradStop's warm-up scores every epoch: any epoch may become the kept one, and its eq. (5) window goes on.
      const stopping = stop != null && !stop.end && !polarizing;
      if (epoch >= firstScoredEpoch || epoch === totalEpochs - 1 || stopping) {
        lastScores = await ctx.scoreTrain(scoreK);
        scored = true;
        if (epoch >= firstScoredEpoch || stopping) {
          history.push(lastScores);
          if (history.length > keep) history.shift();
        }
        if (stopping && opts.Xtest) {
          warmTestHistory.push(await ctx.scoreMatrix(opts.Xtest, scoreK));
          if (warmTestHistory.length > keep) warmTestHistory.shift();
        }
        if (stopping) {
          const seen = await stop.observe(epoch, allRows(X.rows), history, warmTestHistory);
          gradstop = seen.view;
          if (seen.restored) {
            // The warm-up ends here with the kept epoch's model and window; the rounds start now.
            history = seen.restored.history.slice();
            warmTestHistory.splice(0, warmTestHistory.length, ...seen.restored.testHistory);
            lastScores = history[history.length - 1] ?? lastScores;
            reschedule();
          }
        }
        summary = trace ? trace.summarizeAll(lastScores, book.values) : summarize(lastScores, book.values, opts.truth ?? null);
      } else if (trace) {
        const traced = await trace.score(ctx, scoreK, book.values);
        summary = traced.summary;
        if (traced.scores) {
          lastScores = traced.scores;
          scored = true;
        }
      }
      if (averaging && opts.Xtest && epoch >= totalEpochs - keep) testHistory.push(await ctx.scoreMatrix(opts.Xtest, scoreK));
      if (opts.Xtest && rounds.length && epoch >= firstScoredEpoch && epoch <= rounds[0] && !stop)
        warmTestHistory.push(await ctx.scoreMatrix(opts.Xtest, scoreK));
      const facts = {
        method: 'imboost' as const,
        epoch,
        totalEpochs,
        update: updates,
        totalUpdates: totalEpochs * c.updatesPerEpoch,
        batchSize: bs,
        loss,
        t0,
        rounds: rounds.length,
        summary,
        traceRows: scored ? null : (trace?.rows ?? null),
      };
      const counts = () => ({ round, labeledInliers: book.count(0), labeledOutliers: book.count(1) });
      opts.onProgress?.(progressEvent({ ...facts, ...counts(), phase, scores: scored ? lastScores : null, gradstop }));
      if (rounds.includes(epoch) && round < rounds.length) {
        round++;
        const ens = averageOf(history);
        if (round === 1 && !warmup) {
          const testScores = warmTestHistory.length ? Float32Array.from(averageOf(warmTestHistory)) : null;
          warmup = {
            scores: Float32Array.from(ens),
            testScores,
            checkpoint: !guarded
              ? null
              : await captureCheckpoint(ctx, { method: 'imboost', nextEpoch: epoch + 1, round: 0, labels: book.values, history: [] }),
          };
          guard = new PolarizationGuard(warmup.scores);
        }
        const before = Int8Array.from(book.values);
        const sel =
          guard && warmup && round >= 2 && warmupQuestions
            ? guardedQuery(c.query, ens, warmup.scores, book.rows(-1), budget, c.alpha, ctx.rng, pushing ? 0 : 0.5)
            : selectQuery(c.query, ens, book.rows(-1), budget, c.alpha, ctx.rng);
        const req: QueryRequest = {
          round,
          rounds: rounds.length,
          epoch,
          candidates: sel.rows,
          candidateScores: sel.rows.map((r) => ens[r]),
          candidatePosteriors: sel.posteriors,
          budget,
        };
        // The round is open: a checkpoint here lets a reload reopen it with the same candidates.
        await checkpoint(epoch + 1, req);
        await askRound(req);
        guard?.observe(round, ens, before, book.values);
        updatePush();
        opts.onProgress?.(progressEvent({ ...facts, ...counts(), phase: 'query' }));
      }
      await checkpoint(epoch + 1, null);
      if (control) await yieldToLoop();
    }
    const last = lastScores ?? (await ctx.scoreTrain(scoreK));
    let scores = averaging && history.length ? Float32Array.from(averageOf(history)) : last;
    let testScores = !opts.Xtest
      ? null
      : averaging && testHistory.length
        ? Float32Array.from(averageOf(testHistory))
        : await ctx.scoreMatrix(opts.Xtest, scoreK);
    let verdict: GuardVerdict | null = null;
    const polarized = { scores, testScores };
    if (guard && warmup) {
      verdict = finishGuard(guard, scores, book.values, c.guard, DEFAULT_GUARD_OPTIONS, wide);
      if (verdict.choice === 'warmup') {
        // Roll back: the warm-up's model and its eq. (5) scores replace the polarized ones; the last
        // checkpoint (what a saved session keeps) then holds the warm-up's model.
        scores = warmup.scores;
        testScores = warmup.testScores ?? testScores;
        if (warmup.checkpoint) {
          restoreCheckpoint(ctx, warmup.checkpoint);
          await checkpoint(totalEpochs, null);
        }
      }
      opts.onGuard?.(verdict);
    }
    // The answers' stage: a forest on the answers replaces the ranking only where the held-out answers show it helps.
    let ranking: RankingView | null = null;
    if (c.answersStage === 'forest') {
      const s = answersStage(
        X,
        opts.Xtest ?? null,
        { train: scores, test: testScores, judge: warmup?.scores ?? null },
        book.values,
        forestClassifier(cfg.seed),
      );
      ranking = { choice: (['prior', 'forest', 'blend'] as const)[s.choice.index], reason: s.choice.reason, curve: [] };
      if (s.choice.index > 0) {
        scores = Float32Array.from(s.train);
        if (s.test) testScores = Float32Array.from(s.test);
      }
    }
    return {
      ranking,
      scores,
      testScores,
      labels: Int8Array.from(book.values),
      updates,
      seconds: (performance.now() - t0) / 1000,
      warmup: warmup ? { scores: warmup.scores, testScores: warmup.testScores } : null,
      guard: verdict,
      polarized,
      gradstop: stop?.end ? { keptEpoch: stop.end.kept, epochs: stop.end.stopped + 1, initialReturned: stop.rule.initialReturned } : null,
    };
  } finally {
    ctx.dispose();
  }
}

function allRows(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}
