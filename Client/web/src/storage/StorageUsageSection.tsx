import { useQuery } from '@tanstack/react-query';
import { storageUsageApi } from '../api/storage';
import { formatBytes, plural } from '../dfs/format';
import { UsageBar } from '../dfs/UsageBar';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { storageKeys } from './queryKeys';

/** GET /api/me/storage: bytes and namespaces used against the quota. */
export function StorageUsageSection() {
  const usage = useQuery({ queryKey: storageKeys.usage, queryFn: ({ signal }) => storageUsageApi.mine(signal) });
  return (
    <section className="card stack" aria-labelledby="usage-title">
      <h2 id="usage-title">Your storage</h2>
      {usage.isPending && <Loading label="Loading your storage use…" />}
      {usage.isError && <ErrorAlert error={usage.error} onRetry={() => void usage.refetch()} />}
      {usage.data && (
        <dl className="details">
          <dt>Space</dt>
          <dd className="usage">
            <UsageBar freeBytes={Math.max(0, usage.data.maxBytes - usage.data.usedBytes)} capacityBytes={usage.data.maxBytes} />
            <span data-testid="storage-used">
              {formatBytes(usage.data.usedBytes)} used of {formatBytes(usage.data.maxBytes)}
            </span>
          </dd>
          <dt>Namespaces</dt>
          <dd data-testid="namespaces-used">
            {usage.data.namespaces} of {plural(usage.data.maxNamespaces, 'namespace')}
          </dd>
        </dl>
      )}
    </section>
  );
}
