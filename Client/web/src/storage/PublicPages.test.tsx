import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';
import { App } from '../App';
import { jsonResponse, mockFetch, problemResponse, renderWithProviders } from '../test/render';
import { namespace, storedFile } from '../test/storageFakes';

const signedOut = () => problemResponse(401, { code: 'unauthorized' });
const gallery = namespace({ id: 'ns-7', name: 'Gallery', owner: 'carol', visibility: 'public', usedBytes: 5 * 1024 * 1024 });

function Location() {
  return <output data-testid="location">{useLocation().pathname}</output>;
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

describe('public pages (signed out)', () => {
  it('lists public namespaces without sending the visitor to sign in', async () => {
    mockFetch({
      'GET /api/me': signedOut,
      'GET /api/public/namespaces': () => jsonResponse({ items: [gallery], next: null }),
    });
    renderApp('/public');

    expect(await screen.findByRole('heading', { level: 1, name: 'Public files' })).toBeInTheDocument();
    const table = await screen.findByRole('table', { name: 'Public namespaces' });
    const row = within(table).getAllByRole('row')[1]!;
    expect(within(row).getByRole('link', { name: 'Gallery' })).toHaveAttribute('href', '/public/ns-7');
    expect(row).toHaveTextContent('carol');
    expect(row).toHaveTextContent('5.00 MiB');
    expect(screen.getByTestId('location')).toHaveTextContent('/public');
    expect(screen.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/sign-in?next=%2Fpublic');
    expect(screen.queryByRole('button', { name: 'Sign out' })).not.toBeInTheDocument();
  });

  it('says so when nothing is public', async () => {
    mockFetch({ 'GET /api/me': signedOut, 'GET /api/public/namespaces': () => jsonResponse({ items: [], next: null }) });
    renderApp('/public');
    expect(await screen.findByText('No public namespaces yet.')).toBeInTheDocument();
  });

  it('shows a public namespace read-only: folders and files, download and link, no upload or delete', async () => {
    mockFetch({
      'GET /api/me': signedOut,
      'GET /api/namespaces/ns-7': () => jsonResponse(gallery),
      'GET /api/namespaces/ns-7/files': (url) =>
        new URL(url, 'http://x').searchParams.get('prefix') === 'cats/'
          ? jsonResponse({ items: [storedFile('cats/tom.png', { contentType: 'image/png' })], folders: [], next: null })
          : jsonResponse({ items: [storedFile('index.md', { contentType: 'text/markdown' })], folders: ['cats/'], next: null }),
    });
    const ui = userEvent.setup();
    renderApp('/public/ns-7');

    expect(await screen.findByRole('heading', { level: 1, name: 'Gallery' })).toBeInTheDocument();
    expect(screen.getByText('Shared by carol.')).toBeInTheDocument();
    const table = await screen.findByRole('table', { name: 'Files in /' });
    expect(within(table).getAllByRole('rowheader').map((c) => c.textContent?.replace(/[📁📄]/gu, '').trim())).toEqual(['cats', 'index.md']);
    expect(screen.getByRole('link', { name: 'Download index.md' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Copy link to index.md' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Upload files' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Delete/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Share links' })).not.toBeInTheDocument();

    await ui.click(within(table).getByRole('link', { name: 'cats' }));
    expect(await screen.findByRole('table', { name: 'Files in /cats' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/public/ns-7/cats');
    await ui.click(screen.getByRole('button', { name: 'Preview tom.png' }));
    expect(within(screen.getByRole('dialog', { name: 'Preview of tom.png' })).getByRole('img', { name: 'tom.png' })).toHaveAttribute(
      'src',
      '/api/namespaces/ns-7/files/cats/tom.png',
    );
  });

  it('opens a share link: the file’s details and a Download button', async () => {
    mockFetch({
      'GET /api/me': signedOut,
      'GET /api/shares/tok-1/info': () =>
        jsonResponse({ path: 'reports/q1.pdf', size: 2 * 1024 * 1024, contentType: 'application/pdf', modifiedAt: '2026-03-01T00:00:00Z', expiresAt: null }),
    });
    renderApp('/s/tok-1');

    expect(await screen.findByRole('heading', { level: 1, name: 'q1.pdf' })).toBeInTheDocument();
    expect(screen.getByText('2.00 MiB')).toBeInTheDocument();
    expect(screen.getByText('Never')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Download' })).toHaveAttribute('href', '/api/shares/tok-1?download=true');
    expect(screen.getByTestId('location')).toHaveTextContent('/s/tok-1');
  });

  it('explains an expired or revoked share link', async () => {
    mockFetch({ 'GET /api/me': signedOut, 'GET /api/shares/gone/info': () => problemResponse(404, { code: 'not_found', detail: 'No such share.' }) });
    renderApp('/s/gone');
    expect(await screen.findByRole('alert')).toHaveTextContent('No such share.');
    expect(screen.getByText(/may have expired or been revoked/)).toBeInTheDocument();
  });

  it('links to public files from the sign-in page', async () => {
    mockFetch({ 'GET /api/me': signedOut });
    renderApp('/sign-in');
    expect(await screen.findByRole('link', { name: 'browse public files' })).toHaveAttribute('href', '/public');
  });
});

describe('navigation (signed in)', () => {
  it('has Files and Public in the main navigation, and public pages keep the app frame', async () => {
    mockFetch({
      'GET /api/me': () => jsonResponse({ id: 'u1', username: 'alice', role: 'user', createdAt: '2026-01-01T00:00:00Z' }),
      'GET /api/public/namespaces': () => jsonResponse({ items: [], next: null }),
    });
    renderApp('/public');

    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Files' })).toHaveAttribute('href', '/files');
    expect(within(nav).getByRole('link', { name: 'Public' })).toHaveAttribute('href', '/public');
    expect(screen.getByTestId('current-user')).toHaveTextContent('alice');
  });
});
