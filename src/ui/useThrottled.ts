import { startTransition, useEffect, useRef, useState } from 'react';

/**
 * `value`, refreshed at most once per `ms` (the latest always arrives, late at most `ms`). The
 * refresh is a transition, so React renders it in interruptible slices: charts are the costliest
 * renders on the page and need not redraw four times a second.
 */
export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const wait = Math.max(0, last.current + ms - Date.now());
    const timer = setTimeout(() => {
      last.current = Date.now();
      startTransition(() => setShown(value));
    }, wait);
    return () => clearTimeout(timer);
  }, [value, shown, ms]);
  return shown;
}
