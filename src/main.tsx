import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import './ui/styles.css';

const element = document.getElementById('root');
if (!element) throw new Error('missing #root');
const root = createRoot(element);

// React evaluates in this task, the app's own code in the next (./boot), and the first render as a transition:
// React renders it in slices of a few milliseconds, so no step of the boot is one long task.
void import('./boot').then(({ Root, startPage }) => {
  startTransition(() =>
    root.render(
      <StrictMode>
        <Root />
      </StrictMode>,
    ),
  );
  startPage();
});
