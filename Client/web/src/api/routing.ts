import { request } from './http';
import type { Route, RouteSpec, RouteTable } from './types';

const seg = encodeURIComponent;

export function routeUrl(id: string): string {
  return `/api/admin/routes/${seg(id)}`;
}

/** The cloud's static HTTP routes (docs/api.md, "Routing"); admins only. */
export const routesApi = {
  list: (signal?: AbortSignal) => request<RouteTable>('GET', '/api/admin/routes', { signal }),
  add: (body: RouteSpec) => request<Route>('POST', '/api/admin/routes', { body }),
  update: (id: string, body: RouteSpec) => request<Route>('PUT', routeUrl(id), { body }),
  remove: (id: string) => request<void>('DELETE', routeUrl(id)),
};
