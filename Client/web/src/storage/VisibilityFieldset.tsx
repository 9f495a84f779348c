import type { Visibility } from '../api/types';
import { VISIBILITIES } from './rules';

/** Radio buttons for the three visibilities, each with its one-line explanation. */
export function VisibilityFieldset({ value, onChange, name }: { value: Visibility; onChange: (value: Visibility) => void; name: string }) {
  return (
    <fieldset className="checkboxes">
      <legend>Visibility</legend>
      {VISIBILITIES.map((v) => (
        <div key={v.value} className="checkbox">
          <input
            id={`${name}-${v.value}`}
            type="radio"
            name={name}
            value={v.value}
            checked={value === v.value}
            aria-describedby={`${name}-${v.value}-description`}
            onChange={() => onChange(v.value)}
          />
          <label htmlFor={`${name}-${v.value}`}>{v.label}</label>
          <span id={`${name}-${v.value}-description`} className="muted">
            {v.description}
          </span>
        </div>
      ))}
    </fieldset>
  );
}
