import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { isApiError } from '../api/http';
import { namespacesApi } from '../api/storage';
import type { Visibility } from '../api/types';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Field } from '../ui/Field';
import { storageKeys } from './queryKeys';
import { NAMESPACE_NAME_HINT, namespaceNameProblem } from './rules';
import { VisibilityFieldset } from './VisibilityFieldset';

export function CreateNamespaceForm() {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [visibility, setVisibility] = useState<Visibility>('private');
  const [problem, setProblem] = useState<string | null>(null);

  const create = useMutation({
    mutationFn: namespacesApi.create,
    onSuccess: () => {
      setName('');
      setVisibility('private');
      void queryClient.invalidateQueries({ queryKey: storageKeys.namespaces });
      void queryClient.invalidateQueries({ queryKey: storageKeys.usage });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = namespaceNameProblem(name.trim());
    setProblem(found);
    if (found) return;
    create.mutate({ name: name.trim(), visibility });
  }

  const serverError = create.isError && isApiError(create.error) ? create.error : null;

  return (
    <section className="card" aria-labelledby="create-namespace-title">
      <h2 id="create-namespace-title">Create a namespace</h2>
      <form className="stack form-narrow" onSubmit={submit} noValidate>
        <p className="muted">A namespace is a set of files with its own visibility. Its address stays the same if you rename it.</p>
        {create.isSuccess && (
          <p role="status" className="alert alert-success">
            Namespace <Link to={`/files/${encodeURIComponent(create.data.id)}`}>{create.data.name}</Link> created. Open it to upload files.
          </p>
        )}
        {create.isError && <ErrorAlert error={create.error} />}
        <Field
          label="Namespace name"
          autoComplete="off"
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={64}
          hint={NAMESPACE_NAME_HINT}
          error={problem ?? serverError?.fieldError('name')}
        />
        <VisibilityFieldset name="new-namespace-visibility" value={visibility} onChange={setVisibility} />
        {serverError?.fieldError('visibility') && <p className="field-error">{serverError.fieldError('visibility')}</p>}
        <div>
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create namespace'}
          </button>
        </div>
      </form>
    </section>
  );
}
