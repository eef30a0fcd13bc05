import { useId } from 'react';

/** A file input drawn as a button: the input stays focusable (visually hidden), its label looks like a button. */
export function FileButton({
  label,
  testId,
  accept,
  enabled,
  onFile,
}: {
  label: string;
  testId: string;
  accept: string;
  enabled: boolean;
  onFile: (file: File) => void;
}) {
  const inputId = useId();
  return (
    <>
      <input
        id={inputId}
        type="file"
        className="sr-only"
        data-testid={testId}
        accept={accept}
        disabled={!enabled}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = ''; // the same file can be chosen again
          if (file) onFile(file);
        }}
      />
      <label htmlFor={inputId} className={`file-button${enabled ? '' : ' file-button-disabled'}`}>
        {label}
      </label>
    </>
  );
}
