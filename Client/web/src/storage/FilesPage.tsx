import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { namespacesApi } from '../api/storage';
import type { Namespace, Visibility } from '../api/types';
import { formatBytes } from '../dfs/format';
import { DateTime } from '../ui/DateTime';
import { EmptyState } from '../ui/EmptyState';
import { ErrorAlert } from '../ui/ErrorAlert';
import { usePageTitle } from '../ui/usePageTitle';
import { CreateNamespaceForm } from './CreateNamespaceForm';
import { DeleteNamespaceDialog, RenameNamespaceDialog } from './NamespaceDialogs';
import { allItems, nextCursor, replaceItem, type PagedData } from './paging';
import { storageKeys } from './queryKeys';
import { VISIBILITIES, visibilityDescription } from './rules';
import { StorageUsageSection } from './StorageUsageSection';
import { LoadMore, QueryFallback } from '../ui/Paging';

export const NAMESPACES_PAGE_SIZE = 100;

export function namespaceHref(id: string): string {
  return `/files/${encodeURIComponent(id)}`;
}

/** The caller's namespaces, their storage use, and a form to create one. */
export function FilesPage() {
  usePageTitle('Files');
  const [action, setAction] = useState<{ kind: 'rename' | 'delete'; namespace: Namespace } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const close = () => setAction(null);

  return (
    <div className="page stack-lg">
      <h1 tabIndex={-1}>Files</h1>
      <StorageUsageSection />
      <section className="card stack" aria-labelledby="namespaces-title">
        <h2 id="namespaces-title">Your namespaces</h2>
        <p role="status" className={notice ? 'alert alert-success' : 'visually-hidden'}>
          {notice}
        </p>
        <NamespacesTable onAction={(kind, namespace) => setAction({ kind, namespace })} onNotice={setNotice} />
      </section>
      <CreateNamespaceForm />
      {action?.kind === 'rename' && <RenameNamespaceDialog namespace={action.namespace} onClose={close} onDone={setNotice} />}
      {action?.kind === 'delete' && <DeleteNamespaceDialog namespace={action.namespace} onClose={close} onDone={setNotice} />}
    </div>
  );
}

interface NamespacesTableProps {
  onAction: (kind: 'rename' | 'delete', namespace: Namespace) => void;
  onNotice: (message: string) => void;
}

function NamespacesTable({ onAction, onNotice }: NamespacesTableProps) {
  const list = useInfiniteQuery({
    queryKey: storageKeys.namespaces,
    queryFn: ({ pageParam, signal }) => namespacesApi.list({ after: pageParam, limit: NAMESPACES_PAGE_SIZE }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: nextCursor,
  });
  if (!list.data) {
    return <QueryFallback query={list} loading="Loading namespaces…" />;
  }
  const namespaces = allItems(list.data);
  if (namespaces.length === 0) {
    return <EmptyState title="No namespaces yet.">Create one with the form below, then open it to upload files.</EmptyState>;
  }
  return (
    <>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Namespaces</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Visibility</th>
              <th scope="col">Size</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {namespaces.map((namespace) => (
              <NamespaceRow key={namespace.id} namespace={namespace} onAction={onAction} onNotice={onNotice} />
            ))}
          </tbody>
        </table>
      </div>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.fetchNextPage()} />}
      <LoadMore list={list} />
    </>
  );
}

function NamespaceRow({ namespace, onAction, onNotice }: { namespace: Namespace } & NamespacesTableProps) {
  const queryClient = useQueryClient();
  const selectId = useId();
  const setVisibility = useMutation({
    mutationFn: (visibility: Visibility) => namespacesApi.update(namespace.id, { name: null, visibility }),
    onSuccess: (updated) => {
      queryClient.setQueryData<PagedData<Namespace>>(storageKeys.namespaces, (data) => replaceItem(data, updated));
      queryClient.setQueryData(storageKeys.namespace(updated.id), updated);
      void queryClient.invalidateQueries({ queryKey: storageKeys.publicNamespaces });
      onNotice(`${updated.name} is now ${updated.visibility}.`);
    },
  });

  return (
    <tr>
      <th scope="row">
        <Link to={namespaceHref(namespace.id)}>{namespace.name}</Link>
      </th>
      <td>
        <label htmlFor={selectId} className="visually-hidden">
          Visibility of {namespace.name}
        </label>
        <select
          id={selectId}
          value={namespace.visibility}
          disabled={setVisibility.isPending}
          aria-describedby={`${selectId}-description`}
          onChange={(e) => setVisibility.mutate(e.target.value as Visibility)}
        >
          {VISIBILITIES.map((v) => (
            <option key={v.value} value={v.value}>
              {v.label}
            </option>
          ))}
        </select>
        <p id={`${selectId}-description`} className="field-hint">
          {visibilityDescription(namespace.visibility)}
        </p>
        {setVisibility.isError && <ErrorAlert error={setVisibility.error} />}
      </td>
      <td>{formatBytes(namespace.usedBytes)}</td>
      <td>
        <DateTime value={namespace.createdAt} />
      </td>
      <td className="cell-actions">
        <div className="row-actions">
          <button type="button" className="button" aria-label={`Rename ${namespace.name}`} onClick={() => onAction('rename', namespace)}>
            Rename
          </button>
          <button
            type="button"
            className="button button-danger-ghost"
            aria-label={`Delete ${namespace.name}`}
            onClick={() => onAction('delete', namespace)}
          >
            Delete
          </button>
        </div>
      </td>
    </tr>
  );
}
