import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { namespacesApi } from '../api/storage';
import { formatBytes } from '../dfs/format';
import { DateTime } from '../ui/DateTime';
import { EmptyState } from '../ui/EmptyState';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import { allItems, nextCursor } from './paging';
import { storageKeys } from './queryKeys';
import { LoadMore } from '../ui/Paging';

export function publicNamespaceHref(id: string): string {
  return `/public/${encodeURIComponent(id)}`;
}

/** /public — every public namespace, for anyone, signed in or not. */
export function PublicNamespacesPage() {
  usePageTitle('Public files');
  const list = useInfiniteQuery({
    queryKey: storageKeys.publicNamespaces,
    queryFn: ({ pageParam, signal }) => namespacesApi.listPublic({ after: pageParam, limit: 100 }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: nextCursor,
  });
  const namespaces = allItems(list.data);

  return (
    <div className="page stack-lg">
      <div className="stack">
        <h1 tabIndex={-1}>Public files</h1>
        <p className="muted">Namespaces their owners made public. Anyone can browse and download these files.</p>
      </div>
      <section className="card stack" aria-labelledby="public-namespaces-title">
        <h2 id="public-namespaces-title">Public namespaces</h2>
        {!list.data ? (
          list.isError ? (
            <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
          ) : (
            <Loading label="Loading public namespaces…" />
          )
        ) : namespaces.length === 0 ? (
          <EmptyState title="No public namespaces yet.">
            Owners can make a namespace public on their Files page; it then shows up here.
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Public namespaces</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Size</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {namespaces.map((ns) => (
                  <tr key={ns.id}>
                    <th scope="row">
                      <Link to={publicNamespaceHref(ns.id)}>{ns.name}</Link>
                    </th>
                    <td>{ns.owner}</td>
                    <td>{formatBytes(ns.usedBytes)}</td>
                    <td>
                      <DateTime value={ns.createdAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {list.data && list.isError && <ErrorAlert error={list.error} onRetry={() => void list.fetchNextPage()} />}
        <LoadMore list={list} />
      </section>
    </div>
  );
}
