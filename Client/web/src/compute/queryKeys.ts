export const computeKeys = {
  usage: ['compute', 'usage'] as const,
  containers: ['compute', 'containers'] as const,
  container: (id: string) => ['compute', 'container', id] as const,
};
