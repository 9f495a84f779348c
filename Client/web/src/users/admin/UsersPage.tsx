import { useState } from 'react';
import type { User } from '../../api/types';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { usePageTitle } from '../../ui/usePageTitle';
import { useCurrentUser } from '../session';
import { CreateUserForm } from './CreateUserForm';
import { DeleteUserDialog } from './DeleteUserDialog';
import { ResetPasswordDialog } from './ResetPasswordDialog';
import { allUsers, useUsersList } from './usersPaging';
import { UserRow, type UserAction } from './UserRow';
import { UserComputeDialog } from './UserComputeDialog';
import { UserSessionsDialog } from './UserSessionsDialog';
import { UserStorageDialog } from './UserStorageDialog';
import { LoadMoreButton, QueryFallback } from '../../ui/Paging';

export function UsersPage() {
  usePageTitle('Users');
  const me = useCurrentUser();
  const [action, setAction] = useState<{ kind: UserAction; user: User } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  if (me.role !== 'admin') {
    return (
      <div className="page stack">
        <h1 tabIndex={-1}>Users</h1>
        <p role="alert" className="alert alert-error">
          Only administrators can manage users. Ask an administrator if you need access.
        </p>
      </div>
    );
  }

  const close = () => setAction(null);

  return (
    <div className="page stack-lg">
      <h1 tabIndex={-1}>Users</h1>
      <CreateUserForm />
      <section className="card stack" aria-labelledby="users-title">
        <h2 id="users-title">All users</h2>
        <p role="status" className={notice ? 'alert alert-success' : 'visually-hidden'}>
          {notice}
        </p>
        <UsersTable currentUserId={me.id} onAction={(kind, user) => setAction({ kind, user })} onNotice={setNotice} />
      </section>
      {action?.kind === 'sessions' && <UserSessionsDialog user={action.user} onClose={close} />}
      {action?.kind === 'storage' && <UserStorageDialog user={action.user} onClose={close} />}
      {action?.kind === 'compute' && <UserComputeDialog user={action.user} onClose={close} />}
      {action?.kind === 'password' && <ResetPasswordDialog user={action.user} onClose={close} onDone={setNotice} />}
      {action?.kind === 'delete' && <DeleteUserDialog user={action.user} onClose={close} onDone={setNotice} />}
    </div>
  );
}

interface UsersTableProps {
  currentUserId: string;
  onAction: (kind: UserAction, user: User) => void;
  onNotice: (message: string) => void;
}

function UsersTable({ currentUserId, onAction, onNotice }: UsersTableProps) {
  const list = useUsersList();
  if (!list.data) {
    return <QueryFallback query={list} loading="Loading users…" />;
  }
  const users = allUsers(list.data);
  if (users.length === 0) {
    return <EmptyState title="No users yet.">Create the first one with the form above.</EmptyState>;
  }
  return (
    <>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Users</caption>
          <thead>
            <tr>
              <th scope="col">Username</th>
              <th scope="col">Role</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <UserRow key={user.id} user={user} isSelf={user.id === currentUserId} onAction={onAction} onNotice={onNotice} />
            ))}
          </tbody>
        </table>
      </div>
      {list.isError && (
        <ErrorAlert error={list.error} onRetry={() => void (list.isFetchNextPageError ? list.fetchNextPage() : list.refetch())} />
      )}
      <div className="actions">
        <span className="muted">
          {users.length} {users.length === 1 ? 'user' : 'users'} shown{list.hasNextPage ? '' : ', that is all'}.
        </span>
        <LoadMoreButton list={list} />
      </div>
    </>
  );
}
