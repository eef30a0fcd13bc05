// What each long main-thread task of the boot was, from a Chrome trace of the page: its wall time, its thread
// CPU time (the work itself: on a shared machine a task's wall time is its CPU time stretched by the load), and
// the largest steps inside it (a module evaluated, a script function, style and layout, a worker's message).

/** Trace categories: the page's tasks and their CPU time (RunTask), the steps named below, navigationStart. */
export const BOOT_TRACE_CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'v8',
  'blink.user_timing',
];

const STEPS = new Set([
  'v8.evaluateModule',
  'EvaluateScript',
  'FunctionCall',
  'TimerFire',
  'FireAnimationFrame',
  'EventDispatch',
  'HandlePostMessage',
  'RunMicrotasks',
  'ParseHTML',
  'ParseAuthorStyleSheet',
  'UpdateLayoutTree',
  'Layout',
  'Paint',
  'LocalWindowProxy::Initialize',
  'MajorGC',
  'MinorGC',
]);

function stepName(e) {
  const d = e.args?.data ?? {};
  const file = d.url ? d.url.split('/').pop() : '';
  if (e.name === 'EventDispatch') return `event ${d.type}`;
  if (e.name === 'LocalWindowProxy::Initialize') return 'script context set-up';
  return file ? `${e.name} ${file}` : e.name;
}

/**
 * The page's main-thread tasks of at least `minMs` (wall), from navigation: `{ start, wall, cpu, steps }`, times
 * in ms; `steps` are the task's outermost named steps of 5 ms or more, largest first.
 */
export function longTasksFromTrace(traceJson, minMs) {
  const events = JSON.parse(traceJson).traceEvents;
  const nav = events.filter((e) => e.name === 'navigationStart' && e.args?.data?.documentLoaderURL?.startsWith('http')).at(-1);
  if (!nav) return [];
  const thread = events.find((e) => e.name === 'thread_name' && e.pid === nav.pid && e.args.name === 'CrRendererMain');
  const mine = events.filter((e) => e.pid === nav.pid && e.tid === thread?.tid && e.ph === 'X' && e.dur != null && e.ts >= nav.ts);
  const steps = mine.filter((e) => STEPS.has(e.name) && e.dur >= 5000).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  return mine
    .filter((e) => e.name === 'RunTask' && e.dur >= minMs * 1000)
    .sort((a, b) => a.ts - b.ts)
    .map((t) => {
      const inside = steps.filter((s) => s.ts >= t.ts && s.ts + s.dur <= t.ts + t.dur);
      // Outermost only: a step inside another step of this task is part of it.
      const outer = inside.filter((s) => !inside.some((o) => o !== s && o.ts <= s.ts && o.ts + o.dur >= s.ts + s.dur && o.dur > s.dur));
      return {
        start: (t.ts - nav.ts) / 1000,
        wall: t.dur / 1000,
        cpu: (t.tdur ?? 0) / 1000,
        steps: outer.sort((a, b) => b.dur - a.dur).map((s) => ({ what: stepName(s), ms: s.dur / 1000 })),
      };
    });
}
