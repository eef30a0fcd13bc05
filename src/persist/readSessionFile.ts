/**
 * Opens an .imlab file in a worker of its own (sessionFile.worker.ts) and hands back its snapshot, or a sentence
 * saying why it was refused. The worker is ended when it answers, or after a time limit: a file that would take
 * longer is refused, and the page goes on.
 */
import { SessionFormatError } from './migrate';
import type { SessionFileBudget } from './sessionFileBudget';
import type { SessionFileReply, SessionFileRequest } from './sessionFileMessages';
import type { SessionSnapshot } from './types';

export function readSessionFile(file: Blob, budget: SessionFileBudget, timeLimitMs: number): Promise<SessionSnapshot> {
  const worker = new Worker(new URL('./sessionFile.worker.ts', import.meta.url), { type: 'module', name: 'imlab-session-file' });
  return new Promise<SessionSnapshot>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new SessionFormatError(
          `Unpacking it took more than ${Math.round(timeLimitMs / 1000)} s, so it was stopped. Nothing of it was saved.`,
        ),
      );
    }, timeLimitMs);
    worker.onmessage = (e: MessageEvent<SessionFileReply>) => {
      clearTimeout(timer);
      if (e.data.type === 'done') resolve(e.data.snapshot);
      else reject(new SessionFormatError(e.data.message));
    };
    worker.onerror = (e) => {
      e.preventDefault();
      clearTimeout(timer);
      reject(
        new SessionFormatError('The browser could not unpack it (it may be damaged, or too big for this device). Nothing of it was saved.'),
      );
    };
    worker.postMessage({ file, budget } satisfies SessionFileRequest);
  }).finally(() => worker.terminate());
}
