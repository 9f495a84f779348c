import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { isApiError } from '../../api/http';
import { meApi } from '../../api/users';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Field } from '../../ui/Field';
import { userKeys } from '../queryKeys';
import { PASSWORD_HINT, validatePasswordChange, type PasswordChangeProblems } from '../rules';
import { useCurrentUser } from '../session';

export function ChangePasswordForm() {
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problems, setProblems] = useState<PasswordChangeProblems>({});

  const change = useMutation({
    mutationFn: meApi.changePassword,
    onSuccess: () => {
      setCurrent('');
      setNext('');
      setConfirm('');
      void queryClient.invalidateQueries({ queryKey: userKeys.mySessions });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = validatePasswordChange(current, next, confirm, user.username);
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    change.mutate({ currentPassword: current, newPassword: next });
  }

  const serverError = change.isError && isApiError(change.error) ? change.error : null;

  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title">Change password</h2>
      <form className="stack form-narrow" onSubmit={submit} noValidate>
        {change.isSuccess && (
          <p role="status" className="alert alert-success">
            Password changed. Every other session was signed out.
          </p>
        )}
        {change.isError && <ErrorAlert error={change.error} />}
        <Field
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          error={problems.currentPassword ?? serverError?.fieldError('currentPassword')}
        />
        <Field
          label="New password"
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
          hint={PASSWORD_HINT}
          error={problems.newPassword ?? serverError?.fieldError('newPassword')}
        />
        <Field
          label="Confirm new password"
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          error={problems.confirm}
        />
        <div>
          <button type="submit" className="button button-primary" disabled={change.isPending}>
            {change.isPending ? 'Changing…' : 'Change password'}
          </button>
        </div>
      </form>
    </section>
  );
}
