import { useState } from 'react';
import type { Session } from '../api/types';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { DateTime } from '../ui/DateTime';

interface SessionsTableProps {
  caption: string;
  sessions: Session[];
  onRevoke: (session: Session) => Promise<unknown>;
  /** Shown as the dialog's explanation of what revoking does. */
  revokeExplanation: string;
}

export function SessionsTable({ caption, sessions, onRevoke, revokeExplanation }: SessionsTableProps) {
  const [revoking, setRevoking] = useState<Session | null>(null);
  return (
    <>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">IP address</th>
              <th scope="col">Created</th>
              <th scope="col">Last seen</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((session) => (
              <tr key={session.id}>
                <td title={session.userAgent ?? undefined}>
                  {session.current && <span className="badge">This device</span>}{' '}
                  <span className="user-agent">{session.userAgent ?? 'Unknown device'}</span>
                </td>
                <td>{session.ip ?? 'Unknown'}</td>
                <td>
                  <DateTime value={session.createdAt} />
                </td>
                <td>
                  <DateTime value={session.lastSeenAt} />
                </td>
                <td className="cell-actions">
                  {session.current ? (
                    <span className="muted">Use Sign out</span>
                  ) : (
                    <button type="button" className="button button-danger-ghost" onClick={() => setRevoking(session)}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {revoking && (
        <ConfirmDialog
          title="Revoke session?"
          confirmLabel="Revoke session"
          onConfirm={() => onRevoke(revoking)}
          onClose={() => setRevoking(null)}
        >
          <p>
            {revokeExplanation} Device: {revoking.userAgent ?? 'unknown'}, IP {revoking.ip ?? 'unknown'}.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
