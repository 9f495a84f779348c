import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { container, createContainerRequest, installEventSourceFake, MiB, sshKey } from '../test/computeFakes';
import { renderCompute } from '../test/computeRender';
import { jsonResponse, mockFetch, problemResponse } from '../test/render';

const alice = { id: 'u1', username: 'alice', role: 'user', createdAt: '2026-01-01T00:00:00Z' };
const keys = [sshKey('k1', 'alice@laptop'), sshKey('k2', 'alice@desktop')];

function routes(extra: Parameters<typeof mockFetch>[0] = {}) {
  return mockFetch({
    'GET /api/me': () => jsonResponse(alice),
    'GET /api/me/ssh-keys': () => jsonResponse({ items: keys }),
    'GET /api/ssh/gateway': () => jsonResponse({ hostKeys: [] }),
    ...extra,
  });
}

function postBodies(fetchMock: ReturnType<typeof mockFetch>): unknown[] {
  return fetchMock.mock.calls.filter(([url, init]) => url === '/api/containers' && init?.method === 'POST').map(([, init]) => JSON.parse(String(init!.body)));
}

async function openForm() {
  const ui = userEvent.setup();
  renderCompute('/containers/new');
  await screen.findByRole('heading', { level: 1, name: 'New container' });
  await screen.findByRole('checkbox', { name: 'alice@laptop' });
  return ui;
}

