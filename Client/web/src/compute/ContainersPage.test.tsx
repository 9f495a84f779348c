import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { computeUsage, container, GiB } from '../test/computeFakes';
import { renderCompute } from '../test/computeRender';
import { jsonResponse, mockFetch, problemResponse } from '../test/render';

const alice = { id: 'u1', username: 'alice', role: 'user', createdAt: '2026-01-01T00:00:00Z' };

describe('ContainersPage', () => {
  it('lists containers with their status as the API names it, the reason, image, CPU and memory', async () => {
    mockFetch({
      'GET /api/me': () => jsonResponse(alice),
      'GET /api/containers': () =>
        jsonResponse({
          items: [
            container({ id: 'c-1', name: 'api-server', status: 'running' }),
            container({ id: 'c-2', name: 'batch', status: 'exited', statusReason: 'exited with code 137', exitCode: 137, cpus: 2, memoryBytes: GiB }),
            container({ id: 'c-3', name: 'far', status: 'lost', statusReason: 'node n2 is away', image: 'custom:2' }),
          ],
          next: null,
        }),
      'GET /api/me/compute': () => jsonResponse(computeUsage({ containers: 3, cpus: 3, memoryBytes: 2 * GiB })),
    });
    renderCompute('/containers');

    const table = await screen.findByRole('table', { name: 'Containers' });
    expect(within(table).getByRole('link', { name: 'api-server' })).toHaveAttribute('href', '/containers/c-1');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getByTestId('container-status').textContent)).toEqual(['running', 'exited', 'lost']);
    expect(rows[1]).toHaveTextContent('exited with code 137');
    expect(rows[1]).toHaveTextContent('2 cores');
    expect(rows[1]).toHaveTextContent('1.00 GiB');
    expect(rows[0]).toHaveTextContent('0.5 cores');
    expect(rows[0]).toHaveTextContent('512 MiB');
    expect(rows[2]).toHaveTextContent('node n2 is away');
    expect(rows[2]).toHaveTextContent('custom:2');

    expect(await screen.findByTestId('compute-containers-used')).toHaveTextContent('3 of 5 containers');
    expect(screen.getByTestId('compute-cpus-used')).toHaveTextContent('3 cores of 4 cores');
    expect(screen.getByTestId('compute-memory-used')).toHaveTextContent('2.00 GiB of 8.00 GiB');
    expect(screen.getByRole('link', { name: 'New container' })).toHaveAttribute('href', '/containers/new');
  });

  it('invites to create the first container when there is none', async () => {
    mockFetch({
      'GET /api/me': () => jsonResponse(alice),
      'GET /api/containers': () => jsonResponse({ items: [], next: null }),
      'GET /api/me/compute': () => jsonResponse(computeUsage({ containers: 0, cpus: 0, memoryBytes: 0 })),
    });
    renderCompute('/containers');

    expect(await screen.findByText('No containers yet.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Create your first container' })).toHaveAttribute('href', '/containers/new');
    // One "New container" control only, so a browser test finds it unambiguously.
    expect(screen.getAllByRole('link', { name: /New container/ })).toHaveLength(1);
  });

  it('refreshes every 2 s while a container is on its way, until it runs', async () => {
    let calls = 0;
    mockFetch({
      'GET /api/me': () => jsonResponse(alice),
      'GET /api/containers': () => {
        calls++;
        return jsonResponse({ items: [container({ status: calls === 1 ? 'creating' : 'running' })], next: null });
      },
      'GET /api/me/compute': () => jsonResponse(computeUsage()),
    });
    renderCompute('/containers');

    expect(await screen.findByText('creating')).toBeInTheDocument();
    expect(await screen.findByText('running', {}, { timeout: 4000 })).toBeInTheDocument();
    expect(calls).toBe(2);
  });

  it('shows an error with "Try again" when the list fails, and the quota error on its own', async () => {
    mockFetch({
      'GET /api/me': () => jsonResponse(alice),
      'GET /api/containers': () => problemResponse(503, { detail: 'The compute service is starting.' }),
      'GET /api/me/compute': () => jsonResponse(computeUsage()),
    });
    renderCompute('/containers');

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The compute service is starting.');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
    expect(await screen.findByTestId('compute-memory-used')).toHaveTextContent('512 MiB of 8.00 GiB');
  });
});
