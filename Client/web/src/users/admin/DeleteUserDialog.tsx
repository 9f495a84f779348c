import { useQueryClient } from '@tanstack/react-query';
import type { User } from '../../api/types';
import { adminUsersApi } from '../../api/users';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { userKeys } from '../queryKeys';
import { removeUser, type UsersData } from './usersPaging';

interface DeleteUserDialogProps {
  user: User;
  onClose: () => void;
  onDone: (message: string) => void;
}

export function DeleteUserDialog({ user, onClose, onDone }: DeleteUserDialogProps) {
  const queryClient = useQueryClient();

  async function remove() {
    await adminUsersApi.remove(user.id);
    queryClient.setQueryData<UsersData>(userKeys.adminUsers, (data) => removeUser(data, user.id));
    onDone(`${user.username} was deleted.`);
  }

  return (
    <ConfirmDialog title={`Delete ${user.username}?`} confirmLabel="Delete user" typeToConfirm={user.username} onConfirm={remove} onClose={onClose}>
      <p>
        This signs <strong>{user.username}</strong> out everywhere, revokes their API tokens and deletes the account and
        what it owns. It cannot be undone.
      </p>
    </ConfirmDialog>
  );
}
