/**
 * The service worker (production builds only): it precaches the whole app, so after one online visit
 * IMLab opens and runs with the network off. A new version installs in the background and waits;
 * the page then offers a reload rather than switching under a running session.
 */
import { useLab } from './store';

let waiting: ServiceWorker | null = null;

function offer(sw: ServiceWorker | null): void {
  if (!sw || !navigator.serviceWorker.controller) return; // the first install is not an update
  waiting = sw;
  useLab.setState({ updateReady: true });
}

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  const start = async () => {
    try {
      const reg = await navigator.serviceWorker.register('./sw.js', { scope: './' });
      offer(reg.waiting);
      reg.addEventListener('updatefound', () => {
        const sw = reg.installing;
        sw?.addEventListener('statechange', () => {
          if (sw.state === 'installed') offer(sw);
        });
      });
      // Look for a new version when the analyst comes back to the tab.
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') void reg.update().catch(() => {});
      });
    } catch (e) {
      console.warn('IMLab: the offline cache could not be set up:', e);
    }
  };
  if (document.readyState === 'complete') void start();
  else addEventListener('load', () => void start(), { once: true });
}

/** Switches to the waiting version and reloads once it controls the page. */
export function applyUpdate(): void {
  if (!waiting) {
    location.reload();
    return;
  }
  navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
  waiting.postMessage({ type: 'SKIP_WAITING' });
}
