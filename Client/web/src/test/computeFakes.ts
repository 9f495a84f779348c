import { vi } from 'vitest';
import type { ComputeUsage, Container, ContainerStats, CreateContainerRequest, LogLine, SshKey } from '../api/types';
import { FakeEventSource } from './storageFakes';

export { FakeEventSource };

/** Replaces EventSource for one test (vitest's unstubGlobals restores it). */
export function installEventSourceFake() {
  FakeEventSource.instances = [];
  vi.stubGlobal('EventSource', FakeEventSource);
}

/** The stream opened on `url` (the latest, if there were several). */
export function streamTo(url: string): FakeEventSource | undefined {
  return FakeEventSource.instances.filter((s) => s.url === url).at(-1);
}

export const MiB = 2 ** 20;
export const GiB = 2 ** 30;

export function container(overrides: Partial<Container> = {}): Container {
  return {
    id: 'c-1',
    name: 'web',
    ownerId: 'u1',
    owner: 'alice',
    image: 'eddcloud/base:1',
    cpus: 0.5,
    memoryBytes: 512 * MiB,
    pidsLimit: 256,
    env: {},
    command: [],
    ports: [],
    restartPolicy: 'on-failure',
    volume: true,
    allowedKeys: [],
    desiredState: 'running',
    status: 'running',
    statusReason: null,
    node: 'n1',
    addresses: [],
    exitCode: null,
    restartCount: 0,
    createdAt: '2026-11-20T10:00:00Z',
    startedAt: '2026-11-20T10:00:05Z',
    updatedAt: '2026-11-20T10:00:05Z',
    ingress: [],
    ssh: null,
    ...overrides,
  };
}

/** A POST /api/containers body: every field the document requires, null for the server's default. */
export function createContainerRequest(overrides: Partial<CreateContainerRequest> = {}): CreateContainerRequest {
  return {
    name: 'web',
    image: null,
    cpus: null,
    memoryBytes: null,
    pidsLimit: null,
    env: null,
    command: null,
    ports: null,
    restartPolicy: null,
    allowedKeys: null,
    ingress: null,
    volume: null,
    ...overrides,
  };
}

export function computeUsage(overrides: Partial<ComputeUsage> = {}): ComputeUsage {
  return { containers: 1, maxContainers: 5, cpus: 0.5, maxCpus: 4, memoryBytes: 512 * MiB, maxMemoryBytes: 8 * GiB, ...overrides };
}

export function sshKey(id: string, name: string, overrides: Partial<SshKey> = {}): SshKey {
  return {
    id,
    name,
    type: 'ssh-ed25519',
    bits: 256,
    fingerprint: `SHA256:${id}fingerprint`,
    publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl',
    createdAt: '2026-11-01T10:00:00Z',
    ...overrides,
  };
}

export function logLine(text: string, stream: LogLine['stream'] = 'stdout', time = '2026-11-20T10:01:00Z'): LogLine {
  return { time, stream, text };
}

export function stats(overrides: Partial<ContainerStats> = {}): ContainerStats {
  return {
    time: '2026-11-20T10:01:00Z',
    cpuPercent: 25,
    memoryBytes: 128 * MiB,
    memoryLimitBytes: 512 * MiB,
    networkRxBytes: 2048,
    networkTxBytes: 3 * MiB,
    pids: 7,
    restartCount: 1,
    running: true,
    ...overrides,
  };
}
