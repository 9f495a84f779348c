import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Route, RouteSpec, User } from '../api/types';
import { jsonResponse, mockFetch, problemResponse, renderWithProviders } from '../test/render';
import { RequireAuth } from '../users/session';
import { RoutesPage } from './RoutesPage';

const admin: User = { id: 'id-admin', username: 'admin', role: 'admin', createdAt: '2026-01-01T00:00:00Z' };

function route(id: string, host: string, extra: Partial<Route> = {}): Route {
  return { id, host, pathPrefix: '/', stripPrefix: false, backend: 'http://127.0.0.1:3000', source: 'api', updatedAt: '2026-01-02T03:04:05Z', ...extra };
}

const wiki = route('r-wiki', 'wiki.example.org');
const shop = route('r-shop', 'shop.example.org', { pathPrefix: '/v1', stripPrefix: true, backend: 'http://10.0.0.5:8080', source: 'file' });

/** A fake routing API over `routes`: POST adds, PUT replaces, DELETE removes; `extra` overrides (later keys win). */
function mockRoutes(routes: Route[], extra: Parameters<typeof mockFetch>[0] = {}, me: User = admin) {
  let table = [...routes];
  const spec = (init: RequestInit) => JSON.parse(String(init.body)) as RouteSpec;
  const fromSpec = (id: string, s: RouteSpec): Route => route(id, s.host ?? '', { pathPrefix: s.pathPrefix ?? '/', stripPrefix: s.stripPrefix ?? false, backend: s.backend ?? '' });
  const fetchMock = mockFetch({
    'GET /api/me': () => jsonResponse(me),
    'GET /api/admin/routes': () => jsonResponse({ version: table.length, items: table }),
    'POST /api/admin/routes': (_, init) => {
      const added = fromSpec(`r-${table.length + 1}`, spec(init));
      table = [...table, added];
      return jsonResponse(added, 201);
    },
    'PUT /api/admin/routes/r-wiki': (_, init) => {
      const saved = fromSpec('r-wiki', spec(init));
      table = table.map((r) => (r.id === saved.id ? saved : r));
      return jsonResponse(saved);
    },
    'DELETE /api/admin/routes/r-wiki': () => {
      table = table.filter((r) => r.id !== 'r-wiki');
      return new Response(null, { status: 204 });
    },
    ...extra,
  });
  return fetchMock;
}

function renderRoutesPage() {
  const ui = userEvent.setup();
  renderWithProviders(
    <RequireAuth>
      <RoutesPage />
    </RequireAuth>,
    { route: '/admin/routes' },
  );
  return ui;
}

function rows(): HTMLElement[] {
  return within(screen.getByRole('table', { name: 'Routes' })).getAllByRole('row').slice(1);
}

function bodiesOf(fetchMock: ReturnType<typeof mockFetch>, method: string): unknown[] {
  return fetchMock.mock.calls.filter(([, init]) => init?.method === method).map(([, init]) => JSON.parse(String(init!.body)));
}

async function fillForm(ui: ReturnType<typeof userEvent.setup>, scope: HTMLElement, values: { host?: string; prefix?: string; backend?: string }) {
  const form = within(scope);
  if (values.host !== undefined) {
    await ui.clear(form.getByLabelText('Host'));
    await ui.type(form.getByLabelText('Host'), values.host);
  }
  if (values.prefix !== undefined) {
    await ui.clear(form.getByLabelText('Path prefix'));
    await ui.type(form.getByLabelText('Path prefix'), values.prefix);
  }
  if (values.backend !== undefined) {
    await ui.clear(form.getByLabelText('Backend'));
    await ui.type(form.getByLabelText('Backend'), values.backend);
  }
}

