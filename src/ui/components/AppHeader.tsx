import { action } from '../actions';
import { useLab } from '../store';
import { BackendBadge } from './BackendBadge';
import { SaveStatus } from './SaveStatus';

export function AppHeader() {
  return (
    <header className="app-header">
      <div className="brand">
        <h1>IMLab</h1>
        <p className="tagline">Find the outliers in a table, on your device.</p>
      </div>
      <nav className="header-nav" aria-label="Main">
        <a href="#/learn">Learn how it works</a>
        <button type="button" className="link-button" onClick={() => action('shortcuts').perform(useLab.getState())}>
          Keyboard shortcuts <kbd>?</kbd>
        </button>
        <SaveStatus />
        <BackendBadge />
      </nav>
    </header>
  );
}
