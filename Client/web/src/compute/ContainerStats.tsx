import { useState } from 'react';
import { containerStatsStreamUrl } from '../api/compute';
import type { Container, ContainerStats as Stats } from '../api/types';
import { formatBytes } from '../dfs/format';
import { UsageBar } from '../dfs/UsageBar';
import { streamStateText, useEventStream } from './useEventStream';

/** Live resource use: EventSource on /stats/stream (`event: stats`, one every 2 s); the latest sample is shown. */
export function ContainerStats({ container }: { container: Container }) {
  const [stats, setStats] = useState<Stats | null>(null);
  const state = useEventStream<Stats>(containerStatsStreamUrl(container.id), {
    event: 'stats',
    onMessage: setStats,
    reconnectKey: container.startedAt,
  });

  // cpuPercent: 100 = one core, so the limit is cpus × 100.
  const cpuLimitPercent = container.cpus * 100;
  return (
    <section className="card stack" aria-labelledby="stats-title">
      <div className="section-head">
        <h2 id="stats-title">Resources</h2>
        <span className="muted">{streamStateText(state)}</span>
      </div>
      {stats === null ? (
        <p className="muted">Waiting for the first sample…</p>
      ) : (
        <dl className="details">
          <dt>CPU</dt>
          <dd className="usage">
            <UsageBar freeBytes={Math.max(0, cpuLimitPercent - stats.cpuPercent)} capacityBytes={cpuLimitPercent} />
            <span data-testid="stats-cpu">
              {stats.cpuPercent.toFixed(1)} % (limit {Math.round(cpuLimitPercent)} %: 100 % is one core)
            </span>
          </dd>
          <dt>Memory</dt>
          <dd className="usage">
            <UsageBar freeBytes={Math.max(0, stats.memoryLimitBytes - stats.memoryBytes)} capacityBytes={stats.memoryLimitBytes} />
            <span data-testid="stats-memory">
              {formatBytes(stats.memoryBytes)} of {formatBytes(stats.memoryLimitBytes)}
            </span>
          </dd>
          <dt>Network</dt>
          <dd data-testid="stats-network">
            {formatBytes(stats.networkRxBytes)} received, {formatBytes(stats.networkTxBytes)} sent
          </dd>
          <dt>Processes</dt>
          <dd data-testid="stats-pids">
            {stats.pids} of {container.pidsLimit}
          </dd>
          <dt>Restarts</dt>
          <dd data-testid="stats-restarts">{stats.restartCount}</dd>
          <dt>Main process</dt>
          <dd data-testid="stats-up">{stats.running ? 'Up' : 'Down'}</dd>
          <dt>Sampled</dt>
          <dd>
            <time dateTime={stats.time}>{new Date(stats.time).toLocaleTimeString()}</time>
          </dd>
        </dl>
      )}
    </section>
  );
}
