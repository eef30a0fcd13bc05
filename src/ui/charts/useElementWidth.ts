import { useCallback, useRef, useState } from 'react';

/**
 * The width of an element, kept current with a ResizeObserver, for every chart drawn in pixels (app and
 * Learn). Pass the returned callback as the element's `ref`. A hidden element (width 0) keeps the last
 * width, so a chart does not collapse while folded away. The first width is the observer's first report (made
 * with the frame that lays the element out), not a measurement in the commit: that would force a layout of the
 * whole page and draw the chart in the same task as its parent's mount.
 */
export function useElementWidth<T extends HTMLElement>(fallback = 0): [(el: T | null) => void, number] {
  const [width, setWidth] = useState(fallback);
  const observer = useRef<ResizeObserver | null>(null);
  const ref = useCallback((el: T | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (!el) return;
    observer.current = new ResizeObserver((entries) => {
      const w = Math.floor(entries[0]?.contentRect.width ?? 0);
      if (w > 0) setWidth(w);
    });
    observer.current.observe(el);
  }, []);
  return [ref, width];
}
