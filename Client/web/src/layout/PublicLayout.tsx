import { useRef } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { ThemeToggle } from '../theme/ThemeToggle';
import { Loading } from '../ui/Loading';
import { CurrentUserProvider, signInPathFor, useMe } from '../users/session';
import { AppLayout } from './AppLayout';
import { useFocusHeadingOnNavigate } from './useFocusHeadingOnNavigate';

/**
 * The frame of pages open to everyone (public namespaces, share links): the full app frame for a signed-in
 * user, a small one with "Sign in" for anyone else. Never sends a visitor to sign in.
 */
export function OpenLayout() {
  const me = useMe();
  if (me.data) {
    return (
      <CurrentUserProvider user={me.data}>
        <AppLayout />
      </CurrentUserProvider>
    );
  }
  if (me.isPending) {
    return (
      <main className="centered">
        <Loading label="Loading EddCloud…" />
      </main>
    );
  }
  return <PublicLayout />;
}

function PublicLayout() {
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  useFocusHeadingOnNavigate(mainRef);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <div className="header-bar">
          <Link to="/public" className="brand">
            EddCloud
          </Link>
        </div>
        <nav aria-label="Main" className="primary-nav public-nav">
          <ul>
            <li>
              <NavLink to="/public">Public files</NavLink>
            </li>
          </ul>
          <div className="header-user">
            <ThemeToggle />
            <Link className="button" to={signInPathFor(location)}>
              Sign in
            </Link>
          </div>
        </nav>
      </header>
      <main id="main" ref={mainRef} className="app-main">
        <Outlet />
      </main>
    </div>
  );
}
