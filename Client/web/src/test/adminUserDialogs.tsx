import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { User } from '../api/types';
import { RequireAuth } from '../users/session';
import { UsersPage } from '../users/admin/UsersPage';
import { jsonResponse, mockFetch, renderWithProviders } from './render';

type Routes = Parameters<typeof mockFetch>[0];

export const admin: User = { id: 'id-admin', username: 'admin', role: 'admin', createdAt: '2026-01-01T00:00:00Z' };
export const alice: User = { id: 'id-alice', username: 'alice', role: 'user', createdAt: '2026-01-01T00:00:00Z' };

/** Admin › Users signed in as `admin`, listing admin and alice, with `routes` for what a dialog asks (later keys win). */
export function mockUsersPageFetch(...routes: Routes[]) {
  return mockFetch(
    Object.assign(
      {
        'GET /api/me': () => jsonResponse(admin),
        'GET /api/admin/users': () => jsonResponse({ items: [admin, alice], next: null }),
      },
      ...routes,
    ),
  );
}

/** Renders Admin › Users, opens alice's dialog by its button (the dialog's name) and waits for `readyTestId` in it. */
export async function openUserDialog(name: string, readyTestId: string) {
  const ui = userEvent.setup();
  renderWithProviders(
    <RequireAuth>
      <UsersPage />
    </RequireAuth>,
    { route: '/admin/users' },
  );
  await ui.click(await screen.findByRole('button', { name }));
  const dialog = screen.getByRole('dialog', { name });
  await within(dialog).findByTestId(readyTestId);
  return { ui, dialog };
}

/** The JSON bodies PUT to `url`, in order. */
export function putBodies(fetchMock: ReturnType<typeof mockFetch>, url: string): unknown[] {
  return fetchMock.mock.calls
    .filter(([calledUrl, init]) => calledUrl === url && init?.method === 'PUT')
    .map(([, init]) => JSON.parse(String(init!.body)));
}
