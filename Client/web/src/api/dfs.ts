import { request } from './http';
import type { DfsFsckReport, DfsStatus } from './types';

export const dfsApi = {
  status: (signal?: AbortSignal) => request<DfsStatus>('GET', '/api/dfs/status', { signal }),
  /** verify=true reads every live replica in full: as slow as reading all stored data once. */
  fsck: (verify: boolean, signal?: AbortSignal) =>
    request<DfsFsckReport>('POST', `/api/dfs/fsck?verify=${verify ? 'true' : 'false'}`, { signal }),
};
