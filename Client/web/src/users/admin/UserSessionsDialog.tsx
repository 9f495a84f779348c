import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { User } from '../../api/types';
import { adminUsersApi } from '../../api/users';
import { Dialog } from '../../ui/Dialog';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading } from '../../ui/Loading';
import { userKeys } from '../queryKeys';
import { SessionsTable } from '../SessionsTable';

export function UserSessionsDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const queryClient = useQueryClient();
  const key = userKeys.adminUserSessions(user.id);
  const sessions = useQuery({ queryKey: key, queryFn: ({ signal }) => adminUsersApi.sessions(user.id, signal) });

  async function revoke(sessionId: string) {
    await adminUsersApi.revokeSession(user.id, sessionId);
    await queryClient.invalidateQueries({ queryKey: key });
  }

  return (
    <Dialog title={`Sessions of ${user.username}`} onClose={onClose}>
      {sessions.isPending && <Loading label="Loading sessions…" />}
      {sessions.isError && <ErrorAlert error={sessions.error} onRetry={() => void sessions.refetch()} />}
      {sessions.data &&
        (sessions.data.items.length === 0 ? (
          <EmptyState title={`${user.username} is not signed in anywhere.`}>Sessions appear here when they sign in.</EmptyState>
        ) : (
          <SessionsTable
            caption={`Sessions of ${user.username}`}
            sessions={sessions.data.items}
            onRevoke={(session) => revoke(session.id)}
            revokeExplanation={`${user.username} will be signed out on that device within seconds.`}
          />
        ))}
    </Dialog>
  );
}
