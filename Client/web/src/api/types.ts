// Types mirroring docs/api.md (REST contract v1).

export type Role = 'admin' | 'user';

export interface User {
  id: string;
  username: string;
  role: Role;
  createdAt: string;
}

export interface Session {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

export type Scope = 'account:read' | 'admin:read' | 'admin:write' | 'files:read' | 'files:write' | 'containers:read' | 'containers:write';

/** One of the signed-in user's SSH public keys (GET/POST /api/me/ssh-keys). */
export interface SshKey {
  id: string;
  name: string;
  /** "ssh-ed25519" | "ecdsa-sha2-nistp256" | "ecdsa-sha2-nistp384" | "ecdsa-sha2-nistp521" | "ssh-rsa" */
  type: string;
  bits: number;
  /** "SHA256:<base64 without padding>", as `ssh-keygen -lf` prints it. */
  fingerprint: string;
  /** "<type> <base64>"; the comment is dropped (it becomes the default name). */
  publicKey: string;
  createdAt: string;
}

export interface AddSshKeyRequest {
  /** Left out: the key's comment, else its type. */
  name?: string;
  publicKey: string;
}

export interface RenameSshKeyRequest {
  name: string;
}

export interface ApiToken {
  id: string;
  name: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
}

export interface Items<T> {
  items: T[];
}

export interface Page<T> extends Items<T> {
  next: string | null;
}

export interface LoginRequest {
  username: string;
  password: string;
}

export interface LoginResponse {
  user: User;
  expiresAt: string;
  csrfToken: string;
}

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

export interface CreateTokenRequest {
  name: string;
  scopes: Scope[];
  expiresInDays: number;
}

export interface CreateTokenResponse {
  token: string;
  info: ApiToken;
}

export interface CreateUserRequest {
  username: string;
  password: string;
  role: Role;
}

/** RFC 7807 problem details as the API sends them. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: Record<string, string[]>;
}

// Distributed file system (admin): /api/dfs/status and /api/dfs/fsck.

export interface DfsDisk {
  id: string;
  capacityBytes: number;
  freeBytes: number;
  replicas: number;
}

/** Bytes per second through the data plane, averaged by the server. */
export interface DfsRates {
  bytesInPerSecond: number;
  bytesOutPerSecond: number;
}

/** Counters since each node started. */
export interface DfsTotals {
  bytesIn: number;
  bytesOut: number;
  gcReclaimedBytes: number;
  gcReclaimedReplicas: number;
  scrubbedBytes: number;
  corruptReplicasFound: number;
  repairBytesCopied: number;
}

export interface DfsNode {
  name: string;
  alive: boolean;
  lastSeen: string;
  dataPlaneUrl: string;
  disks: DfsDisk[];
  rates: DfsRates;
  totals: DfsTotals;
}

/** Chunks below their replication factor as the nodes' last maintenance passes reported them. */
export interface DfsRepair {
  underReplicated: number;
  repairable: number;
  queued: number;
  inProgress: number;
  completed: number;
  failed: number;
  bytesCopied: number;
  lost: number;
}

export interface DfsStatus {
  chunkSize: number;
  replicationFactor: number;
  nodes: DfsNode[];
  capacityBytes: number;
  freeBytes: number;
  replicas: number;
  rates: DfsRates;
  totals: DfsTotals;
  repair: DfsRepair;
}

export type DfsSeverity = 'error' | 'warning' | 'info';

export interface DfsProblem {
  severity: DfsSeverity;
  kind: string;
  detail: string;
  path: string | null;
  chunkId: string | null;
  node: string | null;
  disk: string | null;
}

export interface DfsFsckReport {
  files: number;
  chunks: number;
  replicasVerified: number;
  bytesVerified: number;
  unreferencedReplicas: number;
  errors: number;
  warnings: number;
  problems: DfsProblem[];
  /** The server lists at most 1000 problems; true when there were more. */
  truncated: boolean;
  healthy: boolean;
}

// Storage: namespaces, files, uploads and share links (docs/api.md, "Storage: namespaces and files").

export type Visibility = 'private' | 'visible' | 'public';

export interface Namespace {
  id: string;
  name: string;
  ownerId: string;
  owner: string;
  visibility: Visibility;
  createdAt: string;
  usedBytes: number;
}

export interface CreateNamespaceRequest {
  name: string;
  visibility: Visibility;
}

export interface UpdateNamespaceRequest {
  name?: string;
  visibility?: Visibility;
}

export interface StoredFile {
  /** The path inside the namespace, '/'-separated, without a leading '/'. */
  path: string;
  size: number;
  sha256: string;
  contentType: string;
  version: number;
  createdAt: string;
  modifiedAt: string;
  uploaderId: string | null;
  uploader: string | null;
}

/** One page of a folder: its files, its sub-folders, and the cursor to the next page. */
export interface FileListing extends Page<StoredFile> {
  folders: string[];
}

export type UploadState = 'waiting' | 'running' | 'succeeded' | 'failed';

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

export interface Share {
  id: string;
  namespaceId: string;
  path: string;
  /** The link; only in the answer that created it (shown once), null when listed. */
  url: string | null;
  createdAt: string;
  expiresAt: string | null;
  createdBy: string;
}

export interface CreateShareRequest {
  path: string;
  expiresInHours?: number;
}

export interface ShareInfo {
  path: string;
  size: number;
  contentType: string;
  modifiedAt: string;
  expiresAt: string | null;
}

export interface StorageUsage {
  usedBytes: number;
  maxBytes: number;
  namespaces: number;
  maxNamespaces: number;
  /** Bytes held by uploads in progress, on top of usedBytes. */
  reservedBytes: number;
}

/** null = the server's default quota. */
export interface StorageQuotaRequest {
  maxBytes: number | null;
  maxNamespaces: number | null;
}

// Compute: containers, logs, stats, ingress and quotas (docs/api.md, "Compute: containers and ingress").

export type ContainerStatus = 'creating' | 'starting' | 'running' | 'stopping' | 'stopped' | 'exited' | 'failed' | 'lost' | 'deleting';

export type RestartPolicy = 'never' | 'on-failure' | 'always';

export interface IngressRuleSpec {
  name: string;
  port: number;
  /** Starts with '/'; left out for the whole host. */
  pathPrefix?: string;
}

/** POST /api/containers. Every field but the name may be left out for the server's default. */
export interface CreateContainerRequest {
  name: string;
  /** An image present on the node; default: the base image. */
  image?: string;
  /** Cores, such as 0.5. */
  cpus?: number;
  memoryBytes?: number;
  pidsLimit?: number;
  env?: Record<string, string>;
  /** argv, run without a shell: metacharacters are data. */
  command?: string[];
  /** Container TCP ports, published on the node's 127.0.0.1. */
  ports?: number[];
  restartPolicy?: RestartPolicy;
  /** Ids of the owner's SSH keys that may log in. */
  allowedKeys?: string[];
  ingress?: IngressRuleSpec[];
  /**
   * Default true: a persistent volume at /data. false: no volume, and the container moves to another node when its
   * node leaves the cluster.
   */
  volume?: boolean;
}

export interface UpdateContainerRequest {
  allowedKeys?: string[];
  restartPolicy?: RestartPolicy;
}

export interface StopContainerRequest {
  /** 1-300, default 10: SIGTERM, then SIGKILL after this long. */
  timeoutSeconds?: number;
}

export interface ContainerAddress {
  port: number;
  hostPort: number;
  host: string;
}

export interface IngressRule {
  name: string;
  port: number;
  pathPrefix: string | null;
  /** https://<name>.<apps domain><pathPrefix> */
  url: string;
  containerId: string;
}

export interface ContainerSsh {
  command: string;
  /** The container's own sshd keys ("type base64"), once known. */
  hostKeys: string[];
}

export interface Container {
  id: string;
  name: string;
  ownerId: string;
  owner: string;
  image: string;
  cpus: number;
  memoryBytes: number;
  pidsLimit: number;
  env: Record<string, string>;
  command: string[];
  ports: number[];
  restartPolicy: RestartPolicy;
  /** A persistent volume at /data (which keeps the container on its node); false: none, and it moves if its node leaves. */
  volume: boolean;
  allowedKeys: string[];
  desiredState: 'running' | 'stopped';
  status: ContainerStatus;
  /** Why: the engine's message, "exited with code 137", "node n2 is away", ... */
  statusReason: string | null;
  node: string | null;
  addresses: ContainerAddress[];
  exitCode: number | null;
  restartCount: number;
  createdAt: string;
  startedAt: string | null;
  updatedAt: string;
  ingress: IngressRule[];
  ssh: ContainerSsh | null;
}

export interface LogLine {
  time: string;
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface ContainerStats {
  time: string;
  /** 100 = one core. */
  cpuPercent: number;
  memoryBytes: number;
  memoryLimitBytes: number;
  networkRxBytes: number;
  networkTxBytes: number;
  pids: number;
  restartCount: number;
  running: boolean;
}

export interface ComputeUsage {
  containers: number;
  maxContainers: number;
  cpus: number;
  maxCpus: number;
  memoryBytes: number;
  maxMemoryBytes: number;
}

/** null = the server's default quota. */
export interface ComputeQuotaRequest {
  maxContainers: number | null;
  maxCpus: number | null;
  maxMemoryBytes: number | null;
}

// Static routes (admin): /api/admin/routes.

/** "api": made here, editable; "file": from the edge's routes.yaml, changed only in that file. */
export type RouteSource = 'api' | 'file';

export interface RouteSpec {
  host: string;
  /** "/" (the default) or "/a/b", matched on a segment boundary. */
  pathPrefix?: string;
  /** Remove the prefix before passing the request on. */
  stripPrefix?: boolean;
  /** An http:// or https:// URL, e.g. http://127.0.0.1:3000. */
  backend: string;
}

export interface Route {
  id: string;
  host: string;
  pathPrefix: string;
  stripPrefix: boolean;
  backend: string;
  source: RouteSource;
  updatedAt: string;
}

/** The whole route table (at most 500 routes, never paged); `version` grows with each change. */
export interface RouteTable extends Items<Route> {
  version: number;
}

/** POST /api/containers/{id}/terminal: open `path` as a WebSocket before `expiresAt`; it works once. */
export interface TerminalTicket {
  ticket: string;
  path: string;
  expiresAt: string;
}
