import { useEffect, useState } from 'react';

/**
 * How many of `stages` parts of a component are mounted: one more per task after each commit, once `ready`, so
 * mounting several heavy children (the charts) is several short tasks instead of one long one.
 */
export function useStaged(stages: number, ready = true): number {
  const [mounted, setMounted] = useState(1);
  useEffect(() => {
    if (!ready || mounted >= stages) return;
    const timer = setTimeout(() => setMounted((n) => n + 1), 0);
    return () => clearTimeout(timer);
  }, [mounted, stages, ready]);
  return mounted;
}
