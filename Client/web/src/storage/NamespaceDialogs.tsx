import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { isApiError } from '../api/http';
import { namespacesApi } from '../api/storage';
import type { Namespace } from '../api/types';
import { formatBytes } from '../dfs/format';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { Dialog } from '../ui/Dialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Field } from '../ui/Field';
import { removeItem, replaceItem, type PagedData } from './paging';
import { storageKeys } from './queryKeys';
import { NAMESPACE_NAME_HINT, namespaceNameProblem } from './rules';

interface NamespaceDialogProps {
  namespace: Namespace;
  onClose: () => void;
  onDone: (message: string) => void;
}

export function RenameNamespaceDialog({ namespace, onClose, onDone }: NamespaceDialogProps) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(namespace.name);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = name.trim();
    const found = namespaceNameProblem(trimmed);
    setProblem(found);
    if (found || busy) return;
    setBusy(true);
    setError(null);
    try {
      const updated = await namespacesApi.update(namespace.id, { name: trimmed, visibility: null });
      queryClient.setQueryData<PagedData<Namespace>>(storageKeys.namespaces, (data) => replaceItem(data, updated));
      queryClient.setQueryData(storageKeys.namespace(updated.id), updated);
      onDone(`${namespace.name} is now called ${updated.name}.`);
      onClose();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  const serverError = isApiError(error) ? error : null;
  return (
    <Dialog title={`Rename ${namespace.name}`} onClose={onClose}>
      <form className="stack" onSubmit={submit} noValidate>
        {error !== null && <ErrorAlert error={error} />}
        <Field
          label="New name"
          autoComplete="off"
          autoFocus
          value={name}
          maxLength={64}
          onChange={(e) => setName(e.target.value)}
          hint={`${NAMESPACE_NAME_HINT} Links keep working after a rename.`}
          error={problem ?? serverError?.fieldError('name')}
        />
        <div className="actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Renaming…' : 'Rename'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function DeleteNamespaceDialog({ namespace, onClose, onDone }: NamespaceDialogProps) {
  const queryClient = useQueryClient();

  async function remove() {
    await namespacesApi.remove(namespace.id);
    queryClient.setQueryData<PagedData<Namespace>>(storageKeys.namespaces, (data) => removeItem(data, namespace.id));
    queryClient.removeQueries({ queryKey: storageKeys.namespace(namespace.id) });
    void queryClient.invalidateQueries({ queryKey: storageKeys.usage });
    onDone(`${namespace.name} was deleted. Its files are being removed in the background.`);
  }

  return (
    <ConfirmDialog
      title={`Delete ${namespace.name}?`}
      confirmLabel="Delete namespace"
      typeToConfirm={namespace.name}
      onConfirm={remove}
      onClose={onClose}
    >
      <p>
        This deletes the namespace <strong>{namespace.name}</strong> and every file in it ({formatBytes(namespace.usedBytes)}). Its
        share links stop working at once. It cannot be undone.
      </p>
    </ConfirmDialog>
  );
}
