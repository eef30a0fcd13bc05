import type { ReactNode } from 'react';
import { action, keyHint, performAction, type ActionId } from '../actions';
import { useLab } from '../store';

/** A button for a registry action: enabled by its predicate, pressed through the same path as its key. */
export function ActionButton({
  id,
  children,
  testId,
  className,
  hint = true,
  onError,
}: {
  id: ActionId;
  children: ReactNode;
  testId?: string;
  className?: string;
  /** Show the action's key after the text. */
  hint?: boolean;
  onError?: (message: string) => void;
}) {
  const enabled = useLab((s) => action(id).enabled(s));
  const keys = hint ? keyHint(id) : '';
  return (
    <button
      type="button"
      className={className}
      data-testid={testId}
      disabled={!enabled}
      onClick={() => {
        const done = performAction(id);
        if (done && onError) done.catch((e: unknown) => onError(e instanceof Error ? e.message : String(e)));
      }}
    >
      {children}
      {keys && (
        <>
          {' '}
          <kbd>{keys}</kbd>
        </>
      )}
    </button>
  );
}
