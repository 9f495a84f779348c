import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { computeUsageApi, containersApi } from '../../api/compute';
import { isApiError } from '../../api/http';
import type { ComputeQuotaRequest, ComputeUsage, User } from '../../api/types';
import { ComputeUsageDetails, formatCpus } from '../../compute/ComputeUsageDetails';
import { containerHref } from '../../compute/paths';
import { computeKeys } from '../../compute/queryKeys';
import { parseCpus, parseMemorySize, parseWholeNumber } from '../../compute/rules';
import { StatusBadge } from '../../compute/StatusBadge';
import { formatBytes, formatExactBytes } from '../../dfs/format';
import { allItems, nextCursor } from '../../storage/paging';
import { Dialog } from '../../ui/Dialog';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Field } from '../../ui/Field';
import { Loading } from '../../ui/Loading';
import { userKeys } from '../queryKeys';
import { LoadMore, QueryFallback } from '../../ui/Paging';

const CONTAINERS_PAGE_SIZE = 50;
const MAX_INT32 = 2_147_483_647;

/** Admin › Users › Compute: a user's containers, the cores and memory their limits add up to, and their quota. */
export function UserComputeDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const usage = useQuery({ queryKey: userKeys.adminUserCompute(user.id), queryFn: ({ signal }) => computeUsageApi.ofUser(user.id, signal) });

  return (
    <Dialog title={`Compute of ${user.username}`} onClose={onClose}>
      <div className="stack">
        {usage.isPending && <Loading label="Loading compute use…" />}
        {usage.isError && <ErrorAlert error={usage.error} onRetry={() => void usage.refetch()} />}
        {usage.data && (
          <>
            <ComputeUsageDetails usage={usage.data} testIdPrefix="user-compute" />
            <ComputeQuotaForm user={user} usage={usage.data} />
          </>
        )}
        <UserContainers user={user} />
      </div>
    </Dialog>
  );
}

function ComputeQuotaForm({ user, usage }: { user: User; usage: ComputeUsage }) {
  const queryClient = useQueryClient();
  const [maxContainers, setMaxContainers] = useState(() => String(usage.maxContainers));
  const [maxCpus, setMaxCpus] = useState(() => String(usage.maxCpus));
  const [maxMemory, setMaxMemory] = useState(() => formatExactBytes(usage.maxMemoryBytes));
  const [problems, setProblems] = useState<{ maxContainers?: string; maxCpus?: string; maxMemoryBytes?: string }>({});
  const [notice, setNotice] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (body: ComputeQuotaRequest) => computeUsageApi.setQuota(user.id, body),
    onSuccess: (updated, body) => {
      queryClient.setQueryData(userKeys.adminUserCompute(user.id), updated);
      void queryClient.invalidateQueries({ queryKey: computeKeys.usage });
      setMaxContainers(String(updated.maxContainers));
      setMaxCpus(String(updated.maxCpus));
      setMaxMemory(formatExactBytes(updated.maxMemoryBytes));
      setNotice(body.maxContainers === null ? `${user.username} now has the default compute quota.` : `${user.username}'s compute quota was saved.`);
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const containers = parseWholeNumber(maxContainers);
    // 0 cores is a valid quota (no containers may be created); parseCpus wants more than 0.
    const cpus = maxCpus.trim() === '0' ? 0 : parseCpus(maxCpus);
    const memory = parseMemorySize(maxMemory);
    const found = {
      maxContainers: containers === null || containers > MAX_INT32 ? 'Enter a whole number, 0 or more.' : undefined,
      maxCpus: cpus === null ? 'Enter a number of cores, 0 or more, such as 4 or 2.5.' : undefined,
      maxMemoryBytes: memory === null ? 'Enter a size such as 16 GiB, 8G or a number of bytes.' : undefined,
    };
    setProblems(found);
    setNotice(null);
    if (!found.maxContainers && !found.maxCpus && !found.maxMemoryBytes)
      save.mutate({ maxContainers: containers, maxCpus: cpus, maxMemoryBytes: memory });
  }

  function applyDefaults() {
    setProblems({});
    setNotice(null);
    save.mutate({ maxContainers: null, maxCpus: null, maxMemoryBytes: null });
  }

  const serverError = save.isError && isApiError(save.error) ? save.error : null;

  return (
    <form className="stack" onSubmit={submit} noValidate aria-label={`Compute quota of ${user.username}`}>
      <p role="status" className={notice ? 'alert alert-success' : 'visually-hidden'}>
        {notice}
      </p>
      {save.isError && <ErrorAlert error={save.error} />}
      <Field
        label="Container limit"
        value={maxContainers}
        onChange={(e) => setMaxContainers(e.target.value)}
        inputMode="numeric"
        autoComplete="off"
        error={problems.maxContainers ?? serverError?.fieldError('maxContainers')}
      />
      <Field
        label="CPU limit (cores)"
        value={maxCpus}
        onChange={(e) => setMaxCpus(e.target.value)}
        inputMode="decimal"
        autoComplete="off"
        hint="What the containers' CPU limits may add up to, such as 4 or 2.5."
        error={problems.maxCpus ?? serverError?.fieldError('maxCpus')}
      />
      <Field
        label="Memory limit"
        value={maxMemory}
        onChange={(e) => setMaxMemory(e.target.value)}
        autoComplete="off"
        spellCheck={false}
        hint="What the containers' memory limits may add up to, such as 16 GiB, 8G or 500 MB."
        error={problems.maxMemoryBytes ?? serverError?.fieldError('maxMemoryBytes')}
      />
      <div className="actions">
        <button type="button" className="button" onClick={applyDefaults} disabled={save.isPending}>
          Use defaults
        </button>
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save quota'}
        </button>
      </div>
    </form>
  );
}

function UserContainers({ user }: { user: User }) {
  const list = useInfiniteQuery({
    queryKey: userKeys.adminUserContainers(user.id),
    queryFn: ({ pageParam, signal }) => containersApi.list({ owner: user.id, after: pageParam, limit: CONTAINERS_PAGE_SIZE }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: nextCursor,
  });

  let content;
  if (!list.data) {
    content = <QueryFallback query={list} loading="Loading containers…" />;
  } else if (allItems(list.data).length === 0) {
    content = <EmptyState title={`${user.username} has no containers.`}>They appear here when they create one.</EmptyState>;
  } else {
    content = (
      <>
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Containers of {user.username}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">CPU</th>
                <th scope="col">Memory</th>
              </tr>
            </thead>
            <tbody>
              {allItems(list.data).map((container) => (
                <tr key={container.id}>
                  <th scope="row">
                    <Link to={containerHref(container.id)}>{container.name}</Link>
                  </th>
                  <td>
                    <StatusBadge container={container} showReason={false} />
                  </td>
                  <td>{formatCpus(container.cpus)}</td>
                  <td>{formatBytes(container.memoryBytes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.fetchNextPage()} />}
        <LoadMore list={list} />
      </>
    );
  }

  return (
    <section className="stack" aria-label={`Containers of ${user.username}`}>
      <h3>Containers</h3>
      {content}
    </section>
  );
}
