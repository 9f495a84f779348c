import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { containersApi } from '../api/compute';
import type { Container } from '../api/types';
import { ErrorAlert } from '../ui/ErrorAlert';
import type { TerminalState } from './terminalSession';

function describe(state: TerminalState | null): string {
  switch (state?.kind) {
    case undefined:
      return '';
    case 'connecting':
      return 'Connecting…';
    case 'connected':
      return 'Connected: a shell as root in the container.';
    case 'ended':
      return state.status === null ? 'The shell ended.' : `The shell ended (exit status ${state.status}).`;
    case 'failed':
      return state.message;
  }
}

/**
 * A shell in the browser (xterm.js over the edge's WebSocket) for owners without an SSH client at hand. The
 * terminal code loads only when a terminal opens.
 */
export function ContainerTerminal({ container }: { container: Container }) {
  const element = useRef<HTMLDivElement>(null);
  const close = useRef<(() => void) | null>(null);
  const [state, setState] = useState<TerminalState | null>(null);
  const running = container.status === 'running';

  // A ticket waiting for its terminal: xterm.js opens only once its element is shown (below), since one opened in a
  // hidden element measures no size, and a terminal off screen is not drawn.
  const [opening, setOpening] = useState<{ path: string; session: typeof import('./terminalSession') } | null>(null);

  const open = useMutation({
    mutationFn: async () => {
      const [ticket, session] = await Promise.all([containersApi.openTerminal(container.id), import('./terminalSession')]);
      return { ticket, session };
    },
    onSuccess: ({ ticket, session }) => {
      close.current?.();
      close.current = null;
      setState({ kind: 'connecting' });
      setOpening({ path: ticket.path, session });
    },
  });

  useEffect(() => {
    if (!opening || !element.current) return;
    close.current = opening.session.openTerminal(element.current, opening.path, setState);
    setOpening(null);
  }, [opening]);

  function end() {
    close.current?.();
    close.current = null;
    setState(null);
  }

  useEffect(() => () => close.current?.(), []);

  const active = state?.kind === 'connecting' || state?.kind === 'connected';
  return (
    <section className="card stack" aria-labelledby="terminal-title">
      <div className="section-head">
        <h2 id="terminal-title">Terminal</h2>
        {active ? (
          <button type="button" className="button" onClick={end}>
            Close terminal
          </button>
        ) : (
          <button type="button" className="button button-primary" disabled={!running || open.isPending} onClick={() => open.mutate()}>
            {open.isPending ? 'Opening…' : state ? 'Open a new terminal' : 'Open terminal'}
          </button>
        )}
      </div>
      {!running && <p className="muted">Start the container to open a terminal in it.</p>}
      {open.isError && <ErrorAlert error={open.error} onRetry={() => open.mutate()} />}
      <p role="status" className={state?.kind === 'failed' ? 'alert alert-error' : 'muted'} data-testid="terminal-state">
        {describe(state)}
      </p>
      <div ref={element} className="terminal" data-testid="terminal" hidden={state === null} aria-label="Terminal" role="application" />
    </section>
  );
}
