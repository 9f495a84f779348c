// The dashboard's wire types. Request and response bodies are the silo's own OpenAPI document (docs/openapi.json),
// generated into openapi.gen.ts by `npm run gen:api`; never edit that file. Only what the document does not
// describe is written here by hand, each marked as such.
import type { components } from './openapi.gen';

type Schemas = components['schemas'];

// Users, sessions, tokens and SSH keys.

/** Client-side: the document types roles as plain strings; these are the two the server knows. */
export type Role = 'admin' | 'user';

export type User = Schemas['UserResponse'];
export type UserPage = Schemas['PageResponseOfUserResponse'];
export type Session = Schemas['SessionResponse'];
export type SessionList = Schemas['ItemsResponseOfSessionResponse'];

/** Client-side: the document types scopes as plain strings. */
export type Scope = 'account:read' | 'admin:read' | 'admin:write' | 'files:read' | 'files:write' | 'containers:read' | 'containers:write';

/** One of the signed-in user's SSH public keys; `fingerprint` is "SHA256:<base64>", `publicKey` "<type> <base64>". */
export type SshKey = Schemas['SshKeyInfo'];
export type SshKeyList = Schemas['SshKeyList'];
/** `name: null` takes the key's comment, else its type. */
export type AddSshKeyRequest = Schemas['AddSshKeyRequest'];
export type RenameSshKeyRequest = Schemas['RenameSshKeyRequest'];
export type SshGatewayInfo = Schemas['SshGatewayInfo'];

export type ApiToken = Schemas['ApiTokenResponse'];
export type ApiTokenList = Schemas['ItemsResponseOfApiTokenResponse'];

/** Client-side: the shape every `{ items }` list in the document shares, for generic helpers. */
export interface Items<T> {
  items: T[];
}

/** Client-side: the shape every paged list in the document shares (`next` is the cursor), for generic helpers. */
export interface Page<T> extends Items<T> {
  next: string | null;
}

export type LoginRequest = Schemas['LoginRequest'];
export type LoginResponse = Schemas['CookieLoginResponse'];
export type ChangePasswordRequest = Schemas['ChangePasswordRequest'];
export type CreateTokenRequest = Schemas['CreateApiTokenRequest'];
export type CreateTokenResponse = Schemas['CreatedApiTokenResponse'];
export type CreateUserRequest = Schemas['CreateUserRequest'];
export type SetRoleRequest = Schemas['SetRoleRequest'];
export type ResetPasswordRequest = Schemas['ResetPasswordRequest'];

/** Not in the document (it describes no error answers): RFC 7807 problem details as the API sends them. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: Record<string, string[]>;
}

// Distributed file system (admin): /api/dfs/status and /api/dfs/fsck.

export type DfsDisk = Schemas['DfsDiskResponse'];
/** Bytes per second through the data plane, averaged by the server. */
export type DfsRates = Schemas['DfsNodeRates'];
/** Counters since each node started. */
export type DfsTotals = Schemas['DfsNodeTotals'];
export type DfsNode = Schemas['DfsNodeResponse'];
/** Chunks below their replication factor as the nodes' last maintenance passes reported them. */
export type DfsRepair = Schemas['DfsRepairResponse'];
export type DfsStatus = Schemas['DfsStatusResponse'];

/** Client-side: the document types a problem's severity as a plain string; these are the ones fsck reports. */
export type DfsSeverity = 'error' | 'warning' | 'info';

export type DfsProblem = Schemas['DfsProblem'];
/** The server lists at most 1000 problems; `truncated` is true when there were more. */
export type DfsFsckReport = Schemas['DfsFsckReport'];

// Storage: namespaces, files, uploads and share links.

export type Visibility = Schemas['Visibility'];
export type Namespace = Schemas['NamespaceResponse'];
export type NamespacePage = Schemas['NamespacePage'];
export type CreateNamespaceRequest = Schemas['CreateNamespaceRequest'];
/** PATCH: a null field stays as it is. */
export type UpdateNamespaceRequest = Schemas['UpdateNamespaceRequest'];

