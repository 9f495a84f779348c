import { namespacesApi, storageUsageApi } from '../../api/storage';
import type { Namespace, StorageQuotaRequest, StorageUsage, User } from '../../api/types';
import { formatBytes, formatExactBytes, parseByteSize, plural } from '../../dfs/format';
import { UsageBar } from '../../dfs/UsageBar';
import { namespaceHref } from '../../storage/FilesPage';
import { storageKeys } from '../../storage/queryKeys';
import { visibilityLabel } from '../../storage/rules';
import { userKeys } from '../queryKeys';
import { UserItemList } from './UserItemList';
import { parseQuotaCount, UserQuotaDialog, type QuotaConfig } from './UserQuotaDialog';

const storageQuota: QuotaConfig<StorageUsage, keyof StorageQuotaRequest> = {
  noun: 'quota',
  ofUser: storageUsageApi.ofUser,
  setQuota: storageUsageApi.setQuota,
  ownUsageKey: storageKeys.usage,
  fields: [
    {
      name: 'maxBytes',
      label: 'Quota (bytes)',
      show: (usage) => formatExactBytes(usage.maxBytes),
      parse: parseByteSize,
      problem: 'Enter a size such as 10 GiB, 500 MB or a number of bytes.',
      spellCheck: false,
      hint: 'For example 10 GiB, 500 MB or 1073741824.',
    },
    {
      name: 'maxNamespaces',
      label: 'Namespace limit',
      show: (usage) => String(usage.maxNamespaces),
      parse: parseQuotaCount,
      problem: 'Enter a whole number, 0 or more.',
      inputMode: 'numeric',
    },
  ],
};

const NAMESPACE_COLUMNS = ['Visibility', 'Size'];

/** Admin › Users › Storage: a user's usage, their quota, and their namespaces. */
export function UserStorageDialog({ user, onClose }: { user: User; onClose: () => void }) {
  return (
    <UserQuotaDialog
      user={user}
      onClose={onClose}
      title={`Storage of ${user.username}`}
      loading="Loading storage use…"
      usageKey={userKeys.adminUserStorage(user.id)}
      quota={storageQuota}
      details={(usage) => <UsageDetails usage={usage} />}
    >
      <UserItemList<Namespace>
        user={user}
        title="Namespaces"
        queryKey={userKeys.adminUserNamespaces(user.id)}
        list={namespacesApi.list}
        href={(namespace) => namespaceHref(namespace.id)}
        columns={NAMESPACE_COLUMNS}
        cells={(namespace) => (
          <>
            <td>{visibilityLabel(namespace.visibility)}</td>
            <td>{formatBytes(namespace.usedBytes)}</td>
          </>
        )}
      />
    </UserQuotaDialog>
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
