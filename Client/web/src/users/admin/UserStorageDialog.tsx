import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { isApiError } from '../../api/http';
import { namespacesApi, storageUsageApi } from '../../api/storage';
import type { StorageQuotaRequest, StorageUsage, User } from '../../api/types';
import { formatBytes, formatExactBytes, parseByteSize, plural } from '../../dfs/format';
import { UsageBar } from '../../dfs/UsageBar';
import { namespaceHref } from '../../storage/FilesPage';
import { allItems, nextCursor } from '../../storage/paging';
import { storageKeys } from '../../storage/queryKeys';
import { visibilityLabel } from '../../storage/rules';
import { Dialog } from '../../ui/Dialog';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Field } from '../../ui/Field';
import { Loading } from '../../ui/Loading';
import { userKeys } from '../queryKeys';
import { LoadMore, QueryFallback } from '../../ui/Paging';

const NAMESPACES_PAGE_SIZE = 50;
const MAX_INT32 = 2_147_483_647;

/** Admin › Users › Storage: a user's usage, their quota, and their namespaces. */
export function UserStorageDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const usage = useQuery({ queryKey: userKeys.adminUserStorage(user.id), queryFn: ({ signal }) => storageUsageApi.ofUser(user.id, signal) });

  return (
    <Dialog title={`Storage of ${user.username}`} onClose={onClose}>
      <div className="stack">
        {usage.isPending && <Loading label="Loading storage use…" />}
        {usage.isError && <ErrorAlert error={usage.error} onRetry={() => void usage.refetch()} />}
        {usage.data && (
          <>
            <UsageDetails usage={usage.data} />
            <QuotaForm user={user} usage={usage.data} />
          </>
        )}
        <UserNamespaces user={user} />
      </div>
    </Dialog>
  );
}

function UsageDetails({ usage }: { usage: StorageUsage }) {
  return (
    <dl className="details">
      <dt>Space</dt>
      <dd className="usage">
        <UsageBar freeBytes={Math.max(0, usage.maxBytes - usage.usedBytes)} capacityBytes={usage.maxBytes} />
        <span data-testid="user-storage-used">
          {formatBytes(usage.usedBytes)} used of {formatBytes(usage.maxBytes)}
          {usage.reservedBytes > 0 && `, ${formatBytes(usage.reservedBytes)} reserved by uploads in progress`}
        </span>
      </dd>
      <dt>Namespaces</dt>
      <dd data-testid="user-namespaces-used">
        {usage.namespaces} of {plural(usage.maxNamespaces, 'namespace')}
      </dd>
    </dl>
  );
}

function QuotaForm({ user, usage }: { user: User; usage: StorageUsage }) {
  const queryClient = useQueryClient();
  const [maxBytes, setMaxBytes] = useState(() => formatExactBytes(usage.maxBytes));
  const [maxNamespaces, setMaxNamespaces] = useState(() => String(usage.maxNamespaces));
  const [problems, setProblems] = useState<{ maxBytes?: string; maxNamespaces?: string }>({});
  const [notice, setNotice] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (body: StorageQuotaRequest) => storageUsageApi.setQuota(user.id, body),
    onSuccess: (updated, body) => {
      queryClient.setQueryData(userKeys.adminUserStorage(user.id), updated);
      void queryClient.invalidateQueries({ queryKey: storageKeys.usage });
      setMaxBytes(formatExactBytes(updated.maxBytes));
      setMaxNamespaces(String(updated.maxNamespaces));
      setNotice(body.maxBytes === null ? `${user.username} now has the default quota.` : `${user.username}'s quota was saved.`);
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const bytes = parseByteSize(maxBytes);
    const namespaces = /^\d+$/.test(maxNamespaces.trim()) ? Number(maxNamespaces.trim()) : null;
    const found = {
      maxBytes: bytes === null ? 'Enter a size such as 10 GiB, 500 MB or a number of bytes.' : undefined,
      maxNamespaces: namespaces === null || namespaces > MAX_INT32 ? 'Enter a whole number, 0 or more.' : undefined,
    };
    setProblems(found);
    setNotice(null);
    if (!found.maxBytes && !found.maxNamespaces) save.mutate({ maxBytes: bytes, maxNamespaces: namespaces });
  }

  function applyDefaults() {
    setProblems({});
    setNotice(null);
    save.mutate({ maxBytes: null, maxNamespaces: null });
  }

  const serverError = save.isError && isApiError(save.error) ? save.error : null;

  return (
    <form className="stack" onSubmit={submit} noValidate aria-label={`Quota of ${user.username}`}>
      <p role="status" className={notice ? 'alert alert-success' : 'visually-hidden'}>
        {notice}
      </p>
      {save.isError && <ErrorAlert error={save.error} />}
      <Field
        label="Quota (bytes)"
        value={maxBytes}
        onChange={(e) => setMaxBytes(e.target.value)}
        autoComplete="off"
        spellCheck={false}
        hint="For example 10 GiB, 500 MB or 1073741824."
        error={problems.maxBytes ?? serverError?.fieldError('maxBytes')}
      />
      <Field
        label="Namespace limit"
        value={maxNamespaces}
        onChange={(e) => setMaxNamespaces(e.target.value)}
        inputMode="numeric"
        autoComplete="off"
        error={problems.maxNamespaces ?? serverError?.fieldError('maxNamespaces')}
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

function UserNamespaces({ user }: { user: User }) {
  const list = useInfiniteQuery({
    queryKey: userKeys.adminUserNamespaces(user.id),
    queryFn: ({ pageParam, signal }) => namespacesApi.list({ owner: user.id, after: pageParam, limit: NAMESPACES_PAGE_SIZE }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: nextCursor,
  });

  let content;
  if (!list.data) {
    content = <QueryFallback query={list} loading="Loading namespaces…" />;
  } else if (allItems(list.data).length === 0) {
    content = <EmptyState title={`${user.username} has no namespaces.`}>They appear here when they create one.</EmptyState>;
  } else {
    content = (
      <>
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Namespaces of {user.username}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Visibility</th>
                <th scope="col">Size</th>
              </tr>
            </thead>
            <tbody>
              {allItems(list.data).map((namespace) => (
                <tr key={namespace.id}>
                  <th scope="row">
                    <Link to={namespaceHref(namespace.id)}>{namespace.name}</Link>
                  </th>
                  <td>{visibilityLabel(namespace.visibility)}</td>
                  <td>{formatBytes(namespace.usedBytes)}</td>
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
    <section className="stack" aria-label={`Namespaces of ${user.username}`}>
      <h3>Namespaces</h3>
      {content}
    </section>
  );
}
