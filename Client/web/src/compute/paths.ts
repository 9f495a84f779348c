export const CONTAINERS_PATH = '/containers';
export const NEW_CONTAINER_PATH = '/containers/new';

export function containerHref(id: string): string {
  return `/containers/${encodeURIComponent(id)}`;
}

/** What a page may pass to the containers list when it navigates there (such as "web was deleted."). */
export interface ContainersLocationState {
  notice?: string;
}
