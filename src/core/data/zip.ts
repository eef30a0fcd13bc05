/**
 * Zip archives read within budgets: the central directory (zip64 included) is read without inflating anything,
 * its member count and declared sizes are checked first, and a member is inflated in small steps that stop at
 * its budget or its declared size, whichever comes first (a member that inflates past what the directory says
 * is refused: a bomb or a damaged file). fflate inflates; the framing is read here so that every size is known
 * and checked before memory is allocated for it.
 */
import { Inflate } from 'fflate';
import { byteSize, groupDigits, MAX_ZIP_MEMBERS } from './budgets';
import { IntakeError } from './errors';

export interface ZipMember {
  name: string;
  /** 0 stored, 8 deflated; anything else cannot be read here. */
  method: number;
  compressedSize: number;
  /** As the directory declares it; inflating never goes past it. */
  size: number;
  localOffset: number;
}

/** Compressed bytes handed to the inflater at a time: at most ~1,000 times this comes out of one step. */
const STEP = 16 * 1024;

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX32 = 0xffffffff;

export function zipDamaged(zipName: string, why: string): IntakeError {
  return new IntakeError('not-zip', `${zipName} is a damaged zip archive (${why}). Save or download it again.`);
}

/** The archive's members, from its central directory; refused when it lists more than MAX_ZIP_MEMBERS. */
export function zipDirectory(bytes: Uint8Array, zipName: string): ZipMember[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (at: number) => view.getUint32(at, true);
  const u16 = (at: number) => view.getUint16(at, true);
  const u64 = (at: number) => Number(view.getBigUint64(at, true));
  let eocd = -1;
  // The end record is in the last 22 + 65,535 (comment) bytes.
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (u32(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw zipDamaged(zipName, 'its directory is missing; the file may be cut off');
  let count = u16(eocd + 10);
  let dirOffset = u32(eocd + 16);
  if ((count === 0xffff || dirOffset === MAX32) && eocd >= 20 && u32(eocd - 20) === ZIP64_LOCATOR) {
    const at = u64(eocd - 20 + 8);
    if (at + 56 > bytes.length || u32(at) !== ZIP64_EOCD) throw zipDamaged(zipName, 'its zip64 directory record is missing');
    count = u64(at + 32);
    dirOffset = u64(at + 48);
  }
  if (count > MAX_ZIP_MEMBERS) {
    throw new IntakeError(
      'zip-too-many-members',
      `${zipName} lists ${groupDigits(count)} files; IMLab opens archives of up to ${groupDigits(MAX_ZIP_MEMBERS)}. Unzip it and open the table itself.`,
    );
  }
  const members: ZipMember[] = [];
  const names = new TextDecoder();
  let p = dirOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > bytes.length || u32(p) !== CENTRAL) throw zipDamaged(zipName, 'its directory is cut off');
    const nameLength = u16(p + 28);
    const extraLength = u16(p + 30);
    const end = p + 46 + nameLength + extraLength + u16(p + 32);
    if (end > bytes.length) throw zipDamaged(zipName, 'its directory is cut off');
    const member: ZipMember = {
      name: names.decode(bytes.subarray(p + 46, p + 46 + nameLength)),
      method: u16(p + 10),
      compressedSize: u32(p + 20),
      size: u32(p + 24),
      localOffset: u32(p + 42),
    };
    readZip64Extra(view, p + 46 + nameLength, extraLength, member);
    members.push(member);
    p = end;
  }
  return members;
}

/** Sizes and offset that do not fit 32 bits are in the zip64 extra field (id 1), in this order, when marked. */
function readZip64Extra(view: DataView, at: number, length: number, m: ZipMember): void {
  for (let p = at; p + 4 <= at + length;) {
    const id = view.getUint16(p, true);
    const size = view.getUint16(p + 2, true);
    if (id === 1) {
      let q = p + 4;
      const next = () => {
        const v = q + 8 <= p + 4 + size ? Number(view.getBigUint64(q, true)) : -1;
        q += 8;
        return v;
      };
      if (m.size === MAX32) m.size = next();
      if (m.compressedSize === MAX32) m.compressedSize = next();
      if (m.localOffset === MAX32) m.localOffset = next();
      return;
    }
    p += 4 + size;
  }
}

