import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { jsonResponse, mockFetch, problemResponse, renderWithProviders } from '../test/render';
import { namespace } from '../test/storageFakes';
import { RequireAuth } from '../users/session';
import { FilesPage } from './FilesPage';

const alice = { id: 'u1', username: 'alice', role: 'user', createdAt: '2026-01-01T00:00:00Z' };
const MiB = 1024 * 1024;
const usage = { usedBytes: 300 * MiB, maxBytes: 1024 * MiB, namespaces: 2, maxNamespaces: 10 };
const photos = namespace({ id: 'ns-1', name: 'Photos', usedBytes: 200 * MiB });
const docs = namespace({ id: 'ns-2', name: 'Docs', visibility: 'public', usedBytes: 100 * MiB });

function renderFilesPage() {
  return renderWithProviders(
    <RequireAuth>
      <FilesPage />
    </RequireAuth>,
    { route: '/files' },
  );
}

function calls(fetchMock: ReturnType<typeof mockFetch>, method: string) {
  return fetchMock.mock.calls.filter(([, init]) => (init?.method ?? 'GET') === method);
}

describe('FilesPage', () => {
  it('lists the namespaces with their size and visibility, and the storage used against the quota', async () => {
    mockFetch({
      'GET /api/me': () => jsonResponse(alice),
      'GET /api/me/storage': () => jsonResponse(usage),
      'GET /api/namespaces': () => jsonResponse({ items: [docs, photos], next: null }),
    });
    renderFilesPage();

    expect(await screen.findByRole('heading', { level: 1, name: 'Files' })).toBeInTheDocument();
    const table = await screen.findByRole('table', { name: 'Namespaces' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getByRole('rowheader').textContent)).toEqual(['Docs', 'Photos']);
    expect(within(rows[0]!).getByRole('link', { name: 'Docs' })).toHaveAttribute('href', '/files/ns-2');
    expect(rows[0]).toHaveTextContent('100 MiB');
    expect(within(rows[0]!).getByRole('combobox', { name: 'Visibility of Docs' })).toHaveValue('public');
    expect(rows[0]).toHaveTextContent('Anyone can list and download its files');
    expect(rows[1]).toHaveTextContent('200 MiB');
    expect(await screen.findByTestId('storage-used')).toHaveTextContent('300 MiB used of 1.00 GiB');
    expect(screen.getByTestId('namespaces-used')).toHaveTextContent('2 of 10 namespaces');
  });

  it('says what to do when there are no namespaces', async () => {
    mockFetch({
      'GET /api/me': () => jsonResponse(alice),
      'GET /api/me/storage': () => jsonResponse({ ...usage, usedBytes: 0, namespaces: 0 }),
      'GET /api/namespaces': () => jsonResponse({ items: [], next: null }),
    });
    renderFilesPage();
    expect(await screen.findByText('No namespaces yet.')).toBeInTheDocument();
    expect(screen.getByText(/Create one with the form below/)).toBeInTheDocument();
  });

  it('checks the name before sending, then shows the server’s field error from a 400 problem', async () => {
    const fetchMock = mockFetch({
      'GET /api/me': () => jsonResponse(alice),
      'GET /api/me/storage': () => jsonResponse(usage),
      'GET /api/namespaces': () => jsonResponse({ items: [], next: null }),
      'POST /api/namespaces': () =>
        problemResponse(400, {
          code: 'validation',
          title: 'The request is not valid.',
          detail: 'The name is reserved.',
          errors: { Name: ['The name “admin” is reserved.'] },
        }),
    });
    const ui = userEvent.setup();
    renderFilesPage();

    const name = await screen.findByLabelText('Namespace name');
    await ui.type(name, 'bad/name');
    await ui.click(screen.getByRole('button', { name: 'Create namespace' }));
    expect(name).toHaveAccessibleDescription(expect.stringContaining('Use only letters, digits'));
    expect(calls(fetchMock, 'POST')).toHaveLength(0);

    await ui.clear(name);
    await ui.type(name, 'admin');
    await ui.click(screen.getByRole('radio', { name: 'Public' }));
    await ui.click(screen.getByRole('button', { name: 'Create namespace' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('The name is reserved.');
    expect(name).toHaveAttribute('aria-invalid', 'true');
    expect(name).toHaveAccessibleDescription(expect.stringContaining('The name “admin” is reserved.'));
    expect(JSON.parse(String(calls(fetchMock, 'POST')[0]![1]!.body))).toEqual({ name: 'admin', visibility: 'public' });
  });

  it('creates a namespace and lists it', async () => {
    let items = [photos];
    mockFetch({
      'GET /api/me': () => jsonResponse(alice),
      'GET /api/me/storage': () => jsonResponse(usage),
      'GET /api/namespaces': () => jsonResponse({ items, next: null }),
      'POST /api/namespaces': () => {
        items = [namespace({ id: 'ns-9', name: 'Music', usedBytes: 0 }), photos];
        return jsonResponse(items[0], 201);
      },
    });
    const ui = userEvent.setup();
    renderFilesPage();

    await ui.type(await screen.findByLabelText('Namespace name'), 'Music');
    await ui.click(screen.getByRole('button', { name: 'Create namespace' }));

    const table = await screen.findByRole('table', { name: 'Namespaces' });
    expect(await within(table).findByRole('link', { name: 'Music' })).toHaveAttribute('href', '/files/ns-9');
    expect(screen.getByText(/created\. Open it to upload files/)).toBeInTheDocument();
    expect(screen.getByLabelText('Namespace name')).toHaveValue('');
  });

  it('asks before deleting, naming the namespace, and only then sends DELETE', async () => {
    const fetchMock = mockFetch({
      'GET /api/me': () => jsonResponse(alice),
      'GET /api/me/storage': () => jsonResponse(usage),
      'GET /api/namespaces': () => jsonResponse({ items: [docs, photos], next: null }),
      'DELETE /api/namespaces/ns-1': () => new Response(null, { status: 204 }),
    });
    const ui = userEvent.setup();
    renderFilesPage();

    await ui.click(await screen.findByRole('button', { name: 'Delete Photos' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete Photos?' });
    expect(dialog).toHaveTextContent('This deletes the namespace Photos and every file in it (200 MiB)');
    const confirm = within(dialog).getByRole('button', { name: 'Delete namespace' });
    expect(confirm).toBeDisabled();
    expect(calls(fetchMock, 'DELETE')).toHaveLength(0);

    await ui.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(calls(fetchMock, 'DELETE')).toHaveLength(0);

    await ui.click(screen.getByRole('button', { name: 'Delete Photos' }));
    const again = screen.getByRole('dialog', { name: 'Delete Photos?' });
    await ui.type(within(again).getByLabelText('Type Photos to confirm'), 'Photos');
    await ui.click(within(again).getByRole('button', { name: 'Delete namespace' }));

    await waitFor(() => expect(screen.queryByRole('link', { name: 'Photos' })).not.toBeInTheDocument());
    expect(calls(fetchMock, 'DELETE').map(([url]) => url)).toEqual(['/api/namespaces/ns-1']);
    expect(screen.getByRole('link', { name: 'Docs' })).toBeInTheDocument();
    expect(screen.getByText(/Photos was deleted/)).toBeInTheDocument();
  });

  it('renames a namespace and changes its visibility', async () => {
    const fetchMock = mockFetch({
      'GET /api/me': () => jsonResponse(alice),
      'GET /api/me/storage': () => jsonResponse(usage),
      'GET /api/namespaces': () => jsonResponse({ items: [photos], next: null }),
      // A null field stays as it is, as on the server.
      'PATCH /api/namespaces/ns-1': (_url, init) =>
        jsonResponse({ ...photos, ...Object.fromEntries(Object.entries(JSON.parse(String(init.body)) as object).filter(([, v]) => v !== null)) }),
    });
    const ui = userEvent.setup();
    renderFilesPage();

    await ui.selectOptions(await screen.findByRole('combobox', { name: 'Visibility of Photos' }), 'visible');
    expect(await screen.findByText('Photos is now visible.')).toBeInTheDocument();
    const row = screen.getByRole('row', { name: /Photos/ });
    expect(row).toHaveTextContent('Anyone with a file’s address can download that file');

    await ui.click(screen.getByRole('button', { name: 'Rename Photos' }));
    const dialog = screen.getByRole('dialog', { name: 'Rename Photos' });
    const input = within(dialog).getByLabelText('New name');
    await ui.clear(input);
    await ui.type(input, 'Holiday photos');
    await ui.click(within(dialog).getByRole('button', { name: 'Rename' }));

    expect(await screen.findByRole('link', { name: 'Holiday photos' })).toHaveAttribute('href', '/files/ns-1');
    const bodies = calls(fetchMock, 'PATCH').map(([, init]) => JSON.parse(String(init!.body)));
    expect(bodies).toEqual([
      { name: null, visibility: 'visible' },
      { name: 'Holiday photos', visibility: null },
    ]);
  });
});
