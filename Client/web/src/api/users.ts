import { request } from './http';
import type {
  ApiTokenList,
  ChangePasswordRequest,
  CreateTokenRequest,
  CreateTokenResponse,
  CreateUserRequest,
  LoginRequest,
  LoginResponse,
  ResetPasswordRequest,
  Role,
  SessionList,
  SetRoleRequest,
  User,
  UserPage,
} from './types';

const seg = encodeURIComponent;

export const authApi = {
  login: (body: LoginRequest) =>
    request<LoginResponse>('POST', '/api/auth/login', { body, notifyUnauthorized: false }),
  logout: () => request<void>('POST', '/api/auth/logout', { notifyUnauthorized: false }),
};

export const meApi = {
  get: (signal?: AbortSignal) => request<User>('GET', '/api/me', { signal, notifyUnauthorized: false }),
  changePassword: (body: ChangePasswordRequest) => request<void>('POST', '/api/me/password', { body }),
  sessions: (signal?: AbortSignal) => request<SessionList>('GET', '/api/me/sessions', { signal }),
  revokeSession: (id: string) => request<void>('DELETE', `/api/me/sessions/${seg(id)}`),
  tokens: (signal?: AbortSignal) => request<ApiTokenList>('GET', '/api/me/tokens', { signal }),
  createToken: (body: CreateTokenRequest) => request<CreateTokenResponse>('POST', '/api/me/tokens', { body }),
  deleteToken: (id: string) => request<void>('DELETE', `/api/me/tokens/${seg(id)}`),
};

export interface ListUsersParams {
  after?: string | null;
  limit?: number;
}

export const adminUsersApi = {
  list: ({ after, limit }: ListUsersParams = {}, signal?: AbortSignal) => {
    const query = new URLSearchParams();
    if (after) query.set('after', after);
    if (limit !== undefined) query.set('limit', String(limit));
    const qs = query.toString();
    return request<UserPage>('GET', `/api/admin/users${qs ? `?${qs}` : ''}`, { signal });
  },
  create: (body: CreateUserRequest) => request<User>('POST', '/api/admin/users', { body }),
  remove: (id: string) => request<void>('DELETE', `/api/admin/users/${seg(id)}`),
  setRole: (id: string, role: Role) => request<User>('PUT', `/api/admin/users/${seg(id)}/role`, { body: { role } satisfies SetRoleRequest }),
  resetPassword: (id: string, newPassword: string) =>
    request<void>('POST', `/api/admin/users/${seg(id)}/password`, { body: { newPassword } satisfies ResetPasswordRequest }),
  sessions: (id: string, signal?: AbortSignal) =>
    request<SessionList>('GET', `/api/admin/users/${seg(id)}/sessions`, { signal }),
  revokeSession: (id: string, sessionId: string) =>
    request<void>('DELETE', `/api/admin/users/${seg(id)}/sessions/${seg(sessionId)}`),
};
