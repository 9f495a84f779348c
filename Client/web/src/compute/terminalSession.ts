import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';

/** What the terminal is doing, for the words beside it. */
export type TerminalState =
  | { kind: 'connecting' }
  | { kind: 'connected' }
  | { kind: 'ended'; status: number | null }
  | { kind: 'failed'; message: string };

/** The edge's JSON text messages (docs/edge.md, "Web terminal"); binary messages are the terminal's bytes. */
type ControlMessage = { type: 'ready' } | { type: 'exit'; status: number | null } | { type: 'error'; message: string };

/** The WebSocket address of a ticket's path, with the terminal's size, on the page's own host. */
export function terminalSocketUrl(path: string, cols: number, rows: number, location: Location = window.location): string {
  const url = new URL(path, location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('cols', String(cols));
  url.searchParams.set('rows', String(rows));
  return url.toString();
}

/**
 * Opens xterm.js in `element` and joins it to the shell behind `path` (from POST /api/containers/{id}/terminal):
 * keystrokes go as binary messages, size changes as resize messages. Returns the function that closes it all.
 */
export function openTerminal(element: HTMLElement, path: string, onState: (state: TerminalState) => void): () => void {
  const terminal = new Terminal({
    cursorBlink: true,
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
    fontSize: 14,
    scrollback: 5000,
  });
  const fit = new FitAddon();
  terminal.loadAddon(fit);
  terminal.open(element);
  fit.fit();
  // The person who opened it looks at it: bring it into view (xterm.js does not draw a terminal off screen).
  element.scrollIntoView?.({ block: 'nearest' });

  let finished = false;
  const finish = (state: TerminalState) => {
    if (finished) return;
    finished = true;
    onState(state);
  };

  onState({ kind: 'connecting' });
  const asked = { cols: terminal.cols, rows: terminal.rows };
  const socket = new WebSocket(terminalSocketUrl(path, asked.cols, asked.rows));
  socket.binaryType = 'arraybuffer';
  const encoder = new TextEncoder();
  const send = (data: string | Uint8Array<ArrayBuffer>) => {
    if (socket.readyState === WebSocket.OPEN) socket.send(data);
  };
  // A resize while the socket was still connecting could not be sent: the shell learns the size now.
  socket.onopen = () => {
    if (terminal.cols !== asked.cols || terminal.rows !== asked.rows)
      send(JSON.stringify({ type: 'resize', cols: terminal.cols, rows: terminal.rows }));
  };

  socket.onmessage = (event: MessageEvent) => {
    if (typeof event.data !== 'string') {
      terminal.write(new Uint8Array(event.data as ArrayBuffer));
      return;
    }
    const message = JSON.parse(event.data) as ControlMessage;
    if (message.type === 'ready') {
      onState({ kind: 'connected' });
      terminal.focus();
    } else if (message.type === 'exit') {
      finish({ kind: 'ended', status: message.status });
    } else if (message.type === 'error') {
      finish({ kind: 'failed', message: message.message });
    }
  };
  socket.onclose = () =>
    finish({ kind: 'failed', message: 'The connection to the terminal closed. Check that the container runs, then open the terminal again.' });

  const input = terminal.onData((data) => send(encoder.encode(data)));
  const binaryInput = terminal.onBinary((data) => send(Uint8Array.from(data, (c) => c.charCodeAt(0) & 0xff)));
  const resized = terminal.onResize(({ cols, rows }) => send(JSON.stringify({ type: 'resize', cols, rows })));
  const refit = () => fit.fit();
  const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(refit);
  observer?.observe(element);
  window.addEventListener('resize', refit);

  return () => {
    finished = true;
    observer?.disconnect();
    window.removeEventListener('resize', refit);
    input.dispose();
    binaryInput.dispose();
    resized.dispose();
    socket.close();
    terminal.dispose();
  };
}
