import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Page, User } from '../../api/types';
import { jsonResponse, mockFetch, renderWithProviders } from '../../test/render';
import { RequireAuth } from '../session';
import { UsersPage } from './UsersPage';
import { allUsers, nextUsersCursor, removeUser, replaceUser } from './usersPaging';

function user(username: string, role: User['role'] = 'user'): User {
  return { id: `id-${username}`, username, role, createdAt: '2026-01-01T00:00:00Z' };
}

const admin = user('admin', 'admin');

function renderUsersPage() {
  return renderWithProviders(
    <RequireAuth>
      <UsersPage />
    </RequireAuth>,
    { route: '/admin/users' },
  );
}

function rowNames(): string[] {
  const table = screen.getByRole('table', { name: 'Users' });
  return within(table)
    .getAllByRole('rowheader')
    .map((cell) => cell.firstChild?.textContent ?? '');
}

describe('users paging helpers', () => {
  const pages: Page<User>[] = [
    { items: [user('alice'), user('bob')], next: 'bob' },
    { items: [user('carol')], next: null },
  ];

  it('uses next as the following cursor and stops at null', () => {
    expect(nextUsersCursor(pages[0]!)).toBe('bob');
    expect(nextUsersCursor(pages[1]!)).toBeUndefined();
  });

  it('flattens pages in order and edits users in place', () => {
    const data = { pages, pageParams: [null, 'bob'] };
    expect(allUsers(data).map((u) => u.username)).toEqual(['alice', 'bob', 'carol']);
    expect(allUsers(replaceUser(data, { ...user('bob'), role: 'admin' })).find((u) => u.username === 'bob')?.role).toBe('admin');
    expect(allUsers(removeUser(data, 'id-alice')).map((u) => u.username)).toEqual(['bob', 'carol']);
  });
});

describe('UsersPage', () => {
  it('loads more users with the next cursor until there are no more', async () => {
    const fetchMock = mockFetch({
      'GET /api/me': () => jsonResponse(admin),
      'GET /api/admin/users': (url) =>
        new URL(url, 'http://x').searchParams.get('after') === 'bob'
          ? jsonResponse({ items: [user('carol'), user('dave')], next: null })
          : jsonResponse({ items: [admin, user('alice'), user('bob')], next: 'bob' }),
    });
    const ui = userEvent.setup();
    renderUsersPage();

    await screen.findByRole('button', { name: 'Load more' });
    expect(rowNames()).toEqual(['admin', 'alice', 'bob']);

    await ui.click(screen.getByRole('button', { name: 'Load more' }));

    await screen.findByText('5 users shown, that is all.');
    expect(rowNames()).toEqual(['admin', 'alice', 'bob', 'carol', 'dave']);
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
    const listCalls = fetchMock.mock.calls.map(([url]) => String(url)).filter((url) => url.startsWith('/api/admin/users'));
    expect(listCalls).toEqual(['/api/admin/users?limit=50', '/api/admin/users?after=bob&limit=50']);
  });

  it('says what to do when there are no users', async () => {
    mockFetch({
      'GET /api/me': () => jsonResponse(admin),
      'GET /api/admin/users': () => jsonResponse({ items: [], next: null }),
    });
    renderUsersPage();

    expect(await screen.findByText('No users yet.')).toBeInTheDocument();
    expect(screen.getByText('Create the first one with the form above.')).toBeInTheDocument();
  });

  it('deletes a user only after the username is typed', async () => {
    const fetchMock = mockFetch({
      'GET /api/me': () => jsonResponse(admin),
      'GET /api/admin/users': () => jsonResponse({ items: [admin, user('alice')], next: null }),
      'DELETE /api/admin/users/id-alice': () => new Response(null, { status: 204 }),
    });
    const ui = userEvent.setup();
    renderUsersPage();

    await ui.click(await screen.findByRole('button', { name: 'Delete alice' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete alice?' });
    const confirm = within(dialog).getByRole('button', { name: 'Delete user' });
    expect(confirm).toBeDisabled();

    await ui.type(within(dialog).getByLabelText(/to confirm/), 'alic');
    expect(confirm).toBeDisabled();
    await ui.type(within(dialog).getByLabelText(/to confirm/), 'e');
    await ui.click(confirm);

    expect(await screen.findByText('alice was deleted.')).toBeInTheDocument();
    expect(rowNames()).toEqual(['admin']);
    expect(fetchMock.mock.calls.some(([url, init]) => url === '/api/admin/users/id-alice' && init?.method === 'DELETE')).toBe(true);
  });

  it('checks the create-user form before sending it', async () => {
    const fetchMock = mockFetch({
      'GET /api/me': () => jsonResponse(admin),
      'GET /api/admin/users': () => jsonResponse({ items: [admin], next: null }),
    });
    const ui = userEvent.setup();
    renderUsersPage();

    await ui.type(await screen.findByLabelText('Username'), '1x');
    await ui.type(screen.getByLabelText('Password'), 'short');
    await ui.click(screen.getByRole('button', { name: 'Create user' }));

    expect(screen.getByText('Username must be 3-32 characters.')).toBeInTheDocument();
    expect(screen.getByText('Password must be at least 10 characters.')).toBeInTheDocument();
    expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'POST')).toBe(false);
  });
});
