/**
 * A session read from outside (an .imlab file) is checked before anything of it is saved or trained on: every
 * answer names a row of the table with a known label, source and time; scores and posteriors have a finite value
 * per row; the checkpoint's tensors are finite, its optimizer moments shaped like its weights, its per-row vectors
 * one value per row. A tampered or damaged file is refused with a sentence that says what is wrong.
 */
import { SessionFormatError } from './migrate';
import type { SessionSnapshot } from './types';

const DAMAGED = 'This session file is damaged or was altered';

function refuse(what: string): never {
  throw new SessionFormatError(`${DAMAGED}: ${what}. It was not opened.`);
}

function isTyped(v: unknown, Ctor: Float32ArrayConstructor | Float64ArrayConstructor | Int8ArrayConstructor): boolean {
  return v instanceof Ctor;
}

function allFinite(a: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}

function checkLabels(labels: unknown, rows: number): void {
  if (!Array.isArray(labels)) refuse('its answers are not a list');
  labels.forEach((l: unknown, i) => {
    const at = `answer ${i + 1}`;
    if (l === null || typeof l !== 'object') refuse(`${at} is not an answer`);
    const { row, label, source, time } = l as Record<string, unknown>;
    if (typeof row !== 'number' || !Number.isInteger(row) || row < 0 || row >= rows)
      refuse(`${at} names row ${String(row)}, and the table has ${rows} rows`);
    if (label !== 0 && label !== 1) refuse(`${at} is neither inlier nor outlier`);
    if (source !== 'analyst' && source !== 'ground truth') refuse(`${at} has an unknown source`);
    if (typeof time !== 'number' || !Number.isFinite(time)) refuse(`${at} has no valid time`);
  });
  const seen = new Set<number>();
  for (const l of labels as { row: number }[]) {
    if (seen.has(l.row)) refuse(`row ${l.row} is answered twice`);
    seen.add(l.row);
  }
}

function checkResults(r: SessionSnapshot['results'], rows: number): void {
  if (r == null) return;
  if (typeof r !== 'object') refuse('its results are not a record');
  if (r.scores != null && (!isTyped(r.scores, Float32Array) || r.scores.length !== rows || !allFinite(r.scores)))
    refuse(`its scores are not one finite number for each of the ${rows} rows`);
  const f = r.final;
  if (f == null) return;
  if (!isTyped(f.posteriors, Float64Array) || f.posteriors.length !== rows || !allFinite(f.posteriors))
    refuse(`its posteriors are not one finite number for each of the ${rows} rows`);
  for (let i = 0; i < f.posteriors.length; i++) if (f.posteriors[i] < 0 || f.posteriors[i] > 1) refuse('a posterior lies outside 0..1');
  for (const [name, v] of [
    ['AUC', f.auc],
    ['AP', f.ap],
  ] as const)
    if (v != null && !(Number.isFinite(v) && v >= 0 && v <= 1)) refuse(`its ${name} is not a number from 0 to 1`);
}

function checkCheckpoint(c: SessionSnapshot['checkpoint'], rows: number): void {
  if (c == null) return;
  if (typeof c !== 'object') refuse('its checkpoint is not a record');
  const tensors = (v: unknown) => Array.isArray(v) && v.every((t) => isTyped(t, Float32Array));
  if (!tensors(c.state) || !c.state.length) refuse('its checkpoint has no weights');
  if (!tensors(c.adamM) || !tensors(c.adamV)) refuse('its checkpoint has no optimizer state');
  // The moments come in pairs, one pair per trained tensor (the state may hold more tensors than are trained).
  if (c.adamM.length !== c.adamV.length || c.adamM.length > c.state.length) refuse('its optimizer state does not match its weights');
  c.adamM.forEach((m, i) => {
    if (c.adamV[i].length !== m.length) refuse(`its optimizer state of tensor ${i + 1} has the wrong size`);
  });
  c.state.forEach((w, i) => {
    if (!allFinite(w)) refuse(`tensor ${i + 1} of its checkpoint holds a value that is not a number`);
  });
  [...c.adamM, ...c.adamV].forEach((m) => {
    if (!allFinite(m)) refuse('its optimizer state holds a value that is not a number');
  });
  if (!isTyped(c.labels, Int8Array) || c.labels.length !== rows) refuse(`its checkpoint's answers are not one per row of the ${rows}`);
  for (const h of c.history ?? [])
    if (!isTyped(h, Float32Array) || h.length !== rows || !allFinite(h)) refuse('its checkpoint keeps scores of another table');
  for (const k of ['nextEpoch', 'round', 'adamStep', 'rngState'] as const)
    if (!Number.isInteger(c[k]) || c[k] < 0) refuse(`its checkpoint's ${k} is not a whole number`);
}

/** Throws a SessionFormatError naming the first thing wrong with a snapshot read from a file. */
export function checkSnapshot(snap: SessionSnapshot): void {
  const rows = snap.meta.rows;
  if (!Number.isInteger(rows) || rows < 0) refuse('its row count is not a whole number');
  checkLabels(snap.labels, rows);
  checkResults(snap.results, rows);
  checkCheckpoint(snap.checkpoint, rows);
}
