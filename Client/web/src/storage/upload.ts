import { ApiError } from '../api/http';
import { uploadFile, uploadProgressUrl } from '../api/storage';
import type { StoredFile, UploadProgress } from '../api/types';

/** What the page shows about one upload while it runs. */
export interface UploadSnapshot {
  receivedBytes: number;
  /** Bytes committed in the file system; null while only the browser's own count is known. */
  committedBytes: number | null;
  totalBytes: number;
  /** 'stream': the server's progress events; 'browser': XMLHttpRequest's upload progress (the stream failed). */
  source: 'stream' | 'browser';
  state: 'waiting' | 'running';
}

export interface UploadJob {
  namespaceId: string;
  path: string;
  file: File;
  uploadId: string;
  onUpdate: (snapshot: UploadSnapshot) => void;
}

export interface UploadHandle {
  done: Promise<StoredFile>;
  cancel: () => void;
}

/** How long to wait for the progress stream to open before starting the PUT anyway. */
export const STREAM_OPEN_TIMEOUT_MS = 2000;

/**
 * One file's upload: opens the server's progress stream (GET /api/uploads/{id}/progress) first, then sends the
 * PUT with X-Upload-Id. Progress comes from the stream's `progress` events; if the stream fails, from XHR's
 * upload events instead. Ends with the stored file (the PUT's answer), or the failure as an ApiError (a `failed` event, or
 * the PUT's).
 */
export function startUpload({ namespaceId, path, file, uploadId, onUpdate }: UploadJob): UploadHandle {
  let snapshot: UploadSnapshot = { receivedBytes: 0, committedBytes: null, totalBytes: file.size, source: 'stream', state: 'waiting' };
  let settled = false;
  let cancelled = false;
  let abortPut: (() => void) | null = null;
  let source: EventSource | null = null;

  const update = (change: Partial<UploadSnapshot>) => {
    if (settled) return;
    snapshot = { ...snapshot, ...change };
    onUpdate(snapshot);
  };

  const closeStream = () => {
    source?.close();
    source = null;
  };

  let resolveDone: (file: StoredFile) => void = () => {};
  let rejectDone: (error: unknown) => void = () => {};
  const done = new Promise<StoredFile>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  const finish = (outcome: { file: StoredFile } | { error: unknown }) => {
    if (settled) return;
    settled = true;
    closeStream();
    if ('file' in outcome) resolveDone(outcome.file);
    else rejectDone(outcome.error);
  };

  {

    const fallBackToBrowser = () => {
      closeStream();
      update({ source: 'browser', committedBytes: null });
    };

    let opened: Promise<void> = Promise.resolve();
    try {
      const stream = new EventSource(uploadProgressUrl(uploadId));
      source = stream;
      opened = new Promise<void>((ready) => {
        const timer = setTimeout(ready, STREAM_OPEN_TIMEOUT_MS);
        stream.onopen = () => {
          clearTimeout(timer);
          ready();
        };
        stream.onerror = () => {
          clearTimeout(timer);
          // EventSource reconnects on its own; for an upload a broken stream means: count bytes in the browser.
          // A stream closed on purpose (its upload's bytes are all stored) has nothing more to say.
          if (!settled && source === stream) fallBackToBrowser();
          ready();
        };
      });
      stream.addEventListener('progress', (event) => {
        let progress: UploadProgress;
        try {
          progress = JSON.parse((event as MessageEvent<string>).data) as UploadProgress;
        } catch {
          return;
        }
        if (progress.state === 'succeeded') {
          // The server has stored every byte; its event names the paths (`files`), the PUT's answer is the
          // StoredFile that ends the upload. Closing the stream now keeps its end from looking like a failure.
          closeStream();
          const total = progress.totalBytes ?? file.size;
          update({ receivedBytes: total, committedBytes: total, totalBytes: total, state: 'running', source: 'stream' });
          return;
        }
        if (progress.state === 'failed') {
          const problem = progress.error ?? { detail: 'The upload failed.' };
          finish({ error: new ApiError(problem.status ?? 500, problem) });
          return;
        }
        update({
          receivedBytes: progress.receivedBytes,
          committedBytes: progress.committedBytes,
          totalBytes: progress.totalBytes ?? file.size,
          state: progress.state === 'running' ? 'running' : snapshot.state,
          source: 'stream',
        });
      });
    } catch {
      fallBackToBrowser();
    }

    void opened.then(() => {
      if (cancelled || settled) return;
      update({ state: 'running' });
      const put = uploadFile(namespaceId, path, file, {
        uploadId,
        onSendProgress: (sent) => {
          if (snapshot.source === 'browser') update({ receivedBytes: sent });
        },
      });
      abortPut = put.abort;
      put.done.then(
        (stored) => finish({ file: stored }),
        (error: unknown) => finish({ error }),
      );
    });
  }

  return {
    done,
    cancel: () => {
      cancelled = true;
      abortPut?.();
      finish({ error: new DOMException('The upload was cancelled.', 'AbortError') });
    },
  };
}
