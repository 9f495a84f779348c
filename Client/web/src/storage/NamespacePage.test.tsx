import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { FileListing, Namespace } from '../api/types';
import { jsonResponse, mockFetch, problemResponse, renderWithProviders } from '../test/render';
import { FakeEventSource, FakeXhr, installUploadFakes, namespace, progress, storedFile } from '../test/storageFakes';
import { RequireAuth } from '../users/session';
import { NamespacePage } from './NamespacePage';

const alice = { id: 'u1', username: 'alice', role: 'user', createdAt: '2026-01-01T00:00:00Z' };

function renderNamespacePage(route = '/files/ns-1') {
  return renderWithProviders(
    <RequireAuth>
      <Routes>
        <Route path="/files/:namespaceId/*" element={<NamespacePage />} />
      </Routes>
    </RequireAuth>,
    { route },
  );
}

function prefixOf(url: string): string | null {
  return new URL(url, 'http://x').searchParams.get('prefix');
}

/** The API for one namespace whose folders are given as { prefix: listing }. */
function mockNamespace(listings: Record<string, FileListing>, ns: Namespace = namespace(), extra: Parameters<typeof mockFetch>[0] = {}) {
  return mockFetch({
    'GET /api/me': () => jsonResponse(alice),
    [`GET /api/namespaces/${ns.id}`]: () => jsonResponse(ns),
    [`GET /api/namespaces/${ns.id}/shares`]: () => jsonResponse({ items: [] }),
    [`GET /api/namespaces/${ns.id}/files`]: (url) => jsonResponse(listings[prefixOf(url) ?? ''] ?? { items: [], folders: [], next: null }),
    ...extra,
  });
}

function rowHeaders(table: HTMLElement): string[] {
  return within(table)
    .getAllByRole('rowheader')
    .map((cell) => cell.textContent?.replace(/[📁📄]/gu, '').trim() ?? '');
}

const rootListing: FileListing = {
  items: [storedFile('readme.txt', { contentType: 'text/plain', size: 1536, uploader: 'bob' })],
  folders: ['docs/', 'b/'],
  next: null,
};
const docsListing: FileListing = { items: [storedFile('docs/report.pdf', { contentType: 'application/pdf' })], folders: ['docs/2025/'], next: null };

