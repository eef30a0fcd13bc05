/**
 * Unzips and decodes an .imlab file off the page's thread: a session file holding a huge table (or one that inflates
 * past what it declares) costs this worker, never the page, and is refused by its declared sizes before anything
 * big is inflated (sessionFileBudget.ts). The table goes back as a Blob, so the page never holds its bytes.
 */
import { SessionFormatError } from './migrate';
import { decodeSessionFile } from './sessionFile';
import type { SessionFileReply, SessionFileRequest } from './sessionFileMessages';

/** This module runs as a dedicated worker; its global is typed here (the persist layer compiles with DOM types). */
const scope = self as unknown as {
  onmessage: ((e: MessageEvent<SessionFileRequest>) => void) | null;
  postMessage(reply: SessionFileReply): void;
};

scope.onmessage = async (e) => {
  const { file, budget } = e.data;
  try {
    const { snapshot } = decodeSessionFile(new Uint8Array(await file.arrayBuffer()), budget);
    scope.postMessage({ type: 'done', snapshot });
  } catch (err) {
    // Only sentences reach the page: what is known about the file, or that it could not be read at all.
    const message =
      err instanceof SessionFormatError
        ? err.message
        : 'The browser could not unpack it (it may be damaged, or too big for this device). Nothing of it was saved.';
    scope.postMessage({ type: 'refused', message });
  }
};
