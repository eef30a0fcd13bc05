/**
 * The CSV export written piece by piece to a file of the origin's private file system (OPFS) and handed to the page
 * as that File: its bytes stay on disk, where as a Blob a 600k-row export (64 MB) sat in the browser process's
 * memory until the download was written. Where OPFS is missing or refuses (quota, a private window) it is a Blob.
 */
import { exportBlob, exportChunks } from './exportCsv';
import { yieldToLoop } from '../core/train/control';

const DIR = 'imlab-exports';
/** Earlier exports are deleted once older than this (their downloads are long written). */
const KEEP_MS = 10 * 60_000;

export async function exportCsvFile(...args: Parameters<typeof exportChunks>): Promise<Blob> {
  const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
  if (!storage?.getDirectory) return exportBlob(...args);
  let dir: FileSystemDirectoryHandle | null = null;
  const name = `export-${Date.now()}-${Math.random().toString(36).slice(2)}.csv`;
  try {
    dir = await (await storage.getDirectory()).getDirectoryHandle(DIR, { create: true });
    await dropOld(dir);
    const handle = await dir.getFileHandle(name, { create: true });
    const out = await handle.createSyncAccessHandle();
    try {
      const encoder = new TextEncoder();
      let buf = new Uint8Array(0);
      let at = 0;
      for (const chunk of exportChunks(...args)) {
        if (buf.length < chunk.length * 3) buf = new Uint8Array(chunk.length * 3); // UTF-8: at most 3 bytes per UTF-16 unit
        const { written } = encoder.encodeInto(chunk, buf);
        at += out.write(buf.subarray(0, written), { at });
        await yieldToLoop();
      }
      out.truncate(at);
      out.flush();
    } finally {
      out.close();
    }
    const file = await handle.getFile();
    return new Blob([file], { type: 'text/csv;charset=utf-8' });
  } catch {
    await dir?.removeEntry(name).catch(() => {});
    return exportBlob(...args);
  }
}

async function dropOld(dir: FileSystemDirectoryHandle): Promise<void> {
  const now = Date.now();
  // entries() is in the WHATWG spec and Chromium; TypeScript's worker lib does not list it yet.
  const entries = (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries();
  for await (const [name, entry] of entries) {
    if (entry.kind !== 'file') continue;
    const file = await (entry as FileSystemFileHandle).getFile().catch(() => null);
    if (!file || now - file.lastModified > KEEP_MS) await dir.removeEntry(name).catch(() => {});
  }
}
