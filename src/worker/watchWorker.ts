/**
 * The watchdog every reading worker runs under (intake.worker.ts, parquet.worker.ts): each progress report feeds it,
 * a worker silent for `stallMs` is terminated (which frees all it allocated) with the caller's sentence, and a worker
 * that dies or fails without a sentence of its own is said in plain words, never the engine's.
 */
import { IntakeError, type IntakeErrorCode } from '../core/data/errors';

type Reply<Done> = { type: 'progress'; fraction: number } | { type: 'error'; code: IntakeErrorCode | null; message: string } | Done;

export interface Watch<Done, T> {
  stallMs: number;
  /** The sentence when the worker stops making progress. */
  stalled: () => IntakeError;
  /** The sentence when it dies, or fails with no sentence of its own. */
  failed: string;
  result: (done: Done) => T;
  onProgress?: (fraction: number) => void;
}

export function watchWorker<Done extends { type: 'done' }, T>(worker: Worker, request: unknown, w: Watch<Done, T>): Promise<T> {
  return new Promise((resolve, reject) => {
    let timer = setTimeout(stalled, w.stallMs);
    function end() {
      clearTimeout(timer);
      worker.terminate();
    }
    function stalled() {
      end();
      reject(w.stalled());
    }
    worker.onmessage = (e: MessageEvent<Reply<Done>>) => {
      const reply = e.data;
      if (reply.type === 'progress') {
        clearTimeout(timer);
        timer = setTimeout(stalled, w.stallMs);
        w.onProgress?.(reply.fraction);
        return;
      }
      end();
      if (reply.type === 'done') resolve(w.result(reply));
      else reject(new IntakeError(reply.code ?? 'read-failed', reply.code ? reply.message : w.failed));
    };
    worker.onerror = (e) => {
      e.preventDefault();
      end();
      reject(new IntakeError('read-failed', w.failed));
    };
    worker.postMessage(request);
  });
}
