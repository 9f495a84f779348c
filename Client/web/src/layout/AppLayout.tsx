import { useEffect, useRef, useState } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { ThemeToggle } from '../theme/ThemeToggle';
import { useCurrentUser, useSignOut } from '../users/session';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useFocusHeadingOnNavigate } from './useFocusHeadingOnNavigate';

export function AppLayout() {
  const user = useCurrentUser();
  const signOut = useSignOut();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const mainRef = useRef<HTMLElement>(null);
  useFocusHeadingOnNavigate(mainRef);

  // After client-side navigation, close the phone menu.
  useEffect(() => setMenuOpen(false), [location.pathname]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <div className="header-bar">
          <NavLink to="/" className="brand">
            EddCloud
          </NavLink>
          <button
            type="button"
            className="button button-ghost menu-button"
            aria-expanded={menuOpen}
            aria-controls="primary-nav"
            onClick={() => setMenuOpen((open) => !open)}
          >
            Menu
          </button>
        </div>
        <nav id="primary-nav" aria-label="Main" className={menuOpen ? 'primary-nav open' : 'primary-nav'}>
          <ul>
            <li>
              <NavLink to="/files">Files</NavLink>
            </li>
            <li>
              <NavLink to="/public">Public</NavLink>
            </li>
            <li>
              <NavLink to="/containers">Containers</NavLink>
            </li>
            <li>
              <NavLink to="/keys">SSH keys</NavLink>
            </li>
            <li>
              <NavLink to="/account">Account</NavLink>
            </li>
            {user.role === 'admin' && (
              <>
                <li>
                  <NavLink to="/admin/users">
                    <span className="nav-section">Admin</span> Users
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/admin/file-system">
                    <span className="nav-section">Admin</span> File system
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/admin/routes">
                    <span className="nav-section">Admin</span> Routes
                  </NavLink>
                </li>
              </>
            )}
          </ul>
          <div className="header-user">
            <ThemeToggle />
            <span className="current-user" data-testid="current-user" title={`Signed in as ${user.username}`}>
              {user.username}
            </span>
            <button type="button" className="button" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
              Sign out
            </button>
          </div>
        </nav>
        {signOut.isError && (
          <div className="header-alert">
            <ErrorAlert error={signOut.error} />
          </div>
        )}
      </header>
      <main id="main" ref={mainRef} className="app-main">
        <Outlet />
      </main>
    </div>
  );
}
