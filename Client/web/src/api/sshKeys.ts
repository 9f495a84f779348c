import { request } from './http';
import type { AddSshKeyRequest, RenameSshKeyRequest, SshGatewayInfo, SshKey, SshKeyList } from './types';

const seg = encodeURIComponent;

/** The signed-in user's SSH public keys (docs/api.md, /api/me/ssh-keys). Changing them needs a session. */
export const sshKeysApi = {
  list: (signal?: AbortSignal) => request<SshKeyList>('GET', '/api/me/ssh-keys', { signal }),
  add: (body: AddSshKeyRequest) => request<SshKey>('POST', '/api/me/ssh-keys', { body }),
  rename: (id: string, body: RenameSshKeyRequest) => request<SshKey>('PATCH', `/api/me/ssh-keys/${seg(id)}`, { body }),
  remove: (id: string) => request<void>('DELETE', `/api/me/ssh-keys/${seg(id)}`),
};

/** The SSH gateways' host keys: what ssh meets on first connecting through the gateway (empty while no edge runs). */
export const sshGatewayApi = {
  get: (signal?: AbortSignal) => request<SshGatewayInfo>('GET', '/api/ssh/gateway', { signal }),
};
