import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useLocation } from 'react-router';
import { containersApi } from '../api/compute';
import type { Container } from '../api/types';
import { formatBytes } from '../dfs/format';
import { allItems, nextCursor } from '../storage/paging';
import { EmptyState } from '../ui/EmptyState';
import { ErrorAlert } from '../ui/ErrorAlert';
import { usePageTitle } from '../ui/usePageTitle';
import { ComputeUsageSection } from './ComputeUsageSection';
import { formatCpus } from './ComputeUsageDetails';
import { containerHref, NEW_CONTAINER_PATH, type ContainersLocationState } from './paths';
import { computeKeys } from './queryKeys';
import { refreshInterval } from './rules';
import { StatusBadge } from './StatusBadge';
import { LoadMore, QueryFallback } from '../ui/Paging';

export const CONTAINERS_PAGE_SIZE = 100;

/** /containers: the caller's containers with their live status, and the quota they use. */
export function ContainersPage() {
  usePageTitle('Containers');
  const location = useLocation();
  const notice = (location.state as ContainersLocationState | null)?.notice ?? null;

  return (
    <div className="page stack-lg">
      <div className="title-row">
        <h1 tabIndex={-1}>Containers</h1>
        <Link to={NEW_CONTAINER_PATH} className="button button-primary">
          New container
        </Link>
      </div>
      <p role="status" className={notice ? 'alert alert-success' : 'visually-hidden'}>
        {notice}
      </p>
      <section className="card stack" aria-labelledby="containers-title">
        <h2 id="containers-title">Your containers</h2>
        <ContainersTable />
      </section>
      <ComputeUsageSection />
    </div>
  );
}

function ContainersTable() {
  const list = useInfiniteQuery({
    queryKey: computeKeys.containers,
    queryFn: ({ pageParam, signal }) => containersApi.list({ after: pageParam, limit: CONTAINERS_PAGE_SIZE }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: nextCursor,
    // Fast while a container is on its way somewhere (creating, starting, stopping, deleting), slower otherwise.
    refetchInterval: (query) => refreshInterval(allItems(query.state.data).map((c) => c.status)),
  });

  if (!list.data) {
    return <QueryFallback query={list} loading="Loading containers…" />;
  }
  const containers = allItems(list.data);
  if (containers.length === 0) {
    return (
      <EmptyState title="No containers yet.">
        A container is a small Linux machine of your own, with a persistent <code>/data</code> volume, reachable over SSH.{' '}
        <Link to={NEW_CONTAINER_PATH}>Create your first container</Link>.
      </EmptyState>
    );
  }
  return (
    <>
      {/* A failed refresh keeps the last answer on screen and says so. */}
      {list.isError && (
        <ErrorAlert error={list.error} onRetry={() => void (list.isFetchNextPageError ? list.fetchNextPage() : list.refetch())} />
      )}
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Containers</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Image</th>
              <th scope="col">CPU</th>
              <th scope="col">Memory</th>
            </tr>
          </thead>
          <tbody>
            {containers.map((container) => (
              <ContainerRow key={container.id} container={container} />
            ))}
          </tbody>
        </table>
      </div>
      <LoadMore list={list} />
    </>
  );
}

function ContainerRow({ container }: { container: Container }) {
  return (
    <tr>
      <th scope="row">
        <Link to={containerHref(container.id)}>{container.name}</Link>
      </th>
      <td>
        <StatusBadge container={container} />
      </td>
      <td>
        <code className="mono">{container.image}</code>
      </td>
      <td>{formatCpus(container.cpus)}</td>
      <td>{formatBytes(container.memoryBytes)}</td>
    </tr>
  );
}
