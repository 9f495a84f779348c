import { useEffect, useRef } from 'react';
import { CopyStatus, useClipboard } from '../../ui/CopyField';

interface NewTokenBoxProps {
  name: string;
  token: string;
  onDone: () => void;
}

/** The one time a token's secret is visible. It lives only in memory and goes on "Done". */
export function NewTokenBox({ name, token, onDone }: NewTokenBoxProps) {
  const inputRef = useRef<HTMLInputElement>(null);
  const { copied, copy } = useClipboard(inputRef);

  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, [token]);

  return (
    <div className="alert alert-warning stack" role="region" aria-label="New API token">
      <p>
        <strong>Copy the token “{name}” now.</strong> It is shown only once; if you lose it, delete it and create another.
      </p>
      <div className="field-row">
        <input ref={inputRef} className="mono" readOnly value={token} aria-label="New API token value" onFocus={(e) => e.target.select()} />
        <button type="button" className="button" onClick={() => void copy(token)}>
          Copy
        </button>
        <button type="button" className="button" onClick={onDone}>
          Done
        </button>
      </div>
      <CopyStatus copied={copied} what="the token" />
    </div>
  );
}
