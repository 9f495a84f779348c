import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ApiToken, CreateTokenResponse } from '../../api/types';
import { meApi } from '../../api/users';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { DateTime } from '../../ui/DateTime';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading } from '../../ui/Loading';
import { userKeys } from '../queryKeys';
import { CreateTokenForm } from './CreateTokenForm';
import { NewTokenBox } from './NewTokenBox';

export function ApiTokensSection() {
  const queryClient = useQueryClient();
  const tokens = useQuery({ queryKey: userKeys.myTokens, queryFn: ({ signal }) => meApi.tokens(signal) });
  const [created, setCreated] = useState<CreateTokenResponse | null>(null);
  const [deleting, setDeleting] = useState<ApiToken | null>(null);

  async function remove(id: string) {
    await meApi.deleteToken(id);
    await queryClient.invalidateQueries({ queryKey: userKeys.myTokens });
  }

  return (
    <section className="card stack" aria-labelledby="tokens-title">
      <h2 id="tokens-title">API tokens</h2>
      <p className="muted">
        Tokens let scripts call the API as you, limited to the scopes you choose. Send one as <code>Authorization: Bearer …</code>.
      </p>
      {created && <NewTokenBox token={created.token} name={created.info.name} onDone={() => setCreated(null)} />}
      {tokens.isPending && <Loading label="Loading API tokens…" />}
      {tokens.isError && <ErrorAlert error={tokens.error} onRetry={() => void tokens.refetch()} />}
      {tokens.data &&
        (tokens.data.items.length === 0 ? (
          <EmptyState title="No API tokens yet.">Create one below to let a script use the API.</EmptyState>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">API tokens</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Scopes</th>
                  <th scope="col">Created</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Last used</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.data.items.map((token) => (
                  <tr key={token.id}>
                    <th scope="row">{token.name}</th>
                    <td>{token.scopes.join(', ')}</td>
                    <td>
                      <DateTime value={token.createdAt} />
                    </td>
                    <td>
                      <DateTime value={token.expiresAt} />
                    </td>
                    <td>
                      <DateTime value={token.lastUsedAt} fallback="Never" />
                    </td>
                    <td className="cell-actions">
                      <button
                        type="button"
                        className="button button-danger-ghost"
                        aria-label={`Delete token ${token.name}`}
                        onClick={() => setDeleting(token)}
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
      <CreateTokenForm onCreated={setCreated} />
      {deleting && (
        <ConfirmDialog
          title="Delete API token?"
          confirmLabel="Delete token"
          onConfirm={() => remove(deleting.id)}
          onClose={() => setDeleting(null)}
        >
          <p>
            Scripts using <strong>{deleting.name}</strong> will stop working at once. This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
