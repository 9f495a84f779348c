import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import type { Role, User } from '../../api/types';
import { adminUsersApi } from '../../api/users';
import { DateTime } from '../../ui/DateTime';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { userKeys } from '../queryKeys';
import { replaceUser, type UsersData } from './usersPaging';

export type UserAction = 'sessions' | 'storage' | 'compute' | 'password' | 'delete';

interface UserRowProps {
  user: User;
  isSelf: boolean;
  onAction: (kind: UserAction, user: User) => void;
  onNotice: (message: string) => void;
}

export function UserRow({ user, isSelf, onAction, onNotice }: UserRowProps) {
  const queryClient = useQueryClient();
  const roleId = useId();
  const setRole = useMutation({
    mutationFn: (role: Role) => adminUsersApi.setRole(user.id, role),
    onSuccess: (updated) => {
      queryClient.setQueryData<UsersData>(userKeys.adminUsers, (data) => replaceUser(data, updated));
      onNotice(`${updated.username} is now ${updated.role === 'admin' ? 'an administrator' : 'a user'}.`);
    },
  });

  return (
    <tr>
      <th scope="row">
        {user.username}
        {isSelf && <span className="badge">You</span>}
      </th>
      <td>
        <label htmlFor={roleId} className="visually-hidden">
          Role for {user.username}
        </label>
        <select
          id={roleId}
          value={user.role}
          disabled={isSelf || setRole.isPending}
          title={isSelf ? 'You cannot change your own role.' : undefined}
          onChange={(e) => setRole.mutate(e.target.value as Role)}
        >
          <option value="user">User</option>
          <option value="admin">Administrator</option>
        </select>
        {setRole.isError && <ErrorAlert error={setRole.error} />}
      </td>
      <td>
        <DateTime value={user.createdAt} />
      </td>
      <td className="cell-actions">
        <div className="row-actions">
          <button type="button" className="button" aria-label={`Sessions of ${user.username}`} onClick={() => onAction('sessions', user)}>
            Sessions
          </button>
          <button type="button" className="button" aria-label={`Storage of ${user.username}`} onClick={() => onAction('storage', user)}>
            Storage
          </button>
          <button type="button" className="button" aria-label={`Compute of ${user.username}`} onClick={() => onAction('compute', user)}>
            Compute
          </button>
          <button type="button" className="button" aria-label={`Reset password of ${user.username}`} onClick={() => onAction('password', user)}>
            Reset password
          </button>
          {!isSelf && (
            <button type="button" className="button button-danger-ghost" aria-label={`Delete ${user.username}`} onClick={() => onAction('delete', user)}>
              Delete
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}
