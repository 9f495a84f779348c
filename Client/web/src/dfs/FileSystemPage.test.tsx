import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DfsFsckReport, DfsNode, DfsStatus } from '../api/types';
import { jsonResponse, mockFetch, problemResponse, renderWithProviders } from '../test/render';
import { RequireAuth } from '../users/session';
import { formatBytes } from './format';
import { FileSystemPage } from './FileSystemPage';

const admin = { id: 'u0', username: 'root', role: 'admin', createdAt: '2026-01-01T00:00:00Z' };
const GiB = 1024 ** 3;
const zeroTotals = { bytesIn: 0, bytesOut: 0, gcReclaimedBytes: 0, gcReclaimedReplicas: 0, scrubbedBytes: 0, corruptReplicasFound: 0, repairBytesCopied: 0 };

function node(name: string, alive: boolean, inRate: number): DfsNode {
  return {
    name,
    alive,
    lastSeen: new Date().toISOString(),
    dataPlaneUrl: `http://${name}:8081`,
    disks: [{ id: `${name}-d1`, capacityBytes: 100 * GiB, freeBytes: 40 * GiB, replicas: 14 }],
    rates: { bytesInPerSecond: inRate, bytesOutPerSecond: 0 },
    totals: zeroTotals,
  };
}

const status: DfsStatus = {
  chunkSize: 64 * 1024 * 1024,
  replicationFactor: 3,
  nodes: [node('node-b', false, 0), node('node-a', true, 1.2 * 1024 * 1024)],
  capacityBytes: 200 * GiB,
  freeBytes: 80 * GiB,
  replicas: 28,
  rates: { bytesInPerSecond: 1.2 * 1024 * 1024, bytesOutPerSecond: 0 },
  totals: { ...zeroTotals, gcReclaimedBytes: 3 * GiB, gcReclaimedReplicas: 120, scrubbedBytes: 1024 * GiB, corruptReplicasFound: 2 },
  repair: { underReplicated: 12, repairable: 5, queued: 3, inProgress: 2, completed: 40, failed: 1, bytesCopied: 1.2 * GiB, lost: 2 },
};

const chunk = '6f1c2d3e-0000-4000-8000-000000000001';

function report(overrides: Partial<DfsFsckReport> = {}): DfsFsckReport {
  return {
    files: 7,
    chunks: 9,
    replicasVerified: 25,
    bytesVerified: 1.5 * 1024 * 1024,
    unreferencedReplicas: 1,
    errors: 0,
    warnings: 0,
    problems: [],
    truncated: false,
    healthy: true,
    ...overrides,
  };
}

function renderFileSystemPage() {
  return renderWithProviders(
    <RequireAuth>
      <FileSystemPage />
    </RequireAuth>,
    { route: '/admin/file-system' },
  );
}

afterEach(() => {
  vi.useRealTimers();
});