describe('NamespacePage: listing', () => {
  it('shows folders first, then files with size, date and uploader, and navigates into a folder and back', async () => {
    const fetchMock = mockNamespace({ '': rootListing, 'docs/': docsListing });
    const ui = userEvent.setup();
    renderNamespacePage();

    expect(await screen.findByRole('heading', { level: 1, name: 'Photos' })).toBeInTheDocument();
    expect(screen.getByTestId('namespace-visibility')).toHaveTextContent('Private');
    const root = await screen.findByRole('table', { name: 'Files in /' });
    expect(rowHeaders(root)).toEqual(['b', 'docs', 'readme.txt']);
    const fileRow = within(root).getAllByRole('row')[3]!;
    expect(fileRow).toHaveTextContent('1.50 KiB');
    expect(fileRow).toHaveTextContent('bob');
    expect(within(fileRow).getByRole('link', { name: 'Download readme.txt' })).toHaveAttribute(
      'href',
      '/api/namespaces/ns-1/files/readme.txt?download=true',
    );
    const listCall = fetchMock.mock.calls.find(([url]) => String(url).startsWith('/api/namespaces/ns-1/files?'))!;
    expect(Object.fromEntries(new URL(String(listCall[0]), 'http://x').searchParams)).toMatchObject({ prefix: '', delimiter: '/' });

    await ui.click(within(root).getByRole('link', { name: 'docs' }));
    const docs = await screen.findByRole('table', { name: 'Files in /docs' });
    expect(rowHeaders(docs)).toEqual(['2025', 'report.pdf']);
    expect(within(docs).getByRole('link', { name: '2025' })).toHaveAttribute('href', '/files/ns-1/docs/2025');
    expect(fetchMock.mock.calls.some(([url]) => prefixOf(String(url)) === 'docs/')).toBe(true);
    const crumbs = screen.getByRole('navigation', { name: 'Breadcrumbs' });
    expect(within(crumbs).getByText('docs')).toHaveAttribute('aria-current', 'page');
    expect(within(crumbs).getByRole('link', { name: 'Files' })).toHaveAttribute('href', '/files');

    await ui.click(within(crumbs).getByRole('link', { name: 'Photos' }));
    expect(await screen.findByRole('table', { name: 'Files in /' })).toBeInTheDocument();
  });

  it('loads more with the next cursor', async () => {
    const fetchMock = mockNamespace({}, namespace(), {
      'GET /api/namespaces/ns-1/files': (url) =>
        new URL(url, 'http://x').searchParams.get('after') === 'b.txt'
          ? jsonResponse({ items: [storedFile('c.txt')], folders: [], next: null })
          : jsonResponse({ items: [storedFile('a.txt'), storedFile('b.txt')], folders: [], next: 'b.txt' }),
    });
    const ui = userEvent.setup();
    renderNamespacePage();

    const table = await screen.findByRole('table', { name: 'Files in /' });
    expect(rowHeaders(table)).toEqual(['a.txt', 'b.txt']);
    await ui.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(rowHeaders(table)).toEqual(['a.txt', 'b.txt', 'c.txt']));
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
    expect(fetchMock.mock.calls.filter(([url]) => String(url).includes('/files?'))).toHaveLength(2);
  });

  it('says what to do in an empty namespace', async () => {
    mockNamespace({});
    renderNamespacePage();
    expect(await screen.findByText('No files yet.')).toBeInTheDocument();
    expect(screen.getByText(/Drop files on the upload area above/)).toBeInTheDocument();
    expect(await screen.findByText('No share links.')).toBeInTheDocument();
  });

  it('deletes a file only after confirmation', async () => {
    let listing = rootListing;
    const fetchMock = mockNamespace({}, namespace(), {
      'GET /api/namespaces/ns-1/files': () => jsonResponse(listing),
      'DELETE /api/namespaces/ns-1/files/readme.txt': () => {
        listing = { ...rootListing, items: [] };
        return new Response(null, { status: 204 });
      },
    });
    const ui = userEvent.setup();
    renderNamespacePage();

    await ui.click(await screen.findByRole('button', { name: 'Delete readme.txt' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete readme.txt?' });
    expect(dialog).toHaveTextContent('This deletes /readme.txt from Photos');
    expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'DELETE')).toBe(false);
    await ui.click(within(dialog).getByRole('button', { name: 'Delete file' }));

    await waitFor(() => expect(screen.queryByRole('rowheader', { name: /readme\.txt/ })).not.toBeInTheDocument());
    expect(fetchMock.mock.calls.filter(([, init]) => init?.method === 'DELETE').map(([url]) => url)).toEqual([
      '/api/namespaces/ns-1/files/readme.txt',
    ]);
    expect(screen.getByText('readme.txt was deleted.')).toBeInTheDocument();
  });

  it('previews a text file from a Range request', async () => {
    const fetchMock = mockNamespace({ '': rootListing }, namespace(), {
      'GET /api/namespaces/ns-1/files/readme.txt': () =>
        new Response('Hello from EddCloud', { status: 206, headers: { 'Content-Type': 'text/plain', 'Content-Range': 'bytes 0-18/19' } }),
    });
    const ui = userEvent.setup();
    renderNamespacePage();

    await ui.click(await screen.findByRole('button', { name: 'Preview readme.txt' }));
    const dialog = screen.getByRole('dialog', { name: 'Preview of readme.txt' });
    expect(await within(dialog).findByLabelText('Contents of readme.txt')).toHaveTextContent('Hello from EddCloud');
    const call = fetchMock.mock.calls.find(([url]) => url === '/api/namespaces/ns-1/files/readme.txt')!;
    expect((call[1]!.headers as Record<string, string>).Range).toBe('bytes=0-65535');
  });
});

