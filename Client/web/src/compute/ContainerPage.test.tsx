import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Container } from '../api/types';
import { container, FakeEventSource, installEventSourceFake, logLine, MiB, sshKey, stats, streamTo } from '../test/computeFakes';
import { renderCompute } from '../test/computeRender';
import { jsonResponse, mockFetch } from '../test/render';

const alice = { id: 'u1', username: 'alice', role: 'user', createdAt: '2026-01-01T00:00:00Z' };
const LOGS = '/api/containers/c-1/logs?follow=true&tail=200';
const STATS = '/api/containers/c-1/stats/stream';

const web = container({
  command: ['sh', '-c', 'echo "$HOME" | tee x; rm -rf *'],
  env: { GREETING: 'hello' },
  ports: [8080],
  addresses: [{ port: 8080, hostPort: 32768, host: '127.0.0.1' }],
  allowedKeys: ['k1'],
  ssh: { command: 'ssh -p 2222 web.alice@edd.example', hostKeys: ['ssh-ed25519 AAAAhostkey'] },
  ingress: [{ name: 'blog', port: 8080, pathPrefix: null, url: 'https://blog.apps.example', containerId: 'c-1' }],
});

function routes(current: Container, extra: Parameters<typeof mockFetch>[0] = {}) {
  return mockFetch({
    'GET /api/me': () => jsonResponse(alice),
    'GET /api/containers/c-1': () => jsonResponse(current),
    'GET /api/ssh/gateway': () => jsonResponse({ hostKeys: ['ssh-ed25519 AAAAgatewaykey'] }),
    'GET /api/me/ssh-keys': () => jsonResponse({ items: [sshKey('k1', 'alice@laptop'), sshKey('k2', 'alice@desktop')] }),
    ...extra,
  });
}

function bodiesOf(fetchMock: ReturnType<typeof mockFetch>, method: string, url: string): unknown[] {
  return fetchMock.mock.calls
    .filter(([u, init]) => u === url && (init?.method ?? 'GET') === method)
    .map(([, init]) => (init?.body === undefined ? undefined : JSON.parse(String(init.body))));
}

async function openPage(current: Container = web, extra: Parameters<typeof mockFetch>[0] = {}) {
  installEventSourceFake();
  const fetchMock = routes(current, extra);
  const ui = userEvent.setup();
  renderCompute('/containers/c-1');
  await screen.findByRole('heading', { level: 1, name: current.name });
  return { ui, fetchMock };
}

