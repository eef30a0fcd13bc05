/**
 * A session as one versioned file (`.imlab`, a zip): `imlab-session.json` (format, version, the saved session's
 * meta record, labels with times and sources, scores and charts, the checkpoint) with every typed array stored
 * beside it as raw little-endian bytes under `arrays/`, and the table's own bytes under `table/`. Opening it in
 * another browser gives the same SessionSnapshot IndexedDB would, so the same restore path resumes it.
 */
import { unzipSync, zipSync, strToU8, strFromU8 } from 'fflate';
import { checkSnapshot } from './checkSnapshot';
import { migrateSnapshot, SessionFormatError } from './migrate';
import type { SessionSnapshot } from './types';

export const SESSION_FILE_FORMAT = 'imlab-session-file';
export const SESSION_FILE_VERSION = 1;
export const SESSION_FILE_EXTENSION = '.imlab';
const MANIFEST = 'imlab-session.json';

const TYPED = { Float32Array, Float64Array, Int8Array, Uint8Array, Int32Array, Uint32Array, Int16Array, Uint16Array } as const;
type TypedName = keyof typeof TYPED;
type Typed = InstanceType<(typeof TYPED)[TypedName]>;

interface ArrayRef {
  $typed: TypedName;
  entry: string;
}

export interface SessionFileManifest {
  format: typeof SESSION_FILE_FORMAT;
  version: number;
  /** The IMLab that wrote it. */
  engineVersion: string;
  savedAt: string;
  table: { name: string; entry: string; size: number };
  /** For a reader of the JSON alone (the app does not read these back). */
  summary: Record<string, unknown>;
  meta: unknown;
  labels: unknown;
  results: unknown;
  checkpoint: unknown;
}

function isTyped(v: unknown): v is Typed {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

/** Writes a snapshot (and a readable summary) as the bytes of one .imlab file. */
export async function encodeSessionFile(
  snap: SessionSnapshot,
  info: { engineVersion: string; summary?: Record<string, unknown> },
): Promise<Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  let n = 0;
  // Typed arrays go beside the JSON as bytes: exact, and a fraction of their size as JSON numbers.
  const replacer = (_key: string, value: unknown): unknown => {
    if (!isTyped(value)) return value;
    const name = value.constructor.name as TypedName;
    if (!(name in TYPED)) throw new Error(`cannot store a ${name}`);
    const entry = `arrays/${n++}.bin`;
    files[entry] = new Uint8Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength));
    return { $typed: name, entry } satisfies ArrayRef;
  };
  const tableEntry = `table/${snap.meta.fileName.replace(/[/\\]/g, '_') || 'table'}`;
  files[tableEntry] = new Uint8Array(await snap.file.arrayBuffer());
  const manifest: SessionFileManifest = {
    format: SESSION_FILE_FORMAT,
    version: SESSION_FILE_VERSION,
    engineVersion: info.engineVersion,
    savedAt: new Date().toISOString(),
    table: { name: snap.meta.fileName, entry: tableEntry, size: snap.file.size },
    summary: info.summary ?? {},
    meta: snap.meta,
    labels: snap.labels,
    results: snap.results,
    checkpoint: snap.checkpoint,
  };
  files[MANIFEST] = strToU8(JSON.stringify(manifest, replacer));
  // The table and the JSON compress well; the weights hardly do, and are small.
  return zipSync(files, { level: 6 });
}

const OLD_JSON =
  'This is a session summary saved by an earlier IMLab ("Download session (JSON)"): it has no table and no model, so it cannot be opened. ' +
  'Open the table again, or export the session again as an .imlab file from the IMLab that has it.';
const FOREIGN = 'This is not an IMLab session file (.imlab). Choose a file saved with "Download session".';

/** Reads an .imlab file back into a snapshot; old, newer and foreign files get a clear SessionFormatError. */
export function decodeSessionFile(bytes: Uint8Array): { snapshot: SessionSnapshot; manifest: SessionFileManifest } {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch {
    throw new SessionFormatError(looksLikeOldJson(bytes) ? OLD_JSON : FOREIGN);
  }
  if (!files[MANIFEST]) throw new SessionFormatError(FOREIGN);
  let manifest: SessionFileManifest;
  try {
    manifest = JSON.parse(strFromU8(files[MANIFEST]), (_key, value: unknown) => revive(value, files)) as SessionFileManifest;
  } catch (e) {
    if (e instanceof SessionFormatError) throw e;
    throw new SessionFormatError('This session file is damaged (its description cannot be read).');
  }
  if (manifest.format !== SESSION_FILE_FORMAT) throw new SessionFormatError(FOREIGN);
  if (typeof manifest.version !== 'number' || manifest.version > SESSION_FILE_VERSION)
    throw new SessionFormatError(
      `This session file was written by a newer IMLab (${manifest.engineVersion ?? 'unknown version'}, session file version ${String(manifest.version)}); ` +
        `this one reads version ${SESSION_FILE_VERSION}. Reload the page to update, or open it where it was made.`,
    );
  const table = files[manifest.table?.entry];
  if (!table) throw new SessionFormatError('This session file is damaged: its table is missing.');
  const labels = Array.isArray(manifest.labels) ? (manifest.labels as SessionSnapshot['labels']) : [];
  const snapshot = migrateSnapshot({
    meta: manifest.meta,
    file: new Blob([table as Uint8Array<ArrayBuffer>]),
    labels,
    results: manifest.results ?? null,
    checkpoint: manifest.checkpoint ?? null,
  });
  checkSnapshot(snapshot); // nothing of a tampered or damaged file is saved or trained on
  return { snapshot, manifest };
}

function revive(value: unknown, files: Record<string, Uint8Array>): unknown {
  if (value === null || typeof value !== 'object' || !('$typed' in value)) return value;
  const ref = value as ArrayRef;
  const Ctor = TYPED[ref.$typed];
  const raw = files[ref.entry];
  if (!Ctor || !raw || raw.byteLength % Ctor.BYTES_PER_ELEMENT !== 0)
    throw new SessionFormatError('This session file is damaged: an array it refers to is missing.');
  // A fresh, aligned buffer (unzipped entries may share one at any offset).
  return new Ctor(raw.slice().buffer);
}

function looksLikeOldJson(bytes: Uint8Array): boolean {
  const head = strFromU8(bytes.subarray(0, 4096), true).trimStart();
  return head.startsWith('{') && /"format"\s*:\s*"imlab-session"/.test(head);
}
