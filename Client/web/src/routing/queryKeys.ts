export const routingKeys = {
  routes: ['admin', 'routes'] as const,
};
