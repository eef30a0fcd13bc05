import { useEffect, useRef } from 'react';
import { ACTIONS, keyName } from '../actions';
import { toggleShortcuts } from '../session';
import { useLab } from '../store';

const GROUPS = ['Labeling', 'Training', 'Help'] as const;

/** Every key binding, read from the action registry. */
export function ShortcutsOverlay() {
  const open = useLab((s) => s.shortcutsOpen);
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const before = document.activeElement as HTMLElement | null;
    closeRef.current?.focus();
    return () => before?.focus?.();
  }, [open]);
  if (!open) return null;
  return (
    <div className="overlay-backdrop" onClick={() => toggleShortcuts(false)}>
      <div
        className="overlay"
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcuts-title"
        data-testid="shortcuts-overlay"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          // Keep focus inside the dialog.
          if (e.key === 'Tab') {
            e.preventDefault();
            closeRef.current?.focus();
          }
        }}
      >
        <div className="overlay-head">
          <h2 id="shortcuts-title">Keyboard shortcuts</h2>
          <button ref={closeRef} type="button" className="small-button" onClick={() => toggleShortcuts(false)}>
            Close <kbd>Esc</kbd>
          </button>
        </div>
        {GROUPS.map((g) => (
          <div key={g}>
            <h3>{g}</h3>
            <dl className="shortcut-list">
              {ACTIONS.filter((a) => a.group === g && a.keys.length > 0).map((a) => (
                <div key={a.id}>
                  <dt>
                    {a.keys.map((k, i) => (
                      <span key={k}>
                        {i > 0 && ' or '}
                        <kbd>{keyName(k)}</kbd>
                      </span>
                    ))}
                  </dt>
                  <dd>{a.label}</dd>
                </div>
              ))}
            </dl>
          </div>
        ))}
        <p className="muted small">Shortcuts are off while you type in a field.</p>
      </div>
    </div>
  );
}
