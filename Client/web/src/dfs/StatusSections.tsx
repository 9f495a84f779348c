import { useQuery } from '@tanstack/react-query';
import { dfsApi } from '../api/dfs';
import type { DfsNode, DfsStatus } from '../api/types';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { formatAgo, formatBytes, formatRate, plural, usedPercent } from './format';
import { dfsKeys } from './queryKeys';
import { UsageBar } from './UsageBar';

export const STATUS_REFRESH_MS = 5_000;

/** GET /api/dfs/status, refreshed every 5 s while the page is open. */
export function useDfsStatus() {
  return useQuery({
    queryKey: dfsKeys.status,
    queryFn: ({ signal }) => dfsApi.status(signal),
    refetchInterval: STATUS_REFRESH_MS,
    staleTime: 0,
  });
}

export function StatusSections() {
  const status = useDfsStatus();
  if (!status.data) {
    return status.isError ? (
      <ErrorAlert error={status.error} onRetry={() => void status.refetch()} />
    ) : (
      <Loading label="Loading storage status…" />
    );
  }
  const data = status.data;
  return (
    <>
      {/* A failed refresh keeps the last answer on screen and says it is stale. */}
      {status.isError && <ErrorAlert error={status.error} onRetry={() => void status.refetch()} />}
      <p className="muted" aria-live="off">
        Updated {new Date(status.dataUpdatedAt).toLocaleTimeString()}; refreshes every {STATUS_REFRESH_MS / 1000} s.
      </p>
      <HealthAlerts status={data} />
      <div className="storage-grid">
        <ClusterCard status={data} />
        <RepairCard status={data} />
      </div>
      <NodesCard nodes={data.nodes} now={status.dataUpdatedAt} />
    </>
  );
}

function HealthAlerts({ status }: { status: DfsStatus }) {
  const down = status.nodes.filter((n) => !n.alive);
  const { repair } = status;
  const stuck = Math.max(0, repair.underReplicated - repair.repairable - repair.lost);
  const messages: string[] = [];
  for (const node of down) messages.push(`Node ${node.name} is down; its replicas cannot be read and are copied elsewhere.`);
  if (repair.lost > 0)
    messages.push(`${plural(repair.lost, 'chunk')} ${repair.lost === 1 ? 'has' : 'have'} no live replica: files using them cannot be read until a node holding them returns.`);
  if (stuck > 0)
    messages.push(`${plural(stuck, 'chunk')} below ${status.replicationFactor} replicas cannot be repaired: there is no free node or disk to copy to. Add nodes or disks.`);
  if (messages.length === 0) return null;
  return (
    <div role="alert" className={down.length > 0 || repair.lost > 0 ? 'alert alert-error stack' : 'alert alert-warning stack'}>
      {messages.map((message) => (
        <p key={message}>{message}</p>
      ))}
    </div>
  );
}

function ClusterCard({ status }: { status: DfsStatus }) {
  const alive = status.nodes.filter((n) => n.alive).length;
  return (
    <section className="card stack" aria-labelledby="dfs-cluster-title">
      <h2 id="dfs-cluster-title">Cluster</h2>
      <dl className="details">
        <dt>Nodes</dt>
        <dd>
          {alive} of {status.nodes.length} alive
        </dd>
        <dt>Space</dt>
        <dd className="usage">
          <UsageBar freeBytes={status.freeBytes} capacityBytes={status.capacityBytes} />
          <span>
            {formatBytes(status.freeBytes)} free of {formatBytes(status.capacityBytes)} (
            {Math.round(usedPercent(status.freeBytes, status.capacityBytes))}% used)
          </span>
        </dd>
        <dt>Replicas</dt>
        <dd>{status.replicas}</dd>
        <dt>Replication</dt>
        <dd>
          {status.replicationFactor} copies per chunk, chunks of {formatBytes(status.chunkSize)}
        </dd>
        <dt>Traffic now</dt>
        <dd>
          in {formatRate(status.rates.bytesInPerSecond)}, out {formatRate(status.rates.bytesOutPerSecond)}
        </dd>
        <dt>Since start</dt>
        <dd>
          received {formatBytes(status.totals.bytesIn)}, sent {formatBytes(status.totals.bytesOut)}
        </dd>
      </dl>
    </section>
  );
}

function RepairCard({ status }: { status: DfsStatus }) {
  const { repair, totals } = status;
  return (
    <section className="card stack" aria-labelledby="dfs-repair-title">
      <h2 id="dfs-repair-title">Repair and maintenance</h2>
      <dl className="details">
        <dt>Under-replicated</dt>
        <dd>
          {plural(repair.underReplicated, 'chunk')} ({repair.repairable} repairable, {repair.lost} lost)
        </dd>
        <dt>Repairs</dt>
        <dd>
          {repair.queued} queued, {repair.inProgress} in progress, {repair.completed} completed, {repair.failed} failed
        </dd>
        <dt>Repair copied</dt>
        <dd>{formatBytes(repair.bytesCopied)}</dd>
        <dt>GC reclaimed</dt>
        <dd>
          {formatBytes(totals.gcReclaimedBytes)} ({plural(totals.gcReclaimedReplicas, 'replica')})
        </dd>
        <dt>Scrubbed</dt>
        <dd>{formatBytes(totals.scrubbedBytes)}</dd>
        <dt>Corrupt replicas found</dt>
        <dd>{totals.corruptReplicasFound}</dd>
      </dl>
    </section>
  );
}

function NodesCard({ nodes, now }: { nodes: DfsNode[]; now: number }) {
  const sorted = [...nodes].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <section className="card stack" aria-labelledby="dfs-nodes-title">
      <h2 id="dfs-nodes-title">Nodes</h2>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Nodes</caption>
          <thead>
            <tr>
              <th scope="col">Node</th>
              <th scope="col">State</th>
              <th scope="col">Last seen</th>
              <th scope="col">In</th>
              <th scope="col">Out</th>
              <th scope="col">Disks</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((node) => (
              <tr key={node.name}>
                <th scope="row">{node.name}</th>
                <td>
                  <span className={node.alive ? 'state state-up' : 'state state-down'}>{node.alive ? 'Alive' : 'Down'}</span>
                </td>
                <td title={node.lastSeen}>{formatAgo(node.lastSeen, now)}</td>
                <td>{formatRate(node.rates.bytesInPerSecond)}</td>
                <td>{formatRate(node.rates.bytesOutPerSecond)}</td>
                <td>
                  <ul className="disk-list">
                    {node.disks.map((disk) => (
                      <li key={disk.id} className="usage">
                        <span className="mono">{disk.id}</span>
                        <UsageBar freeBytes={disk.freeBytes} capacityBytes={disk.capacityBytes} />
                        <span>
                          {formatBytes(disk.freeBytes)} free of {formatBytes(disk.capacityBytes)}, {plural(disk.replicas, 'replica')}
                        </span>
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