describe('RoutesPage', () => {
  it('lists every route with its source; routes.yaml ones are read-only', async () => {
    mockRoutes([shop, wiki]);
    renderRoutesPage();

    await screen.findByRole('table', { name: 'Routes' });
    const [shopRow, wikiRow] = rows();
    expect(within(shopRow!).getByRole('rowheader')).toHaveTextContent('shop.example.org');
    expect(shopRow).toHaveTextContent('/v1');
    expect(shopRow).toHaveTextContent('Yes');
    expect(shopRow).toHaveTextContent('http://10.0.0.5:8080');
    expect(within(shopRow!).getByTestId('route-source')).toHaveTextContent('file');
    expect(shopRow).toHaveTextContent('from routes.yaml');
    expect(within(shopRow!).queryByRole('button')).not.toBeInTheDocument();

    expect(within(wikiRow!).getByTestId('route-source')).toHaveTextContent('api');
    expect(within(wikiRow!).getByRole('button', { name: 'Edit wiki.example.org' })).toBeInTheDocument();
    expect(within(wikiRow!).getByRole('button', { name: 'Delete wiki.example.org' })).toBeInTheDocument();
  });

  it('says what routes are for and how to add one when there are none', async () => {
    mockRoutes([]);
    renderRoutesPage();

    expect(await screen.findByText('No routes yet.')).toBeInTheDocument();
    expect(screen.getByText(/Add one with the form above/)).toBeInTheDocument();
  });

  it('adds a route, lists it and empties the form', async () => {
    const fetchMock = mockRoutes([]);
    const ui = renderRoutesPage();
    await screen.findByText('No routes yet.');

    const form = screen.getByRole('region', { name: 'Add a route' });
    await fillForm(ui, form, { host: 'docs.example.org', prefix: '/v2', backend: 'http://127.0.0.1:4000' });
    await ui.click(within(form).getByLabelText('Strip the prefix before passing the request on'));
    await ui.click(within(form).getByRole('button', { name: 'Add route' }));

    expect(await screen.findByText('Route docs.example.org/v2 → http://127.0.0.1:4000 added.')).toBeInTheDocument();
    expect(bodiesOf(fetchMock, 'POST')).toEqual([{ host: 'docs.example.org', pathPrefix: '/v2', stripPrefix: true, backend: 'http://127.0.0.1:4000' }]);
    expect(await screen.findByRole('rowheader', { name: 'docs.example.org' })).toBeInTheDocument();
    expect(within(form).getByLabelText('Host')).toHaveValue('');
  });

  it("shows the server's refusal under the field it names and keeps what was typed", async () => {
    mockRoutes([], {
      'POST /api/admin/routes': () =>
        problemResponse(400, {
          code: 'validation',
          detail: "Backend 'ftp://x' must be an http:// or https:// URL.",
          errors: { backend: ["Backend 'ftp://x' must be an http:// or https:// URL."] },
        }),
    });
    const ui = renderRoutesPage();
    await screen.findByText('No routes yet.');

    const form = screen.getByRole('region', { name: 'Add a route' });
    await fillForm(ui, form, { host: 'docs.example.org', backend: 'ftp://x' });
    await ui.click(within(form).getByRole('button', { name: 'Add route' }));

    const backend = within(form).getByLabelText('Backend');
    await within(form).findByText("Backend 'ftp://x' must be an http:// or https:// URL.");
    expect(backend).toHaveAttribute('aria-invalid', 'true');
    expect(backend).toHaveAccessibleDescription(expect.stringContaining("Backend 'ftp://x' must be"));
    expect(backend).toHaveValue('ftp://x');
    expect(within(form).getByLabelText('Host')).not.toHaveAttribute('aria-invalid');
    expect(within(form).queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows a refusal without a field above the form', async () => {
    mockRoutes([], {
      'POST /api/admin/routes': () => problemResponse(409, { code: 'conflict', detail: 'There are 500 routes already; remove one first.' }),
    });
    const ui = renderRoutesPage();
    await screen.findByText('No routes yet.');

    const form = screen.getByRole('region', { name: 'Add a route' });
    await fillForm(ui, form, { host: 'docs.example.org', backend: 'http://127.0.0.1:1' });
    await ui.click(within(form).getByRole('button', { name: 'Add route' }));

    expect(await within(form).findByRole('alert')).toHaveTextContent('There are 500 routes already; remove one first.');
  });

  it('edits an API route in a dialog', async () => {
    const fetchMock = mockRoutes([wiki]);
    const ui = renderRoutesPage();

    await ui.click(await screen.findByRole('button', { name: 'Edit wiki.example.org' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit route wiki.example.org' });
    expect(within(dialog).getByLabelText('Backend')).toHaveValue('http://127.0.0.1:3000');
    await fillForm(ui, dialog, { backend: 'http://127.0.0.1:3999' });
    await ui.click(within(dialog).getByRole('button', { name: 'Save route' }));

    expect(await screen.findByText('Route wiki.example.org → http://127.0.0.1:3999 saved.')).toBeInTheDocument();
    expect(bodiesOf(fetchMock, 'PUT')).toEqual([{ host: 'wiki.example.org', pathPrefix: '/', stripPrefix: false, backend: 'http://127.0.0.1:3999' }]);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(await screen.findByText('http://127.0.0.1:3999')).toBeInTheDocument();
  });

  it('deletes an API route only after it is confirmed', async () => {
    const fetchMock = mockRoutes([shop, wiki]);
    const ui = renderRoutesPage();

    await ui.click(await screen.findByRole('button', { name: 'Delete wiki.example.org' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete route wiki.example.org?' });
    expect(dialog).toHaveTextContent('Requests for wiki.example.org will no longer reach http://127.0.0.1:3000.');
    await ui.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'DELETE')).toBe(false);

    await ui.click(screen.getByRole('button', { name: 'Delete wiki.example.org' }));
    await ui.click(within(screen.getByRole('dialog', { name: 'Delete route wiki.example.org?' })).getByRole('button', { name: 'Delete route' }));

    expect(await screen.findByText('Route wiki.example.org deleted.')).toBeInTheDocument();
    expect(screen.queryByRole('rowheader', { name: 'wiki.example.org' })).not.toBeInTheDocument();
    expect(rows()).toHaveLength(1);
  });

  it('tells a non-admin that only administrators manage routes', async () => {
    const fetchMock = mockRoutes([], {}, { ...admin, role: 'user' });
    renderRoutesPage();

    expect(await screen.findByText('Only administrators can manage routes. Ask an administrator if you need access.')).toBeInTheDocument();
    expect(fetchMock.mock.calls.some(([url]) => String(url).startsWith('/api/admin/routes'))).toBe(false);
  });
});