/** The member's compressed bytes, located through its local header. */
function compressed(bytes: Uint8Array, m: ZipMember, zipName: string): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = m.localOffset;
  if (at < 0 || at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL) {
    throw zipDamaged(zipName, `the entry of ${m.name} is missing`);
  }
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  if (m.compressedSize < 0 || start + m.compressedSize > bytes.length) throw zipDamaged(zipName, `${m.name} is cut off`);
  if (m.method !== 0 && m.method !== 8) {
    throw new IntakeError(
      'not-zip',
      `${zipName} stores ${m.name} with a compression method IMLab cannot read (method ${m.method}). Zip it again with the usual (Deflate) method.`,
    );
  }
  return bytes.subarray(start, start + m.compressedSize);
}

/** What a member may inflate to, and the sentence for a member past it. */
export interface InflateBudget {
  limit: number;
  /** e.g. "IMLab reads up to 1 GB of text from an archive" */
  what: string;
}

function pastBudget(zipName: string, m: ZipMember, budget: InflateBudget): IntakeError {
  return new IntakeError(
    'inflates-too-far',
    `${m.name} in ${zipName} inflates past ${byteSize(budget.limit)}; ${budget.what}. Unzip it and open a sample or a part of the table.`,
  );
}

function pastDeclared(zipName: string, m: ZipMember): IntakeError {
  return zipDamaged(zipName, `${m.name} inflates past the ${groupDigits(m.size)} bytes its directory declares`);
}

/** Checks the declared size before anything is inflated. */
function checkDeclared(zipName: string, m: ZipMember, budget: InflateBudget): void {
  if (m.size > budget.limit) throw pastBudget(zipName, m, budget);
}

/**
 * Inflates a member in steps, handing each piece to `onData`; stops with an IntakeError the moment the output
 * passes the budget or the declared size. `final` is true once the member is done.
 */
function inflateSteps(bytes: Uint8Array, m: ZipMember, zipName: string, budget: InflateBudget): () => Uint8Array[] | null {
  checkDeclared(zipName, m, budget);
  const data = compressed(bytes, m, zipName);
  if (m.method === 0) {
    let done = false;
    return () => {
      if (done) return null;
      done = true;
      if (data.length > m.size) throw pastDeclared(zipName, m);
      return [data];
    };
  }
  let out: Uint8Array[] = [];
  let total = 0;
  const inflate = new Inflate((chunk) => {
    total += chunk.length;
    if (total > m.size) throw pastDeclared(zipName, m);
    if (chunk.length) out.push(chunk);
  });
  let pos = 0;
  return () => {
    if (pos >= data.length && pos > 0) return null;
    const end = Math.min(data.length, pos + STEP);
    try {
      inflate.push(data.subarray(pos, end), end === data.length);
    } catch (e) {
      if (e instanceof IntakeError) throw e;
      throw zipDamaged(zipName, `${m.name} could not be inflated`);
    }
    pos = end === pos ? 1 : end;
    const step = out;
    out = [];
    return step;
  };
}

/** A member whole in memory (a workbook part, an .npy array, a nested archive). */
export function inflateMember(bytes: Uint8Array, m: ZipMember, zipName: string, budget: InflateBudget): Uint8Array {
  const next = inflateSteps(bytes, m, zipName, budget);
  const parts: Uint8Array[] = [];
  let total = 0;
  for (let step = next(); step !== null; step = next()) {
    for (const part of step) {
      parts.push(part);
      total += part.length;
    }
  }
  if (parts.length === 1) return parts[0];
  const whole = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    whole.set(part, at);
    at += part.length;
  }
  return whole;
}

/** A member as a stream (a text table): inflated as it is read, never whole. */
export function memberStream(bytes: Uint8Array, m: ZipMember, zipName: string, budget: InflateBudget): ReadableStream<Uint8Array> {
  let next: (() => Uint8Array[] | null) | null = null;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      try {
        next ??= inflateSteps(bytes, m, zipName, budget);
        for (;;) {
          const step = next();
          if (step === null) return controller.close();
          for (const part of step) controller.enqueue(part);
          if (step.length) return;
        }
      } catch (e) {
        controller.error(e);
      }
    },
  });
}
