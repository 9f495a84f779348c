import { useEffect, useRef, useState, type ReactNode } from 'react';

let nextRowKey = 1;

/** A fresh key for a row of a RepeatableRows list (stable across edits, unique on the page). */
export function newRowKey(): number {
  return nextRowKey++;
}

interface RepeatableRowsProps<T extends { key: number }> {
  legend: string;
  hint?: ReactNode;
  rows: T[];
  onChange: (rows: T[]) => void;
  blank: () => T;
  /** The add button's text, such as "Add variable". */
  addLabel: string;
  /** The remove button's accessible name for a row, such as "Remove variable 2". */
  removeLabel: (index: number) => string;
  renderRow: (row: T, index: number, update: (changed: Partial<T>) => void) => ReactNode;
  /** About the list as a whole (such as a server message for the whole list). */
  errors?: string[];
}

/**
 * A fieldset of rows the user adds and removes (environment variables, arguments, ports, rules).
 * A new row's first input gets focus; after a removal focus goes to the add button.
 */
export function RepeatableRows<T extends { key: number }>({ legend, hint, rows, onChange, blank, addLabel, removeLabel, renderRow, errors = [] }: RepeatableRowsProps<T>) {
  const listRef = useRef<HTMLOListElement>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  const [focus, setFocus] = useState<number | 'add' | null>(null);

  useEffect(() => {
    if (focus === null) return;
    if (focus === 'add') addRef.current?.focus();
    else listRef.current?.querySelector<HTMLElement>(`[data-row-key="${focus}"] input, [data-row-key="${focus}"] select`)?.focus();
    setFocus(null);
  }, [focus]);

  function add() {
    const row = blank();
    onChange([...rows, row]);
    setFocus(row.key);
  }

  function remove(key: number) {
    onChange(rows.filter((r) => r.key !== key));
    setFocus('add');
  }

  return (
    <fieldset className="repeatable">
      <legend>{legend}</legend>
      {hint && <div className="field-hint">{hint}</div>}
      {rows.length > 0 && (
        <ol ref={listRef} className="repeatable-rows">
          {rows.map((row, index) => (
            <li key={row.key} data-row-key={row.key} className="repeatable-row">
              {renderRow(row, index, (changed) => onChange(rows.map((r) => (r.key === row.key ? { ...r, ...changed } : r))))}
              <button type="button" className="button button-danger-ghost repeatable-remove" aria-label={removeLabel(index)} onClick={() => remove(row.key)}>
                Remove
              </button>
            </li>
          ))}
        </ol>
      )}
      {errors.map((message) => (
        <p key={message} className="field-error">
          {message}
        </p>
      ))}
      <div>
        <button ref={addRef} type="button" className="button" onClick={add}>
          {addLabel}
        </button>
      </div>
    </fieldset>
  );
}
