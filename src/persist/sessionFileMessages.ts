/** The messages between the page and the session-file worker (sessionFile.worker.ts). */
import type { SessionFileBudget } from './sessionFileBudget';
import type { SessionSnapshot } from './types';

export interface SessionFileRequest {
  file: Blob;
  budget: SessionFileBudget;
}

/** `refused`: a sentence for the analyst (what the file is and what to do); the snapshot when it opened. */
export type SessionFileReply = { type: 'done'; snapshot: SessionSnapshot } | { type: 'refused'; message: string };
