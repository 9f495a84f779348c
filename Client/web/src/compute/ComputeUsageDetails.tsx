import type { ComputeUsage } from '../api/types';
import { formatBytes, plural } from '../dfs/format';
import { UsageBar } from '../dfs/UsageBar';

export function formatCpus(cpus: number): string {
  const rounded = Math.round(cpus * 100) / 100;
  return `${rounded} ${rounded === 1 ? 'core' : 'cores'}`;
}

/** Containers, CPU cores and memory counted against the quota (running or not). `testIdPrefix` keeps test ids unique. */
export function ComputeUsageDetails({ usage, testIdPrefix = 'compute' }: { usage: ComputeUsage; testIdPrefix?: string }) {
  return (
    <dl className="details">
      <dt>Containers</dt>
      <dd className="usage">
        <UsageBar freeBytes={Math.max(0, usage.maxContainers - usage.containers)} capacityBytes={usage.maxContainers} />
        <span data-testid={`${testIdPrefix}-containers-used`}>
          {usage.containers} of {plural(usage.maxContainers, 'container')}
        </span>
      </dd>
      <dt>CPU</dt>
      <dd className="usage">
        <UsageBar freeBytes={Math.max(0, usage.maxCpus - usage.cpus)} capacityBytes={usage.maxCpus} />
        <span data-testid={`${testIdPrefix}-cpus-used`}>
          {formatCpus(usage.cpus)} of {formatCpus(usage.maxCpus)}
        </span>
      </dd>
      <dt>Memory</dt>
      <dd className="usage">
        <UsageBar freeBytes={Math.max(0, usage.maxMemoryBytes - usage.memoryBytes)} capacityBytes={usage.maxMemoryBytes} />
        <span data-testid={`${testIdPrefix}-memory-used`}>
          {formatBytes(usage.memoryBytes)} of {formatBytes(usage.maxMemoryBytes)}
        </span>
      </dd>
    </dl>
  );
}
