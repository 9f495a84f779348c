import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Container } from '../api/types';
import { container, installEventSourceFake, sshKey } from '../test/computeFakes';
import { renderCompute } from '../test/computeRender';
import { jsonResponse, mockFetch } from '../test/render';

// xterm.js needs a real layout engine; here it is a stand-in that records what the page asks of it.
const terminals = vi.hoisted(() => [] as FakeTerminal[]);
interface FakeTerminal {
  cols: number;
  rows: number;
  written: Uint8Array[];
  type: (data: string) => void;
  resize: (cols: number, rows: number) => void;
  disposed: boolean;
  openedShown: boolean | null;
}
vi.mock('@xterm/xterm', () => ({
  Terminal: class {
    cols = 80;
    rows = 24;
    written: Uint8Array[] = [];
    disposed = false;
    openedShown: boolean | null = null;
    private dataListener: (data: string) => void = () => {};
    private resizeListener: (size: { cols: number; rows: number }) => void = () => {};
    constructor() {
      terminals.push(this as unknown as FakeTerminal);
    }
    loadAddon() {}
    open(element: HTMLElement) {
      this.openedShown = !element.hidden;
    }
    focus() {}
    write(data: Uint8Array) {
      this.written.push(data);
    }
    onData(listener: (data: string) => void) {
      this.dataListener = listener;
      return { dispose() {} };
    }
    onBinary() {
      return { dispose() {} };
    }
    onResize(listener: (size: { cols: number; rows: number }) => void) {
      this.resizeListener = listener;
      return { dispose() {} };
    }
    type(data: string) {
      this.dataListener(data);
    }
    resize(cols: number, rows: number) {
      this.cols = cols;
      this.rows = rows;
      this.resizeListener({ cols, rows });
    }
    dispose() {
      this.disposed = true;
    }
  },
}));
vi.mock('@xterm/addon-fit', () => ({ FitAddon: class { fit() {} } }));

class FakeWebSocket {
  static readonly OPEN = 1;
  static instances: FakeWebSocket[] = [];
  readyState = 0;
  binaryType = 'blob';
  sent: (string | Uint8Array)[] = [];
  closed = false;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  onopen: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeWebSocket.instances.push(this);
  }
  send(data: string | Uint8Array) {
    this.sent.push(data);
  }
  close() {
    this.closed = true;
  }
  serverOpens() {
    this.readyState = FakeWebSocket.OPEN;
    act(() => this.onopen?.());
  }
  serverSends(data: string | Uint8Array) {
    act(() => this.onmessage?.({ data: typeof data === 'string' ? data : data.buffer }));
  }
  serverCloses() {
    this.readyState = 3;
    act(() => this.onclose?.());
  }
}

const alice = { id: 'u1', username: 'alice', role: 'user', createdAt: '2026-01-01T00:00:00Z' };
const TICKET = { ticket: 't'.repeat(43), path: `/api/containers/c-1/terminal/ws?ticket=${'t'.repeat(43)}`, expiresAt: '2026-11-28T00:00:30Z' };

async function openPage(current: Container, me = alice) {
  installEventSourceFake();
  const fetchMock = mockFetch({
    'GET /api/me': () => jsonResponse(me),
    'GET /api/containers/c-1': () => jsonResponse(current),
    'GET /api/ssh/gateway': () => jsonResponse({ hostKeys: ['ssh-ed25519 AAAAgatewaykey'] }),
    'GET /api/me/ssh-keys': () => jsonResponse({ items: [sshKey('k1', 'alice@laptop')] }),
    'POST /api/containers/c-1/terminal': () => jsonResponse(TICKET, 201),
  });
  const ui = userEvent.setup();
  renderCompute('/containers/c-1');
  await screen.findByRole('heading', { level: 1, name: current.name });
  return { ui, fetchMock };
}

