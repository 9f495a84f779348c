import { useCallback, useEffect, useRef, useState } from 'react';
import type { StoredFile } from '../api/types';
import { describeError } from '../ui/errors';
import { joinPath } from './paths';
import { segmentProblem } from './rules';
import { startUpload, type UploadHandle, type UploadSnapshot } from './upload';

/**
 * At most this many uploads run at once. Each holds two connections (its progress stream and its PUT); browsers
 * allow six per host over HTTP/1.1, and streams that hold them all would leave no room for the PUTs they wait on.
 */
export const MAX_PARALLEL_UPLOADS = 2;

export type UploadStatus = 'queued' | 'waiting' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface UploadItem {
  /** The upload id sent as X-Upload-Id. */
  id: string;
  name: string;
  path: string;
  status: UploadStatus;
  receivedBytes: number;
  committedBytes: number | null;
  totalBytes: number;
  source: UploadSnapshot['source'];
  error: string | null;
}

function newUploadId(): string {
  return crypto.randomUUID();
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** A queue of uploads into one namespace: add files, watch their progress, cancel them. */
export function useUploads(namespaceId: string, onUploaded: (file: StoredFile) => void) {
  const [items, setItems] = useState<UploadItem[]>([]);
  const queue = useRef<{ id: string; path: string; file: File }[]>([]);
  const running = useRef(new Map<string, UploadHandle>());
  const onUploadedRef = useRef(onUploaded);
  onUploadedRef.current = onUploaded;

  const patch = useCallback((id: string, change: Partial<UploadItem>) => {
    setItems((current) => current.map((item) => (item.id === id ? { ...item, ...change } : item)));
  }, []);

  const pumpRef = useRef<() => void>(() => {});
  pumpRef.current = () => {
    while (running.current.size < MAX_PARALLEL_UPLOADS && queue.current.length > 0) {
      const { id, path, file } = queue.current.shift()!;
      const handle = startUpload({
        namespaceId,
        path,
        file,
        uploadId: id,
        onUpdate: (snapshot) => patch(id, { ...snapshot, status: snapshot.state }),
      });
      running.current.set(id, handle);
      handle.done
        .then(
          (stored) => {
            patch(id, { status: 'succeeded', receivedBytes: stored.size, committedBytes: stored.size, totalBytes: stored.size });
            onUploadedRef.current(stored);
          },
          (error: unknown) => {
            patch(id, isAbort(error) ? { status: 'cancelled' } : { status: 'failed', error: describeError(error).message });
          },
        )
        .finally(() => {
          running.current.delete(id);
          pumpRef.current();
        });
    }
  };

  const add = useCallback(
    (files: Iterable<File>, folder: string) => {
      const added: UploadItem[] = [];
      for (const file of files) {
        const name = file.name.normalize('NFC');
        const id = newUploadId();
        const problem = segmentProblem(name);
        const path = joinPath(folder, name);
        added.push({
          id,
          name,
          path,
          status: problem ? 'failed' : 'queued',
          receivedBytes: 0,
          committedBytes: null,
          totalBytes: file.size,
          source: 'stream',
          error: problem,
        });
        if (!problem) queue.current.push({ id, path, file });
      }
      setItems((current) => [...current, ...added]);
      pumpRef.current();
    },
    [],
  );

  const cancel = useCallback(
    (id: string) => {
      const queued = queue.current.findIndex((job) => job.id === id);
      if (queued >= 0) {
        queue.current.splice(queued, 1);
        patch(id, { status: 'cancelled' });
        return;
      }
      running.current.get(id)?.cancel();
    },
    [patch],
  );

  const clearFinished = useCallback(() => {
    setItems((current) => current.filter((item) => item.status === 'queued' || item.status === 'waiting' || item.status === 'running'));
  }, []);

  // Leaving the page stops what is still running (the browser would cut the connections anyway).
  useEffect(() => {
    const active = running.current;
    const waiting = queue.current;
    return () => {
      waiting.length = 0;
      active.forEach((handle) => handle.cancel());
    };
  }, []);

  const active = items.some((item) => item.status === 'queued' || item.status === 'waiting' || item.status === 'running');

  // Closing the tab mid-upload asks first.
  useEffect(() => {
    if (!active) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [active]);

  return { items, add, cancel, clearFinished, active };
}
