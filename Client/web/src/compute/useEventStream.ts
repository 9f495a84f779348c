import { useEffect, useRef, useState } from 'react';

export type StreamState = 'connecting' | 'open' | 'reconnecting' | 'closed';

interface EventStreamOptions<T> {
  /** The event's name (`event: log`). */
  event: string;
  onMessage: (data: T) => void;
  /** Called each time the stream (re)opens: a server that replays the recent past on connect means "start over". */
  onOpen?: () => void;
  /** A change reconnects (such as the container's start time: a stream refused before the start may work after it). */
  reconnectKey?: string | null;
}

/**
 * Follows a `text/event-stream` while mounted (and `url` is not null). EventSource sends the session
 * cookie and reconnects by itself after a break; the state says what it is doing.
 */
export function useEventStream<T>(url: string | null, { event, onMessage, onOpen, reconnectKey }: EventStreamOptions<T>): StreamState {
  const [state, setState] = useState<StreamState>('connecting');
  const handlers = useRef({ onMessage, onOpen });
  handlers.current = { onMessage, onOpen };

  useEffect(() => {
    if (url === null) {
      setState('closed');
      return;
    }
    setState('connecting');
    const source = new EventSource(url);
    const listener = (message: MessageEvent<string>) => {
      try {
        handlers.current.onMessage(JSON.parse(message.data) as T);
      } catch {
        // A line that is not JSON is not ours to show.
      }
    };
    source.onopen = () => {
      setState('open');
      handlers.current.onOpen?.();
    };
    // EventSource retries on its own unless the server refused outright (readyState CLOSED).
    source.onerror = () => setState(source.readyState === 2 ? 'closed' : 'reconnecting');
    source.addEventListener(event, listener as EventListener);
    return () => {
      source.removeEventListener(event, listener as EventListener);
      source.close();
    };
  }, [url, event, reconnectKey]);

  return state;
}

export function streamStateText(state: StreamState): string {
  switch (state) {
    case 'connecting':
      return 'Connecting…';
    case 'open':
      return 'Live';
    case 'reconnecting':
      return 'Connection lost, reconnecting…';
    default:
      return 'Not connected. Reload the page to try again.';
  }
}
