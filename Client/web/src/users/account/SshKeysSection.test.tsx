import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { jsonResponse, mockFetch, problemResponse, renderWithProviders } from '../../test/render';
import { RequireAuth } from '../session';
import { SshKeysSection } from './SshKeysSection';

const alice = { id: 'u1', username: 'alice', role: 'user', createdAt: '2026-01-01T00:00:00Z' };
const laptop = {
  id: 'k1',
  name: 'alice@laptop',
  type: 'ssh-ed25519',
  bits: 256,
  fingerprint: 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s',
  publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl',
  createdAt: '2026-11-01T10:00:00Z',
};
const PUBLIC_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl alice@laptop';

function renderKeys() {
  return renderWithProviders(
    <RequireAuth>
      <SshKeysSection />
    </RequireAuth>,
    { route: '/account' },
  );
}

function callsTo(fetchMock: ReturnType<typeof mockFetch>, method: string, url: string) {
  return fetchMock.mock.calls.filter(([u, i]) => String(u) === url && (i?.method ?? 'GET') === method);
}

afterEach(() => {
  document.cookie = 'edd_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
});

describe('SshKeysSection', () => {
  it('lists name, type and bits, the fingerprint in monospace and the added date', async () => {
    mockFetch({
      'GET /api/me': () => jsonResponse(alice),
      'GET /api/me/ssh-keys': () => jsonResponse({ items: [laptop] }),
    });
    renderKeys();

    const row = (await screen.findByRole('rowheader', { name: 'alice@laptop' })).closest('tr')!;
    expect(row).toHaveTextContent('ssh-ed25519 (256 bits)');
    const fingerprint = within(row).getByText(laptop.fingerprint);
    expect(fingerprint.tagName).toBe('CODE');
    expect(fingerprint).toHaveClass('mono');
    expect(within(row).getByText((_, el) => el?.tagName === 'TIME')).toBeInTheDocument();
  });

  it('tells how to create a key when there is none', async () => {
    mockFetch({
      'GET /api/me': () => jsonResponse(alice),
      'GET /api/me/ssh-keys': () => jsonResponse({ items: [] }),
    });
    renderKeys();

    expect(await screen.findByText('No SSH keys yet.')).toBeInTheDocument();
    expect(screen.getByText('ssh-keygen -t ed25519')).toBeInTheDocument();
    expect(screen.getByText('~/.ssh/id_ed25519.pub')).toBeInTheDocument();
  });

  it('adds a key: posts {name, publicKey} with the CSRF header and lists it', async () => {
    document.cookie = 'edd_csrf=csrf-1';
    let items: unknown[] = [];
    const fetchMock = mockFetch({
      'GET /api/me': () => jsonResponse(alice),
      'GET /api/me/ssh-keys': () => jsonResponse({ items }),
      'POST /api/me/ssh-keys': () => {
        items = [{ ...laptop, name: 'work' }];
        return jsonResponse({ ...laptop, name: 'work' }, 201);
      },
    });
    const ui = userEvent.setup();
    renderKeys();

    const textarea = await screen.findByRole('textbox', { name: 'Public key' });
    expect(textarea.tagName).toBe('TEXTAREA');
    expect(textarea).toHaveAttribute('placeholder', 'ssh-ed25519 AAAA... you@laptop');
    await ui.type(textarea, PUBLIC_KEY);
    await ui.type(screen.getByRole('textbox', { name: 'Name' }), 'work');
    await ui.click(screen.getByRole('button', { name: 'Add key' }));

    expect(await screen.findByRole('rowheader', { name: 'work' })).toBeInTheDocument();
    const [[, init]] = callsTo(fetchMock, 'POST', '/api/me/ssh-keys') as [[string, RequestInit]];
    expect(JSON.parse(String(init.body))).toEqual({ name: 'work', publicKey: PUBLIC_KEY });
    expect((init.headers as Record<string, string>)['X-CSRF-Token']).toBe('csrf-1');
    expect(screen.getByRole('textbox', { name: 'Public key' })).toHaveValue('');
  });

  it('leaves the name out when none is given', async () => {
    const fetchMock = mockFetch({
      'GET /api/me': () => jsonResponse(alice),
      'GET /api/me/ssh-keys': () => jsonResponse({ items: [] }),
      'POST /api/me/ssh-keys': () => jsonResponse(laptop, 201),
    });
    const ui = userEvent.setup();
    renderKeys();

    await ui.type(await screen.findByRole('textbox', { name: 'Public key' }), PUBLIC_KEY);
    await ui.click(screen.getByRole('button', { name: 'Add key' }));

    await waitFor(() => expect(callsTo(fetchMock, 'POST', '/api/me/ssh-keys')).toHaveLength(1));
    const [[, init]] = callsTo(fetchMock, 'POST', '/api/me/ssh-keys') as [[string, RequestInit]];
    expect(JSON.parse(String(init.body))).toEqual({ name: null, publicKey: PUBLIC_KEY });
  });

  it('shows the server detail of a 400 under the textarea', async () => {
    mockFetch({
      'GET /api/me': () => jsonResponse(alice),
      'GET /api/me/ssh-keys': () => jsonResponse({ items: [] }),
      'POST /api/me/ssh-keys': () =>
        problemResponse(400, { code: 'validation', title: 'Invalid', detail: 'RSA keys must have at least 2048 bits.' }),
    });
    const ui = userEvent.setup();
    renderKeys();

    const textarea = await screen.findByRole('textbox', { name: 'Public key' });
    await ui.type(textarea, 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQC short');
    await ui.click(screen.getByRole('button', { name: 'Add key' }));

    await waitFor(() => expect(textarea).toHaveAccessibleDescription(expect.stringContaining('RSA keys must have at least 2048 bits.')));
    expect(textarea).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('refuses a private key without sending it', async () => {
    const fetchMock = mockFetch({
      'GET /api/me': () => jsonResponse(alice),
      'GET /api/me/ssh-keys': () => jsonResponse({ items: [] }),
    });
    const ui = userEvent.setup();
    renderKeys();

    const textarea = await screen.findByRole('textbox', { name: 'Public key' });
    await ui.click(textarea);
    await ui.paste('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----');
    await ui.click(screen.getByRole('button', { name: 'Add key' }));

    expect(textarea).toHaveAccessibleDescription(expect.stringContaining('private key'));
    expect(callsTo(fetchMock, 'POST', '/api/me/ssh-keys')).toHaveLength(0);
  });

  it('renames a key with PATCH {name}', async () => {
    const fetchMock = mockFetch({
      'GET /api/me': () => jsonResponse(alice),
      'GET /api/me/ssh-keys': () => jsonResponse({ items: [laptop] }),
      'PATCH /api/me/ssh-keys/k1': () => jsonResponse({ ...laptop, name: 'old laptop' }),
    });
    const ui = userEvent.setup();
    renderKeys();

    await ui.click(await screen.findByRole('button', { name: 'Rename key alice@laptop' }));
    const dialog = screen.getByRole('dialog', { name: 'Rename alice@laptop' });
    const input = within(dialog).getByRole('textbox', { name: 'New name' });
    await ui.clear(input);
    await ui.type(input, 'old laptop');
    await ui.click(within(dialog).getByRole('button', { name: 'Rename' }));

    expect(await screen.findByRole('rowheader', { name: 'old laptop' })).toBeInTheDocument();
    const [[, init]] = callsTo(fetchMock, 'PATCH', '/api/me/ssh-keys/k1') as [[string, RequestInit]];
    expect(JSON.parse(String(init.body))).toEqual({ name: 'old laptop' });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('deletes only after confirming', async () => {
    let items: unknown[] = [laptop];
    const fetchMock = mockFetch({
      'GET /api/me': () => jsonResponse(alice),
      'GET /api/me/ssh-keys': () => jsonResponse({ items }),
      'DELETE /api/me/ssh-keys/k1': () => {
        items = [];
        return new Response(null, { status: 204 });
      },
    });
    const ui = userEvent.setup();
    renderKeys();

    await ui.click(await screen.findByRole('button', { name: 'Delete key alice@laptop' }));
    let dialog = screen.getByRole('dialog', { name: 'Delete key alice@laptop?' });
    await ui.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(callsTo(fetchMock, 'DELETE', '/api/me/ssh-keys/k1')).toHaveLength(0);
    expect(screen.getByRole('rowheader', { name: 'alice@laptop' })).toBeInTheDocument();

    await ui.click(screen.getByRole('button', { name: 'Delete key alice@laptop' }));
    dialog = screen.getByRole('dialog', { name: 'Delete key alice@laptop?' });
    await ui.click(within(dialog).getByRole('button', { name: 'Delete key' }));

    await waitFor(() => expect(screen.queryByRole('rowheader', { name: 'alice@laptop' })).not.toBeInTheDocument());
    expect(callsTo(fetchMock, 'DELETE', '/api/me/ssh-keys/k1')).toHaveLength(1);
    expect(await screen.findByText('No SSH keys yet.')).toBeInTheDocument();
  });
});
