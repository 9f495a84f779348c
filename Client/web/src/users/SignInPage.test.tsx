import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';
import { jsonResponse, mockFetch, problemResponse, renderWithProviders } from '../test/render';
import { safeNext } from './session';
import { SignInPage } from './SignInPage';

const alice = { id: 'u1', username: 'alice', role: 'user', createdAt: '2026-01-01T00:00:00Z' };

function Where() {
  const location = useLocation();
  return <p>now at {location.pathname}</p>;
}

function renderSignIn(route = '/sign-in') {
  return renderWithProviders(
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route path="*" element={<Where />} />
    </Routes>,
    { route },
  );
}

describe('SignInPage', () => {
  it('shows the server message when the credentials are wrong', async () => {
    const fetchMock = mockFetch({
      'GET /api/me': () => problemResponse(401, { code: 'unauthorized', detail: 'Not signed in.' }),
      'POST /api/auth/login': () =>
        problemResponse(401, { code: 'unauthorized', title: 'Unauthorized', detail: 'Wrong username or password.' }),
    });
    const user = userEvent.setup();
    renderSignIn();

    await user.type(screen.getByLabelText('Username'), 'alice');
    await user.type(screen.getByLabelText('Password'), 'not-the-password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong username or password.');
    const [, init] = fetchMock.mock.calls.find(([url]) => url === '/api/auth/login')!;
    expect(JSON.parse(String(init?.body))).toEqual({ username: 'alice', password: 'not-the-password' });
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  });

  it('disables the button while signing in, then goes where the user was going', async () => {
    let answer: (response: Response) => void = () => {};
    mockFetch({
      'GET /api/me': () => problemResponse(401, {}),
      'POST /api/auth/login': () => new Promise<Response>((resolve) => (answer = resolve)),
    });
    const user = userEvent.setup();
    renderSignIn('/sign-in?next=%2Fadmin%2Fusers');

    await user.type(screen.getByLabelText('Username'), 'alice');
    await user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('button', { name: 'Signing in…' })).toBeDisabled();
    answer(jsonResponse({ user: alice, expiresAt: '2026-01-02T00:00:00Z', csrfToken: 'c' }));
    expect(await screen.findByText('now at /admin/users')).toBeInTheDocument();
  });

  it('asks for both fields before calling the server', async () => {
    const fetchMock = mockFetch({ 'GET /api/me': () => problemResponse(401, {}) });
    const user = userEvent.setup();
    renderSignIn();

    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(screen.getByRole('alert')).toHaveTextContent('Enter your username and password.');
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/me');
  });

  it('says so when the server cannot be reached', async () => {
    mockFetch({
      'GET /api/me': () => problemResponse(401, {}),
      'POST /api/auth/login': () => Promise.reject(new TypeError('Failed to fetch')),
    });
    const user = userEvent.setup();
    renderSignIn();

    await user.type(screen.getByLabelText('Username'), 'alice');
    await user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Could not reach EddCloud. Check your connection');
  });
});

describe('safeNext', () => {
  it.each([
    [null, '/'],
    ['/account', '/account'],
    ['/admin/users?x=1', '/admin/users?x=1'],
    ['https://evil.example', '/'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
  ])('%j -> %j', (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });
});
