import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { isApiError } from '../../api/http';
import type { User } from '../../api/types';
import { adminUsersApi } from '../../api/users';
import { Dialog } from '../../ui/Dialog';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { PasswordField } from '../PasswordField';
import { passwordProblem } from '../rules';

interface ResetPasswordDialogProps {
  user: User;
  onClose: () => void;
  onDone: (message: string) => void;
}

export function ResetPasswordDialog({ user, onClose, onDone }: ResetPasswordDialogProps) {
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const reset = useMutation({
    mutationFn: (newPassword: string) => adminUsersApi.resetPassword(user.id, newPassword),
    onSuccess: () => {
      onDone(`${user.username}'s password was reset and all their sessions were signed out.`);
      onClose();
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = passwordProblem(password, user.username);
    setProblem(found);
    if (!found) reset.mutate(password);
  }

  const serverError = reset.isError && isApiError(reset.error) ? reset.error : null;

  return (
    <Dialog title={`Reset password of ${user.username}`} onClose={onClose}>
      <form className="stack" onSubmit={submit} noValidate>
        <p>Every session {user.username} has will be signed out. Pass the new password on over a safe channel.</p>
        {reset.isError && <ErrorAlert error={reset.error} />}
        <PasswordField label="New password" value={password} onChange={setPassword} error={problem ?? serverError?.fieldError('newPassword')} />
        <div className="actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={reset.isPending}>
            {reset.isPending ? 'Resetting…' : 'Reset password'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
