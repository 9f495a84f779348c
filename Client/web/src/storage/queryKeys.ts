export const storageKeys = {
  usage: ['storage', 'usage'] as const,
  namespaces: ['storage', 'namespaces'] as const,
  namespace: (id: string) => ['storage', 'namespace', id] as const,
  /** Every folder listing of one namespace (to refresh after an upload or a delete). */
  allFiles: (id: string) => ['storage', 'namespace', id, 'files'] as const,
  files: (id: string, folder: string) => ['storage', 'namespace', id, 'files', folder] as const,
  shares: (id: string) => ['storage', 'namespace', id, 'shares'] as const,
  publicNamespaces: ['public', 'namespaces'] as const,
  share: (token: string) => ['public', 'share', token] as const,
};
