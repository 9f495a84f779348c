export const userKeys = {
  me: ['me'] as const,
  mySessions: ['account', 'sessions'] as const,
  myTokens: ['account', 'tokens'] as const,
  mySshKeys: ['account', 'ssh-keys'] as const,
  adminUsers: ['admin', 'users'] as const,
  adminUserSessions: (userId: string) => ['admin', 'users', userId, 'sessions'] as const,
  adminUserStorage: (userId: string) => ['admin', 'users', userId, 'storage'] as const,
  adminUserNamespaces: (userId: string) => ['admin', 'users', userId, 'namespaces'] as const,
  adminUserCompute: (userId: string) => ['admin', 'users', userId, 'compute'] as const,
  adminUserContainers: (userId: string) => ['admin', 'users', userId, 'containers'] as const,
};
