import { useState } from 'react';
import { Field } from '../ui/Field';
import { generatePassword, PASSWORD_HINT } from './rules';

interface PasswordFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}

/** A new-password input with "Generate" (which also reveals it, so it can be passed on) and "Show". */
export function PasswordField({ label, value, onChange, error }: PasswordFieldProps) {
  const [visible, setVisible] = useState(false);
  return (
    <Field
      label={label}
      type={visible ? 'text' : 'password'}
      autoComplete="new-password"
      spellCheck={false}
      className="mono"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      hint={PASSWORD_HINT}
      error={error}
      addon={
        <>
          <button
            type="button"
            className="button"
            onClick={() => {
              onChange(generatePassword());
              setVisible(true);
            }}
          >
            Generate
          </button>
          <button type="button" className="button button-ghost" aria-pressed={visible} onClick={() => setVisible((v) => !v)}>
            {visible ? 'Hide' : 'Show'}
          </button>
        </>
      }
    />
  );
}
