import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { sharesApi } from '../api/storage';
import type { Share } from '../api/types';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { DateTime } from '../ui/DateTime';
import { EmptyState } from '../ui/EmptyState';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { displayPath } from './paths';
import { storageKeys } from './queryKeys';

/** The namespace's share links, each revocable. Their URLs are not listed: the server shows a link only once. */
export function SharesPanel({ namespaceId }: { namespaceId: string }) {
  const queryClient = useQueryClient();
  const shares = useQuery({ queryKey: storageKeys.shares(namespaceId), queryFn: ({ signal }) => sharesApi.list(namespaceId, signal) });
  const [revoking, setRevoking] = useState<Share | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function revoke(share: Share) {
    await sharesApi.revoke(namespaceId, share.id);
    setNotice(`The link to ${displayPath(share.path)} no longer works.`);
    await queryClient.invalidateQueries({ queryKey: storageKeys.shares(namespaceId) });
  }

  return (
    <section className="card stack" aria-labelledby="shares-title">
      <h2 id="shares-title">Share links</h2>
      <p role="status" className={notice ? 'alert alert-success' : 'visually-hidden'}>
        {notice}
      </p>
      {shares.isPending && <Loading label="Loading share links…" />}
      {shares.isError && <ErrorAlert error={shares.error} onRetry={() => void shares.refetch()} />}
      {shares.data &&
        (shares.data.items.length === 0 ? (
          <EmptyState title="No share links.">Press “Copy link” on a file to create one; it lets anyone holding it download that file.</EmptyState>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Share links</caption>
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col">Created</th>
                  <th scope="col">Expires</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {shares.data.items.map((share) => (
                  <tr key={share.id}>
                    <th scope="row" className="mono">
                      {displayPath(share.path)}
                    </th>
                    <td>
                      <DateTime value={share.createdAt} />
                    </td>
                    <td>
                      <DateTime value={share.expiresAt} fallback="Never" />
                    </td>
                    <td className="cell-actions">
                      <button
                        type="button"
                        className="button button-danger-ghost"
                        aria-label={`Revoke link to ${displayPath(share.path)}`}
                        onClick={() => setRevoking(share)}
                      >
                        Revoke
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      {revoking && (
        <ConfirmDialog title="Revoke share link?" confirmLabel="Revoke link" onConfirm={() => revoke(revoking)} onClose={() => setRevoking(null)}>
          <p>
            The link to <strong className="mono">{displayPath(revoking.path)}</strong> stops working at once. The file itself stays.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
