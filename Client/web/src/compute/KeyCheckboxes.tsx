import { useId } from 'react';
import { Link } from 'react-router';
import type { SshKey } from '../api/types';
import { KEYS_PATH } from '../users/account/KeysPage';

interface KeyCheckboxesProps {
  legend: string;
  keys: SshKey[];
  selected: string[];
  onChange: (selected: string[]) => void;
  disabled?: boolean;
  error?: string;
}

/** One checkbox per SSH key of the user (named by the key, described by its fingerprint); ids not among them are kept. */
export function KeyCheckboxes({ legend, keys, selected, onChange, disabled = false, error }: KeyCheckboxesProps) {
  const idPrefix = useId();
  const known = new Set(keys.map((k) => k.id));
  const unknown = selected.filter((id) => !known.has(id));

  function toggle(id: string, on: boolean) {
    onChange(on ? [...selected, id] : selected.filter((s) => s !== id));
  }

  return (
    <fieldset>
      <legend>{legend}</legend>
      {keys.length === 0 ? (
        <p className="field-hint">
          You have no SSH keys yet. <Link to={KEYS_PATH}>Add an SSH key</Link>, then choose it here; you can also allow keys later.
        </p>
      ) : (
        <div className="checkboxes">
          {keys.map((key, index) => (
            <div key={key.id} className="checkbox">
              <input
                id={`${idPrefix}-${index}`}
                type="checkbox"
                checked={selected.includes(key.id)}
                disabled={disabled}
                onChange={(e) => toggle(key.id, e.target.checked)}
                aria-describedby={`${idPrefix}-${index}-fp`}
              />
              <label htmlFor={`${idPrefix}-${index}`}>{key.name}</label>
              <code id={`${idPrefix}-${index}-fp`} className="mono field-hint">
                {key.fingerprint}
              </code>
            </div>
          ))}
        </div>
      )}
      {unknown.length > 0 && (
        <p className="field-hint">
          Also allowed: {unknown.length === 1 ? 'a key' : `${unknown.length} keys`} not in your list (another user’s, or since deleted).
        </p>
      )}
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}
