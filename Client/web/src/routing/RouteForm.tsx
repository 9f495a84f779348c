import { useId, useState, type FormEvent } from 'react';
import { isApiError } from '../api/http';
import type { Route, RouteSpec } from '../api/types';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Field } from '../ui/Field';

const FIELDS = ['host', 'pathPrefix', 'backend'] as const;

interface RouteFormProps {
  /** The route being edited; a new one when absent. */
  route?: Route;
  submitLabel: string;
  pendingLabel: string;
  pending: boolean;
  /** The last failed save: problem+json field errors show under their fields, anything else above the form. */
  error: unknown;
  /** Resolves when saved; the form of a new route empties itself then. */
  onSubmit: (spec: RouteSpec) => Promise<unknown>;
}

/** Host, path prefix, strip and backend: the server checks them (docs/api.md, "Routing") and names the field it refuses. */
export function RouteForm({ route, submitLabel, pendingLabel, pending, error, onSubmit }: RouteFormProps) {
  const stripId = useId();
  const [host, setHost] = useState(route?.host ?? '');
  const [pathPrefix, setPathPrefix] = useState(route?.pathPrefix ?? '');
  const [stripPrefix, setStripPrefix] = useState(route?.stripPrefix ?? false);
  const [backend, setBackend] = useState(route?.backend ?? '');

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await onSubmit({ host: host.trim(), pathPrefix: pathPrefix.trim() || null, stripPrefix, backend: backend.trim() });
    } catch {
      return; // shown from `error`
    }
    if (!route) {
      setHost('');
      setPathPrefix('');
      setStripPrefix(false);
      setBackend('');
    }
  }

  const problem = isApiError(error) ? error : null;
  const fieldError = (field: (typeof FIELDS)[number]) => problem?.fieldError(field);
  const unplaced = error != null && !FIELDS.some((field) => fieldError(field));

  return (
    <form className="stack form-narrow" onSubmit={(e) => void submit(e)} noValidate>
      {unplaced && <ErrorAlert error={error} />}
      <Field
        label="Host"
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        placeholder="wiki.example.org"
        value={host}
        onChange={(e) => setHost(e.target.value)}
        hint="The name requests arrive for. Names under the apps domain belong to container ingress rules."
        error={fieldError('host')}
      />
      <Field
        label="Path prefix"
        autoComplete="off"
        spellCheck={false}
        placeholder="/"
        value={pathPrefix}
        onChange={(e) => setPathPrefix(e.target.value)}
        hint="Optional, e.g. /docs: only paths under it (on a / boundary) are routed. Empty means the whole host."
        error={fieldError('pathPrefix')}
      />
      <div className="field">
        <div className="checkbox">
          <input id={stripId} type="checkbox" checked={stripPrefix} onChange={(e) => setStripPrefix(e.target.checked)} />
          <label htmlFor={stripId}>Strip the prefix before passing the request on</label>
        </div>
      </div>
      <Field
        label="Backend"
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        placeholder="http://127.0.0.1:3000"
        value={backend}
        onChange={(e) => setBackend(e.target.value)}
        hint="An http:// or https:// URL, optionally with a base path; no credentials, query or fragment."
        error={fieldError('backend')}
      />
      <div>
        <button type="submit" className="button button-primary" disabled={pending}>
          {pending ? pendingLabel : submitLabel}
        </button>
      </div>
    </form>
  );
}
