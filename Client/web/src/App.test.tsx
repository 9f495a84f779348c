import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';
import { App } from './App';
import { jsonResponse, mockFetch, problemResponse, renderWithProviders } from './test/render';

const alice = { id: 'u1', username: 'alice', role: 'user', createdAt: '2026-01-01T00:00:00Z' };

function Location() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

function renderApp(route: string) {
  return renderWithProviders(
    <>
      <App />
      <Routes>
        <Route path="*" element={<Location />} />
      </Routes>
    </>,
    { route },
  );
}

describe('App', () => {
  it('sends a visitor who is not signed in to sign-in, keeping the destination', async () => {
    mockFetch({ 'GET /api/me': () => problemResponse(401, { code: 'unauthorized' }) });
    renderApp('/admin/users');

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/sign-in?next=%2Fadmin%2Fusers');
  });

  it('shows the signed-in user and only the pages their role may use', async () => {
    mockFetch({
      'GET /api/me': () => jsonResponse(alice),
      'GET /api/me/sessions': () => jsonResponse({ items: [] }),
      'GET /api/me/tokens': () => jsonResponse({ items: [] }),
    });
    renderApp('/');

    expect(await screen.findByTestId('current-user')).toHaveTextContent('alice');
    expect(screen.getByRole('link', { name: 'Account' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /Users/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /Storage/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /Routes/ })).not.toBeInTheDocument();
    expect(await screen.findByText('No API tokens yet.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Containers' })).toHaveAttribute('href', '/containers');
    expect(screen.getByRole('link', { name: 'SSH keys' })).toHaveAttribute('href', '/keys');
  });

  it('shows the SSH keys section on its own page at /keys', async () => {
    mockFetch({
      'GET /api/me': () => jsonResponse(alice),
      'GET /api/me/ssh-keys': () => jsonResponse({ items: [] }),
    });
    renderApp('/keys');

    expect(await screen.findByRole('heading', { level: 1, name: 'SSH keys' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: 'Your keys' })).toBeInTheDocument();
    expect(await screen.findByText('No SSH keys yet.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add key' })).toBeInTheDocument();
  });

  it('routes /containers/new to the create form', async () => {
    mockFetch({
      'GET /api/me': () => jsonResponse(alice),
      'GET /api/me/ssh-keys': () => jsonResponse({ items: [] }),
    });
    renderApp('/containers/new');

    expect(await screen.findByRole('heading', { level: 1, name: 'New container' })).toBeInTheDocument();
  });

  it('gives admins a File system link to the file system page', async () => {
    mockFetch({
      'GET /api/me': () => jsonResponse({ ...alice, role: 'admin' }),
      'GET /api/admin/users': () => jsonResponse({ items: [], next: null }),
      'GET /api/dfs/status': () => problemResponse(503, { detail: 'Starting.' }),
    });
    renderApp('/admin/users');

    const link = await screen.findByRole('link', { name: /File system/ });
    expect(link).toHaveAttribute('href', '/admin/file-system');
  });

  it('takes an old /admin/storage bookmark to the file system page', async () => {
    mockFetch({
      'GET /api/me': () => jsonResponse({ ...alice, role: 'admin' }),
      'GET /api/dfs/status': () => problemResponse(503, { detail: 'Starting.' }),
    });
    renderApp('/admin/storage');

    expect(await screen.findByRole('heading', { level: 1, name: 'File system' })).toBeInTheDocument();
  });

  it('gives admins a Routes link to the routes page', async () => {
    mockFetch({
      'GET /api/me': () => jsonResponse({ ...alice, role: 'admin' }),
      'GET /api/admin/users': () => jsonResponse({ items: [], next: null }),
      'GET /api/admin/routes': () => jsonResponse({ version: 0, items: [] }),
    });
    const ui = userEvent.setup();
    renderApp('/admin/users');

    await ui.click(await screen.findByRole('link', { name: /Routes/ }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Routes' })).toBeInTheDocument();
    expect(await screen.findByText('No routes yet.')).toBeInTheDocument();
  });

  it('goes to sign-in when a call answers 401 mid-session', async () => {
    mockFetch({
      'GET /api/me': () => jsonResponse(alice),
      'GET /api/me/sessions': () => problemResponse(401, { code: 'unauthorized', detail: 'Session revoked.' }),
      'GET /api/me/tokens': () => jsonResponse({ items: [] }),
    });
    renderApp('/account');

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/sign-in?next=%2Faccount');
  });
});
