import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { fileUrl, filesApi } from '../api/storage';
import type { Namespace, StoredFile } from '../api/types';
import { formatBytes } from '../dfs/format';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { DateTime } from '../ui/DateTime';
import { EmptyState } from '../ui/EmptyState';
import { ErrorAlert } from '../ui/ErrorAlert';
import { LinkDialog } from './LinkDialog';
import { nextCursor } from './paging';
import { baseName, displayPath, folderHref, folderLabel, folderPrefix, previewKind, subFolderPath } from './paths';
import { PreviewDialog } from './PreviewDialog';
import { storageKeys } from './queryKeys';
import { LoadMore, QueryFallback } from '../ui/Paging';

export const FILES_PAGE_SIZE = 100;

interface FileListProps {
  namespace: Namespace;
  folder: string;
  /** "/files/{id}" or "/public/{id}": folder links go below it. */
  basePath: string;
  /** No delete (public view). */
  readOnly?: boolean;
}

type FileAction = { kind: 'preview' | 'link' | 'delete'; file: StoredFile };

/** One folder: its sub-folders first, then its files, paged with "Load more". */
export function FileList({ namespace, folder, basePath, readOnly = false }: FileListProps) {
  const queryClient = useQueryClient();
  const [action, setAction] = useState<FileAction | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const list = useInfiniteQuery({
    queryKey: storageKeys.files(namespace.id, folder),
    queryFn: ({ pageParam, signal }) =>
      filesApi.list(namespace.id, { prefix: folderPrefix(folder), delimiter: '/', after: pageParam, limit: FILES_PAGE_SIZE }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: nextCursor,
  });

  if (!list.data) {
    return <QueryFallback query={list} loading="Loading files…" />;
  }

  const folders = [...new Set(list.data.pages.flatMap((page) => page.folders ?? []).map((entry) => subFolderPath(folder, entry)))].sort((a, b) =>
    a.localeCompare(b),
  );
  const files = list.data.pages.flatMap((page) => page.items);
  const label = folderLabel(folder);

  async function remove(file: StoredFile) {
    await filesApi.remove(namespace.id, file.path);
    setNotice(`${baseName(file.path)} was deleted.`);
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: storageKeys.allFiles(namespace.id) }),
      queryClient.invalidateQueries({ queryKey: storageKeys.namespace(namespace.id), exact: true }),
      queryClient.invalidateQueries({ queryKey: storageKeys.usage }),
    ]);
  }

  return (
    <>
      <p role="status" className={notice ? 'alert alert-success' : 'visually-hidden'}>
        {notice}
      </p>
      {folders.length === 0 && files.length === 0 ? (
        <EmptyState title={folder ? 'This folder is empty.' : 'No files yet.'}>
          {readOnly
            ? 'The owner has not put any files here.'
            : 'Drop files on the upload area above, or press “Choose files”. Folders appear when a file is uploaded into them.'}
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="file-table">
            <caption className="visually-hidden">{label}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Size</th>
                <th scope="col">Modified</th>
                <th scope="col">Uploaded by</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {folders.map((sub) => (
                <tr key={`folder:${sub}`} className="folder-row">
                  <th scope="row">
                    <span className="file-icon" aria-hidden="true">
                      📁
                    </span>
                    <Link to={folderHref(basePath, sub)}>{baseName(sub)}</Link>
                  </th>
                  <td className="muted">Folder</td>
                  <td />
                  <td />
                  <td />
                </tr>
              ))}
              {files.map((file) => (
                <FileRow key={file.path} namespace={namespace} file={file} readOnly={readOnly} onAction={(kind) => setAction({ kind, file })} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.fetchNextPage()} />}
      <LoadMore list={list} />
      {action?.kind === 'preview' && (
        <PreviewDialog
          name={baseName(action.file.path)}
          kind={previewKind(action.file.contentType, action.file.path) ?? 'text'}
          url={fileUrl(namespace.id, action.file.path)}
          downloadUrl={fileUrl(namespace.id, action.file.path, { download: true })}
          loadText={(signal) => filesApi.readText(namespace.id, action.file.path, undefined, signal)}
          onClose={() => setAction(null)}
        />
      )}
      {action?.kind === 'link' && <LinkDialog namespace={namespace} path={action.file.path} onClose={() => setAction(null)} />}
      {action?.kind === 'delete' && (
        <ConfirmDialog
          title={`Delete ${baseName(action.file.path)}?`}
          confirmLabel="Delete file"
          onConfirm={() => remove(action.file)}
          onClose={() => setAction(null)}
        >
          <p>
            This deletes <strong className="mono">{displayPath(action.file.path)}</strong> from <strong>{namespace.name}</strong>. Links to it stop
            working. It cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}

interface FileRowProps {
  namespace: Namespace;
  file: StoredFile;
  readOnly: boolean;
  onAction: (kind: FileAction['kind']) => void;
}

function FileRow({ namespace, file, readOnly, onAction }: FileRowProps) {
  const name = baseName(file.path);
  const canPreview = previewKind(file.contentType, file.path) !== null;
  return (
    <tr>
      <th scope="row" className="file-name">
        <span className="file-icon" aria-hidden="true">
          📄
        </span>
        <span className="mono">{name}</span>
      </th>
      <td>{formatBytes(file.size)}</td>
      <td>
        <DateTime value={file.modifiedAt} />
      </td>
      <td>{file.uploader ?? '—'}</td>
      <td className="cell-actions">
        <div className="row-actions">
          {canPreview && (
            <button type="button" className="button" aria-label={`Preview ${name}`} onClick={() => onAction('preview')}>
              Preview
            </button>
          )}
          <a className="button" href={fileUrl(namespace.id, file.path, { download: true })} download={name} aria-label={`Download ${name}`}>
            Download
          </a>
          {(!readOnly || namespace.visibility !== 'private') && (
            <button type="button" className="button" aria-label={`Copy link to ${name}`} onClick={() => onAction('link')}>
              Copy link
            </button>
          )}
          {!readOnly && (
            <button type="button" className="button button-danger-ghost" aria-label={`Delete ${name}`} onClick={() => onAction('delete')}>
              Delete
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}
