import type { ContainerStatus, RestartPolicy } from '../api/types';
import { parseByteSize } from '../dfs/format';

// Mirrors the server's rules (docs/api.md, "Compute") so forms can say what is wrong before sending.

export const DNS_LABEL_HINT = '1-63 characters: lowercase letters, digits and “-”, not starting or ending with “-”.';

/** A container or ingress name: a DNS label. */
export function dnsLabelProblem(name: string, what = 'the container'): string | null {
  if (name.length === 0) return `Enter a name for ${what}.`;
  if (name.length > 63) return 'The name is too long: at most 63 characters.';
  if (!/^[a-z0-9-]+$/.test(name)) return 'Use only lowercase letters, digits and “-”.';
  if (name.startsWith('-') || name.endsWith('-')) return 'The name cannot start or end with “-”.';
  return null;
}

export const RESERVED_INGRESS_NAMES = ['www', 'api', 'admin', 'dashboard', 'edge', 'ssh', 'mail', 'ns', 'localhost', 'eddcloud'];

export function ingressNameProblem(name: string): string | null {
  const found = dnsLabelProblem(name, 'the rule');
  if (found) return found;
  if (RESERVED_INGRESS_NAMES.includes(name)) return `“${name}” is reserved; choose another name.`;
  return null;
}

export function pathPrefixProblem(prefix: string): string | null {
  if (prefix === '') return null;
  if (!prefix.startsWith('/')) return 'A path prefix starts with “/”, such as /app.';
  if (/\s/.test(prefix)) return 'A path prefix cannot contain spaces.';
  return null;
}

export function envNameProblem(name: string): string | null {
  if (name.length === 0) return 'Enter the variable’s name.';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return 'Use letters, digits and “_”, not starting with a digit.';
  return null;
}

/** A whole TCP port, 1-65535, or null. */
export function parsePort(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,5}$/.test(trimmed)) return null;
  const port = Number(trimmed);
  return port >= 1 && port <= 65535 ? port : null;
}

export const PORT_PROBLEM = 'Enter a port from 1 to 65535.';

export const MIN_MEMORY_BYTES = 6 * 2 ** 20;
export const MIN_PIDS = 16;

const SHORT_UNITS: Record<string, number> = { k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 };

/** "512M", "1.5G" (binary, as container engines read them), "512 MiB", "500 MB" or bytes → whole bytes; null for anything else. */
export function parseMemorySize(text: string): number | null {
  const match = text.trim().match(/^(\d+(?:\.\d+)?|\.\d+)\s*([kmgt])$/i);
  if (match) {
    const bytes = Math.round(Number(match[1]) * SHORT_UNITS[match[2]!.toLowerCase()]!);
    return Number.isSafeInteger(bytes) ? bytes : null;
  }
  return parseByteSize(text);
}

/** Cores, such as 0.5; null unless a number above 0. */
export function parseCpus(text: string): number | null {
  const trimmed = text.trim();
  if (!/^(\d+(\.\d+)?|\.\d+)$/.test(trimmed)) return null;
  const cpus = Number(trimmed);
  return cpus > 0 ? cpus : null;
}

export function parseWholeNumber(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isSafeInteger(value) ? value : null;
}

export const RESTART_POLICIES: { value: RestartPolicy; label: string; description: string }[] = [
  { value: 'on-failure', label: 'On failure', description: 'Restarted when it exits with a non-zero code; a clean exit (code 0) leaves it stopped. The default.' },
  { value: 'always', label: 'Always', description: 'Restarted after any exit, also a clean one: for servers that should never stay down.' },
  { value: 'never', label: 'Never', description: 'Never restarted by itself: when it exits, it stays exited until you start it.' },
];

export function restartPolicyLabel(policy: RestartPolicy): string {
  return RESTART_POLICIES.find((p) => p.value === policy)?.label ?? policy;
}

export function restartPolicyDescription(policy: RestartPolicy): string {
  return RESTART_POLICIES.find((p) => p.value === policy)?.description ?? '';
}

/** Statuses the container moves on from by itself: pages poll faster while one is shown. */
export const TRANSITIONAL_STATUSES: ReadonlySet<ContainerStatus> = new Set(['creating', 'starting', 'stopping', 'deleting']);

export function isTransitional(status: ContainerStatus): boolean {
  return TRANSITIONAL_STATUSES.has(status);
}

/** How often to refresh: every 2 s while something is on its way to another status, else every 15 s. */
export const FAST_REFRESH_MS = 2_000;
export const SLOW_REFRESH_MS = 15_000;

export function refreshInterval(statuses: ContainerStatus[]): number {
  return statuses.some(isTransitional) ? FAST_REFRESH_MS : SLOW_REFRESH_MS;
}

export interface ContainerActions {
  start: boolean;
  stop: boolean;
  restart: boolean;
}

/** Which of start, stop and restart make sense in a container's present state. */
export function availableActions(container: { status: ContainerStatus; desiredState: 'running' | 'stopped' }): ContainerActions {
  const { status, desiredState } = container;
  if (status === 'deleting') return { start: false, stop: false, restart: false };
  const down = status === 'stopped' || status === 'exited' || status === 'failed';
  return {
    start: desiredState === 'stopped' || down,
    stop: desiredState === 'running' && status !== 'stopped',
    restart: status === 'running' || status === 'exited' || status === 'failed',
  };
}

/** A status's badge colour. */
export function statusTone(status: ContainerStatus): 'ok' | 'busy' | 'idle' | 'bad' {
  switch (status) {
    case 'running':
      return 'ok';
    case 'creating':
    case 'starting':
    case 'stopping':
    case 'deleting':
      return 'busy';
    case 'stopped':
    case 'exited':
      return 'idle';
    default:
      return 'bad';
  }
}
