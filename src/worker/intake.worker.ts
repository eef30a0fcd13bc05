/**
 * Reads one file into a table as plain data, off the engine worker, so that the engine worker can stop it
 * (readWatched.ts): progress goes out as the reader moves, the table goes back with its buffers transferred.
 */
import { decodedTransfer } from '../core/data/decoded';
import { IntakeError } from '../core/data/errors';
import { readAny } from './readAny';
import type { ReadReply, ReadRequest } from './readWatched';

const scope = self as unknown as DedicatedWorkerGlobalScope;

/** Progress is posted at most this often: a reader reports every chunk, the watchdog needs far fewer. */
const PROGRESS_MS = 250;

scope.onmessage = async (e: MessageEvent<ReadRequest>) => {
  const { file, name, opts } = e.data;
  const post = (reply: ReadReply, transfer: Transferable[] = []) => scope.postMessage(reply, transfer);
  let last = 0;
  const onProgress = (fraction: number) => {
    const now = performance.now();
    if (now - last < PROGRESS_MS) return;
    last = now;
    post({ type: 'progress', fraction });
  };
  try {
    const decoded = await readAny(file, name, onProgress, opts);
    post({ type: 'done', decoded }, decodedTransfer(decoded.table));
  } catch (err) {
    // Only IntakeErrors carry a sentence for the analyst; anything else is said in plain words on the other side.
    if (err instanceof IntakeError) post({ type: 'error', code: err.code, message: err.message });
    else post({ type: 'error', code: null, message: '' });
  }
};
