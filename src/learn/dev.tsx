// Development entry for Learn mode until the app routes #/learn to it; not part of the production build.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { LearnPage } from './LearnPage';

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
if (!window.location.hash.startsWith('#/learn')) window.history.replaceState(null, '', '#/learn');
createRoot(root).render(
  <StrictMode>
    <LearnPage />
  </StrictMode>,
);
