import type { Route } from '../api/types';

/** "wiki.example.org/docs" ("wiki.example.org" for the whole host). */
export function routeName(route: Pick<Route, 'host' | 'pathPrefix'>): string {
  return route.pathPrefix === '/' ? route.host : `${route.host}${route.pathPrefix}`;
}
