/**
 * The helper thread's side: registers the kernels it is sent, then runs jobs one at a time. The host's script
 * (a Web Worker, a Node worker thread) only connects its message port to `serveHelper`.
 */
import type { Matrix } from '../data/matrix';
import { trainMember } from '../train/odim';
import { registerWasmKernels } from '../wasm/kernels';
import { WasmTrainContext } from '../wasm/wasmContext';
import { SLICES_KEPT, type HelperReply, type HelperRequest, type HelperResult, type OdimMemberJob, type ScoreJob } from './protocol';

export interface HelperSide {
  post(message: HelperReply, transfer: ArrayBuffer[]): void;
  onMessage(handler: (message: HelperRequest) => void): void;
}

export function serveHelper(side: HelperSide): void {
  const slices = new Map<string, WasmTrainContext>();
  let queue: Promise<void> = Promise.resolve();
  side.onMessage((m) => {
    if (m.type === 'kernels') {
      registerWasmKernels(m.module as WebAssembly.Module);
      for (const ctx of slices.values()) ctx.dispose();
      slices.clear();
      return;
    }
    // One job at a time, in order: a job's scoring yields, and the next must not share its engine meanwhile.
    queue = queue.then(async () => {
      try {
        const result = await runJob(m.job, slices);
        side.post({ id: m.id, ok: true, result }, transfers(result));
      } catch (e) {
        side.post({ id: m.id, ok: false, error: e instanceof Error ? e.message : String(e) }, []);
      }
    });
  });
}

function runJob(job: ScoreJob | OdimMemberJob, slices: Map<string, WasmTrainContext>): Promise<HelperResult> {
  return job.kind === 'score' ? scoreSlice(job, slices) : odimMember(job);
}

async function scoreSlice(job: ScoreJob, slices: Map<string, WasmTrainContext>): Promise<HelperResult> {
  let ctx = slices.get(job.key);
  if (job.x) {
    ctx?.dispose();
    const X: Matrix = { data: job.x, rows: job.rows, cols: job.cols };
    // The engine reads the rows from this array (the message's, transferred): the helper holds them once.
    ctx = new WasmTrainContext(X, job.config, 0);
    job.x = null;
  }
  if (!ctx) throw new Error(`this helper does not hold the rows ${job.key}`);
  // Most recently used last; the caller forgets in the same order.
  slices.delete(job.key);
  slices.set(job.key, ctx);
  while (slices.size > SLICES_KEPT) {
    const [oldest, old] = slices.entries().next().value as [string, WasmTrainContext];
    old.dispose();
    slices.delete(oldest);
  }
  ctx.writeWeights(job.weights);
  ctx.rng.setState(job.rngState);
  const scores = await ctx.scoreTrain(job.k);
  return { kind: 'score', scores, rngState: ctx.rng.getState() };
}

async function odimMember(job: OdimMemberJob): Promise<HelperResult> {
  const r = await trainMember({ X: job.X, Xtest: job.Xtest, config: job.config }, job.member, null);
  return { kind: 'odimMember', ...r };
}

function transfers(r: HelperResult): ArrayBuffer[] {
  const out = [r.scores.buffer as ArrayBuffer];
  if (r.kind === 'odimMember' && r.testScores) out.push(r.testScores.buffer as ArrayBuffer);
  return out;
}
