import { yieldToLoop } from '../control';
import type { RunOptions, RunResult } from '../run';
import { runEpoch } from './epoch';
import { offerEarlyQuestions } from './early';
import { finish } from './finish';
import { reopenRound, roundDue, runRound } from './round';
import { startPrior } from './prior';
import { createRun, saveCheckpoint } from './state';

/**
 * IMBoost (Algorithm 1): the early questions from a label-free prior, offered before the run state is built (early.ts),
 * then warm-up (plain, then trimmed with a growing batch) to induce the IM effect, then polarization epochs on loss
 * (3) with threshold (4), with query rounds on the eq. (5) ensembled scores, then the guard's verdict and the
 * answers' stage. Each phase reads and writes one run state (state.ts).
 */
export async function runImboost(opts: RunOptions): Promise<RunResult> {
  const run = createRun(offerEarlyQuestions(opts));
  try {
    startPrior(run);
    const open = opts.resume?.openRound;
    if (opts.resume && open) await reopenRound(run, { ...opts.resume, openRound: open });
    // The schedule may move while the warm-up runs (GradStop's early stop): read its length every epoch.
    for (let epoch = run.startEpoch; epoch < run.schedule.totalEpochs; epoch++) {
      const facts = await runEpoch(run, epoch);
      if (roundDue(run, epoch)) await runRound(run, epoch, facts);
      await saveCheckpoint(run, epoch + 1, null);
      if (opts.control) await yieldToLoop();
    }
    return await finish(run);
  } finally {
    run.ctx.dispose();
  }
}
