import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../api/http';
import { authApi } from '../api/users';
import { ThemeToggle } from '../theme/ThemeToggle';
import { describeError } from '../ui/errors';
import { Field } from '../ui/Field';
import { usePageTitle } from '../ui/usePageTitle';
import { safeNext, setSignedInUser, useMe } from './session';

function signInErrorText(error: unknown): string {
  if (isApiError(error) && error.status === 401) {
    return `${error.message} Check the username and password, then try again.`;
  }
  const { message, hint } = describeError(error);
  return `${message} ${hint}`;
}

export function SignInPage() {
  const [searchParams] = useSearchParams();
  const next = safeNext(searchParams.get('next'));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState(false);

  usePageTitle('Sign in');

  const login = useMutation({
    mutationFn: authApi.login,
    onSuccess: ({ user }) => {
      setSignedInUser(queryClient, user);
      navigate(next, { replace: true });
    },
  });

  if (me.data && !login.isPending) return <Navigate to={next} replace />;

  function submit(event: FormEvent) {
    event.preventDefault();
    const incomplete = !username.trim() || !password;
    setMissing(incomplete);
    if (incomplete) return;
    login.mutate({ username: username.trim(), password });
  }

  return (
    <main className="sign-in">
      <div className="sign-in-theme">
        <ThemeToggle />
      </div>
      <form className="card sign-in-card stack" onSubmit={submit} aria-labelledby="sign-in-title" noValidate>
        <p className="brand">EddCloud</p>
        <h1 id="sign-in-title">Sign in</h1>
        {missing && (
          <div role="alert" className="alert alert-error">
            <p>Enter your username and password.</p>
          </div>
        )}
        {login.isError && !missing && (
          <div role="alert" className="alert alert-error">
            <p>{signInErrorText(login.error)}</p>
          </div>
        )}
        <Field
          label="Username"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          autoFocus
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <button type="submit" className="button button-primary" disabled={login.isPending}>
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="muted">
          Or, without an account, <Link to="/public">browse public files</Link>.
        </p>
      </form>
    </main>
  );
}
