import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { jsonResponse, mockFetch, renderWithProviders } from '../../test/render';
import { RequireAuth } from '../session';
import { ApiTokensSection } from './ApiTokensSection';

const token = { id: 't1', name: 'backup', scopes: ['account:read'], createdAt: '2026-11-01T00:00:00Z', expiresAt: '2026-12-01T00:00:00Z', lastUsedAt: null };

function renderTokens() {
  return renderWithProviders(
    <RequireAuth>
      <ApiTokensSection />
    </RequireAuth>,
    { route: '/account' },
  );
}

describe('ApiTokensSection', () => {
  it('shows admin scopes only to admins', async () => {
    mockFetch({
      'GET /api/me': () => jsonResponse({ id: 'u1', username: 'alice', role: 'user', createdAt: '2026-01-01T00:00:00Z' }),
      'GET /api/me/tokens': () => jsonResponse({ items: [] }),
    });
    renderTokens();

    expect(await screen.findByRole('checkbox', { name: 'account:read' })).toBeChecked();
    expect(screen.queryByRole('checkbox', { name: 'admin:read' })).not.toBeInTheDocument();
    expect(screen.queryByRole('checkbox', { name: 'admin:write' })).not.toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'files:read' })).toHaveAccessibleDescription(expect.stringContaining('download files'));
    expect(screen.getByRole('checkbox', { name: 'files:write' })).not.toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'containers:read' })).toHaveAccessibleDescription(expect.stringContaining('logs, stats'));
    expect(screen.getByRole('checkbox', { name: 'containers:read' })).not.toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'containers:write' })).toHaveAccessibleDescription(expect.stringContaining('delete your containers'));
    expect(screen.getByRole('checkbox', { name: 'containers:write' })).not.toBeChecked();
  });

  it('offers every scope the server knows, admin scopes to admins', async () => {
    mockFetch({
      'GET /api/me': () => jsonResponse({ id: 'u1', username: 'root', role: 'admin', createdAt: '2026-01-01T00:00:00Z' }),
      'GET /api/me/tokens': () => jsonResponse({ items: [] }),
    });
    renderTokens();

    const scopes = within(await screen.findByRole('group', { name: 'Scopes' }));
    expect(scopes.getAllByRole('checkbox').map((box) => box.getAttribute('id')?.replace('scope-', ''))).toEqual([
      'account:read',
      'files:read',
      'files:write',
      'containers:read',
      'containers:write',
      'admin:read',
      'admin:write',
    ]);
  });

  it('sends the containers scopes a user chooses', async () => {
    const created = { ...token, name: 'deploy', scopes: ['containers:read', 'containers:write'] };
    const fetchMock = mockFetch({
      'GET /api/me': () => jsonResponse({ id: 'u1', username: 'alice', role: 'user', createdAt: '2026-01-01T00:00:00Z' }),
      'GET /api/me/tokens': () => jsonResponse({ items: [] }),
      'POST /api/me/tokens': () => jsonResponse({ token: 'edd_pat_deploy', info: created }, 201),
    });
    const ui = userEvent.setup();
    renderTokens();

    await ui.type(await screen.findByLabelText('Token name'), 'deploy');
    await ui.click(screen.getByRole('checkbox', { name: 'account:read' }));
    await ui.click(screen.getByRole('checkbox', { name: 'containers:read' }));
    await ui.click(screen.getByRole('checkbox', { name: 'containers:write' }));
    await ui.click(screen.getByRole('button', { name: 'Create token' }));

    await screen.findByRole('region', { name: 'New API token' });
    const [, init] = fetchMock.mock.calls.find(([url, i]) => url === '/api/me/tokens' && i?.method === 'POST')!;
    expect(JSON.parse(String(init?.body))).toEqual({ name: 'deploy', scopes: ['containers:read', 'containers:write'], expiresInDays: 30 });
  });

  it('shows a created token once, with a warning, and sends the chosen scopes', async () => {
    let items: unknown[] = [];
    const fetchMock = mockFetch({
      'GET /api/me': () => jsonResponse({ id: 'u1', username: 'root', role: 'admin', createdAt: '2026-01-01T00:00:00Z' }),
      'GET /api/me/tokens': () => jsonResponse({ items }),
      'POST /api/me/tokens': () => {
        items = [token];
        return jsonResponse({ token: 'edd_pat_secret', info: token }, 201);
      },
    });
    const ui = userEvent.setup();
    renderTokens();

    await ui.type(await screen.findByLabelText('Token name'), 'backup');
    await ui.click(screen.getByRole('checkbox', { name: 'admin:read' }));
    await ui.clear(screen.getByLabelText('Expires in (days)'));
    await ui.type(screen.getByLabelText('Expires in (days)'), '7');
    await ui.click(screen.getByRole('button', { name: 'Create token' }));

    const box = await screen.findByRole('region', { name: 'New API token' });
    expect(within(box).getByRole('textbox', { name: 'New API token value' })).toHaveValue('edd_pat_secret');
    expect(box).toHaveTextContent('It is shown only once');
    const [, init] = fetchMock.mock.calls.find(([url, i]) => url === '/api/me/tokens' && i?.method === 'POST')!;
    expect(JSON.parse(String(init?.body))).toEqual({ name: 'backup', scopes: ['account:read', 'admin:read'], expiresInDays: 7 });
    expect(await screen.findByRole('rowheader', { name: 'backup' })).toBeInTheDocument();

    await ui.click(within(box).getByRole('button', { name: 'Done' }));
    expect(screen.queryByText('edd_pat_secret')).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'New API token' })).not.toBeInTheDocument();
  });
});
