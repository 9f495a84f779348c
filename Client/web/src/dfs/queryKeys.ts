export const dfsKeys = {
  status: ['admin', 'dfs', 'status'] as const,
};
