import type { InfiniteData } from '@tanstack/react-query';
import type { Page } from '../api/types';

export type PagedData<T> = InfiniteData<Page<T>, string | null>;

/** The `next` cursor of the last page becomes `after` for the next request; null means the end. */
export function nextCursor<T>(lastPage: Page<T>): string | undefined {
  return lastPage.next ?? undefined;
}

export function allItems<T>(data: { pages: Page<T>[] } | undefined): T[] {
  return data?.pages.flatMap((page) => page.items) ?? [];
}

export function replaceItem<T extends { id: string }>(data: PagedData<T> | undefined, item: T): PagedData<T> | undefined {
  if (!data) return data;
  return { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.map((i) => (i.id === item.id ? item : i)) })) };
}

export function removeItem<T extends { id: string }>(data: PagedData<T> | undefined, id: string): PagedData<T> | undefined {
  if (!data) return data;
  return { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.filter((i) => i.id !== id) })) };
}
