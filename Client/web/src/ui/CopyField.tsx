import { useEffect, useId, useRef, useState, type RefObject } from 'react';

export type CopyOutcome = 'yes' | 'failed' | null;

/** Copies text to the clipboard; where the browser refuses, selects the input so Ctrl+C works. */
export function useClipboard(inputRef: RefObject<HTMLInputElement | null>) {
  const [copied, setCopied] = useState<CopyOutcome>(null);
  async function copy(text: string) {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('yes');
    } catch {
      inputRef.current?.select();
      setCopied('failed');
    }
  }
  return { copied, copy };
}

/** Says how copying went; `what` names the selected text ("the link", "the token"). */
export function CopyStatus({ copied, what }: { copied: CopyOutcome; what: string }) {
  return (
    <p role="status" className="field-hint">
      {copied === 'yes' && 'Copied to the clipboard.'}
      {copied === 'failed' && `Copying is blocked here: ${what} is selected, press Ctrl+C (⌘C on a Mac).`}
    </p>
  );
}

interface CopyFieldProps {
  label: string;
  value: string;
  /** Names the selected text in the fallback message. */
  what: string;
  /** The copy button's accessible name (its text stays "Copy"). */
  copyLabel?: string;
  /** Focus the value and copy it as soon as it is shown (the click that revealed it counts as the user's permission). */
  autoCopy?: boolean;
}

/** A read-only, labelled value with a Copy button. */
export function CopyField({ label, value, what, copyLabel, autoCopy = false }: CopyFieldProps) {
  const id = useId();
  const ref = useRef<HTMLInputElement>(null);
  const { copied, copy } = useClipboard(ref);

  useEffect(() => {
    if (!autoCopy) return;
    ref.current?.focus();
    void copy(value);
    // Only a new value is copied again.
  }, [value, autoCopy]);
  return (
    <div className="stack">
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <div className="field-row">
          <input id={id} ref={ref} className="mono" readOnly value={value} onFocus={(e) => e.target.select()} />
          <button type="button" className="button" aria-label={copyLabel} onClick={() => void copy(value)}>
            Copy
          </button>
        </div>
      </div>
      <CopyStatus copied={copied} what={what} />
    </div>
  );
}