describe('FileSystemPage', () => {
  it('renders nodes with state, rates and disks, and the repair summary', async () => {
    mockFetch({ 'GET /api/me': () => jsonResponse(admin), 'GET /api/dfs/status': () => jsonResponse(status) });
    renderFileSystemPage();

    const nodes = await screen.findByRole('table', { name: 'Nodes' });
    const rows = within(nodes).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getByRole('rowheader').textContent)).toEqual(['node-a', 'node-b']);
    expect(rows[0]).toHaveTextContent('Alive');
    expect(rows[0]).toHaveTextContent('1.20 MiB/s');
    expect(rows[0]).toHaveTextContent('40.0 GiB free of 100 GiB, 14 replicas');
    expect(rows[1]).toHaveTextContent('Down');

    const repair = screen.getByRole('region', { name: 'Repair and maintenance' });
    expect(repair).toHaveTextContent('12 chunks (5 repairable, 2 lost)');
    expect(repair).toHaveTextContent('3 queued, 2 in progress, 40 completed, 1 failed');
    expect(repair).toHaveTextContent(`Repair copied${formatBytes(1.2 * GiB)}`);
    expect(repair).toHaveTextContent('3.00 GiB (120 replicas)');
    expect(repair).toHaveTextContent('Corrupt replicas found2');

    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Node node-b is down');
    expect(alert).toHaveTextContent('2 chunks have no live replica');
    expect(alert).toHaveTextContent('5 chunks below 3 replicas cannot be repaired');
    expect(screen.getByRole('region', { name: 'Cluster' })).toHaveTextContent('1 of 2 alive');
  });

  it('refreshes the status every 5 seconds', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const fetchMock = mockFetch({ 'GET /api/me': () => jsonResponse(admin), 'GET /api/dfs/status': () => jsonResponse(status) });
    renderFileSystemPage();
    await screen.findByRole('table', { name: 'Nodes' });
    const statusCalls = () => fetchMock.mock.calls.filter(([url]) => url === '/api/dfs/status').length;
    expect(statusCalls()).toBe(1);

    await vi.advanceTimersByTimeAsync(5_000);

    await waitFor(() => expect(statusCalls()).toBe(2));
  });

  it('runs fsck with verification and lists problems grouped, errors first', async () => {
    let answer: (response: Response) => void = () => {};
    const fetchMock = mockFetch({
      'GET /api/me': () => jsonResponse(admin),
      'GET /api/dfs/status': () => jsonResponse(status),
      'POST /api/dfs/fsck': () => new Promise<Response>((resolve) => (answer = resolve)),
    });
    const ui = userEvent.setup();
    renderFileSystemPage();

    expect(await screen.findByRole('checkbox', { name: 'Verify replicas' })).toBeChecked();
    await ui.click(screen.getByRole('button', { name: 'Run fsck' }));

    expect(screen.getByRole('button', { name: 'Running fsck…' })).toBeDisabled();
    expect(screen.getByText(/Reading every replica…/)).toBeInTheDocument();
    expect(fetchMock.mock.calls.some(([url, init]) => url === '/api/dfs/fsck?verify=true' && init?.method === 'POST')).toBe(true);

    answer(
      jsonResponse(
        report({
          errors: 1,
          warnings: 1,
          healthy: false,
          problems: [
            { severity: 'info', kind: 'staged-replica', detail: 'No file uses this staged copy.', path: null, chunkId: chunk, node: 'node-c', disk: 'd3' },
            { severity: 'warning', kind: 'under-replicated', detail: '2 of 3 replicas are live.', path: '/photos/b.raw', chunkId: chunk, node: null, disk: null },
            { severity: 'error', kind: 'replica-corrupt', detail: '3 blocks fail their CRC32C.', path: '/photos/a.raw', chunkId: chunk, node: 'node-a', disk: 'd1' },
          ],
        }),
      ),
    );

    const result = await screen.findByTestId('fsck-report');
    expect(within(result).getByText(/Not healthy:/).parentElement).toHaveTextContent('1 error and 1 warning');
    const headings = within(result).getAllByRole('heading').map((h) => h.textContent);
    expect(headings).toEqual(['Errors (1)', 'Warnings (1)', 'Info (1)']);
    const errors = within(result).getByRole('region', { name: 'Errors (1)' });
    expect(errors).toHaveTextContent('replica-corrupt /photos/a.raw');
    expect(errors).toHaveTextContent(`chunk ${chunk}, node node-a, disk d1`);
    expect(errors).toHaveTextContent('3 blocks fail their CRC32C.');
    expect(result).toHaveTextContent('25 (1.50 MiB read)');
    expect(screen.getByRole('button', { name: 'Run fsck' })).toBeEnabled();
  });

  it('says plainly when fsck without verification finds the file system healthy', async () => {
    const fetchMock = mockFetch({
      'GET /api/me': () => jsonResponse(admin),
      'GET /api/dfs/status': () => jsonResponse(status),
      'POST /api/dfs/fsck': () => jsonResponse(report({ replicasVerified: 0, bytesVerified: 0 })),
    });
    const ui = userEvent.setup();
    renderFileSystemPage();

    await ui.click(await screen.findByRole('checkbox', { name: 'Verify replicas' }));
    await ui.click(screen.getByRole('button', { name: 'Run fsck' }));

    const result = await screen.findByTestId('fsck-report');
    expect(within(result).getByRole('status')).toHaveTextContent('Healthy: no errors.');
    expect(result).toHaveTextContent('none read (verify was off)');
    expect(within(result).queryByRole('heading')).not.toBeInTheDocument();
    expect(fetchMock.mock.calls.some(([url]) => url === '/api/dfs/fsck?verify=false')).toBe(true);
  });

  it('says when the problem list is truncated', async () => {
    mockFetch({
      'GET /api/me': () => jsonResponse(admin),
      'GET /api/dfs/status': () => jsonResponse(status),
      'POST /api/dfs/fsck': () =>
        jsonResponse(
          report({
            errors: 1,
            healthy: false,
            truncated: true,
            problems: [{ severity: 'error', kind: 'chunk-missing', detail: 'Not committed.', path: '/a.bin', chunkId: chunk, node: null, disk: null }],
          }),
        ),
    });
    const ui = userEvent.setup();
    renderFileSystemPage();

    await ui.click(await screen.findByRole('button', { name: 'Run fsck' }));

    expect(await screen.findByText(/Only the first 1 problems are listed; there are more/)).toBeInTheDocument();
  });

  it('shows the problem detail when fsck fails', async () => {
    mockFetch({
      'GET /api/me': () => jsonResponse(admin),
      'GET /api/dfs/status': () => jsonResponse(status),
      'POST /api/dfs/fsck': () => problemResponse(503, { code: 'unavailable', title: 'Service Unavailable', detail: 'The cluster is still starting.' }),
    });
    const ui = userEvent.setup();
    renderFileSystemPage();

    await ui.click(await screen.findByRole('button', { name: 'Run fsck' }));

    const region = screen.getByRole('region', { name: 'File system check' });
    expect(await within(region).findByRole('alert')).toHaveTextContent('The cluster is still starting.');
    expect(within(region).queryByTestId('fsck-report')).not.toBeInTheDocument();
  });

  it('shows the problem detail when the status cannot be read', async () => {
    mockFetch({
      'GET /api/me': () => jsonResponse(admin),
      'GET /api/dfs/status': () => problemResponse(403, { code: 'forbidden', detail: 'The token lacks the admin:read scope.' }),
    });
    renderFileSystemPage();

    expect(await screen.findByRole('alert')).toHaveTextContent('The token lacks the admin:read scope.');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('tells a non-admin the page is for administrators without calling the API', async () => {
    const fetchMock = mockFetch({
      'GET /api/me': () => jsonResponse({ ...admin, role: 'user' }),
    });
    renderFileSystemPage();

    expect(await screen.findByText(/Only administrators can see the file system's nodes and disks/)).toBeInTheDocument();
    expect(fetchMock.mock.calls.some(([url]) => String(url).startsWith('/api/dfs'))).toBe(false);
  });
});
