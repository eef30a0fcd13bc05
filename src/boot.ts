/**
 * The app's own code, loaded by main.tsx after React: evaluated in a task of its own, so the page's first task
 * is not React and the whole app at once (docs/reliability.md, "The boot").
 */
import { keyConflicts } from './ui/actions';
import { killEngineForTest } from './ui/engine';
import { registerServiceWorker } from './ui/pwa';
import { useLab } from './ui/store';

export { Root } from './Root';

declare global {
  interface Window {
    /** Set by end-to-end tests before the app loads (never by the app): exposes window.__imlab. */
    __imlabTestHooks?: boolean;
    __imlab?: { killWorker(): void; state(): ReturnType<typeof useLab.getState> };
  }
}

/** What the page does once, besides rendering: the service worker, the test hook, the shortcut check. */
export function startPage(): void {
  // Two actions on one key: only the first would ever fire. Said at start-up, in development only.
  if (import.meta.env.DEV) for (const c of keyConflicts()) console.warn(`IMLab shortcuts: ${c}`);
  // The development server never registers the service worker (it would cache stale modules). In the build it
  // registers once the engine has started: its install fetches and caches every asset, which on a two-core machine
  // took the page's core during the boot (tasks of 60 ms of work took 300 ms; docs/reliability.md, "The boot").
  if (import.meta.env.PROD) void engineSettled().then(registerServiceWorker);
  if (window.__imlabTestHooks) {
    window.__imlab = { killWorker: killEngineForTest, state: () => useLab.getState() };
  }
}

/** The offline cache is set up at the latest this long after the page, even if the engine's start hangs. */
const SW_WAIT_MS = 20_000;

/** Resolves once the engine has started or failed to (the boot's last step), or after SW_WAIT_MS. */
function engineSettled(): Promise<void> {
  return new Promise((done) => {
    const settled = () => useLab.getState().backendStatus !== 'starting';
    if (settled()) return done();
    const finish = () => {
      stop();
      clearTimeout(timer);
      done();
    };
    const timer = setTimeout(finish, SW_WAIT_MS);
    const stop = useLab.subscribe(() => settled() && finish());
  });
}
