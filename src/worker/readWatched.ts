/**
 * The watchdog on every reader but Parquet's (which has its own, parquetIntake.ts): the file is read in a worker
 * of its own (intake.worker.ts), which reports progress every chunk, every few thousand rows; a reader silent
 * for STALL_MS is terminated, which frees all it allocated, and the analyst gets a sentence. The engine worker
 * never runs a parse itself, so the next file never waits behind a stuck one.
 */
import { STALL_MS } from '../core/data/budgets';
import type { Decoded } from '../core/data/decoded';
import { IntakeError, type IntakeErrorCode } from '../core/data/errors';
import { watchWorker } from './watchWorker';
import type { LoadOptions } from './readAny';

export interface ReadRequest {
  file: Blob;
  name: string;
  opts: LoadOptions;
}

export type ReadReply =
  | { type: 'progress'; fraction: number }
  | { type: 'done'; decoded: Decoded }
  | { type: 'error'; code: IntakeErrorCode | null; message: string };

export function stalledMessage(name: string): string {
  return `Reading ${name} stopped making progress for ${STALL_MS / 1000} s: the file is probably damaged, or far bigger inside than it looks. Save or export it again, or open a smaller part of it.`;
}

/** What the page shows for a reader's failure that is not an IntakeError: never the engine's own words. */
export function failedMessage(name: string): string {
  return `${name} is damaged or not a table IMLab knows. Save or export it again (CSV, .xlsx, Parquet or .npz).`;
}

export function readWatched(
  file: Blob,
  name: string,
  onProgress: ((fraction: number) => void) | undefined,
  opts: LoadOptions,
): Promise<Decoded> {
  const worker = new Worker(new URL('./intake.worker.ts', import.meta.url), { type: 'module', name: 'imlab-intake' });
  return watchWorker(worker, { file, name, opts } satisfies ReadRequest, {
    stallMs: STALL_MS,
    stalled: () => new IntakeError('read-stalled', stalledMessage(name)),
    failed: failedMessage(name),
    result: (done: Extract<ReadReply, { type: 'done' }>) => done.decoded,
    onProgress,
  });
}
