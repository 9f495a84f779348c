import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { isApiError } from '../../api/http';
import type { Role } from '../../api/types';
import { adminUsersApi } from '../../api/users';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Field } from '../../ui/Field';
import { PasswordField } from '../PasswordField';
import { userKeys } from '../queryKeys';
import { passwordProblem, USERNAME_HINT, usernameProblem } from '../rules';

interface Problems {
  username?: string;
  password?: string;
}

export function CreateUserForm() {
  const queryClient = useQueryClient();
  const roleId = useId();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('user');
  const [problems, setProblems] = useState<Problems>({});

  const create = useMutation({
    mutationFn: adminUsersApi.create,
    onSuccess: () => {
      setUsername('');
      setPassword('');
      setRole('user');
      void queryClient.invalidateQueries({ queryKey: userKeys.adminUsers });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const name = username.trim();
    const found: Problems = {};
    const nameProblem = usernameProblem(name);
    const pwProblem = passwordProblem(password, name);
    if (nameProblem) found.username = nameProblem;
    if (pwProblem) found.password = pwProblem;
    setProblems(found);
    if (nameProblem || pwProblem) return;
    create.mutate({ username: name, password, role });
  }

  const serverError = create.isError && isApiError(create.error) ? create.error : null;

  return (
    <section className="card" aria-labelledby="create-user-title">
      <h2 id="create-user-title">Create a user</h2>
      <form className="stack form-narrow" onSubmit={submit} noValidate>
        {create.isSuccess && (
          <p role="status" className="alert alert-success">
            User <strong>{create.data.username}</strong> created. Pass the password on to them over a safe channel.
          </p>
        )}
        {create.isError && <ErrorAlert error={create.error} />}
        <Field
          label="Username"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          hint={USERNAME_HINT}
          error={problems.username ?? serverError?.fieldError('username')}
        />
        <PasswordField label="Password" value={password} onChange={setPassword} error={problems.password ?? serverError?.fieldError('password')} />
        <div className="field">
          <label htmlFor={roleId}>Role</label>
          <select id={roleId} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <option value="user">User</option>
            <option value="admin">Administrator</option>
          </select>
        </div>
        <div>
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create user'}
          </button>
        </div>
      </form>
    </section>
  );
}