describe('CreateContainerPage', () => {
  it('has the names a browser test relies on, and explains the restart policy and the command', async () => {
    routes();
    await openForm();

    expect(screen.getByRole('textbox', { name: 'Name' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Image' })).toHaveAttribute('placeholder', 'base image');
    expect(screen.getByRole('button', { name: 'Create' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Restart policy' })).toHaveValue('on-failure');
    expect(screen.getByRole('combobox', { name: 'Restart policy' })).toHaveAccessibleDescription(/non-zero code/);
    expect(screen.getByRole('group', { name: 'Command' })).toHaveTextContent('without a shell');
    expect(screen.getByRole('checkbox', { name: 'alice@laptop' })).toHaveAccessibleDescription('SHA256:k1fingerprint');
  });

  it('says what is wrong before sending, field by field', async () => {
    const fetchMock = routes();
    const ui = await openForm();

    await ui.click(screen.getByRole('button', { name: 'Create' }));
    expect(screen.getByText('Enter a name for the container.')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveAttribute('aria-invalid', 'true');
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Name' })).toHaveFocus());

    await ui.type(screen.getByRole('textbox', { name: 'Name' }), 'My_App');
    await ui.type(screen.getByRole('textbox', { name: 'CPUs' }), '0');
    await ui.type(screen.getByRole('textbox', { name: 'Memory' }), '4M');
    await ui.type(screen.getByRole('textbox', { name: 'Process limit' }), '8');
    await ui.click(screen.getByRole('button', { name: 'Add variable' }));
    expect(screen.getByRole('textbox', { name: 'Variable 1' })).toHaveFocus();
    await ui.keyboard('1ST');
    await ui.click(screen.getByRole('button', { name: 'Add port' }));
    await ui.keyboard('70000');
    await ui.click(screen.getByRole('button', { name: 'Add ingress rule' }));
    await ui.keyboard('api');
    await ui.type(screen.getByRole('textbox', { name: 'Rule 1 port' }), '80');
    await ui.type(screen.getByRole('textbox', { name: 'Rule 1 path prefix' }), 'app');
    await ui.click(screen.getByRole('button', { name: 'Create' }));

    expect(screen.getByText('Use only lowercase letters, digits and “-”.')).toBeInTheDocument();
    expect(screen.getByText('Enter a number of cores above 0, such as 0.5 or 2.')).toBeInTheDocument();
    expect(screen.getByText('Give it at least 6 MiB (6M).')).toBeInTheDocument();
    expect(screen.getByText('Enter a whole number, at least 16.')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Variable 1' })).toHaveAccessibleDescription('Use letters, digits and “_”, not starting with a digit.');
    expect(screen.getByRole('textbox', { name: 'Port 1' })).toHaveAccessibleDescription('Enter a port from 1 to 65535.');
    expect(screen.getByRole('textbox', { name: 'Rule 1 subdomain' })).toHaveAccessibleDescription('“api” is reserved; choose another name.');
    expect(screen.getByRole('textbox', { name: 'Rule 1 path prefix' })).toHaveAccessibleDescription('A path prefix starts with “/”, such as /app.');
    expect(postBodies(fetchMock)).toEqual([]);
  });

  it('sends exactly the spec typed: env, argv with shell metacharacters as data, ports, keys, ingress; then opens the container', async () => {
    installEventSourceFake();
    const created = container({ id: 'c-9', name: 'web', status: 'creating', node: null, startedAt: null });
    const fetchMock = routes({
      'POST /api/containers': () => jsonResponse(created, 201),
      'GET /api/containers/c-9': () => jsonResponse(created),
    });
    const ui = await openForm();

    await ui.type(screen.getByRole('textbox', { name: 'Name' }), 'web');
    await ui.type(screen.getByRole('textbox', { name: 'CPUs' }), '0.5');
    await ui.type(screen.getByRole('textbox', { name: 'Memory' }), '512M');
    await ui.type(screen.getByRole('textbox', { name: 'Process limit' }), '64');

    await ui.click(screen.getByRole('button', { name: 'Add variable' }));
    await ui.keyboard('GREETING');
    await ui.type(screen.getByRole('textbox', { name: 'Value of variable 1' }), 'hello world; $USER');
    await ui.click(screen.getByRole('button', { name: 'Add variable' }));
    await ui.keyboard('EMPTY');
    await ui.click(screen.getByRole('button', { name: 'Add variable' }));
    await ui.click(screen.getByRole('button', { name: 'Add variable' }));
    await ui.keyboard('DROPPED');
    await ui.click(screen.getByRole('button', { name: 'Remove variable 4' }));
    expect(screen.getByRole('button', { name: 'Add variable' })).toHaveFocus();

    const args = ['sh', '-c', 'echo "$HOME" | tee /data/out && rm -rf * ; `id` > \'x\''];
    for (const arg of args) {
      await ui.click(screen.getByRole('button', { name: 'Add argument' }));
      await ui.keyboard(arg);
    }
    await ui.click(screen.getByRole('button', { name: 'Add argument' }));

    for (const port of ['8080', '2222']) {
      await ui.click(screen.getByRole('button', { name: 'Add port' }));
      await ui.keyboard(port);
    }
    await ui.selectOptions(screen.getByRole('combobox', { name: 'Restart policy' }), 'always');
    expect(screen.getByRole('combobox', { name: 'Restart policy' })).toHaveAccessibleDescription(/after any exit/);
    await ui.click(screen.getByRole('checkbox', { name: 'alice@desktop' }));

    await ui.click(screen.getByRole('button', { name: 'Add ingress rule' }));
    await ui.keyboard('blog');
    await ui.type(screen.getByRole('textbox', { name: 'Rule 1 port' }), '8080');
    await ui.type(screen.getByRole('textbox', { name: 'Rule 1 path prefix' }), '/app');
    await ui.click(screen.getByRole('button', { name: 'Add ingress rule' }));
    await ui.keyboard('shop');
    await ui.type(screen.getByRole('textbox', { name: 'Rule 2 port' }), '2222');

    await ui.click(screen.getByRole('button', { name: 'Create' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'web' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/containers/c-9');
    expect(screen.getByTestId('container-status')).toHaveTextContent('creating');
    expect(postBodies(fetchMock)).toEqual([
      createContainerRequest({
        name: 'web',
        cpus: 0.5,
        memoryBytes: 512 * MiB,
        pidsLimit: 64,
        env: { GREETING: 'hello world; $USER', EMPTY: '' },
        command: ['sh', '-c', 'echo "$HOME" | tee /data/out && rm -rf * ; `id` > \'x\''],
        ports: [8080, 2222],
        restartPolicy: 'always',
        allowedKeys: ['k2'],
        ingress: [
          { name: 'blog', port: 8080, pathPrefix: '/app' },
          { name: 'shop', port: 2222, pathPrefix: null },
        ],
      }),
    ]);
  });

  it('sends only the name and the default policy, the rest null, when nothing else is filled in', async () => {
    installEventSourceFake();
    const fetchMock = routes({
      'POST /api/containers': () => jsonResponse(container({ id: 'c-2', status: 'creating' }), 201),
      'GET /api/containers/c-2': () => jsonResponse(container({ id: 'c-2', status: 'creating' })),
    });
    const ui = await openForm();
    expect(screen.getByRole('checkbox', { name: 'Persistent volume at /data' })).toBeChecked();
    await ui.type(screen.getByRole('textbox', { name: 'Name' }), 'web');
    await ui.click(screen.getByRole('button', { name: 'Create' }));

    await screen.findByRole('heading', { level: 1, name: 'web' });
    expect(postBodies(fetchMock)).toEqual([createContainerRequest({ name: 'web', restartPolicy: 'on-failure' })]);
    expect(postBodies(fetchMock)[0]).toHaveProperty('volume', null);
  });

  it('offers a persistent /data volume, checked, and sends volume: false only when it is unchecked', async () => {
    installEventSourceFake();
    const created = container({ id: 'c-3', status: 'creating', volume: false });
    const fetchMock = routes({
      'POST /api/containers': () => jsonResponse(created, 201),
      'GET /api/containers/c-3': () => jsonResponse(created),
    });
    const ui = await openForm();

    const volume = screen.getByRole('checkbox', { name: 'Persistent volume at /data' });
    expect(volume).toBeChecked();
    expect(volume).toHaveAccessibleDescription('Unchecked: no /data volume; the container can move to another node if its node leaves.');
    await ui.type(screen.getByRole('textbox', { name: 'Name' }), 'web');
    await ui.click(volume);
    expect(volume).not.toBeChecked();
    await ui.click(screen.getByRole('button', { name: 'Create' }));

    await screen.findByRole('heading', { level: 1, name: 'web' });
    expect(postBodies(fetchMock)).toEqual([createContainerRequest({ name: 'web', restartPolicy: 'on-failure', volume: false })]);
  });

  it("shows the server's field errors next to the fields they are about", async () => {
    routes({
      'POST /api/containers': () =>
        problemResponse(400, {
          code: 'validation',
          title: 'The request is not valid.',
          detail: 'The container spec is not valid.',
          errors: {
            name: ['A container named web already exists.'],
            memoryBytes: ['At most 4 GiB per container.'],
            'env.GREETING': ['Values may not contain NUL.'],
            'ingress[0].name': ['blog is taken.'],
            'ports[0]': ['Port 22 is reserved for SSH.'],
            image: ['No such image on the nodes.'],
          },
        }),
    });
    const ui = await openForm();
    await ui.type(screen.getByRole('textbox', { name: 'Name' }), 'web');
    await ui.type(screen.getByRole('textbox', { name: 'Image' }), 'nope:1');
    await ui.type(screen.getByRole('textbox', { name: 'Memory' }), '8G');
    await ui.click(screen.getByRole('button', { name: 'Add variable' }));
    await ui.keyboard('GREETING');
    await ui.click(screen.getByRole('button', { name: 'Add port' }));
    await ui.keyboard('22');
    await ui.click(screen.getByRole('button', { name: 'Add ingress rule' }));
    await ui.keyboard('blog');
    await ui.type(screen.getByRole('textbox', { name: 'Rule 1 port' }), '22');
    await ui.click(screen.getByRole('button', { name: 'Create' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('The container spec is not valid.');
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveAccessibleDescription(expect.stringContaining('A container named web already exists.'));
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('textbox', { name: 'Image' })).toHaveAccessibleDescription(expect.stringContaining('No such image on the nodes.'));
    expect(screen.getByRole('textbox', { name: 'Memory' })).toHaveAccessibleDescription(expect.stringContaining('At most 4 GiB per container.'));
    expect(screen.getByRole('textbox', { name: 'Variable 1' })).toHaveAccessibleDescription('Values may not contain NUL.');
    expect(screen.getByRole('textbox', { name: 'Port 1' })).toHaveAccessibleDescription('Port 22 is reserved for SSH.');
    expect(screen.getByRole('textbox', { name: 'Rule 1 subdomain' })).toHaveAccessibleDescription(expect.stringContaining('blog is taken.'));
  });

  it('explains a full compute quota', async () => {
    routes({ 'POST /api/containers': () => problemResponse(413, { code: 'quota_exceeded', detail: 'At most 5 containers.' }) });
    const ui = await openForm();
    await ui.type(screen.getByRole('textbox', { name: 'Name' }), 'web');
    await ui.click(screen.getByRole('button', { name: 'Create' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('At most 5 containers.');
    expect(alert).toHaveTextContent('Your compute quota is used up');
  });

  it('links to the SSH keys page when the user has no key', async () => {
    mockFetch({ 'GET /api/me': () => jsonResponse(alice), 'GET /api/me/ssh-keys': () => jsonResponse({ items: [] }) });
    renderCompute('/containers/new');

    const group = await screen.findByRole('group', { name: 'SSH keys that may log in' });
    expect(within(group).getByRole('link', { name: 'Add an SSH key' })).toHaveAttribute('href', '/keys');
  });
});
