import { useEffect, useMemo, useState } from 'react';
import type { Bin, LabelFilter, ScorePage, SortKey } from '../core/scoreView';
import type { LabelEntry } from '../worker/api';
import { engineApi } from './engine';

/** Rows fetched around the visible ones, so a small scroll needs no new request. */
const MARGIN = 60;

/** The labeled rows as two typed arrays, for the worker's final ranking and filter. */
function labeledArrays(labels: ReadonlyMap<number, LabelEntry>) {
  const rows = new Int32Array(labels.size);
  const codes = new Int8Array(labels.size);
  let i = 0;
  for (const [row, l] of labels) {
    rows[i] = row;
    codes[i++] = l.label;
  }
  return { rows, codes };
}

/**
 * The score table's window from the worker, which ranks, sorts and filters every row: asked again when the
 * scores (version), the order, the filter or the labels change, or the visible rows leave the fetched window.
 */
export function useScorePage(
  /** Changes with the table and with its scores. */
  version: string,
  sort: SortKey,
  filter: LabelFilter,
  labels: ReadonlyMap<number, LabelEntry>,
  first: number,
  last: number,
): ScorePage | null {
  const [got, setGot] = useState<{ page: ScorePage; key: string } | null>(null);
  const labeled = useMemo(() => labeledArrays(labels), [labels]);
  // The labels move rows: the final ranking puts the answered rows first and last, and a label filter picks by them.
  const key = `${version}|${sort}|${filter}|${stampOf(labels)}`;
  const p = got?.key === key ? got.page : null;
  const covered = p != null && first >= p.start && Math.min(last, p.total) <= p.start + p.rows.length;
  const start = Math.max(0, first - MARGIN);
  const count = last - first + 2 * MARGIN;
  useEffect(() => {
    if (covered) return;
    let live = true;
    engineApi()
      .scorePage({ sort, filter, start, count, labeledRows: labeled.rows, labeledCodes: labeled.codes })
      .then((page) => live && setGot({ page, key }))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [covered, key, sort, filter, start, count, labeled]);
  // Until the new window lands the old one stays on screen (rows outside it show as loading).
  return p ?? got?.page ?? null;
}

const stamps = new WeakMap<object, number>();
let nextStamp = 1;
function stampOf(o: object): number {
  let s = stamps.get(o);
  if (s === undefined) stamps.set(o, (s = nextStamp++));
  return s;
}

/** The histogram's bins from the worker, asked again when the scores or the round's candidates change. */
export function useScoreBins(version: number, candidates: Int32Array | readonly number[]): Bin[] {
  const [got, setGot] = useState<{ bins: Bin[]; version: number } | null>(null);
  useEffect(() => {
    if (version === 0) return;
    let live = true;
    engineApi()
      .scoreHistogram(Int32Array.from(candidates))
      .then((bins) => live && setGot({ bins, version }))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [version, candidates]);
  // Version 0: a new table or run, no scores yet.
  return version === 0 || !got ? [] : got.bins;
}
