import type { GradstopConfig } from '../config';
import { gradStopFeed, gradStopInit, gradStopView, type GradStopState, type ProbeGroups } from './gradstopRule';
import type { GradStopView } from './progress';
import type { EngineState, TrainContext } from './trainContext';

/**
 * IMBoost's warm-up with GradStop's stopping rule (imboost.warmupStop = 'gradstop'). After every warm-up epoch the
 * engine's per-row gradient probe (eval mode) runs on B_eval = min(probe, n) rows, re-drawn with the two groups every
 * `resampleEvery` epochs; the rule reads the cohesion gap between the k smallest-gradient rows (the memorized
 * inliers) and the k largest, and the divergence of their summed gradients. The epoch the rule keeps has its model
 * (weights, Adam moments, BatchNorm statistics) and its eq. (5) score window saved; when the rule stops, or at the
 * fixed warm-up length at the latest, that model is restored and the query rounds start from it.
 *
 * ALTBI's run (altbi.warmupStop = 'gradstop') uses the same rule with its whole training as the "warm-up": the cap
 * is its `epochs`, the window its score snapshots, and the run ends where the rule stops.
 */
export interface WarmupStopState {
  rule: GradStopState;
  /** The probe's data rows and the two groups' positions in it. */
  probe: number[];
  last: number[];
  top: number[];
  /** While undecided: the kept epoch's model and its eq. (5) window (the last scores up to it). */
  best: EngineState | null;
  bestHistory: Float32Array[];
  /** Once decided: the epoch the warm-up stopped after and the epoch whose model went on (0-based). */
  end: { stopped: number; kept: number } | null;
}

export class WarmupGradStop {
  private st: WarmupStopState;
  /** Test-row scores of the kept window (the benchmark's warm-up AUC; not checkpointed, as the fixed warm-up's). */
  private bestTest: Float32Array[] = [];

  constructor(
    private readonly ctx: TrainContext,
    private readonly gs: GradstopConfig,
    private readonly k: number,
    private readonly cap: number,
    resumed: WarmupStopState | null,
  ) {
    this.st = resumed ?? { rule: gradStopInit(), probe: [], last: [], top: [], best: null, bestHistory: [], end: null };
  }

  get end(): { stopped: number; kept: number } | null {
    return this.st.end;
  }

  /** Epochs after the kept one that were trained and undone: the rest of the schedule moves by this much. */
  get shift(): number {
    return this.st.end ? this.st.end.stopped - this.st.end.kept : 0;
  }

  /** The warm-up length the rest of the schedule is built on. */
  warmupEpochs(fixed: number): number {
    return this.st.end ? this.st.end.kept + 1 : fixed;
  }

  get rule(): GradStopState {
    return this.st.rule;
  }

  /**
   * After warm-up epoch `epoch`'s updates and scoring (history: the eq. (5) window so far, ending with this epoch's
   * scores): feeds the rule, keeps the model when it is the new best, and when the warm-up ends restores the kept
   * model and returns its window.
   */
  async observe(
    epoch: number,
    allRows: Int32Array,
    history: Float32Array[],
    testHistory: Float32Array[],
  ): Promise<{ view: GradStopView; restored: { history: Float32Array[]; testHistory: Float32Array[] } | null }> {
    const s = this.st;
    const redraw = epoch % this.gs.resampleEvery === 0 || !s.probe.length;
    if (redraw) s.probe = Array.from(this.ctx.sample(allRows, Math.min(this.gs.probe, allRows.length)));
    const g = await this.ctx.probeGradients(Int32Array.from(s.probe), this.k);
    const groups: ProbeGroups | null = redraw ? null : { last: Int32Array.from(s.last), top: Int32Array.from(s.top) };
    const fed = gradStopFeed(s.rule, g, groups, this.gs.k, this.gs);
    s.rule = fed.rule;
    s.last = Array.from(fed.groups.last);
    s.top = Array.from(fed.groups.top);
    if (s.rule.best === epoch) {
      s.best = await this.ctx.readState();
      s.bestHistory = history.slice();
      this.bestTest = testHistory.slice();
    }
    const view = gradStopView(s.rule);
    if (!s.rule.stopped && epoch < this.cap - 1) return { view, restored: null };
    s.end = { stopped: epoch, kept: s.rule.best };
    if (s.rule.best !== epoch && s.best) this.ctx.writeState(s.best);
    const restored = { history: s.bestHistory, testHistory: this.bestTest };
    s.best = null;
    s.bestHistory = [];
    return { view: { ...view, stopped: true }, restored };
  }

  /** The rule's whole state for a checkpoint (plain numbers and the kept model's arrays). */
  state(): WarmupStopState {
    const s = this.st;
    return {
      ...s,
      rule: { ...s.rule, cDiffs: [...s.rule.cDiffs], divs: [...s.rule.divs] },
      bestHistory: s.bestHistory.map((h) => Float32Array.from(h)),
    };
  }
}
