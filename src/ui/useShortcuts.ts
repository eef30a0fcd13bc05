import { useEffect } from 'react';
import { actionForKey } from './actions';
import { useLab } from './store';

const NON_TYPING_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file']);

/** Shortcuts never fire while the analyst types into a field. */
function isTypingTarget(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable) return true;
  if (t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) return true;
  return t instanceof HTMLInputElement && !NON_TYPING_INPUTS.has(t.type);
}

/**
 * Enter on a focused button or link keeps its native meaning (press it), except inside the labeling
 * card, where Enter always means "continue training" (a mouse click leaves focus on "Inlier").
 */
function enterBelongsToTarget(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.closest('[data-shortcut-scope="labeling"]')) return false;
  const control = t.closest<HTMLElement>('button, a[href], summary, [role="button"]');
  // A disabled button (e.g. Start, once clicked) does nothing with Enter: the shortcut gets it.
  return control != null && !(control instanceof HTMLButtonElement && control.disabled);
}

/** One keydown listener for the whole page, dispatching through the action registry. */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
      if (isTypingTarget(e.target)) return;
      const s = useLab.getState();
      if (s.shortcutsOpen && e.key !== 'Escape' && e.key !== '?') return;
      if (e.key === 'Enter' && enterBelongsToTarget(e.target)) return;
      const a = actionForKey(e.key, s);
      if (!a) return;
      e.preventDefault();
      // A key held down repeats: one press is one answer (or one Enter, one pause), never a run through unseen rows.
      if (e.repeat) return;
      void a.perform(s);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
