import { lazy, Suspense, useEffect } from 'react';
import { AppHeader } from './components/AppHeader';
import { DataPanel } from './components/DataPanel';
import { ErrorBoundary } from './components/ErrorBoundary';
import { ExportPanel } from './components/ExportPanel';
import { ModelPanel } from './components/ModelPanel';
import { LabelingPanel } from './components/LabelingPanel';
import { ParamsPanel } from './components/ParamsPanel';
import { RunBar } from './components/RunBar';
import { SavedSessions } from './components/SavedSessions';
import { SessionNotices } from './components/SessionNotices';
import { ScoreTable } from './components/ScoreTable';
import { ShortcutsOverlay } from './components/ShortcutsOverlay';
import { bootstrap } from './session';
import { isRunActive, useLab } from './store';
import { usePageDrop } from './usePageDrop';
import { useShortcuts } from './useShortcuts';

// The charts (and their library, the biggest part of the page's code) load after the first paint: nothing to
// chart before a run, and the boot stays one short task.
const LiveCharts = lazy(() => import('./components/LiveCharts').then((m) => ({ default: m.LiveCharts })));

/** While a run is on, the labeling card comes first; after it, the results do. */
function Workspace() {
  const active = useLab(isRunActive);
  return (
    <div className={`workspace${active ? '' : ' workspace-results-first'}`}>
      <RunBar />
      <LabelingPanel />
      <Suspense fallback={<section className="panel charts" aria-label="Live charts" aria-busy="true" />}>
        <LiveCharts />
      </Suspense>
      <ScoreTable />
      <ExportPanel />
      <ModelPanel />
    </div>
  );
}

export function App() {
  useEffect(() => {
    void bootstrap();
  }, []);
  useShortcuts();
  const dragging = usePageDrop();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to the workspace
      </a>
      <AppHeader />
      <ErrorBoundary>
        <SessionNotices />
        <main id="main" className="layout" tabIndex={-1}>
          <div className="sidebar">
            <DataPanel />
            <ParamsPanel />
            <SavedSessions />
          </div>
          <Workspace />
        </main>
        <ShortcutsOverlay />
      </ErrorBoundary>
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <p>Drop the file to load it</p>
        </div>
      )}
    </>
  );
}
