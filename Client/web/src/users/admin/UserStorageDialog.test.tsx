import { within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Namespace } from '../../api/types';
import { alice, mockUsersPageFetch, openUserDialog, putBodies as putBodiesTo } from '../../test/adminUserDialogs';
import { jsonResponse, mockFetch, problemResponse } from '../../test/render';

const GiB = 2 ** 30;
const usage = { usedBytes: 3 * GiB, maxBytes: 10 * GiB, namespaces: 2, maxNamespaces: 10, reservedBytes: 0 };

function namespace(id: string, name: string, visibility: Namespace['visibility'], usedBytes: number): Namespace {
  return { id, name, ownerId: alice.id, owner: alice.username, visibility, createdAt: '2026-01-02T00:00:00Z', usedBytes };
}

function routes(extra: Parameters<typeof mockFetch>[0] = {}) {
  return mockUsersPageFetch(
    {
      'GET /api/admin/users/id-alice/storage': () => jsonResponse(usage),
      'GET /api/namespaces': () => jsonResponse({ items: [], next: null }),
    },
    extra,
  );
}

const openStorageDialog = () => openUserDialog('Storage of alice', 'user-storage-used');
const putBodies = (fetchMock: ReturnType<typeof mockFetch>) => putBodiesTo(fetchMock, '/api/admin/users/id-alice/storage');

describe('UserStorageDialog', () => {
  it("shows the user's usage and their quota in the form", async () => {
    routes();
    const { dialog } = await openStorageDialog();

    expect(within(dialog).getByTestId('user-storage-used')).toHaveTextContent('3.00 GiB used of 10.0 GiB');
    expect(within(dialog).getByTestId('user-namespaces-used')).toHaveTextContent('2 of 10 namespaces');
    expect(within(dialog).getByLabelText('Quota (bytes)')).toHaveValue('10 GiB');
    expect(within(dialog).getByLabelText('Namespace limit')).toHaveValue('10');
  });

  it('saves the parsed byte count and the namespace limit', async () => {
    const fetchMock = routes({
      'PUT /api/admin/users/id-alice/storage': () => jsonResponse({ ...usage, maxBytes: 500_000_000, maxNamespaces: 3 }),
    });
    const { ui, dialog } = await openStorageDialog();

    await ui.clear(within(dialog).getByLabelText('Quota (bytes)'));
    await ui.type(within(dialog).getByLabelText('Quota (bytes)'), '500 MB');
    await ui.clear(within(dialog).getByLabelText('Namespace limit'));
    await ui.type(within(dialog).getByLabelText('Namespace limit'), '3');
    await ui.click(within(dialog).getByRole('button', { name: 'Save quota' }));

    expect(await within(dialog).findByText("alice's quota was saved.")).toBeInTheDocument();
    expect(putBodies(fetchMock)).toEqual([{ maxBytes: 500_000_000, maxNamespaces: 3 }]);
    expect(within(dialog).getByTestId('user-storage-used')).toHaveTextContent('3.00 GiB used of 477 MiB');
    expect(within(dialog).getByTestId('user-namespaces-used')).toHaveTextContent('2 of 3 namespaces');
  });

  it('sends nulls for the defaults', async () => {
    const fetchMock = routes({ 'PUT /api/admin/users/id-alice/storage': () => jsonResponse({ ...usage, maxBytes: 5 * GiB }) });
    const { ui, dialog } = await openStorageDialog();

    await ui.click(within(dialog).getByRole('button', { name: 'Use defaults' }));

    expect(await within(dialog).findByText('alice now has the default quota.')).toBeInTheDocument();
    expect(putBodies(fetchMock)).toEqual([{ maxBytes: null, maxNamespaces: null }]);
    expect(within(dialog).getByLabelText('Quota (bytes)')).toHaveValue('5 GiB');
  });

  it('says what is wrong before sending nonsense', async () => {
    const fetchMock = routes();
    const { ui, dialog } = await openStorageDialog();

    await ui.clear(within(dialog).getByLabelText('Quota (bytes)'));
    await ui.type(within(dialog).getByLabelText('Quota (bytes)'), 'lots');
    await ui.clear(within(dialog).getByLabelText('Namespace limit'));
    await ui.type(within(dialog).getByLabelText('Namespace limit'), '-1');
    await ui.click(within(dialog).getByRole('button', { name: 'Save quota' }));

    expect(within(dialog).getByText('Enter a size such as 10 GiB, 500 MB or a number of bytes.')).toBeInTheDocument();
    expect(within(dialog).getByText('Enter a whole number, 0 or more.')).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Quota (bytes)')).toHaveAttribute('aria-invalid', 'true');
    expect(putBodies(fetchMock)).toEqual([]);
  });

  it("shows a server problem's detail and its field error", async () => {
    routes({
      'PUT /api/admin/users/id-alice/storage': () =>
        problemResponse(400, {
          title: 'The request is not valid.',
          detail: 'maxNamespaces must be 0 or more (null for the default).',
          code: 'validation',
          errors: { maxNamespaces: ['Must be 0 or more.'] },
        }),
    });
    const { ui, dialog } = await openStorageDialog();

    await ui.click(within(dialog).getByRole('button', { name: 'Save quota' }));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent('maxNamespaces must be 0 or more (null for the default).');
    expect(within(dialog).getByText('Must be 0 or more.')).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Namespace limit')).toHaveAttribute('aria-invalid', 'true');
  });

  it("lists the user's namespaces with links, loading more with the next cursor", async () => {
    const fetchMock = routes({
      'GET /api/namespaces': (url) =>
        new URL(url, 'http://x').searchParams.get('after') === 'Music'
          ? jsonResponse({ items: [namespace('ns-3', 'Photos', 'visible', 2 * GiB)], next: null })
          : jsonResponse({ items: [namespace('ns-1', 'Docs', 'private', 1024), namespace('ns-2', 'Music', 'public', 0)], next: 'Music' }),
    });
    const { ui, dialog } = await openStorageDialog();

    const table = await within(dialog).findByRole('table', { name: 'Namespaces of alice' });
    expect(within(table).getByRole('link', { name: 'Docs' })).toHaveAttribute('href', '/files/ns-1');
    expect(within(table).getByRole('link', { name: 'Music' })).toHaveAttribute('href', '/files/ns-2');
    const docsRow = within(table).getByRole('link', { name: 'Docs' }).closest('tr')!;
    expect(docsRow).toHaveTextContent('Private');
    expect(docsRow).toHaveTextContent('1.00 KiB');

    await ui.click(within(dialog).getByRole('button', { name: 'Load more' }));

    expect(await within(table).findByRole('link', { name: 'Photos' })).toHaveAttribute('href', '/files/ns-3');
    expect(within(dialog).queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
    const listCalls = fetchMock.mock.calls.map(([url]) => String(url)).filter((url) => url.startsWith('/api/namespaces'));
    expect(listCalls).toEqual(['/api/namespaces?owner=id-alice&limit=50', '/api/namespaces?owner=id-alice&after=Music&limit=50']);
  });
});
