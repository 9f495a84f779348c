import { useRef, useState, type DragEvent } from 'react';
import type { StoredFile } from '../api/types';
import { formatBytes } from '../dfs/format';
import { displayPath } from './paths';
import { useUploads, type UploadItem } from './useUploads';

interface UploaderProps {
  namespaceId: string;
  /** The folder new files go into ('' = the root). */
  folder: string;
  onUploaded: (file: StoredFile) => void;
}

function hasFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files');
}

/** The drop zone and file picker, and one progress bar per file. */
export function Uploader({ namespaceId, folder, onUploaded }: UploaderProps) {
  const uploads = useUploads(namespaceId, onUploaded);
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    const files = Array.from(event.dataTransfer?.files ?? []);
    if (files.length > 0) uploads.add(files, folder);
  }

  const done = uploads.items.filter((item) => item.status === 'succeeded').length;
  const failed = uploads.items.filter((item) => item.status === 'failed').length;
  const pending = uploads.items.filter((item) => item.status === 'queued' || item.status === 'waiting' || item.status === 'running').length;

  return (
    <section
      className="card stack"
      aria-labelledby="upload-title"
      onDragEnter={(e) => {
        if (hasFiles(e)) setDragging(true);
      }}
      onDragOver={(e) => {
        e.preventDefault();
        if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <h2 id="upload-title">Upload files</h2>
      <div className={dragging ? 'drop-zone drop-zone-active' : 'drop-zone'} data-testid="drop-zone">
        <p>
          Drop files here to upload them to <strong className="mono">{displayPath(folder)}</strong>, or
        </p>
        <button type="button" className="button button-primary" onClick={() => inputRef.current?.click()}>
          Choose files
        </button>
        <input
          ref={inputRef}
          type="file"
          multiple
          className="visually-hidden"
          tabIndex={-1}
          aria-label="Choose files to upload"
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = '';
            if (files.length > 0) uploads.add(files, folder);
          }}
        />
        <p className="field-hint">A file with the same name in this folder is replaced.</p>
      </div>
      {uploads.items.length > 0 && (
        <>
          <div className="actions upload-summary">
            <p role="status">
              {pending > 0 ? `${pending} uploading, ` : ''}
              {done} uploaded{failed > 0 ? `, ${failed} failed` : ''}.
            </p>
            {uploads.items.length > pending && (
              <button type="button" className="button button-ghost" onClick={uploads.clearFinished}>
                Clear finished
              </button>
            )}
          </div>
          <ul className="upload-list" aria-label="Uploads">
            {uploads.items.map((item) => (
              <UploadRow key={item.id} item={item} onCancel={() => uploads.cancel(item.id)} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function statusText(item: UploadItem): string {
  const total = formatBytes(item.totalBytes);
  switch (item.status) {
    case 'queued':
      return 'Waiting for other uploads to finish…';
    case 'waiting':
      return 'Starting…';
    case 'running':
      return item.source === 'stream'
        ? `${formatBytes(item.receivedBytes)} of ${total} received, ${formatBytes(item.committedBytes ?? 0)} committed`
        : `${formatBytes(item.receivedBytes)} of ${total} sent (the server's progress is unavailable)`;
    case 'succeeded':
      return 'Uploaded';
    case 'failed':
      return item.error ?? 'The upload failed.';
    case 'cancelled':
      return 'Cancelled';
  }
}

function UploadRow({ item, onCancel }: { item: UploadItem; onCancel: () => void }) {
  const active = item.status === 'queued' || item.status === 'waiting' || item.status === 'running';
  const max = Math.max(item.totalBytes, 1);
  const value = item.status === 'succeeded' ? max : Math.min(item.receivedBytes, max);
  return (
    <li className={`upload-item upload-${item.status}`} data-upload-id={item.id}>
      <div className="upload-head">
        <span className="upload-name mono">{item.name}</span>
        <span className="muted">{formatBytes(item.totalBytes)}</span>
        {active && (
          <button type="button" className="button button-ghost" aria-label={`Cancel upload of ${item.name}`} onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
      <progress aria-label={`Upload of ${item.name}`} max={max} value={value} />
      <p className={item.status === 'failed' ? 'field-error' : 'field-hint'} data-testid="upload-status">
        {statusText(item)}
      </p>
    </li>
  );
}
