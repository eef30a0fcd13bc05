import { useCallback, useEffect, useRef, useState } from 'react';
import { engineApi } from './engine';

/** Raw rows come from the worker in aligned pages; a few hundred pages are kept. */
const PAGE = 128;
const MAX_PAGES = 256;

/**
 * Raw cells for the rows on screen, fetched in pages with getRows. Returns a lookup that is
 * undefined for rows still loading; the component re-renders when their page arrives.
 */
export function useRowPages(tableKey: string | null, visible: ArrayLike<number>, enabled: boolean): (row: number) => string[] | undefined {
  const pages = useRef(new Map<number, string[][]>());
  const inFlight = useRef(new Set<number>());
  const [, setVersion] = useState(0);

  useEffect(() => {
    pages.current = new Map();
    inFlight.current = new Set();
  }, [tableKey]);

  // Which pages the screen needs, as a stable string so the effect runs only when it changes.
  const needed = new Set<number>();
  if (enabled) for (let i = 0; i < visible.length; i++) needed.add(Math.floor(visible[i] / PAGE));
  const neededKey = [...needed].sort((a, b) => a - b).join(',');

  useEffect(() => {
    if (!enabled || !tableKey || !neededKey) return;
    const key = tableKey;
    // A short delay: fast scrolling skips the pages it only flew past.
    const timer = setTimeout(() => {
      for (const page of neededKey.split(',').map(Number)) {
        if (pages.current.has(page) || inFlight.current.has(page)) continue;
        inFlight.current.add(page);
        engineApi()
          .getRows(page * PAGE, PAGE)
          .then((rows) => {
            inFlight.current.delete(page);
            if (key !== tableKey) return;
            pages.current.set(page, rows);
            if (pages.current.size > MAX_PAGES) pages.current.delete(pages.current.keys().next().value as number);
            setVersion((v) => v + 1);
          })
          .catch(() => inFlight.current.delete(page));
      }
    }, 60);
    return () => clearTimeout(timer);
  }, [enabled, tableKey, neededKey]);

  return useCallback((row: number) => pages.current.get(Math.floor(row / PAGE))?.[row % PAGE], []);
}