describe('ContainerTerminal', () => {
  beforeEach(() => {
    terminals.length = 0;
    FakeWebSocket.instances = [];
    vi.stubGlobal('WebSocket', FakeWebSocket);
  });

  it('opens a ticket, joins xterm to the socket both ways, sends resizes and says how the shell ended', async () => {
    const { ui, fetchMock } = await openPage(container());
    await ui.click(screen.getByRole('button', { name: 'Open terminal' }));

    await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1));
    expect(fetchMock.mock.calls.some(([url, init]) => url === '/api/containers/c-1/terminal' && init?.method === 'POST')).toBe(true);
    const socket = FakeWebSocket.instances[0]!;
    const url = new URL(socket.url);
    expect(url.protocol).toBe('ws:');
    expect(url.host).toBe(window.location.host);
    expect(url.pathname).toBe('/api/containers/c-1/terminal/ws');
    expect(url.searchParams.get('ticket')).toBe(TICKET.ticket);
    expect([url.searchParams.get('cols'), url.searchParams.get('rows')]).toEqual(['80', '24']);
    expect(socket.binaryType).toBe('arraybuffer');
    expect(screen.getByTestId('terminal-state')).toHaveTextContent('Connecting…');

    socket.serverOpens();
    socket.serverSends(JSON.stringify({ type: 'ready' }));
    expect(screen.getByTestId('terminal-state')).toHaveTextContent('Connected');

    // Output goes to the terminal as bytes; keystrokes go to the socket as bytes (binary messages).
    socket.serverSends(new TextEncoder().encode('root@web:~# '));
    expect(new TextDecoder().decode(terminals[0]!.written[0])).toBe('root@web:~# ');
    terminals[0]!.type('ls é\r');
    expect(ArrayBuffer.isView(socket.sent[0])).toBe(true);
    expect(new TextDecoder().decode(socket.sent[0] as Uint8Array)).toBe('ls é\r');
    terminals[0]!.resize(120, 40);
    expect(JSON.parse(socket.sent[1] as string)).toEqual({ type: 'resize', cols: 120, rows: 40 });

    socket.serverSends(JSON.stringify({ type: 'exit', status: 3 }));
    socket.serverCloses();
    expect(screen.getByTestId('terminal-state')).toHaveTextContent('The shell ended (exit status 3).');
    expect(screen.getByRole('button', { name: 'Open a new terminal' })).toBeEnabled();
  });

  it('opens xterm in a shown element, brings it into view, and tells the shell a size that changed while connecting', async () => {
    const scrolled = vi.fn();
    Element.prototype.scrollIntoView = scrolled;
    try {
      const { ui } = await openPage(container());
      await ui.click(screen.getByRole('button', { name: 'Open terminal' }));
      await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1));
      const socket = FakeWebSocket.instances[0]!;

      // xterm.js measures its element when it opens: a hidden one has no size, so it must be shown by then.
      expect(terminals[0]!.openedShown).toBe(true);
      expect(screen.getByTestId('terminal')).toBeVisible();
      expect(scrolled).toHaveBeenCalledWith({ block: 'nearest' });

      // Resized before the socket opened (the layout settling): nothing can be sent yet, the size goes on opening.
      terminals[0]!.resize(100, 30);
      expect(socket.sent).toHaveLength(0);
      socket.serverOpens();
      expect(socket.sent.map((m) => JSON.parse(m as string))).toEqual([{ type: 'resize', cols: 100, rows: 30 }]);
    } finally {
      delete (Element.prototype as { scrollIntoView?: unknown }).scrollIntoView;
    }
  });

  it("shows the edge's refusal, and a connection lost without one, with what to do", async () => {
    const { ui } = await openPage(container());
    await ui.click(screen.getByRole('button', { name: 'Open terminal' }));
    await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1));
    FakeWebSocket.instances[0]!.serverSends(JSON.stringify({ type: 'error', message: 'This terminal link has expired or was already used.' }));
    FakeWebSocket.instances[0]!.serverCloses();
    expect(screen.getByTestId('terminal-state')).toHaveTextContent('This terminal link has expired or was already used.');

    await ui.click(screen.getByRole('button', { name: 'Open a new terminal' }));
    await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(2));
    expect(terminals[0]!.disposed).toBe(true);
    FakeWebSocket.instances[1]!.serverCloses();
    expect(screen.getByTestId('terminal-state')).toHaveTextContent(/closed\. Check that the container runs/);
  });

  it('closes the terminal and its socket on request', async () => {
    const { ui } = await openPage(container());
    await ui.click(screen.getByRole('button', { name: 'Open terminal' }));
    await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1));
    FakeWebSocket.instances[0]!.serverSends(JSON.stringify({ type: 'ready' }));
    await ui.click(screen.getByRole('button', { name: 'Close terminal' }));
    expect(FakeWebSocket.instances[0]!.closed).toBe(true);
    expect(terminals[0]!.disposed).toBe(true);
    expect(screen.getByRole('button', { name: 'Open terminal' })).toBeEnabled();
  });

  it('is offered only while the container runs, and only to its owner', async () => {
    await openPage(container({ status: 'stopped' }));
    expect(screen.getByRole('button', { name: 'Open terminal' })).toBeDisabled();
    expect(screen.getByText('Start the container to open a terminal in it.')).toBeInTheDocument();
  });

  it('is not shown to an admin looking at another user’s container', async () => {
    await openPage(container(), { id: 'admin-1', username: 'root', role: 'admin', createdAt: '2026-01-01T00:00:00Z' });
    expect(screen.queryByRole('heading', { name: 'Terminal' })).not.toBeInTheDocument();
  });
});