describe('NamespacePage: links', () => {
  it('creates a share link for a file in a private namespace, shows and copies it, and lists it', async () => {
    let shares: unknown[] = [];
    const share = { id: 'sh1', namespaceId: 'ns-1', path: 'readme.txt', createdAt: '2026-03-03T00:00:00Z', expiresAt: '2026-03-04T00:00:00Z', createdBy: 'alice' };
    const fetchMock = mockNamespace({ '': rootListing }, namespace(), {
      'GET /api/namespaces/ns-1/shares': () => jsonResponse({ items: shares }),
      'POST /api/namespaces/ns-1/shares': () => {
        shares = [{ ...share, url: null }];
        return jsonResponse({ ...share, url: '/s/tok-123' }, 201);
      },
    });
    const ui = userEvent.setup();
    renderNamespacePage();

    await ui.click(await screen.findByRole('button', { name: 'Copy link to readme.txt' }));
    const dialog = screen.getByRole('dialog', { name: 'Link to readme.txt' });
    expect(dialog).toHaveTextContent('This namespace is private');
    await ui.type(within(dialog).getByLabelText('Link expires in (hours)'), '24');
    await ui.click(within(dialog).getByRole('button', { name: 'Create link' }));

    const link = await within(dialog).findByRole('textbox', { name: 'Link' });
    expect(link).toHaveValue(`${window.location.origin}/s/tok-123`);
    const post = fetchMock.mock.calls.find(([, init]) => init?.method === 'POST')!;
    expect(JSON.parse(String(post[1]!.body))).toEqual({ path: 'readme.txt', expiresInHours: 24 });
    expect(await within(dialog).findByText('Copied to the clipboard.')).toBeInTheDocument();
    expect(await navigator.clipboard.readText()).toBe(`${window.location.origin}/s/tok-123`);
    expect(within(dialog).getByRole('link', { name: 'Open its page' })).toHaveAttribute('href', '/s/tok-123');

    await ui.click(within(dialog).getByRole('button', { name: 'Done' }));
    const table = await screen.findByRole('table', { name: 'Share links' });
    expect(within(table).getByRole('rowheader', { name: '/readme.txt' })).toBeInTheDocument();
  });

  it('copies the direct file address in a visible namespace without creating a share', async () => {
    const fetchMock = mockNamespace({ '': rootListing }, namespace({ visibility: 'visible' }));
    const ui = userEvent.setup();
    renderNamespacePage();

    await ui.click(await screen.findByRole('button', { name: 'Copy link to readme.txt' }));
    const dialog = screen.getByRole('dialog', { name: 'Link to readme.txt' });
    const expected = `${window.location.origin}/api/namespaces/ns-1/files/readme.txt`;
    expect(within(dialog).getByRole('textbox', { name: 'Link' })).toHaveValue(expected);
    expect(await within(dialog).findByText('Copied to the clipboard.')).toBeInTheDocument();
    expect(await navigator.clipboard.readText()).toBe(expected);
    expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'POST')).toBe(false);
  });

  it('revokes a share link after confirmation', async () => {
    let shares = [{ id: 'sh1', namespaceId: 'ns-1', path: 'docs/a.txt', url: null, createdAt: '2026-03-03T00:00:00Z', expiresAt: null, createdBy: 'alice' }];
    const fetchMock = mockNamespace({}, namespace(), {
      'GET /api/namespaces/ns-1/shares': () => jsonResponse({ items: shares }),
      'DELETE /api/namespaces/ns-1/shares/sh1': () => {
        shares = [];
        return new Response(null, { status: 204 });
      },
    });
    const ui = userEvent.setup();
    renderNamespacePage();

    const table = await screen.findByRole('table', { name: 'Share links' });
    expect(within(table).getAllByRole('row')[1]).toHaveTextContent('Never');
    await ui.click(within(table).getByRole('button', { name: 'Revoke link to /docs/a.txt' }));
    await ui.click(within(screen.getByRole('dialog', { name: 'Revoke share link?' })).getByRole('button', { name: 'Revoke link' }));
    expect(await screen.findByText('No share links.')).toBeInTheDocument();
    expect(fetchMock.mock.calls.filter(([, init]) => init?.method === 'DELETE')).toHaveLength(1);
  });
});

