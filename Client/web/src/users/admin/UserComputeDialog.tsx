import type { ComputeQuotaRequest, ComputeUsage, Container, User } from '../../api/types';
import { computeUsageApi, containersApi } from '../../api/compute';
import { ComputeUsageDetails, formatCpus } from '../../compute/ComputeUsageDetails';
import { containerHref } from '../../compute/paths';
import { computeKeys } from '../../compute/queryKeys';
import { parseCpus, parseMemorySize } from '../../compute/rules';
import { StatusBadge } from '../../compute/StatusBadge';
import { formatBytes, formatExactBytes } from '../../dfs/format';
import { userKeys } from '../queryKeys';
import { UserItemList } from './UserItemList';
import { parseQuotaCount, UserQuotaDialog, type QuotaConfig } from './UserQuotaDialog';

const computeQuota: QuotaConfig<ComputeUsage, keyof ComputeQuotaRequest> = {
  noun: 'compute quota',
  ofUser: computeUsageApi.ofUser,
  setQuota: computeUsageApi.setQuota,
  ownUsageKey: computeKeys.usage,
  fields: [
    {
      name: 'maxContainers',
      label: 'Container limit',
      show: (usage) => String(usage.maxContainers),
      parse: parseQuotaCount,
      problem: 'Enter a whole number, 0 or more.',
      inputMode: 'numeric',
    },
    {
      name: 'maxCpus',
      label: 'CPU limit (cores)',
      show: (usage) => String(usage.maxCpus),
      // 0 cores is a valid quota (no containers may be created); parseCpus wants more than 0.
      parse: (text) => (text.trim() === '0' ? 0 : parseCpus(text)),
      problem: 'Enter a number of cores, 0 or more, such as 4 or 2.5.',
      inputMode: 'decimal',
      hint: "What the containers' CPU limits may add up to, such as 4 or 2.5.",
    },
    {
      name: 'maxMemoryBytes',
      label: 'Memory limit',
      show: (usage) => formatExactBytes(usage.maxMemoryBytes),
      parse: parseMemorySize,
      problem: 'Enter a size such as 16 GiB, 8G or a number of bytes.',
      spellCheck: false,
      hint: "What the containers' memory limits may add up to, such as 16 GiB, 8G or 500 MB.",
    },
  ],
};

const CONTAINER_COLUMNS = ['Status', 'CPU', 'Memory'];

/** Admin › Users › Compute: a user's containers, the cores and memory their limits add up to, and their quota. */
export function UserComputeDialog({ user, onClose }: { user: User; onClose: () => void }) {
  return (
    <UserQuotaDialog
      user={user}
      onClose={onClose}
      title={`Compute of ${user.username}`}
      loading="Loading compute use…"
      usageKey={userKeys.adminUserCompute(user.id)}
      quota={computeQuota}
      details={(usage) => <ComputeUsageDetails usage={usage} testIdPrefix="user-compute" />}
    >
      <UserItemList<Container>
        user={user}
        title="Containers"
        queryKey={userKeys.adminUserContainers(user.id)}
        list={containersApi.list}
        href={(container) => containerHref(container.id)}
        columns={CONTAINER_COLUMNS}
        cells={(container) => (
          <>
            <td>
              <StatusBadge container={container} showReason={false} />
            </td>
            <td>{formatCpus(container.cpus)}</td>
            <td>{formatBytes(container.memoryBytes)}</td>
          </>
        )}
      />
    </UserQuotaDialog>
  );
}
