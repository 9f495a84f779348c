import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { Navigate, useLocation, useNavigate, type Location } from 'react-router';
import { isApiError, onUnauthorized } from '../api/http';
import type { User } from '../api/types';
import { authApi, meApi } from '../api/users';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { userKeys } from './queryKeys';

/** GET /api/me: the signed-in user, or null when the answer is 401. */
export function useMe() {
  return useQuery({
    queryKey: userKeys.me,
    queryFn: async ({ signal }): Promise<User | null> => {
      try {
        return await meApi.get(signal);
      } catch (error) {
        if (isApiError(error) && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

/** Forget everything cached for the previous user and record who is signed in now. */
export function setSignedInUser(queryClient: QueryClient, user: User | null): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== userKeys.me[0] });
  queryClient.setQueryData(userKeys.me, user);
}

/** Any 401 from the API means the session is gone: drop to signed-out, which shows sign-in. */
export function useSignOutOnUnauthorized(): void {
  const queryClient = useQueryClient();
  useEffect(() => onUnauthorized(() => setSignedInUser(queryClient, null)), [queryClient]);
}

export function useSignOut() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: async () => {
      try {
        await authApi.logout();
      } catch (error) {
        if (!(isApiError(error) && error.status === 401)) throw error;
      }
    },
    onSuccess: () => {
      // Leave the protected page first, so the guard does not add ?next= for the next person.
      navigate('/sign-in', { replace: true });
      setSignedInUser(queryClient, null);
    },
  });
}

export const SIGN_IN_PATH = '/sign-in';

/** Where sign-in should go afterwards: only a path on this site, never another origin. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}

export function signInPathFor(location: Pick<Location, 'pathname' | 'search' | 'hash'>): string {
  const target = `${location.pathname}${location.search}${location.hash}`;
  return target === '/' ? SIGN_IN_PATH : `${SIGN_IN_PATH}?next=${encodeURIComponent(target)}`;
}

const CurrentUserContext = createContext<User | null>(null);

/** The signed-in user; only inside <RequireAuth>. */
export function useCurrentUser(): User {
  const user = useContext(CurrentUserContext);
  if (!user) throw new Error('useCurrentUser must be used inside <RequireAuth>.');
  return user;
}

/** Makes `user` the current user for what is inside (RequireAuth, and pages open to everyone when signed in). */
export function CurrentUserProvider({ user, children }: { user: User; children: ReactNode }) {
  return <CurrentUserContext.Provider value={user}>{children}</CurrentUserContext.Provider>;
}

export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.data) return <CurrentUserProvider user={me.data}>{children}</CurrentUserProvider>;
  if (me.isPending) {
    return (
      <main className="centered">
        <Loading label="Loading EddCloud…" />
      </main>
    );
  }
  if (me.isError) {
    return (
      <main className="centered">
        <ErrorAlert error={me.error} onRetry={() => void me.refetch()} />
      </main>
    );
  }
  return <Navigate to={signInPathFor(location)} replace />;
}
