import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { isApiError } from '../../api/http';
import type { CreateTokenResponse, Scope } from '../../api/types';
import { meApi } from '../../api/users';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Field } from '../../ui/Field';
import { userKeys } from '../queryKeys';
import { useCurrentUser } from '../session';

const SCOPES: { scope: Scope; description: string; adminOnly: boolean }[] = [
  { scope: 'account:read', description: 'Read your profile, sessions and tokens', adminOnly: false },
  { scope: 'files:read', description: 'List your namespaces and files, download files and see share links', adminOnly: false },
  { scope: 'files:write', description: 'Create, rename and delete namespaces; upload and delete files; create and revoke share links', adminOnly: false },
  { scope: 'containers:read', description: 'List your containers and read their logs, stats and ingress rules', adminOnly: false },
  {
    scope: 'containers:write',
    description: 'Create, start, stop, restart, change and delete your containers, their ingress rules and the SSH keys allowed into them',
    adminOnly: false,
  },
  { scope: 'admin:read', description: 'List and read users', adminOnly: true },
  { scope: 'admin:write', description: 'Create, change and delete users', adminOnly: true },
];

const DEFAULT_DAYS = '30';

export function CreateTokenForm({ onCreated }: { onCreated: (created: CreateTokenResponse) => void }) {
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['account:read']);
  const [days, setDays] = useState(DEFAULT_DAYS);
  const [problem, setProblem] = useState<string | null>(null);
  const available = SCOPES.filter((s) => user.role === 'admin' || !s.adminOnly);

  const create = useMutation({
    mutationFn: meApi.createToken,
    onSuccess: (created) => {
      setName('');
      setScopes(['account:read']);
      setDays(DEFAULT_DAYS);
      onCreated(created);
      void queryClient.invalidateQueries({ queryKey: userKeys.myTokens });
    },
  });

  function toggle(scope: Scope, on: boolean) {
    setScopes((current) => (on ? [...current, scope] : current.filter((s) => s !== scope)));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const expiresInDays = Number(days);
    const found = !name.trim()
      ? 'Give the token a name, such as the script that will use it.'
      : scopes.length === 0
        ? 'Choose at least one scope.'
        : !Number.isInteger(expiresInDays) || expiresInDays < 1
          ? 'Expiry must be a whole number of days, 1 or more.'
          : null;
    setProblem(found);
    if (found) return;
    create.mutate({ name: name.trim(), scopes, expiresInDays });
  }

  const serverError = create.isError && isApiError(create.error) ? create.error : null;

  return (
    <form className="stack form-narrow" onSubmit={submit} aria-labelledby="create-token-title" noValidate>
      <h3 id="create-token-title">Create a token</h3>
      {problem && (
        <p role="alert" className="alert alert-error">
          {problem}
        </p>
      )}
      {create.isError && <ErrorAlert error={create.error} />}
      <Field label="Token name" value={name} onChange={(e) => setName(e.target.value)} error={serverError?.fieldError('name')} maxLength={100} />
      <fieldset className="checkboxes">
        <legend>Scopes</legend>
        {available.map(({ scope, description }) => (
          <div key={scope} className="checkbox">
            <input
              id={`scope-${scope}`}
              type="checkbox"
              aria-describedby={`scope-${scope}-description`}
              checked={scopes.includes(scope)}
              onChange={(e) => toggle(scope, e.target.checked)}
            />
            <label htmlFor={`scope-${scope}`}>
              <code>{scope}</code>
            </label>
            <span id={`scope-${scope}-description`} className="muted">
              {description}
            </span>
          </div>
        ))}
      </fieldset>
      <Field
        label="Expires in (days)"
        type="number"
        inputMode="numeric"
        min={1}
        step={1}
        value={days}
        onChange={(e) => setDays(e.target.value)}
        error={serverError?.fieldError('expiresInDays')}
      />
      <div>
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create token'}
        </button>
      </div>
    </form>
  );
}
