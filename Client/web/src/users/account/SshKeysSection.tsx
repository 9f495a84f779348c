import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { isApiError } from '../../api/http';
import { sshKeysApi } from '../../api/sshKeys';
import type { Items, SshKey } from '../../api/types';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { DateTime } from '../../ui/DateTime';
import { Dialog } from '../../ui/Dialog';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Field } from '../../ui/Field';
import { Loading } from '../../ui/Loading';
import { userKeys } from '../queryKeys';
import { AddSshKeyForm } from './AddSshKeyForm';

/** The user's SSH keys: on the Account page, and on its own at /keys (`title` then differs from the page's heading). */
export function SshKeysSection({ title = 'SSH keys' }: { title?: string } = {}) {
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: userKeys.mySshKeys, queryFn: ({ signal }) => sshKeysApi.list(signal) });
  const [renaming, setRenaming] = useState<SshKey | null>(null);
  const [deleting, setDeleting] = useState<SshKey | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  async function remove(key: SshKey) {
    await sshKeysApi.remove(key.id);
    queryClient.setQueryData<Items<SshKey>>(userKeys.mySshKeys, (data) =>
      data ? { ...data, items: data.items.filter((k) => k.id !== key.id) } : data,
    );
    setMessage(`The key ${key.name} was deleted.`);
    await queryClient.invalidateQueries({ queryKey: userKeys.mySshKeys });
  }

  return (
    <section className="card stack" aria-labelledby="ssh-keys-title">
      <h2 id="ssh-keys-title">{title}</h2>
      <p className="muted">
        Public keys that may log in to your containers over SSH. Only the public half is stored; your private key never leaves your
        computer.
      </p>
      <p role="status" className={message ? 'alert alert-success' : 'visually-hidden'}>
        {message}
      </p>
      {keys.isPending && <Loading label="Loading SSH keys…" />}
      {keys.isError && <ErrorAlert error={keys.error} onRetry={() => void keys.refetch()} />}
      {keys.data &&
        (keys.data.items.length === 0 ? (
          <EmptyState title="No SSH keys yet.">
            Create one on your computer with <code>ssh-keygen -t ed25519</code>, then paste the contents of{' '}
            <code>~/.ssh/id_ed25519.pub</code> below.
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">SSH keys</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Type</th>
                  <th scope="col">Fingerprint</th>
                  <th scope="col">Added</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {keys.data.items.map((key) => (
                  <tr key={key.id}>
                    <th scope="row">{key.name}</th>
                    <td>
                      {key.type} ({key.bits} bits)
                    </td>
                    <td>
                      <code className="mono">{key.fingerprint}</code>
                    </td>
                    <td>
                      <DateTime value={key.createdAt} />
                    </td>
                    <td className="cell-actions">
                      <button type="button" className="button" aria-label={`Rename key ${key.name}`} onClick={() => setRenaming(key)}>
                        Rename
                      </button>
                      <button
                        type="button"
                        className="button button-danger-ghost"
                        aria-label={`Delete key ${key.name}`}
                        onClick={() => setDeleting(key)}
                      >
                        Delete
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      <AddSshKeyForm onAdded={(key) => setMessage(`Added the key ${key.name} (${key.fingerprint}).`)} />
      {renaming && <RenameSshKeyDialog sshKey={renaming} onClose={() => setRenaming(null)} onDone={setMessage} />}
      {deleting && (
        <ConfirmDialog
          title={`Delete key ${deleting.name}?`}
          confirmLabel="Delete key"
          onConfirm={() => remove(deleting)}
          onClose={() => setDeleting(null)}
        >
          <p>
            <strong>{deleting.name}</strong> (<code className="mono">{deleting.fingerprint}</code>) will no longer log in anywhere. This
            cannot be undone, but you can add the key again later.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function RenameSshKeyDialog({ sshKey, onClose, onDone }: { sshKey: SshKey; onClose: () => void; onDone: (message: string) => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(sshKey.name);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = name.trim();
    const found = !trimmed ? 'Give the key a name.' : trimmed.length > 64 ? 'Names are at most 64 characters.' : null;
    setProblem(found);
    if (found || busy) return;
    setBusy(true);
    setError(null);
    try {
      const updated = await sshKeysApi.rename(sshKey.id, { name: trimmed });
      queryClient.setQueryData<Items<SshKey>>(userKeys.mySshKeys, (data) =>
        data ? { ...data, items: data.items.map((k) => (k.id === updated.id ? updated : k)) } : data,
      );
      onDone(`The key ${sshKey.name} is now called ${updated.name}.`);
      onClose();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  const serverError = isApiError(error) ? error : null;
  const nameError = problem ?? serverError?.fieldError('name') ?? (serverError?.status === 400 ? serverError.detail : undefined);
  return (
    <Dialog title={`Rename ${sshKey.name}`} onClose={onClose}>
      <form className="stack" onSubmit={submit} noValidate>
        {error !== null && !nameError && <ErrorAlert error={error} />}
        <Field
          label="New name"
          autoComplete="off"
          autoFocus
          value={name}
          maxLength={64}
          onChange={(e) => setName(e.target.value)}
          hint="1-64 printable characters."
          error={nameError}
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
