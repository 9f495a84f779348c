import { useLayoutEffect, useRef, useState } from 'react';
import { containerLogStreamUrl } from '../api/compute';
import type { LogLine } from '../api/types';
import { streamStateText, useEventStream } from './useEventStream';

/** Lines kept on screen; older ones scroll away. */
export const MAX_LOG_LINES = 2000;
export const LOG_TAIL = 200;

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : timeFormat.format(date);
}

function keepLast(lines: LogLine[]): LogLine[] {
  return lines.length > MAX_LOG_LINES ? lines.slice(lines.length - MAX_LOG_LINES) : lines;
}

/**
 * Live logs: EventSource on /logs?follow=true&tail=200 (`event: log`). The server sends the last lines
 * again on every (re)connect, so each open starts the view afresh. It follows the end while scrolled
 * to the bottom; Pause holds new lines back until Resume.
 */
export function ContainerLogs({ containerId, name, startedAt }: { containerId: string; name: string; startedAt: string | null }) {
  const [lines, setLines] = useState<LogLine[]>([]);
  const [paused, setPaused] = useState(false);
  const [held, setHeld] = useState<LogLine[]>([]);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;
  const viewRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);

  const state = useEventStream<LogLine>(containerLogStreamUrl(containerId, LOG_TAIL), {
    event: 'log',
    reconnectKey: startedAt,
    onOpen: () => {
      setLines([]);
      setHeld([]);
    },
    onMessage: (line) => {
      if (pausedRef.current) setHeld((prev) => keepLast([...prev, line]));
      else setLines((prev) => keepLast([...prev, line]));
    },
  });

  useLayoutEffect(() => {
    const view = viewRef.current;
    if (view && atBottom.current) view.scrollTop = view.scrollHeight;
  }, [lines]);

  function togglePause() {
    if (paused) {
      setLines((prev) => keepLast([...prev, ...held]));
      setHeld([]);
    }
    setPaused(!paused);
  }

  return (
    <section className="card stack" aria-labelledby="logs-title">
      <div className="section-head">
        <h2 id="logs-title">Logs</h2>
        <div className="actions">
          <span className="muted" data-testid="logs-state">
            {paused ? `Paused${held.length > 0 ? `: ${held.length} new ${held.length === 1 ? 'line' : 'lines'} held back` : ''}` : streamStateText(state)}
          </span>
          <button type="button" className="button" aria-pressed={paused} onClick={togglePause}>
            {paused ? 'Resume' : 'Pause'}
          </button>
          <button type="button" className="button" onClick={() => setLines([])} disabled={lines.length === 0}>
            Clear
          </button>
        </div>
      </div>
      <div
        ref={viewRef}
        className="log-view"
        role="log"
        aria-live="off"
        aria-label={`Logs of ${name}`}
        tabIndex={0}
        onScroll={(e) => {
          const view = e.currentTarget;
          atBottom.current = view.scrollHeight - view.scrollTop - view.clientHeight < 24;
        }}
      >
        {lines.length === 0 ? (
          <p className="muted">No output yet. Lines the container writes to stdout and stderr appear here as they come.</p>
        ) : (
          <ol className="log-lines">
            {lines.map((line, index) => (
              <li key={index} className={line.stream === 'stderr' ? 'log-line log-stderr' : 'log-line'} data-stream={line.stream}>
                <time dateTime={line.time} className="log-time">
                  {formatTime(line.time)}
                </time>
                {line.stream === 'stderr' && <span className="log-stream">stderr</span>}
                <span className="log-text">{line.text}</span>
              </li>
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}
