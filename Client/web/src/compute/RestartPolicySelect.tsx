import { useId } from 'react';
import type { RestartPolicy } from '../api/types';
import { RESTART_POLICIES, restartPolicyDescription } from './rules';

interface RestartPolicySelectProps {
  value: RestartPolicy;
  onChange: (policy: RestartPolicy) => void;
  disabled?: boolean;
  error?: string;
}

/** A labelled select whose chosen policy is explained under it (and announced with it). */
export function RestartPolicySelect({ value, onChange, disabled = false, error }: RestartPolicySelectProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Restart policy</label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-description${error ? ` ${id}-error` : ''}`}
        onChange={(e) => onChange(e.target.value as RestartPolicy)}
      >
        {RESTART_POLICIES.map((policy) => (
          <option key={policy.value} value={policy.value}>
            {policy.label}
          </option>
        ))}
      </select>
      <p id={`${id}-description`} className="field-hint">
        {restartPolicyDescription(value)}
      </p>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
