/**
 * Test fixtures for session files whose zip declares sizes it does not hold: a few kB on disk that say "3.5 GB
 * inside". The declared uncompressed size of an entry is rewritten in the zip's central directory (where readers
 * take it from before inflating), so nothing big is ever written or committed.
 */
import { strToU8, zipSync } from 'fflate';

const CENTRAL = 0x02014b50;

/** Sets the uncompressed size the central directory declares for `name` (below 4 GB: a plain 32-bit field). */
export function declareSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  const wanted = strToU8(name);
  for (let at = 0; at + 46 <= out.length; at++) {
    if (view.getUint32(at, true) !== CENTRAL) continue;
    const nameLength = view.getUint16(at + 28, true);
    const entry = out.subarray(at + 46, at + 46 + nameLength);
    if (entry.length === wanted.length && entry.every((b, i) => b === wanted[i])) {
      view.setUint32(at + 24, size, true);
      return out;
    }
  }
  throw new Error(`no entry ${name} in the zip`);
}

/** An .imlab-shaped zip (a description and a table) whose table declares `tableBytes`. */
export function sessionDeclaring(tableBytes: number, extra: Record<string, number> = {}): Uint8Array {
  const files: Record<string, Uint8Array> = {
    'table/big.csv': strToU8('a,b\n1,2\n'),
    'imlab-session.json': strToU8(JSON.stringify({ format: 'imlab-session-file', version: 1 })),
  };
  for (const name of Object.keys(extra)) files[name] = new Uint8Array(8);
  let zip = declareSize(zipSync(files), 'table/big.csv', tableBytes);
  for (const [name, size] of Object.entries(extra)) zip = declareSize(zip, name, size);
  return zip;
}
