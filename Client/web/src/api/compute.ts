import { request } from './http';
import type {
  ComputeQuotaRequest,
  ComputeUsage,
  Container,
  ContainerPage,
  ContainerStats,
  CreateContainerRequest,
  IngressList,
  IngressRule,
  IngressRuleSpec,
  Items,
  LogLine,
  StopContainerRequest,
  TerminalTicket,
  UpdateContainerRequest,
} from './types';

const seg = encodeURIComponent;

function withQuery(path: string, params: Record<string, string | number | boolean | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  }
  const qs = query.toString();
  return qs ? `${path}?${qs}` : path;
}

export interface ListContainersParams {
  /** A user id: an admin lists someone else's containers. */
  owner?: string;
  after?: string | null;
  limit?: number;
}

export function containerUrl(id: string): string {
  return `/api/containers/${seg(id)}`;
}

/** `text/event-stream` of `event: log` (a LogLine each): the last `tail` lines first, then new ones as they come. */
export function containerLogStreamUrl(id: string, tail = 200): string {
  return withQuery(`${containerUrl(id)}/logs`, { follow: true, tail });
}

/** `text/event-stream` of `event: stats` (a ContainerStats every 2 s). */
export function containerStatsStreamUrl(id: string): string {
  return `${containerUrl(id)}/stats/stream`;
}

/** The signed-in user's containers (docs/api.md, /api/containers); admins may act on anyone's. */
export const containersApi = {
  list: ({ owner, after, limit }: ListContainersParams = {}, signal?: AbortSignal) =>
    request<ContainerPage>('GET', withQuery('/api/containers', { owner, after, limit }), { signal }),
  create: (body: CreateContainerRequest) => request<Container>('POST', '/api/containers', { body }),
  get: (id: string, signal?: AbortSignal) => request<Container>('GET', containerUrl(id), { signal }),
  update: (id: string, body: UpdateContainerRequest) => request<Container>('PATCH', containerUrl(id), { body }),
  start: (id: string) => request<Container>('POST', `${containerUrl(id)}/start`),
  /** Without a timeout the server waits its default (10 s) between SIGTERM and SIGKILL. */
  stop: (id: string, body?: StopContainerRequest) => request<Container>('POST', `${containerUrl(id)}/stop`, { body }),
  restart: (id: string) => request<Container>('POST', `${containerUrl(id)}/restart`),
  remove: (id: string) => request<void>('DELETE', containerUrl(id)),
  logs: (id: string, tail?: number, signal?: AbortSignal) =>
    request<Items<LogLine>>('GET', withQuery(`${containerUrl(id)}/logs`, { tail }), { signal }),
  stats: (id: string, signal?: AbortSignal) => request<ContainerStats>('GET', `${containerUrl(id)}/stats`, { signal }),
  /** A single-use ticket (30 s) for the web terminal's WebSocket, served by the edge. Owners only. */
  openTerminal: (id: string) => request<TerminalTicket>('POST', `${containerUrl(id)}/terminal`),
};

export const ingressApi = {
  list: (containerId: string, signal?: AbortSignal) => request<IngressList>('GET', `${containerUrl(containerId)}/ingress`, { signal }),
  add: (containerId: string, body: IngressRuleSpec) => request<IngressRule>('POST', `${containerUrl(containerId)}/ingress`, { body }),
  remove: (containerId: string, name: string) => request<void>('DELETE', `${containerUrl(containerId)}/ingress/${seg(name)}`),
};

export const computeUsageApi = {
  mine: (signal?: AbortSignal) => request<ComputeUsage>('GET', '/api/me/compute', { signal }),
  ofUser: (userId: string, signal?: AbortSignal) => request<ComputeUsage>('GET', `/api/admin/users/${seg(userId)}/compute`, { signal }),
  setQuota: (userId: string, body: ComputeQuotaRequest) =>
    request<ComputeUsage>('PUT', `/api/admin/users/${seg(userId)}/compute`, { body }),
};