describe('NamespacePage: uploads', () => {
  function drop(target: HTMLElement, files: File[]) {
    fireEvent.dragEnter(target, { dataTransfer: { files, types: ['Files'] } });
    fireEvent.dragOver(target, { dataTransfer: { files, types: ['Files'] } });
    fireEvent.drop(target, { dataTransfer: { files, types: ['Files'] } });
  }

  it('uploads two dropped files with their own PUT and X-Upload-Id, with progress bars driven by the server stream', async () => {
    installUploadFakes();
    document.cookie = 'edd_csrf=csrf-1';
    const fetchMock = mockNamespace({ 'docs/': docsListing }, namespace());
    renderNamespacePage('/files/ns-1/docs');

    const region = await screen.findByRole('region', { name: 'Upload files' });
    await screen.findByRole('table', { name: 'Files in /docs' });
    const listingsBefore = fetchMock.mock.calls.filter(([url]) => String(url).includes('/files?')).length;
    drop(region, [new File(['0123456789'], 'a.txt', { type: 'text/plain' }), new File(['x'.repeat(20)], 'b b.bin')]);

    // The progress streams open first; no PUT before they are open.
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(FakeXhr.instances).toHaveLength(0);
    const [esA, esB] = FakeEventSource.instances as [FakeEventSource, FakeEventSource];
    const idA = esA.url.match(/^\/api\/uploads\/([^/]+)\/progress$/)![1]!;
    const idB = esB.url.match(/^\/api\/uploads\/([^/]+)\/progress$/)![1]!;
    expect(idA).not.toBe(idB);

    act(() => {
      esA.open();
      esB.open();
    });
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(2));
    const [xhrA, xhrB] = FakeXhr.instances as [FakeXhr, FakeXhr];
    expect(xhrA.method).toBe('PUT');
    expect(xhrA.url).toBe('/api/namespaces/ns-1/files/docs/a.txt');
    expect(xhrB.url).toBe('/api/namespaces/ns-1/files/docs/b%20b.bin');
    expect(xhrA.headers['X-Upload-Id']).toBe(idA);
    expect(xhrB.headers['X-Upload-Id']).toBe(idB);
    expect(xhrA.headers['X-CSRF-Token']).toBe('csrf-1');
    expect(xhrA.body).toBeInstanceOf(File);

    const barA = screen.getByRole('progressbar', { name: 'Upload of a.txt' });
    const barB = screen.getByRole('progressbar', { name: 'Upload of b b.bin' });
    expect(barA).toHaveAttribute('value', '0');

    act(() => {
      esA.emit('progress', progress(idA, { receivedBytes: 6, committedBytes: 4, totalBytes: 10 }));
      esB.emit('progress', progress(idB, { receivedBytes: 5, committedBytes: 0, totalBytes: 20 }));
    });
    expect(barA).toHaveAttribute('value', '6');
    expect(barA).toHaveAttribute('max', '10');
    expect(barB).toHaveAttribute('value', '5');
    const itemA = barA.closest('li')!;
    const itemB = barB.closest('li')!;
    expect(itemA).toHaveTextContent('6 B of 10 B received, 4 B committed');

    act(() => {
      esA.emit('progress', progress(idA, { receivedBytes: 10, committedBytes: 10, totalBytes: 10 }));
    });
    expect(barA).toHaveAttribute('value', '10');

    // The server's last events, as it sends them: `succeeded` names the stored paths, `failed` carries the problem.
    act(() => {
      esA.emit('progress', progress(idA, { state: 'succeeded', receivedBytes: 10, committedBytes: 10, totalBytes: 10, files: ['docs/a.txt'] }));
      esB.emit('progress', progress(idB, { state: 'failed', receivedBytes: 5, error: { status: 413, code: 'quota_exceeded', detail: 'Your storage quota (1 GiB) is full.' } }));
    });
    await waitFor(() => expect(within(itemB).getByTestId('upload-status')).toHaveTextContent('Your storage quota (1 GiB) is full.'));
    expect(esA.closed).toBe(true);
    expect(esB.closed).toBe(true);
    // A stored file whose PUT has not answered yet: full, not a failure, and not "the server's progress is unavailable".
    act(() => esA.fail());
    expect(barA).toHaveAttribute('value', '10');
    expect(within(itemA).getByTestId('upload-status')).toHaveTextContent('10 B of 10 B received, 10 B committed');

    // The PUT's answer (the stored file) ends the upload.
    act(() => xhrA.respond(201, storedFile('docs/a.txt', { size: 10 })));
    await waitFor(() => expect(within(itemA).getByTestId('upload-status')).toHaveTextContent('Uploaded'));
    expect(screen.getByText('1 uploaded, 1 failed.')).toBeInTheDocument();

    // The listing is asked again after the upload.
    await waitFor(() => expect(fetchMock.mock.calls.filter(([url]) => String(url).includes('/files?')).length).toBeGreaterThan(listingsBefore));
    // The failed one's PUT answering later changes nothing.
    act(() => xhrB.respond(413, { status: 413, code: 'quota_exceeded', detail: 'Your storage quota (1 GiB) is full.' }));
    expect(within(itemB).getByTestId('upload-status')).toHaveTextContent('Your storage quota (1 GiB) is full.');
  });

  it('falls back to the browser’s upload progress when the stream fails, and shows the PUT’s error detail', async () => {
    installUploadFakes();
    mockNamespace({});
    const ui = userEvent.setup();
    renderNamespacePage();

    await ui.upload(await screen.findByLabelText('Choose files to upload'), new File(['x'.repeat(100)], 'big.bin'));
    const es = FakeEventSource.instances[0]!;
    act(() => es.fail());
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(1));
    expect(es.closed).toBe(true);
    const xhr = FakeXhr.instances[0]!;
    const bar = screen.getByRole('progressbar', { name: 'Upload of big.bin' });

    act(() => xhr.progress(40, 100));
    expect(bar).toHaveAttribute('value', '40');
    expect(bar.closest('li')).toHaveTextContent("40 B of 100 B sent (the server's progress is unavailable)");

    act(() => xhr.respond(507, { status: 507, title: 'Not enough space', detail: 'The cluster has no room for this file.' }));
    expect(await within(bar.closest('li')!).findByText('The cluster has no room for this file.')).toBeInTheDocument();
  });

  it('runs at most two uploads at once and cancels a queued one', async () => {
    installUploadFakes();
    mockNamespace({});
    renderNamespacePage();

    const region = await screen.findByRole('region', { name: 'Upload files' });
    drop(region, ['1', '2', '3'].map((n) => new File([n], `${n}.txt`)));
    expect(FakeEventSource.instances).toHaveLength(2);
    const third = screen.getByRole('progressbar', { name: 'Upload of 3.txt' }).closest('li')!;
    expect(third).toHaveTextContent('Waiting for other uploads to finish');

    fireEvent.click(within(third).getByRole('button', { name: 'Cancel upload of 3.txt' }));
    expect(third).toHaveTextContent('Cancelled');
    act(() => FakeEventSource.instances[0]!.open());
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(1));
    act(() => FakeEventSource.instances[0]!.emit('progress', progress('x', { state: 'succeeded', files: ['1.txt'] })));
    act(() => FakeXhr.instances[0]!.respond(201, storedFile('1.txt')));
    await screen.findByText(/1 uploaded/);
    expect(FakeEventSource.instances).toHaveLength(2);
  });

  it('shows an error when the namespace cannot be loaded', async () => {
    mockFetch({
      'GET /api/me': () => jsonResponse(alice),
      'GET /api/namespaces/nope': () => problemResponse(404, { code: 'not_found', detail: 'No namespace nope.' }),
    });
    renderNamespacePage('/files/nope');
    expect(await screen.findByRole('alert')).toHaveTextContent('No namespace nope.');
    expect(screen.getByRole('link', { name: 'Back to your namespaces' })).toHaveAttribute('href', '/files');
  });
});
