import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { containersApi } from '../api/compute';
import { sshKeysApi } from '../api/sshKeys';
import type { Container } from '../api/types';
import { userKeys } from '../users/queryKeys';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { KeyCheckboxes } from './KeyCheckboxes';
import { computeKeys } from './queryKeys';

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}

/** Which of the owner's SSH keys may log in: PATCH allowedKeys; a running container picks the change up within seconds. */
export function AllowedKeysSection({ container, isOwner }: { container: Container; isOwner: boolean }) {
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: userKeys.mySshKeys, queryFn: ({ signal }) => sshKeysApi.list(signal), enabled: isOwner });
  // null: nothing changed here yet, so the container's own list (refreshed by polling) is shown.
  const [draft, setDraft] = useState<string[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (allowedKeys: string[]) => containersApi.update(container.id, { allowedKeys, restartPolicy: null }),
    onSuccess: (updated) => {
      queryClient.setQueryData(computeKeys.container(updated.id), updated);
      setDraft(null);
      setNotice('Saved. The change reaches the container within seconds, without a restart.');
    },
  });
  const selected = draft ?? container.allowedKeys;
  const changed = draft !== null && !sameSet(draft, container.allowedKeys);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (changed) save.mutate(selected);
  }

  return (
    <section className="card stack" aria-labelledby="allowed-keys-title">
      <h2 id="allowed-keys-title">Allowed keys</h2>
      <p role="status" className={notice ? 'alert alert-success' : 'visually-hidden'}>
        {notice}
      </p>
      {!isOwner ? (
        <p className="muted">
          {container.allowedKeys.length === 0
            ? `None of ${container.owner}’s keys may log in.`
            : `${container.allowedKeys.length} of ${container.owner}’s keys may log in. Only ${container.owner} can change which.`}
        </p>
      ) : (
        <form className="stack" onSubmit={submit} noValidate>
          {keys.isPending && <Loading label="Loading your SSH keys…" />}
          {keys.isError && <ErrorAlert error={keys.error} onRetry={() => void keys.refetch()} />}
          {keys.data && (
            <KeyCheckboxes
              legend="SSH keys that may log in"
              keys={keys.data.items}
              selected={selected}
              onChange={(next) => {
                setNotice(null);
                setDraft(next);
              }}
              disabled={save.isPending}
            />
          )}
          {save.isError && <ErrorAlert error={save.error} />}
          <div className="actions">
            {changed && (
              <button type="button" className="button" onClick={() => setDraft(null)} disabled={save.isPending}>
                Undo changes
              </button>
            )}
            <button type="submit" className="button button-primary" disabled={!changed || save.isPending}>
              {save.isPending ? 'Saving…' : 'Save keys'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
