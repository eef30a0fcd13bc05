import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Root } from './Root';
import { keyConflicts } from './ui/actions';
import { killEngineForTest } from './ui/engine';
import { registerServiceWorker } from './ui/pwa';
import { useLab } from './ui/store';
import './ui/styles.css';

declare global {
  interface Window {
    /** Set by end-to-end tests before the app loads (never by the app): exposes window.__imlab. */
    __imlabTestHooks?: boolean;
    __imlab?: { killWorker(): void; state(): ReturnType<typeof useLab.getState> };
  }
}

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
createRoot(root).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);

// Two actions on one key: only the first would ever fire. Said at start-up, in development only.
if (import.meta.env.DEV) for (const c of keyConflicts()) console.warn(`IMLab shortcuts: ${c}`);

// The development server never registers the service worker (it would cache stale modules).
if (import.meta.env.PROD) registerServiceWorker();

if (window.__imlabTestHooks) {
  window.__imlab = { killWorker: killEngineForTest, state: () => useLab.getState() };
}