describe('ContainerPage', () => {
  it('shows the status, the ssh command with a copy button, host keys, addresses and the spec with each argument apart', async () => {
    const { ui } = await openPage();

    expect(screen.getByTestId('container-status')).toHaveTextContent('running');
    // Only the badge says "running", so a browser test waiting for the word waits for the status.
    expect(screen.getAllByText(/running/i)).toHaveLength(1);
    expect(screen.getByRole('textbox', { name: 'SSH command' })).toHaveValue('ssh -p 2222 web.alice@edd.example');
    await ui.click(screen.getByRole('button', { name: 'Copy SSH command' }));
    expect(await screen.findByText('Copied to the clipboard.')).toBeInTheDocument();
    expect(await navigator.clipboard.readText()).toBe('ssh -p 2222 web.alice@edd.example');
    expect(within(screen.getByRole('list', { name: 'Container host keys' })).getByText('ssh-ed25519 AAAAhostkey')).toBeInTheDocument();
    // ssh through the gateway meets the gateway's key: that is the one to compare on first connecting.
    expect(within(await screen.findByRole('list', { name: 'Gateway host keys' })).getByText('ssh-ed25519 AAAAgatewaykey')).toBeInTheDocument();
    expect(screen.getByText('127.0.0.1:32768')).toBeInTheDocument();
    const argv = within(screen.getByRole('list', { name: 'Arguments' })).getAllByRole('listitem');
    expect(argv.map((li) => li.textContent)).toEqual(['sh', '-c', 'echo "$HOME" | tee x; rm -rf *']);
    expect(screen.getByText('GREETING=hello')).toBeInTheDocument();
  });

  it('shows the volume in the settings: persistent at /data, or none and free to move', async () => {
    await openPage();
    const settings = screen.getByRole('region', { name: 'Settings' });
    expect(within(settings).getByText('Volume', { selector: 'dt' }).nextElementSibling).toHaveTextContent(
      /^\/data, persistent: it keeps the container on its node$/,
    );
  });

  it('says when a container has no volume and moves if its node leaves', async () => {
    await openPage(container({ volume: false }));
    const settings = screen.getByRole('region', { name: 'Settings' });
    expect(within(settings).getByText('Volume', { selector: 'dt' }).nextElementSibling).toHaveTextContent(
      /^None: the container moves to another node if its node leaves$/,
    );
  });

  it('enables start, stop and restart by state', async () => {
    await openPage(container({ status: 'stopped', desiredState: 'stopped' }));
    expect(screen.getByRole('button', { name: 'Start' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Stop' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Restart' })).toBeDisabled();
    expect(screen.getByText('The SSH command appears here once the container has started on a node.')).toBeInTheDocument();
  });

  it('stops, starts and restarts, showing the status each answer gives', async () => {
    const { ui, fetchMock } = await openPage(web, {
      'POST /api/containers/c-1/stop': () => jsonResponse({ ...web, desiredState: 'stopped', status: 'stopping' }, 202),
      'POST /api/containers/c-1/start': () => jsonResponse({ ...web, status: 'starting' }, 202),
      'POST /api/containers/c-1/restart': () => jsonResponse({ ...web, status: 'starting', restartCount: 1 }, 202),
    });
    expect(screen.getByRole('button', { name: 'Start' })).toBeDisabled();

    await ui.click(screen.getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(screen.getByTestId('container-status')).toHaveTextContent('stopping'));
    expect(screen.getByText(/Stopping web/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Stop' })).toBeDisabled();

    await ui.click(screen.getByRole('button', { name: 'Start' }));
    await waitFor(() => expect(screen.getByTestId('container-status')).toHaveTextContent('starting'));

    expect(bodiesOf(fetchMock, 'POST', '/api/containers/c-1/stop')).toEqual([undefined]);
    expect(bodiesOf(fetchMock, 'POST', '/api/containers/c-1/start')).toHaveLength(1);
  });

  it('restarts a running container', async () => {
    const { ui, fetchMock } = await openPage(web, {
      'POST /api/containers/c-1/restart': () => jsonResponse({ ...web, status: 'starting', restartCount: 1 }, 202),
    });
    await ui.click(screen.getByRole('button', { name: 'Restart' }));
    expect(await screen.findByText('Restarting web…')).toBeInTheDocument();
    expect(bodiesOf(fetchMock, 'POST', '/api/containers/c-1/restart')).toHaveLength(1);
  });

  it('deletes only after the name is typed, then returns to the list', async () => {
    const { ui, fetchMock } = await openPage(web, {
      'DELETE /api/containers/c-1': () => new Response(null, { status: 204 }),
      'GET /api/containers': () => jsonResponse({ items: [], next: null }),
      'GET /api/me/compute': () => jsonResponse({ containers: 0, maxContainers: 5, cpus: 0, maxCpus: 4, memoryBytes: 0, maxMemoryBytes: 8 * 2 ** 30 }),
    });
    await ui.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete web?' });
    const confirm = within(dialog).getByRole('button', { name: 'Delete container' });
    expect(confirm).toBeDisabled();
    await ui.type(within(dialog).getByRole('textbox', { name: 'Type web to confirm' }), 'we');
    expect(confirm).toBeDisabled();
    await ui.type(within(dialog).getByRole('textbox', { name: 'Type web to confirm' }), 'b');
    await ui.click(confirm);

    expect(await screen.findByRole('heading', { level: 1, name: 'Containers' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/containers');
    expect(screen.getByText(/web was deleted/)).toBeInTheDocument();
    expect(bodiesOf(fetchMock, 'DELETE', '/api/containers/c-1')).toHaveLength(1);
  });

  it('follows the logs: stderr marked, pause holds lines back, a reconnect starts afresh', async () => {
    await openPage();
    const stream = streamTo(LOGS)!;
    expect(stream).toBeDefined();
    const log = screen.getByRole('log', { name: 'Logs of web' });

    act(() => {
      stream.open();
      stream.emit('log', logLine('listening on :8080'));
      stream.emit('log', logLine('warning: disk almost full', 'stderr'));
    });
    const lines = within(log).getAllByRole('listitem');
    expect(lines.map((li) => li.querySelector('.log-text')!.textContent)).toEqual(['listening on :8080', 'warning: disk almost full']);
    expect(lines[0]).toHaveAttribute('data-stream', 'stdout');
    expect(lines[1]).toHaveAttribute('data-stream', 'stderr');
    expect(lines[1]).toHaveClass('log-stderr');
    expect(lines[1]).toHaveTextContent('stderr');
    expect(screen.getByTestId('logs-state')).toHaveTextContent('Live');

    const ui = userEvent.setup();
    await ui.click(screen.getByRole('button', { name: 'Pause' }));
    act(() => stream.emit('log', logLine('GET / 200')));
    expect(within(log).queryByText('GET / 200')).not.toBeInTheDocument();
    expect(screen.getByTestId('logs-state')).toHaveTextContent('1 new line held back');
    await ui.click(screen.getByRole('button', { name: 'Resume' }));
    expect(within(log).getByText('GET / 200')).toBeInTheDocument();

    act(() => stream.fail());
    expect(screen.getByTestId('logs-state')).toHaveTextContent('reconnecting');
    act(() => {
      stream.open();
      stream.emit('log', logLine('listening on :8080'));
    });
    expect(within(log).getAllByRole('listitem')).toHaveLength(1);
  });

  it('shows live stats: CPU, memory against the limit, network, processes and restarts', async () => {
    await openPage();
    const stream = streamTo(STATS)!;
    act(() => {
      stream.open();
      stream.emit('stats', stats({ cpuPercent: 37.25, memoryBytes: 128 * MiB, memoryLimitBytes: 512 * MiB, pids: 7, restartCount: 2 }));
    });
    expect(screen.getByTestId('stats-cpu')).toHaveTextContent('37.3 % (limit 50 %');
    expect(screen.getByTestId('stats-memory')).toHaveTextContent('128 MiB of 512 MiB');
    expect(screen.getByTestId('stats-network')).toHaveTextContent('2.00 KiB received, 3.00 MiB sent');
    expect(screen.getByTestId('stats-pids')).toHaveTextContent('7 of 256');
    expect(screen.getByTestId('stats-restarts')).toHaveTextContent('2');
    act(() => stream.emit('stats', stats({ cpuPercent: 5 })));
    expect(screen.getByTestId('stats-cpu')).toHaveTextContent('5.0 %');
  });

  it('closes both streams when leaving the page', async () => {
    const { ui } = await openPage(web, {
      'GET /api/containers': () => jsonResponse({ items: [web], next: null }),
      'GET /api/me/compute': () => jsonResponse({ containers: 1, maxContainers: 5, cpus: 0.5, maxCpus: 4, memoryBytes: 0, maxMemoryBytes: 1 }),
    });
    await ui.click(screen.getAllByRole('link', { name: 'Back to your containers' })[0]!);
    await screen.findByRole('heading', { level: 1, name: 'Containers' });
    expect(FakeEventSource.instances.every((s) => s.closed)).toBe(true);
  });

  it('edits the allowed keys with PATCH allowedKeys', async () => {
    const { ui, fetchMock } = await openPage(web, {
      'PATCH /api/containers/c-1': () => jsonResponse({ ...web, allowedKeys: ['k1', 'k2'] }),
    });
    const group = await screen.findByRole('group', { name: 'SSH keys that may log in' });
    expect(within(group).getByRole('checkbox', { name: 'alice@laptop' })).toBeChecked();
    expect(screen.getByRole('button', { name: 'Save keys' })).toBeDisabled();

    await ui.click(within(group).getByRole('checkbox', { name: 'alice@desktop' }));
    await ui.click(screen.getByRole('button', { name: 'Save keys' }));

    expect(await screen.findByText(/reaches the container within seconds/)).toBeInTheDocument();
    expect(bodiesOf(fetchMock, 'PATCH', '/api/containers/c-1')).toEqual([{ allowedKeys: ['k1', 'k2'], restartPolicy: null }]);
    expect(within(group).getByRole('checkbox', { name: 'alice@desktop' })).toBeChecked();
    expect(screen.getByRole('button', { name: 'Save keys' })).toBeDisabled();
  });

  it("shows another user's keys read-only to an admin", async () => {
    installEventSourceFake();
    mockFetch({
      'GET /api/me': () => jsonResponse({ ...alice, id: 'admin-1', username: 'root', role: 'admin' }),
      'GET /api/containers/c-1': () => jsonResponse(web),
    });
    renderCompute('/containers/c-1');
    expect(await screen.findByText(/1 of alice’s keys may log in/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save keys' })).not.toBeInTheDocument();
  });

  it('adds and removes ingress rules', async () => {
    const shop = { name: 'shop', port: 8080, pathPrefix: '/store', url: 'https://shop.apps.example/store', containerId: 'c-1' };
    let rules = web.ingress;
    const { ui, fetchMock } = await openPage(web, {
      'GET /api/containers/c-1': () => jsonResponse({ ...web, ingress: rules }),
      'POST /api/containers/c-1/ingress': () => {
        rules = [...rules, shop];
        return jsonResponse(shop, 201);
      },
      'DELETE /api/containers/c-1/ingress/blog': () => {
        rules = rules.filter((r) => r.name !== 'blog');
        return new Response(null, { status: 204 });
      },
    });
    const table = screen.getByRole('table', { name: 'Ingress rules' });
    expect(within(table).getByRole('link', { name: 'https://blog.apps.example' })).toHaveAttribute('href', 'https://blog.apps.example');

    // The only published port is filled in.
    expect(screen.getByRole('textbox', { name: 'Port' })).toHaveValue('8080');
    await ui.type(screen.getByRole('textbox', { name: 'Subdomain' }), 'admin');
    await ui.click(screen.getByRole('button', { name: 'Add rule' }));
    expect(screen.getByRole('textbox', { name: 'Subdomain' })).toHaveAccessibleDescription(expect.stringContaining('reserved'));
    await ui.clear(screen.getByRole('textbox', { name: 'Subdomain' }));
    await ui.type(screen.getByRole('textbox', { name: 'Subdomain' }), 'shop');
    await ui.type(screen.getByRole('textbox', { name: 'Path prefix' }), '/store');
    await ui.click(screen.getByRole('button', { name: 'Add rule' }));

    expect(await within(table).findByRole('link', { name: 'https://shop.apps.example/store' })).toBeInTheDocument();
    expect(bodiesOf(fetchMock, 'POST', '/api/containers/c-1/ingress')).toEqual([{ name: 'shop', port: 8080, pathPrefix: '/store' }]);

    await ui.click(within(table).getByRole('button', { name: 'Remove ingress rule blog' }));
    const dialog = screen.getByRole('dialog', { name: 'Remove ingress rule blog?' });
    await ui.click(within(dialog).getByRole('button', { name: 'Remove rule' }));

    await waitFor(() => expect(within(table).queryByRole('link', { name: 'https://blog.apps.example' })).not.toBeInTheDocument());
    expect(bodiesOf(fetchMock, 'DELETE', '/api/containers/c-1/ingress/blog')).toHaveLength(1);
  });

  it('says when an ingress subdomain is taken', async () => {
    const { ui } = await openPage(web, {
      'POST /api/containers/c-1/ingress': () =>
        new Response(JSON.stringify({ status: 409, code: 'conflict', detail: 'The ingress name shop is taken.' }), {
          status: 409,
          headers: { 'Content-Type': 'application/problem+json' },
        }),
    });
    await ui.type(screen.getByRole('textbox', { name: 'Subdomain' }), 'shop');
    await ui.click(screen.getByRole('button', { name: 'Add rule' }));
    expect(await screen.findByText('This subdomain is taken; choose another.')).toBeInTheDocument();
  });
});

describe('ContainerPage streams', () => {
  it('connects the streams again when the container (re)starts', async () => {
    installEventSourceFake();
    let current = container({ status: 'creating', startedAt: null, node: null });
    mockFetch({
      'GET /api/me': () => jsonResponse(alice),
      'GET /api/containers/c-1': () => jsonResponse(current),
      'GET /api/me/ssh-keys': () => jsonResponse({ items: [] }),
    });
    renderCompute('/containers/c-1');
    await screen.findByText('creating');
    const first = streamTo(LOGS)!;
    act(() => first.fail());
    first.readyState = 2;

    current = container({ status: 'running', startedAt: '2026-11-20T10:05:00Z' });
    expect(await screen.findByText('running', {}, { timeout: 4000 })).toBeInTheDocument();
    expect(first.closed).toBe(true);
    expect(streamTo(LOGS)).not.toBe(first);
    expect(streamTo(STATS)!.closed).toBe(false);
  });
});
