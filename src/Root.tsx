import { lazy, Suspense, useSyncExternalStore } from 'react';
import { App } from './ui/App';

// The Learn page loads on demand: the analyst's app does not pay for it.
const LearnPage = lazy(() => import('./learn/LearnPage').then((m) => ({ default: m.LearnPage })));

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const isLearnRoute = () => window.location.hash.startsWith('#/learn');

/** Hash routing: `#/learn` (with its state in the hash query) is the Learn page; anything else is the app. */
export function Root() {
  const learn = useSyncExternalStore(subscribe, isLearnRoute);
  if (!learn) return <App />;
  return (
    <Suspense fallback={<p className="route-loading">Loading the Learn page…</p>}>
      <LearnPage />
    </Suspense>
  );
}
