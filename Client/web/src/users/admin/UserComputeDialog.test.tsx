import { within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { mockUsersPageFetch, openUserDialog, putBodies as putBodiesTo } from '../../test/adminUserDialogs';
import { computeUsage, container, GiB } from '../../test/computeFakes';
import { jsonResponse, mockFetch, problemResponse } from '../../test/render';

const usage = computeUsage({ containers: 2, maxContainers: 5, cpus: 1.5, maxCpus: 4, memoryBytes: GiB, maxMemoryBytes: 8 * GiB });

function routes(extra: Parameters<typeof mockFetch>[0] = {}) {
  return mockUsersPageFetch(
    {
      'GET /api/admin/users/id-alice/compute': () => jsonResponse(usage),
      'GET /api/containers': () => jsonResponse({ items: [], next: null }),
    },
    extra,
  );
}

const openComputeDialog = () => openUserDialog('Compute of alice', 'user-compute-containers-used');
const putBodies = (fetchMock: ReturnType<typeof mockFetch>) => putBodiesTo(fetchMock, '/api/admin/users/id-alice/compute');

describe('UserComputeDialog', () => {
  it("shows the user's use against the quota and the quota in the form", async () => {
    routes();
    const { dialog } = await openComputeDialog();

    expect(within(dialog).getByTestId('user-compute-containers-used')).toHaveTextContent('2 of 5 containers');
    expect(within(dialog).getByTestId('user-compute-cpus-used')).toHaveTextContent('1.5 cores of 4 cores');
    expect(within(dialog).getByTestId('user-compute-memory-used')).toHaveTextContent('1.00 GiB of 8.00 GiB');
    expect(within(dialog).getByLabelText('Container limit')).toHaveValue('5');
    expect(within(dialog).getByLabelText('CPU limit (cores)')).toHaveValue('4');
    expect(within(dialog).getByLabelText('Memory limit')).toHaveValue('8 GiB');
  });

  it('saves the parsed limits', async () => {
    const fetchMock = routes({
      'PUT /api/admin/users/id-alice/compute': () => jsonResponse({ ...usage, maxContainers: 10, maxCpus: 2.5, maxMemoryBytes: 16 * GiB }),
    });
    const { ui, dialog } = await openComputeDialog();

    await ui.clear(within(dialog).getByLabelText('Container limit'));
    await ui.type(within(dialog).getByLabelText('Container limit'), '10');
    await ui.clear(within(dialog).getByLabelText('CPU limit (cores)'));
    await ui.type(within(dialog).getByLabelText('CPU limit (cores)'), '2.5');
    await ui.clear(within(dialog).getByLabelText('Memory limit'));
    await ui.type(within(dialog).getByLabelText('Memory limit'), '16G');
    await ui.click(within(dialog).getByRole('button', { name: 'Save quota' }));

    expect(await within(dialog).findByText("alice's compute quota was saved.")).toBeInTheDocument();
    expect(putBodies(fetchMock)).toEqual([{ maxContainers: 10, maxCpus: 2.5, maxMemoryBytes: 16 * GiB }]);
    expect(within(dialog).getByTestId('user-compute-memory-used')).toHaveTextContent('1.00 GiB of 16.0 GiB');
    expect(within(dialog).getByLabelText('Memory limit')).toHaveValue('16 GiB');
  });

  it('sends nulls for the defaults', async () => {
    const fetchMock = routes({ 'PUT /api/admin/users/id-alice/compute': () => jsonResponse({ ...usage, maxContainers: 3 }) });
    const { ui, dialog } = await openComputeDialog();

    await ui.click(within(dialog).getByRole('button', { name: 'Use defaults' }));

    expect(await within(dialog).findByText('alice now has the default compute quota.')).toBeInTheDocument();
    expect(putBodies(fetchMock)).toEqual([{ maxContainers: null, maxCpus: null, maxMemoryBytes: null }]);
    expect(within(dialog).getByLabelText('Container limit')).toHaveValue('3');
  });

  it('says what is wrong before sending, and shows server field errors', async () => {
    const fetchMock = routes({
      'PUT /api/admin/users/id-alice/compute': () =>
        problemResponse(400, { code: 'validation', detail: 'The quota is not valid.', errors: { maxCpus: ['At most 64 cores.'] } }),
    });
    const { ui, dialog } = await openComputeDialog();

    await ui.clear(within(dialog).getByLabelText('Container limit'));
    await ui.type(within(dialog).getByLabelText('Container limit'), 'many');
    await ui.clear(within(dialog).getByLabelText('Memory limit'));
    await ui.type(within(dialog).getByLabelText('Memory limit'), 'lots');
    await ui.click(within(dialog).getByRole('button', { name: 'Save quota' }));
    expect(within(dialog).getByText('Enter a whole number, 0 or more.')).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Memory limit')).toHaveAttribute('aria-invalid', 'true');
    expect(putBodies(fetchMock)).toEqual([]);

    await ui.clear(within(dialog).getByLabelText('Container limit'));
    await ui.type(within(dialog).getByLabelText('Container limit'), '5');
    await ui.clear(within(dialog).getByLabelText('Memory limit'));
    await ui.type(within(dialog).getByLabelText('Memory limit'), '8 GiB');
    await ui.clear(within(dialog).getByLabelText('CPU limit (cores)'));
    await ui.type(within(dialog).getByLabelText('CPU limit (cores)'), '100');
    await ui.click(within(dialog).getByRole('button', { name: 'Save quota' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('The quota is not valid.');
    expect(within(dialog).getByLabelText('CPU limit (cores)')).toHaveAccessibleDescription(expect.stringContaining('At most 64 cores.'));
  });

  it("lists the user's containers with their status", async () => {
    const fetchMock = routes({
      'GET /api/containers': () => jsonResponse({ items: [container({ id: 'c-7', name: 'db', status: 'failed' })], next: null }),
    });
    const { dialog } = await openComputeDialog();

    const table = await within(dialog).findByRole('table', { name: 'Containers of alice' });
    expect(within(table).getByRole('link', { name: 'db' })).toHaveAttribute('href', '/containers/c-7');
    expect(within(table).getByTestId('container-status')).toHaveTextContent('failed');
    expect(fetchMock.mock.calls.map(([url]) => String(url))).toContain('/api/containers?owner=id-alice&limit=50');
  });
});