/** `path` is inside the namespace, '/'-separated, without a leading '/'. */
export type StoredFile = Schemas['StoredFileResponse'];
export type StoredFileList = Schemas['StoredFilesResponse'];
/** One page of a folder: its files, its sub-folders, and the cursor to the next page. */
export type FileListing = Schemas['FilePage'];

/** Not in the document (it does not describe the progress stream): an upload's state. */
export type UploadState = 'waiting' | 'running' | 'succeeded' | 'failed';

/** Not in the document: one event of GET /api/uploads/{uploadId}/progress (server-sent events or WebSocket). */
export interface UploadProgress {
  uploadId: string;
  state: UploadState;
  path: string | null;
  receivedBytes: number;
  committedBytes: number;
  totalBytes: number | null;
  /** The paths stored so far (one for a PUT; each part's for a multipart POST). */
  files: string[];
  error: ProblemDetails | null;
}

/** `url` is only in the answer that created the link (shown once); null when listed. */
export type Share = Schemas['ShareResponse'];
export type ShareList = Schemas['ShareList'];
export type CreateShareRequest = Schemas['CreateShareRequest'];
export type ShareInfo = Schemas['SharedFileInfo'];
/** `reservedBytes`: held by uploads in progress, on top of `usedBytes`. */
export type StorageUsage = Schemas['StorageUsageResponse'];
/** null = the server's default quota. */
export type StorageQuotaRequest = Schemas['SetStorageQuotaRequest'];

// Compute: containers, logs, stats, ingress and quotas.

export type ContainerStatus = Schemas['ContainerStatus'];
export type RestartPolicy = Schemas['RestartPolicy'];
export type DesiredState = Schemas['DesiredState'];

/** `pathPrefix` starts with '/'; null for the whole host. */
export type IngressRuleSpec = Schemas['IngressRequestBody'];
/** POST /api/containers: every field but the name may be null for the server's default. */
export type CreateContainerRequest = Schemas['CreateContainerRequest'];
/** PATCH: a null field stays as it is. */
export type UpdateContainerRequest = Schemas['UpdateContainerRequest'];

/** Not in the document (it lists no body for POST /api/containers/{id}/stop). */
export interface StopContainerRequest {
  /** 1-300, default 10: SIGTERM, then SIGKILL after this long. */
  timeoutSeconds?: number;
}

export type ContainerAddress = Schemas['ContainerAddress'];
/** `url` is https://<name>.<apps domain><pathPrefix>. */
export type IngressRule = Schemas['IngressRuleResponse'];
export type IngressList = Schemas['IngressList'];
/** `hostKeys`: the container's own sshd keys ("type base64"), once known. */
export type ContainerSsh = Schemas['SshAccess'];
export type Container = Schemas['ContainerResponse'];
export type ContainerPage = Schemas['ContainerPage'];

/** Not in the document (it lists no body for GET /api/containers/{id}/logs): one line of a container's output. */
export interface LogLine {
  time: string;
  stream: 'stdout' | 'stderr';
  text: string;
}

/** `cpuPercent`: 100 = one core. */
export type ContainerStats = Schemas['ContainerStats'];
export type ComputeUsage = Schemas['ComputeUsage'];
/** null = the server's default quota. */
export type ComputeQuotaRequest = Schemas['ComputeQuotaRequest'];

// Static routes (admin): /api/admin/routes.

/** "api": made here, editable; "file": from the edge's routes.yaml, changed only in that file. */
export type RouteSource = Schemas['RouteSource'];
/** `pathPrefix` null means "/"; `backend` is an http:// or https:// URL. */
export type RouteSpec = Schemas['RouteRequest'];
export type Route = Schemas['RouteResponse'];
/** The whole route table (at most 500 routes, never paged); `version` grows with each change. */
export type RouteTable = Schemas['RouteList'];

/** POST /api/containers/{id}/terminal: open `path` as a WebSocket before `expiresAt`; it works once. */
export type TerminalTicket = Schemas['TerminalTicketResponse'];
