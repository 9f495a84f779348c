import { useQuery, useQueryClient } from '@tanstack/react-query';
import { meApi } from '../../api/users';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading } from '../../ui/Loading';
import { userKeys } from '../queryKeys';
import { SessionsTable } from '../SessionsTable';

export function MySessionsSection() {
  const queryClient = useQueryClient();
  const sessions = useQuery({ queryKey: userKeys.mySessions, queryFn: ({ signal }) => meApi.sessions(signal) });

  async function revoke(id: string) {
    await meApi.revokeSession(id);
    await queryClient.invalidateQueries({ queryKey: userKeys.mySessions });
  }

  return (
    <section className="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">My sessions</h2>
      <p className="muted">Every place you are signed in. Revoke any you do not recognise, then change your password.</p>
      {sessions.isPending && <Loading label="Loading sessions…" />}
      {sessions.isError && <ErrorAlert error={sessions.error} onRetry={() => void sessions.refetch()} />}
      {sessions.data &&
        (sessions.data.items.length === 0 ? (
          <EmptyState title="No sessions.">Sign in from a browser or the CLI and it will be listed here.</EmptyState>
        ) : (
          <SessionsTable
            caption="My sessions"
            sessions={sessions.data.items}
            onRevoke={(session) => revoke(session.id)}
            revokeExplanation="That device will be signed out within seconds."
          />
        ))}
    </section>
  );
}
